// Column-level discovery: hints, shares, thresholds, proposals, masked
// examples, the dataset scan and its JSON form.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "yungu/identifiers/identifiers.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

namespace ids = yungu::identifiers;

constexpr CivilDate kToday{2024, 6, 1};

ScanOptions Options() {
  ScanOptions options;
  options.today = kToday;
  return options;
}

const Detector& SharedOrDie() {
  auto detector = SharedDetector();
  EXPECT_TRUE(detector.ok()) << detector.status().ToString();
  return **detector;
}

FieldFinding Scan(std::string name, std::string title, const std::vector<Value>& values,
                  const ScanOptions& options = Options()) {
  FieldScanner scanner(SharedOrDie(), std::move(name), std::move(title), options);
  for (const Value& v : values) EXPECT_TRUE(scanner.Add(v).ok());
  return scanner.Finish();
}

const KindStats* StatsOf(const FieldFinding& finding, PiiKind kind) {
  for (const KindStats& stats : finding.kinds) {
    if (stats.kind == kind) return &stats;
  }
  return nullptr;
}

std::vector<Value> Texts(const std::vector<std::string>& texts) {
  return std::vector<Value>(texts.begin(), texts.end());
}

// n values: `hits` from `make_hit`, the rest ordinary words.
std::vector<Value> Mixed(int n, int hits, const std::function<std::string()>& make_hit) {
  static const std::vector<std::string> kFiller = {"已办结", "正常", "待审核", "无", "合格"};
  std::vector<Value> values;
  for (int i = 0; i < n; ++i) {
    values.emplace_back(i < hits ? make_hit() : kFiller[i % kFiller.size()]);
  }
  return values;
}

// --- hints ------------------------------------------------------------------

TEST(HintedKindsTest, ChineseWordsEnglishTokensAndPinyinInitials) {
  EXPECT_TRUE(HintedKinds("sfzh", "").Has(PiiKind::kCitizenId));
  EXPECT_TRUE(HintedKinds("zjhm", "证件号码").Has(PiiKind::kCitizenId));
  EXPECT_TRUE(HintedKinds("userIDCard", "").Has(PiiKind::kCitizenId));
  EXPECT_TRUE(HintedKinds("lxdh", "联系电话").Has(PiiKind::kMobile));
  EXPECT_TRUE(HintedKinds("contact_phone", "").Has(PiiKind::kMobile));
  EXPECT_TRUE(HintedKinds("name", "").Has(PiiKind::kPersonName));
  EXPECT_TRUE(HintedKinds("xm", "姓名").Has(PiiKind::kPersonName));
  EXPECT_TRUE(HintedKinds("c7", "法定代表人").Has(PiiKind::kPersonName));
  EXPECT_TRUE(HintedKinds("home_address", "家庭住址").Has(PiiKind::kAddress));
  EXPECT_TRUE(HintedKinds("hphm", "号牌号码").Has(PiiKind::kLicencePlate));
  EXPECT_TRUE(HintedKinds("client_ip", "").Has(PiiKind::kIpAddress));
  EXPECT_TRUE(HintedKinds("csrq", "出生日期").Has(PiiKind::kBirthDate));
  EXPECT_TRUE(HintedKinds("dob", "").Has(PiiKind::kBirthDate));
  const KindSet uscc = HintedKinds("tyshxydm", "统一社会信用代码");
  EXPECT_TRUE(uscc.Has(PiiKind::kUscc) && uscc.Has(PiiKind::kUsccIndividual));
}

TEST(HintedKindsTest, WordsInsideOtherWordsDoNotHint) {
  EXPECT_TRUE(HintedKinds("dept_name", "部门名称").empty());
  EXPECT_TRUE(HintedKinds("zip_code", "邮编").empty());
  EXPECT_TRUE(HintedKinds("description", "描述").empty());
  EXPECT_TRUE(HintedKinds("station_name", "站点名称").empty());
  EXPECT_TRUE(HintedKinds("amount", "金额").empty());
}

// --- masking ----------------------------------------------------------------

TEST(MaskExampleTest, KeepsOnlyTheEnds) {
  EXPECT_EQ(MaskExample("420602199005171234"), "420*************34");
  EXPECT_EQ(MaskExample("13812345678"), "138******78");
  EXPECT_EQ(MaskExample("张三"), "张*");
  EXPECT_EQ(MaskExample("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskExample("王"), "*");
  EXPECT_EQ(MaskExample("湖北省襄阳市樊城区人民路12号"), "湖北省**********2号");
  // A long text shows at most 16 stars, hiding its length.
  EXPECT_EQ(MaskExample(std::string(200, 'a')), "aaa" + std::string(16, '*') + "aa");
}

TEST(MaskExampleTest, NeverReturnsTheValue) {
  ids::Rng rng(7);
  std::vector<std::string> values = {"a", "ab", "张三", "京A12345", "zhang@example.com"};
  for (int i = 0; i < 50; ++i) {
    values.push_back(ids::GenerateMobile(rng));
    values.push_back(ids::GenerateCitizenId(rng, "420602", 1990, 1, 1 + i % 28, true));
  }
  for (const std::string& v : values) {
    const std::string masked = MaskExample(v);
    EXPECT_NE(masked, v);
    EXPECT_NE(masked.find('*'), std::string::npos) << v;
  }
}

// --- field findings ---------------------------------------------------------

TEST(FieldScannerTest, MobileColumnWithEmptyValues) {
  ids::Rng rng(1);
  std::vector<Value> values;
  std::vector<std::string> raw;
  for (int i = 0; i < 40; ++i) {
    raw.push_back(ids::GenerateMobile(rng));
    values.emplace_back(raw.back());
  }
  values.emplace_back();                   // null
  values.emplace_back(std::string(""));    // empty
  values.emplace_back(std::string("  "));  // blank
  const FieldFinding f = Scan("c3", "", values);
  EXPECT_EQ(f.values, 40);
  EXPECT_EQ(f.empty_values, 3);
  ASSERT_EQ(f.dominant, PiiKind::kMobile);
  const KindStats* mobile = StatsOf(f, PiiKind::kMobile);
  ASSERT_NE(mobile, nullptr);
  EXPECT_EQ(mobile->whole, 40);
  EXPECT_DOUBLE_EQ(mobile->whole_share, 1.0);
  EXPECT_DOUBLE_EQ(mobile->contained_share, 1.0);
  EXPECT_EQ(f.proposed_sensitivity, 3);
  EXPECT_GT(f.confidence, 0.8);
  ASSERT_EQ(f.examples.size(), 3u);
  for (const std::string& example : f.examples) {
    EXPECT_NE(example.find("******"), std::string::npos) << example;
    for (const std::string& r : raw) EXPECT_EQ(example.find(r), std::string::npos);
  }
}

TEST(FieldScannerTest, RepeatedValuesGiveOneExample) {
  const std::vector<Value> values(200, Value(std::string("13812345678")));
  const FieldFinding f = Scan("c1", "", values);
  EXPECT_EQ(f.dominant, PiiKind::kMobile);
  EXPECT_EQ(f.examples, std::vector<std::string>{"138******78"});
}

TEST(FieldScannerTest, HintLowersTheThreshold) {
  ids::Rng rng(2);
  auto mobile = [&] { return ids::GenerateMobile(rng); };
  const std::vector<Value> values = Mixed(100, 30, mobile);
  const FieldFinding plain = Scan("c1", "备注", values);
  EXPECT_FALSE(plain.dominant.has_value());
  EXPECT_TRUE(plain.detected.empty());
  EXPECT_FALSE(plain.proposed_sensitivity.has_value());
  EXPECT_TRUE(plain.examples.empty());
  ASSERT_NE(StatsOf(plain, PiiKind::kMobile), nullptr);
  EXPECT_DOUBLE_EQ(StatsOf(plain, PiiKind::kMobile)->contained_share, 0.3);
  EXPECT_EQ(plain.confidence, 0.0);

  const FieldFinding hinted = Scan("phone", "联系电话", values);
  EXPECT_EQ(hinted.dominant, PiiKind::kMobile);
  EXPECT_EQ(hinted.proposed_sensitivity, 3);
  EXPECT_GT(hinted.confidence, 0.0);
  // Below even the hinted threshold: nothing.
  const FieldFinding sparse = Scan("phone", "联系电话", Mixed(100, 10, mobile));
  EXPECT_FALSE(sparse.dominant.has_value());
}

TEST(FieldScannerTest, FreeTextWithEmbeddedPhones) {
  ids::Rng rng(3);
  const FieldFinding f = Scan("remark", "备注", Mixed(10, 6, [&] {
    return "已电话联系，回拨" + ids::GenerateMobile(rng) + "无人接听";
  }));
  const KindStats* mobile = StatsOf(f, PiiKind::kMobile);
  ASSERT_NE(mobile, nullptr);
  EXPECT_EQ(mobile->whole, 0);
  EXPECT_EQ(mobile->contained, 6);
  EXPECT_EQ(f.dominant, PiiKind::kMobile);
  EXPECT_EQ(f.proposed_sensitivity, 3);
  for (const std::string& example : f.examples) {
    EXPECT_TRUE(example.starts_with("已电话")) << example;
    EXPECT_EQ(example.find("1"), std::string::npos) << example;  // no digit of the number shows
  }
}

TEST(FieldScannerTest, ProposalsFollowTheKind) {
  ids::Rng rng(4);
  std::vector<std::string> ids_column, cards, companies, individuals;
  for (int i = 0; i < 30; ++i) {
    ids_column.push_back(ids::GenerateCitizenId(rng, "420602", 1970 + i, 3, 4, i % 2));
    cards.push_back(ids::GenerateBankCard(rng, "622202", 19));
    companies.push_back(ids::GenerateUscc(rng, "420602", '9', '1'));
    individuals.push_back(ids::GenerateUscc(rng, "420602", '9', '2'));
  }
  const FieldFinding id = Scan("c1", "", Texts(ids_column));
  EXPECT_EQ(id.dominant, PiiKind::kCitizenId);
  EXPECT_EQ(id.proposed_sensitivity, 4);
  const FieldFinding card = Scan("c2", "", Texts(cards));
  EXPECT_EQ(card.dominant, PiiKind::kBankCard);
  EXPECT_EQ(card.proposed_sensitivity, 4);
  const FieldFinding company = Scan("c3", "", Texts(companies));
  EXPECT_EQ(company.dominant, PiiKind::kUscc);
  EXPECT_EQ(company.proposed_sensitivity, 1);
  const FieldFinding individual = Scan("c4", "", Texts(individuals));
  EXPECT_EQ(individual.dominant, PiiKind::kUsccIndividual);
  EXPECT_EQ(individual.proposed_sensitivity, 3);
  // A register of both: individual businesses make the column personal.
  std::vector<std::string> both(companies.begin(), companies.begin() + 20);
  both.insert(both.end(), individuals.begin(), individuals.begin() + 10);
  const FieldFinding mixed = Scan("tyshxydm", "统一社会信用代码", Texts(both));
  EXPECT_EQ(mixed.dominant, PiiKind::kUscc);
  EXPECT_TRUE(mixed.detected.Has(PiiKind::kUsccIndividual));
  EXPECT_EQ(mixed.proposed_sensitivity, 3);
}

TEST(FieldScannerTest, RandomEighteenDigitNumbersAreNotPersonal) {
  ids::Rng rng(5);
  std::vector<std::string> numbers;
  for (int i = 0; i < 500; ++i) {
    std::string n(1, static_cast<char>('1' + rng() % 9));
    while (n.size() < 18) n += static_cast<char>('0' + rng() % 10);
    numbers.push_back(n);
  }
  const FieldFinding f = Scan("order_no", "订单号", Texts(numbers));
  EXPECT_FALSE(f.dominant.has_value());
  EXPECT_FALSE(f.proposed_sensitivity.has_value());
  EXPECT_EQ(StatsOf(f, PiiKind::kCitizenId), nullptr);
}

TEST(FieldScannerTest, NamesVersusPlacesAndDepartments) {
  const FieldFinding names = Scan("c1", "", Texts({"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊",
                                                   "赵丽", "黄强", "周杰", "吴敏", "欧阳娜娜"}));
  EXPECT_EQ(names.dominant, PiiKind::kPersonName);
  EXPECT_EQ(names.proposed_sensitivity, 3);
  const FieldFinding places =
      Scan("c2", "", Texts({"王府井", "高新区", "市场监督管理局", "林业局", "樊城区", "襄州区",
                            "张家口", "武汉", "周口", "黄金周", "文化中心"}));
  EXPECT_FALSE(places.dominant.has_value()) << PiiKindName(*places.dominant);
  EXPECT_TRUE(places.detected.empty());
}

TEST(FieldScannerTest, BirthDatesNeedTheFieldsHint) {
  std::vector<Value> dates;
  for (int i = 0; i < 30; ++i) {
    dates.emplace_back(Date{std::to_string(1950 + i) + "-03-0" + std::to_string(1 + i % 9)});
  }
  const FieldFinding hinted = Scan("csrq", "出生日期", dates);
  EXPECT_EQ(hinted.dominant, PiiKind::kBirthDate);
  EXPECT_EQ(hinted.proposed_sensitivity, 3);
  const FieldFinding plain = Scan("start_date", "开始日期", dates);
  EXPECT_FALSE(plain.dominant.has_value());
  EXPECT_TRUE(plain.kinds.empty());
}

TEST(FieldScannerTest, IntegersHoldingPhoneNumbers) {
  std::vector<Value> values;
  for (int64_t i = 0; i < 30; ++i) values.emplace_back(int64_t{13800000000} + i * 7919);
  const FieldFinding f = Scan("c9", "", values);
  EXPECT_EQ(f.dominant, PiiKind::kMobile);
  EXPECT_EQ(f.values, 30);
}

TEST(FieldScannerTest, ConfidenceGrowsWithHintsAndSampleSize) {
  ids::Rng rng(6);
  auto name = [] { return std::string("张伟"); };
  const FieldFinding plain = Scan("c1", "", Mixed(100, 60, name));
  const FieldFinding hinted = Scan("xm", "姓名", Mixed(100, 60, name));
  const FieldFinding small = Scan("xm", "姓名", Mixed(5, 3, name));
  ASSERT_EQ(plain.dominant, PiiKind::kPersonName);
  ASSERT_EQ(hinted.dominant, PiiKind::kPersonName);
  ASSERT_EQ(small.dominant, PiiKind::kPersonName);
  EXPECT_GT(hinted.confidence, plain.confidence);
  EXPECT_LT(small.confidence, hinted.confidence);
  EXPECT_LE(hinted.confidence, 1.0);
}

TEST(FieldScannerTest, NothingScannedGivesAnEmptyFinding) {
  const FieldFinding f = Scan("c1", "", {Value(), Value(std::string(" "))});
  EXPECT_EQ(f.values, 0);
  EXPECT_EQ(f.empty_values, 2);
  EXPECT_TRUE(f.kinds.empty());
  EXPECT_FALSE(f.dominant.has_value());
}

// --- dataset scan -----------------------------------------------------------

std::vector<model::FieldDef> Fields() {
  std::vector<model::FieldDef> fields(4);
  fields[0].name = "xm";
  fields[0].title = "姓名";
  fields[1].name = "sfzh";
  fields[1].title = "身份证号";
  fields[2].name = "amount";
  fields[2].title = "金额";
  fields[2].type = ColumnType::kDecimal;
  fields[3].name = "remark";
  fields[3].title = "备注";
  return fields;
}

std::vector<Row> Rows(int n, std::vector<std::string>* raw_ids = nullptr) {
  ids::Rng rng(8);
  static const std::vector<std::string> kNames = {"张伟", "王芳", "李娜", "刘洋", "陈静"};
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) {
    const std::string id =
        ids::GenerateCitizenId(rng, "420602", 1960 + i % 40, 1 + i % 12, 9, i % 2);
    if (raw_ids) raw_ids->push_back(id);
    rows.push_back(Row{Value(kNames[i % kNames.size()]), Value(id), Value(12.5 * i),
                       Value(i % 2 ? std::string("无") : "回访" + ids::GenerateMobile(rng))});
  }
  return rows;
}

RowSource FromVector(const std::vector<Row>& rows) {
  auto next = std::make_shared<size_t>(0);
  return [&rows, next](Row& row) {
    if (*next >= rows.size()) return false;
    row = rows[(*next)++];
    return true;
  };
}

TEST(ScanRowsTest, ReportsEveryFieldInSchemaOrder) {
  const std::vector<Row> rows = Rows(60);
  auto report = ScanRows(Fields(), FromVector(rows), Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows_scanned, 60);
  EXPECT_FALSE(report->row_limit_reached);
  EXPECT_GT(report->bytes_scanned, 60 * 18);
  EXPECT_GE(report->elapsed_seconds, 0.0);
  ASSERT_EQ(report->fields.size(), 4u);
  EXPECT_EQ(report->fields[0].name, "xm");
  EXPECT_EQ(report->fields[0].dominant, PiiKind::kPersonName);
  EXPECT_EQ(report->fields[1].dominant, PiiKind::kCitizenId);
  EXPECT_EQ(report->fields[1].proposed_sensitivity, 4);
  EXPECT_FALSE(report->fields[2].dominant.has_value());
  EXPECT_EQ(report->fields[3].dominant, PiiKind::kMobile);  // half the remarks hold a phone
}

TEST(ScanRowsTest, StopsAtTheRowLimit) {
  const std::vector<Row> rows = Rows(50);
  ScanOptions options = Options();
  options.max_rows = 20;
  auto report = ScanRows(Fields(), FromVector(rows), options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rows_scanned, 20);
  EXPECT_TRUE(report->row_limit_reached);
  EXPECT_EQ(report->fields[1].values, 20);
}

TEST(ScanRowsTest, RowOfTheWrongWidthIsAnError) {
  std::vector<Row> rows = Rows(3);
  rows[2].pop_back();
  auto report = ScanRows(Fields(), FromVector(rows), Options());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(report.status().error_code(), "discovery.row_width");
}

TEST(ScanRowsTest, JsonUsesStableNamesAndShowsNoRawValue) {
  std::vector<std::string> raw_ids;
  const std::vector<Row> rows = Rows(40, &raw_ids);
  auto report = ScanRows(Fields(), FromVector(rows), Options());
  ASSERT_TRUE(report.ok());
  const nlohmann::json json = ToJson(*report);
  EXPECT_EQ(json["rows_scanned"], 40);
  EXPECT_EQ(json["row_limit_reached"], false);
  ASSERT_EQ(json["fields"].size(), 4u);
  const nlohmann::json& id = json["fields"][1];
  EXPECT_EQ(id["name"], "sfzh");
  EXPECT_EQ(id["dominant"], "citizen_id");
  EXPECT_EQ(id["proposed_sensitivity"], 4);
  EXPECT_EQ(id["hinted"], nlohmann::json::array({"citizen_id"}));
  EXPECT_EQ(id["kinds"][0]["kind"], "citizen_id");
  EXPECT_EQ(id["kinds"][0]["whole_share"], 1.0);
  EXPECT_EQ(id["examples"].size(), 3u);
  const nlohmann::json& amount = json["fields"][2];
  EXPECT_TRUE(amount["dominant"].is_null());
  EXPECT_TRUE(amount["proposed_sensitivity"].is_null());
  const std::string text = json.dump();
  for (const std::string& raw : raw_ids) EXPECT_EQ(text.find(raw), std::string::npos) << raw;
}

}  // namespace
}  // namespace yungu::privacy

// The personal-data detector on single values: every kind positive and
// negative, identifiers inside text, and the engines agreeing.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "yungu/identifiers/identifiers.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

namespace ids = yungu::identifiers;

constexpr CivilDate kToday{2024, 6, 1};

std::string Names(KindSet kinds) {
  std::string out;
  for (PiiKind kind : kinds.ToVector()) {
    if (!out.empty()) out += ",";
    out += PiiKindName(kind);
  }
  return out.empty() ? "none" : out;
}

class DetectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto detector = Detector::Create();
    ASSERT_TRUE(detector.ok()) << detector.status().ToString();
    detector_ = new Detector(std::move(detector).value());
  }
  static void TearDownTestSuite() {
    delete detector_;
    detector_ = nullptr;
  }

  static Detection Detect(std::string_view text, KindSet hinted = {}) {
    auto detection = detector_->Classify(text, DetectionContext{hinted, kToday});
    EXPECT_TRUE(detection.ok()) << detection.status().ToString();
    return detection.ok() ? *detection : Detection{};
  }
  // The kinds the whole value is, as "kind,kind" ("none" when empty).
  static std::string Whole(std::string_view text, KindSet hinted = {}) {
    return Names(Detect(text, hinted).whole);
  }
  static std::string Contained(std::string_view text, KindSet hinted = {}) {
    return Names(Detect(text, hinted).contained);
  }

  static Detector* detector_;
  ids::Rng rng_{20240601};
};

Detector* DetectorTest::detector_ = nullptr;

// --- citizen ID -------------------------------------------------------------

TEST_F(DetectorTest, GeneratedIdNumbersAreCitizenIds) {
  for (int i = 0; i < 200; ++i) {
    const std::string id =
        ids::GenerateCitizenId(rng_, "420602", 1950 + i % 70, 1 + i % 12, 1 + i % 28, i % 2 == 0);
    ASSERT_EQ(Whole(id), "citizen_id") << id;
  }
}

TEST_F(DetectorTest, IdWithWrongCheckCharIsNothing) {
  const std::string id = ids::GenerateCitizenId(rng_, "110105", 1985, 3, 9, true);
  for (char check : std::string("0123456789X")) {
    if (check == id.back()) continue;
    std::string wrong = id;
    wrong.back() = check;
    EXPECT_EQ(Whole(wrong), "none") << wrong;
  }
}

TEST_F(DetectorTest, IdCheckCharXInEitherCase) {
  std::string id;
  while (id.empty() || id.back() != 'X') {
    id = ids::GenerateCitizenId(rng_, "320102", 1976, 11, 30, false);
  }
  EXPECT_EQ(Whole(id), "citizen_id");
  id.back() = 'x';
  EXPECT_EQ(Whole(id), "citizen_id");
}

TEST_F(DetectorTest, IdBornInTheFutureOrBefore1900IsNothing) {
  EXPECT_EQ(Whole(ids::GenerateCitizenId(rng_, "420602", 2025, 1, 1, true)), "none");
  EXPECT_EQ(Whole(ids::GenerateCitizenId(rng_, "420602", 1899, 12, 31, true)), "none");
}

TEST_F(DetectorTest, LegacyFifteenDigitId) {
  EXPECT_EQ(Whole("420602900517123"), "citizen_id");
  EXPECT_EQ(Whole("420602901317123"), "none");  // month 13
  EXPECT_EQ(Whole("990602900517123"), "none");  // no province 99
}

TEST_F(DetectorTest, RandomEighteenDigitNumbersAreNotIds) {
  int ids_found = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string number(1, static_cast<char>('1' + rng_() % 9));
    while (number.size() < 18) number += static_cast<char>('0' + rng_() % 10);
    if (Detect(number).whole.Has(PiiKind::kCitizenId)) ++ids_found;
  }
  EXPECT_EQ(ids_found, 0);
}

TEST_F(DetectorTest, IdInsideText) {
  const std::string id = ids::GenerateCitizenId(rng_, "420602", 1990, 5, 17, true);
  EXPECT_EQ(Whole("身份证号：" + id + "（已核验）"), "none");
  EXPECT_EQ(Contained("身份证号：" + id + "（已核验）"), "citizen_id");
  // Part of a longer number or code is not an ID.
  EXPECT_EQ(Contained("9" + id + "1"), "none");
  EXPECT_EQ(Contained("NO" + id), "none");
  std::string with_x;
  while (with_x.empty() || with_x.back() != 'X') {
    with_x = ids::GenerateCitizenId(rng_, "420602", 1991, 7, 1, true);
  }
  EXPECT_EQ(Contained("证件号" + with_x + "。"), "citizen_id");
}

// --- mobile -----------------------------------------------------------------

TEST_F(DetectorTest, MobileNumbersInTheirWrittenForms) {
  for (int i = 0; i < 100; ++i) {
    const std::string mobile = ids::GenerateMobile(rng_);
    ASSERT_EQ(Whole(mobile), "mobile") << mobile;
  }
  EXPECT_EQ(Whole("+8613812345678"), "mobile");
  EXPECT_EQ(Whole("008613812345678"), "mobile");
  EXPECT_EQ(Whole("+86 138 1234 5678"), "mobile");
  EXPECT_EQ(Whole("138-1234-5678"), "mobile");
  EXPECT_EQ(Whole("  13812345678\t"), "mobile");
}

TEST_F(DetectorTest, ElevenDigitNumbersThatAreNotMobiles) {
  EXPECT_EQ(Whole("12345678901"), "none");  // 12x is no mobile prefix
  EXPECT_EQ(Whole("10086123456"), "none");
  EXPECT_EQ(Whole("15412345678"), "none");  // 154 was never assigned
  EXPECT_EQ(Whole("14012345678"), "none");  // 140: IoT numbers are 13 digits
  EXPECT_EQ(Contained("13812345678.50"), "none");  // an amount
  EXPECT_EQ(Contained("订单号213812345678"), "none");  // inside a longer number
  EXPECT_EQ(Contained("SN13812345678"), "none");  // part of a code
}

TEST_F(DetectorTest, MobileInsideText) {
  EXPECT_EQ(Whole("联系电话13812345678"), "none");
  EXPECT_EQ(Contained("联系电话13812345678"), "mobile");
  EXPECT_EQ(Contained("请致电 139-1234-5678 咨询"), "mobile");
}

// --- bank card --------------------------------------------------------------

TEST_F(DetectorTest, BankCardsPassLuhnAndHaveAnIssuer) {
  for (int length : {16, 17, 19}) {
    const std::string card = ids::GenerateBankCard(rng_, "622202", length);
    EXPECT_EQ(Whole(card), "bank_card") << card;
  }
  EXPECT_EQ(Whole(ids::GenerateBankCard(rng_, "4392", 16)), "bank_card");
}

TEST_F(DetectorTest, BankCardFailingLuhnIsNothing) {
  std::string card = ids::GenerateBankCard(rng_, "622202", 19);
  card.back() = card.back() == '9' ? '0' : static_cast<char>(card.back() + 1);
  EXPECT_EQ(Whole(card), "none");
}

TEST_F(DetectorTest, LuhnValidNumberWithoutAnIssuerIsNothing) {
  EXPECT_EQ(Whole(ids::GenerateBankCard(rng_, "880000", 16)), "none");
  EXPECT_EQ(Whole(ids::GenerateBankCard(rng_, "100000", 13)), "none");
}

TEST_F(DetectorTest, GroupedCardNumber) {
  const std::string card = ids::GenerateBankCard(rng_, "622848", 19);
  const std::string grouped = card.substr(0, 4) + " " + card.substr(4, 4) + " " +
                              card.substr(8, 4) + " " + card.substr(12, 4) + " " + card.substr(16);
  EXPECT_EQ(Whole(grouped), "bank_card") << grouped;
}

TEST_F(DetectorTest, GansuIdThatPassesLuhnIsAnIdNotACard) {
  // Gansu's IDs begin with 62, like UnionPay cards; about one in ten also
  // passes Luhn. The ID's checks are stronger, so it wins.
  std::string id;
  do {
    id = ids::GenerateCitizenId(rng_, "620102", 1988, 8, 8, true);
  } while (id.back() == 'X' || !ids::ValidateBankCard(id).valid);
  EXPECT_EQ(Whole(id), "citizen_id");
}

// --- USCC -------------------------------------------------------------------

TEST_F(DetectorTest, UsccOfLegalEntityAndOfIndividualBusiness) {
  for (int i = 0; i < 50; ++i) {
    const std::string company = ids::GenerateUscc(rng_, "420602", '9', '1');
    ASSERT_EQ(Whole(company), "uscc") << company;
    const std::string individual = ids::GenerateUscc(rng_, "420602", '9', '2');
    ASSERT_EQ(individual.substr(0, 2), "92");
    ASSERT_EQ(Whole(individual), "uscc_individual") << individual;
  }
  EXPECT_EQ(Whole(ids::GenerateUscc(rng_, "420602", '5', '1')), "uscc");  // a social organisation
}

TEST_F(DetectorTest, UsccWithWrongCheckCharIsNothing) {
  std::string code = ids::GenerateUscc(rng_, "420602", '9', '1');
  code.back() = code.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(Whole(code), "none");
}

TEST_F(DetectorTest, UsccInsideText) {
  const std::string code = ids::GenerateUscc(rng_, "420602", '9', '2');
  EXPECT_EQ(Contained("经营者统一社会信用代码" + code + "。"), "uscc_individual");
  EXPECT_EQ(Contained("No." + code), "uscc_individual");
  EXPECT_EQ(Contained("REF" + code), "none");  // glued to other capitals
}

// --- e-mail -----------------------------------------------------------------

TEST_F(DetectorTest, Email) {
  EXPECT_EQ(Whole("zhang.san@example.com"), "email");
  EXPECT_EQ(Whole("li_si+tag@mail.hubei.gov.cn"), "email");
  EXPECT_EQ(Contained("请将材料发送至 ban@xy.gov.cn。谢谢"), "email");
  EXPECT_EQ(Whole("ban@xy.gov.cn"), "email");
  EXPECT_EQ(Whole("not-an-email@"), "none");
  EXPECT_EQ(Whole("a@localhost"), "none");
  EXPECT_EQ(Whole("user@example.c0m"), "none");
}

// --- names ------------------------------------------------------------------

TEST_F(DetectorTest, ChineseNames) {
  for (std::string_view name : {"张三", "王小明", "李娜", "欧阳娜娜", "司马光", "诸葛亮", "赵丽颖",
                                "陈建国", "刘德华", "黄晓明"}) {
    EXPECT_EQ(Whole(name), "person_name") << name;
  }
  EXPECT_EQ(Whole("买买提·艾力"), "person_name");
  EXPECT_EQ(Whole("阿依古丽·吐尔逊"), "person_name");
}

TEST_F(DetectorTest, PlaceNamesAndWordsAreNotNames) {
  for (std::string_view word :
       {"王府井", "高新区", "周末", "林业局", "市场监督管理局", "张家口", "黄金周", "安全生产",
        "文化中心", "武汉", "金额", "李", "张三丰的书", "方案", "高速公路", "王家庄", "江苏省",
        "樊城区教育局", "人民路", "欧阳", "诸葛", "白萝卜"}) {
    EXPECT_EQ(Contained(word), "none") << word;
  }
}

TEST_F(DetectorTest, NameAfterALabelInText) {
  EXPECT_EQ(Contained("联系人：张三，电话13812345678"), "mobile,person_name");
  EXPECT_EQ(Whole("联系人：张三，电话13812345678"), "none");
  EXPECT_EQ(Contained("申请人为本单位职工"), "none");
}

TEST_F(DetectorTest, LatinNamesOnlyWithAHint) {
  EXPECT_EQ(Whole("Grace Hopper"), "none");
  EXPECT_EQ(Whole("Grace Hopper", {PiiKind::kPersonName}), "person_name");
  EXPECT_EQ(Whole("ZHANG Wei", {PiiKind::kPersonName}), "person_name");
  EXPECT_EQ(Whole("grace hopper", {PiiKind::kPersonName}), "none");
}

// --- addresses --------------------------------------------------------------

TEST_F(DetectorTest, Addresses) {
  for (std::string_view address :
       {"湖北省襄阳市樊城区人民路12号", "北京市朝阳区建国路88号3栋2单元501室",
        "樊城区牛首镇竹条村3组", "襄阳市襄城区檀溪路", "平安里12-3号", "上海市 徐汇区 漕溪北路 1200号",
        "樊城区前进路", "广州市越秀区中山一路", "樊城区长虹路88号农贸市场"}) {
    EXPECT_EQ(Whole(address), "address") << address;
  }
}

TEST_F(DetectorTest, RegionsOrganisationsAndNumbersAreNotAddresses) {
  for (std::string_view text :
       {"高新区", "湖北省襄阳市", "湖北省襄阳市樊城区", "襄阳市樊城区教育局", "湖北省襄阳市人民政府",
        "市场监督管理局", "2024年第3号公告", "地铁2号线", "号码", "3号", "城市管理局", "省市区县",
        "城市公交线路信息", "线路编号", "樊城区长虹路农贸市场", "全市各县区", "教室3楼"}) {
    EXPECT_EQ(Contained(text), "none") << text;
  }
}

TEST_F(DetectorTest, AddressInsideText) {
  const std::string text = "家住湖北省襄阳市樊城区人民路12号，电话13812345678";
  EXPECT_EQ(Whole(text), "none");
  EXPECT_EQ(Contained(text), "mobile,address");
}

// --- licence plates ---------------------------------------------------------

TEST_F(DetectorTest, LicencePlates) {
  for (std::string_view plate :
       {"京A12345", "鄂F8K8S8", "粤BD12345", "粤B12345D", "鄂F·A1234", "京A1234学", "沪C-12345"}) {
    EXPECT_EQ(Whole(plate), "licence_plate") << plate;
  }
  for (std::string_view text : {"京I12345", "京AABCDE", "京A123456", "A12345", "京a12345"}) {
    EXPECT_EQ(Whole(text), "none") << text;
  }
  EXPECT_EQ(Contained("车牌号粤B12345，违章一次"), "licence_plate");
}

// --- IP addresses -----------------------------------------------------------

TEST_F(DetectorTest, IpAddresses) {
  for (std::string_view ip : {"192.168.1.100", "255.255.255.255", "10.0.0.1", "2001:db8::1",
                              "fe80::1ff:fe23:4567:890a", "::ffff:192.168.1.1"}) {
    EXPECT_EQ(Whole(ip), "ip_address") << ip;
  }
  for (std::string_view text :
       {"256.1.1.1", "192.168.1.256", "1.2.3.4.5", "01.2.3.4", "12:30:45", "::", "v1.2.3.4",
        "00:1A:2B:3C:4D:5E"}) {
    EXPECT_EQ(Contained(text), "none") << text;
  }
  EXPECT_EQ(Contained("登录IP 10.20.30.40 于 08:00"), "ip_address");
  EXPECT_EQ(Contained("192.168.0.1:8080"), "ip_address");
  EXPECT_EQ(Contained("http://10.0.0.5/index.html"), "ip_address");
}

// --- birth dates ------------------------------------------------------------

TEST_F(DetectorTest, BirthDatesNeedAHint) {
  const KindSet birth{PiiKind::kBirthDate};
  EXPECT_EQ(Whole("1990-05-17"), "none");
  EXPECT_EQ(Whole("1990-05-17", birth), "birth_date");
  EXPECT_EQ(Whole("1990/5/17", birth), "birth_date");
  EXPECT_EQ(Whole("1990年5月17日", birth), "birth_date");
  EXPECT_EQ(Whole("1990年5月", birth), "birth_date");
  EXPECT_EQ(Whole("19900517", birth), "birth_date");
  EXPECT_EQ(Whole("1990-05-17 08:30:00", birth), "birth_date");
  EXPECT_EQ(Whole("1990-02-30", birth), "none");
  EXPECT_EQ(Whole("2030-01-01", birth), "none");  // after today
  EXPECT_EQ(Whole("1900-01-01", birth), "none");  // more than 120 years ago
  EXPECT_EQ(Contained("出生于1990年5月17日", birth), "birth_date");
}

// --- typed values -----------------------------------------------------------

TEST_F(DetectorTest, TypedValues) {
  const DetectionContext plain{{}, kToday};
  const DetectionContext birth{{PiiKind::kBirthDate}, kToday};
  auto whole = [&](const Value& v, const DetectionContext& c) {
    auto d = detector_->ClassifyValue(v, c);
    EXPECT_TRUE(d.ok());
    return d.ok() ? Names(d->whole) : "error";
  };
  EXPECT_EQ(whole(Value(int64_t{13812345678}), plain), "mobile");
  EXPECT_EQ(whole(Value(13812345678.0), plain), "mobile");
  EXPECT_EQ(whole(Value(int64_t{420602900517123}), plain), "citizen_id");
  EXPECT_EQ(whole(Value(13812345678.5), plain), "none");
  EXPECT_EQ(whole(Value(true), plain), "none");
  EXPECT_EQ(whole(Value(), plain), "none");
  EXPECT_EQ(whole(Value(Date{"1990-05-17"}), plain), "none");
  EXPECT_EQ(whole(Value(Date{"1990-05-17"}), birth), "birth_date");
  EXPECT_EQ(whole(Value(DateTime{"1990-05-17T08:00:00"}), birth), "birth_date");
  EXPECT_EQ(whole(Value(Date{"2099-05-17"}), birth), "none");
  EXPECT_EQ(whole(Value(std::string("13812345678")), plain), "mobile");
}

// --- robustness and engines -------------------------------------------------

TEST_F(DetectorTest, MalformedUtf8AndEmptyValues) {
  EXPECT_EQ(Contained(""), "none");
  EXPECT_EQ(Contained("   \xE3\x80\x80 "), "none");
  EXPECT_EQ(Contained("\xE4\xB8"), "none");
  EXPECT_EQ(Contained("\xFF\xFE\x80张\xE4"), "none");
  EXPECT_EQ(Contained(std::string("\xE5\xBC\xA0\x00\xE4\xB8\x89", 7)), "none");
  EXPECT_EQ(Contained("\xC0\xAF" "13812345678"), "mobile");
}

TEST_F(DetectorTest, ArbitraryBytesKeepWholeWithinContained) {
  // Pieces that start or end candidates, glued at random.
  const std::vector<std::string> pieces = {
      "1", "38", "1234", "X", "x", "+", "86", "-", " ", ".", ":", "@", "a", "Z", "92",
      "省", "市", "区", "路", "号", "栋", "室", "村", "组", "张", "王", "·", "年", "月",
      "日", "姓名", "京", "A", "\xE4", "\xB8", "\xFF", std::string(1, '\0'), "，", "。", "19",
      "90", "-05-"};
  const KindSet all_hints{PiiKind::kBirthDate, PiiKind::kPersonName};
  for (int i = 0; i < 3000; ++i) {
    std::string value;
    const int n = 1 + static_cast<int>(rng_() % 24);
    for (int k = 0; k < n; ++k) value += pieces[rng_() % pieces.size()];
    const Detection d = Detect(value, all_hints);
    for (PiiKind kind : d.whole.ToVector()) {
      ASSERT_TRUE(d.contained.Has(kind)) << value;
    }
  }
}

// Values that exercise every pattern, for the cross-checks below.
std::vector<std::string> MixedCorpus(ids::Rng& rng) {
  std::vector<std::string> corpus = {
      "张三", "欧阳娜娜", "买买提·艾力", "王府井", "湖北省襄阳市樊城区人民路12号",
      "联系人：张三，电话13812345678", "京A12345", "粤BD12345", "192.168.1.1", "2001:db8::1",
      "zhang@example.com", "1990-05-17", "19900517", "Grace Hopper", "12:30:45",
      "+86 138 1234 5678", "高新区", "2024年第3号公告", "备注：无", "100", "3.14"};
  for (int i = 0; i < 40; ++i) {
    corpus.push_back(
        ids::GenerateCitizenId(rng, "420602", 1960 + i, 1 + i % 12, 1 + i % 28, i % 2));
    corpus.push_back(ids::GenerateMobile(rng));
    corpus.push_back(ids::GenerateBankCard(rng, "622202", 16 + i % 4));
    corpus.push_back(ids::GenerateUscc(rng, "420602", '9', i % 2 ? '1' : '2'));
    corpus.push_back("客户" + ids::GenerateMobile(rng) + "来电，身份证" +
                     ids::GenerateCitizenId(rng, "110105", 1970 + i, 2, 3, true));
    std::string digits;
    for (int k = 0; k < 11 + i % 9; ++k) digits += static_cast<char>('0' + rng() % 10);
    corpus.push_back(digits);
  }
  return corpus;
}

TEST_F(DetectorTest, PatternLoopEngineAgreesWithMultiPattern) {
  auto loop = Detector::Create({.find_embedded = true, .engine = MatchEngine::kPatternLoop});
  ASSERT_TRUE(loop.ok()) << loop.status().ToString();
  const KindSet all_hints{PiiKind::kBirthDate, PiiKind::kPersonName};
  for (const std::string& value : MixedCorpus(rng_)) {
    for (KindSet hints : {KindSet{}, all_hints}) {
      const Detection a = Detect(value, hints);
      auto b = loop->Classify(value, DetectionContext{hints, kToday});
      ASSERT_TRUE(b.ok());
      EXPECT_EQ(Names(a.whole), Names(b->whole)) << value;
      EXPECT_EQ(Names(a.contained), Names(b->contained)) << value;
    }
  }
}

TEST_F(DetectorTest, WholeValueModeFindsTheSameWholeValues) {
  auto anchored = Detector::Create({.find_embedded = false});
  ASSERT_TRUE(anchored.ok()) << anchored.status().ToString();
  const KindSet hints{PiiKind::kBirthDate, PiiKind::kPersonName};
  for (const std::string& value : MixedCorpus(rng_)) {
    const Detection embedded = Detect(value, hints);
    auto whole_only = anchored->Classify(value, DetectionContext{hints, kToday});
    ASSERT_TRUE(whole_only.ok());
    EXPECT_EQ(Names(whole_only->whole), Names(embedded.whole)) << value;
    EXPECT_EQ(whole_only->contained, whole_only->whole) << value;
  }
}

TEST_F(DetectorTest, ConcurrentClassifyGivesTheSameResults) {
  const std::vector<std::string> corpus = MixedCorpus(rng_);
  std::vector<std::string> expected;
  for (const std::string& value : corpus) expected.push_back(Names(Detect(value).contained));
  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < corpus.size(); ++i) {
          auto d = detector_->Classify(corpus[i], DetectionContext{{}, kToday});
          if (!d.ok() || Names(d->contained) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST_F(DetectorTest, DetectorsCanBeMovedAndUsedSideBySide) {
  auto first = Detector::Create();
  auto second = Detector::Create({.find_embedded = false});
  ASSERT_TRUE(first.ok() && second.ok());
  Detector moved = std::move(first).value();
  const DetectionContext context{{}, kToday};
  for (int i = 0; i < 3; ++i) {  // alternating refits this thread's scratch each time
    auto a = moved.Classify("电话13812345678", context);
    auto b = second->Classify("电话13812345678", context);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(Names(a->contained), "mobile");
    EXPECT_EQ(Names(b->contained), "none");
  }
}

TEST(PiiKindTest, NamesRoundTripAndSensitivities) {
  for (PiiKind kind : AllPiiKinds()) {
    EXPECT_EQ(ParsePiiKind(PiiKindName(kind)), kind);
  }
  EXPECT_EQ(ParsePiiKind("phone"), std::nullopt);
  EXPECT_EQ(PiiKindSensitivity(PiiKind::kCitizenId), 4);
  EXPECT_EQ(PiiKindSensitivity(PiiKind::kBankCard), 4);
  EXPECT_EQ(PiiKindSensitivity(PiiKind::kMobile), 3);
  EXPECT_EQ(PiiKindSensitivity(PiiKind::kUsccIndividual), 3);
  EXPECT_EQ(PiiKindSensitivity(PiiKind::kBirthDate), 3);
  EXPECT_EQ(PiiKindSensitivity(PiiKind::kUscc), 1);
}

}  // namespace
}  // namespace yungu::privacy

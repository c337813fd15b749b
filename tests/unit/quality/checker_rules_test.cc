// Each rule kind of the checker, passing and failing, with the examples it
// keeps and the row numbers they cite.
#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"
#include "yungu/quality/checker.h"

namespace yungu::quality {
namespace {

model::FieldDef Field(std::string name, ColumnType type) {
  model::FieldDef f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

std::vector<std::string> NamesOf(const std::vector<model::FieldDef>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return names;
}

// Runs rows 1..n through a checker whose columns are the fields in order.
QualityReport RunRows(const std::vector<model::FieldDef>& fields, const std::vector<Row>& rows,
                  CheckerOptions options = {}) {
  auto checker = QualityChecker::Create(fields, NamesOf(fields), std::move(options));
  EXPECT_TRUE(checker.ok()) << checker.status().ToString();
  if (!checker.ok()) return {};
  for (size_t i = 0; i < rows.size(); ++i) checker->Add(rows[i], static_cast<int64_t>(i + 1));
  return checker->Finish();
}

const RuleResult& RuleOf(const QualityReport& report, std::string_view field, std::string_view rule) {
  for (const auto& r : report.rules) {
    if (r.field == field && r.rule == rule) return r;
  }
  static const RuleResult kNone;
  ADD_FAILURE() << "no rule " << rule << " on " << field;
  return kNone;
}

bool HasRule(const QualityReport& report, std::string_view field, std::string_view rule) {
  for (const auto& r : report.rules) {
    if (r.field == field && r.rule == rule) return true;
  }
  return false;
}

std::vector<Example> Ex(std::initializer_list<Example> examples) { return examples; }

TEST(CheckerRulesTest, CompletenessAndRequired) {
  auto name = Field("name", ColumnType::kText);
  name.required = true;
  auto note = Field("note", ColumnType::kText);
  const std::string ideographic_space = "\xE3\x80\x80";
  auto report = RunRows({name, note}, {{std::string("甲"), std::string("x")},
                                   {std::monostate{}, std::string("y")},
                                   {std::string(" \t"), std::monostate{}},
                                   {std::string("乙"), ideographic_space}});
  EXPECT_EQ(report.rows, 4);
  ASSERT_EQ(report.fields.size(), 2u);
  EXPECT_EQ(report.fields[0], (FieldCompleteness{"name", "text", true, true, 2, 2, 0.5}));
  EXPECT_EQ(report.fields[1], (FieldCompleteness{"note", "text", false, true, 2, 2, 0.5}));
  const auto& required = RuleOf(report, "name", kRuleRequired);
  EXPECT_EQ(required.checked, 4);
  EXPECT_EQ(required.failed, 2);
  EXPECT_DOUBLE_EQ(required.pass_share, 0.5);
  EXPECT_EQ(required.examples, Ex({{2, "", "missing"}, {3, "", "missing"}}));
  EXPECT_FALSE(HasRule(report, "note", kRuleRequired));
  EXPECT_FALSE(HasRule(report, "name", kRuleType));  // text takes any value
}

TEST(CheckerRulesTest, PrimaryKeyFieldsAreRequired) {
  auto id = Field("id", ColumnType::kInteger);
  id.primary_key = true;
  auto report = RunRows({id}, {{int64_t{1}}, {std::monostate{}}});
  EXPECT_TRUE(report.fields[0].required);
  EXPECT_EQ(RuleOf(report, "id", kRuleRequired).examples, Ex({{2, "", "missing"}}));
}

TEST(CheckerRulesTest, TypeValidityOfIntegers) {
  // After type widening an integer column can hold text and decimals.
  auto age = Field("age", ColumnType::kInteger);
  auto report = RunRows({age}, {{int64_t{30}}, {std::string("41")}, {std::string("abc")}, {2.0}, {2.5}, {true},
                            {std::string(" -7 ")}});
  const auto& type = RuleOf(report, "age", kRuleType);
  EXPECT_EQ(type.detail, "integer");
  EXPECT_EQ(type.checked, 7);
  EXPECT_EQ(type.failed, 3);
  EXPECT_EQ(type.examples,
            Ex({{3, "abc", "not_integer"}, {5, "2.5", "not_integer"}, {6, "true", "not_integer"}}));
}

TEST(CheckerRulesTest, TypeValidityOfOtherTypes) {
  auto price = Field("price", ColumnType::kDecimal);
  auto open = Field("open", ColumnType::kBoolean);
  auto day = Field("day", ColumnType::kDate);
  auto at = Field("at", ColumnType::kDateTime);
  auto report = RunRows({price, open, day, at},
                    {{1.5, true, Date{"2024-02-29"}, DateTime{"2024-02-29T08:00:00"}},
                     {int64_t{3}, std::string("是"), std::string("2024/3/1"), Date{"2024-03-01"}},
                     {std::string("1e3"), int64_t{0}, std::string("2024年3月2日"),
                      std::string("2024-03-01 08:00+08:00")},
                     {std::string("12,5"), std::string("maybe"), std::string("2023-02-29"),
                      std::string("yesterday")},
                     {std::string("nan"), int64_t{2}, DateTime{"2024-03-01T08:00:00"},
                      std::string("2024-03-01T25:00")}});
  EXPECT_EQ(RuleOf(report, "price", kRuleType).examples,
            Ex({{4, "12,5", "not_decimal"}, {5, "nan", "not_decimal"}}));
  EXPECT_EQ(RuleOf(report, "open", kRuleType).examples, Ex({{4, "maybe", "not_boolean"}, {5, "2", "not_boolean"}}));
  EXPECT_EQ(RuleOf(report, "day", kRuleType).examples,
            Ex({{4, "2023-02-29", "not_date"}, {5, "2024-03-01T08:00:00", "not_date"}}));
  EXPECT_EQ(RuleOf(report, "at", kRuleType).examples,
            Ex({{4, "yesterday", "not_datetime"}, {5, "2024-03-01T25:00", "not_datetime"}}));
  for (const char* f : {"price", "open", "day", "at"}) EXPECT_EQ(RuleOf(report, f, kRuleType).checked, 5) << f;
}

TEST(CheckerRulesTest, RangeIsInclusiveAndSkipsValuesOfTheWrongType) {
  auto age = Field("age", ColumnType::kInteger);
  age.rules.min = 0;
  age.rules.max = 150;
  auto report = RunRows({age}, {{int64_t{-1}}, {int64_t{0}}, {int64_t{150}}, {std::string("151")}, {std::string("abc")},
                            {std::monostate{}}});
  const auto& range = RuleOf(report, "age", kRuleRange);
  EXPECT_EQ(range.detail, "0..150");
  EXPECT_EQ(range.checked, 4);  // "abc" is the type rule's failure, null is not checked
  EXPECT_EQ(range.failed, 2);
  EXPECT_DOUBLE_EQ(range.pass_share, 0.5);
  EXPECT_EQ(range.examples, Ex({{1, "-1", "below_min: 0"}, {4, "151", "above_max: 150"}}));
}

TEST(CheckerRulesTest, RangeWithOneBoundOnDecimals) {
  auto rate = Field("rate", ColumnType::kDecimal);
  rate.rules.max = 0.5;
  auto report = RunRows({rate}, {{0.5}, {0.51}, {int64_t{-100}}});
  const auto& range = RuleOf(report, "rate", kRuleRange);
  EXPECT_EQ(range.detail, "..0.5");
  EXPECT_EQ(range.examples, Ex({{2, "0.51", "above_max: 0.5"}}));
}

TEST(CheckerRulesTest, EnumOnText) {
  auto sex = Field("sex", ColumnType::kText);
  sex.rules.allowed = {"男", "女"};
  auto report = RunRows({sex}, {{std::string("男")}, {std::string("女")}, {std::string("未知")}, {std::string("男 ")}});
  const auto& rule = RuleOf(report, "sex", kRuleEnum);
  EXPECT_EQ(rule.detail, "男, 女");
  EXPECT_EQ(rule.checked, 4);
  EXPECT_EQ(rule.examples, Ex({{3, "未知", "not_allowed"}, {4, "男 ", "not_allowed"}}));
}

TEST(CheckerRulesTest, EnumComparesTypedValues) {
  auto level = Field("level", ColumnType::kInteger);
  level.rules.allowed = {"01", "2"};
  auto ratio = Field("ratio", ColumnType::kDecimal);
  ratio.rules.allowed = {"0.50", "1"};
  auto report = RunRows({level, ratio}, {{int64_t{1}, 0.5}, {std::string("2"), int64_t{1}}, {int64_t{3}, 0.25}});
  EXPECT_EQ(RuleOf(report, "level", kRuleEnum).examples, Ex({{3, "3", "not_allowed"}}));
  EXPECT_EQ(RuleOf(report, "ratio", kRuleEnum).examples, Ex({{3, "0.25", "not_allowed"}}));
}

TEST(CheckerRulesTest, PatternMatchesWholeValues) {
  auto postcode = Field("postcode", ColumnType::kText);
  postcode.rules.pattern = "\\d{6}";
  auto report = RunRows({postcode}, {{std::string("441000")}, {std::string("44100")}, {std::string("4410001")},
                                 {std::string("441000\n")}, {std::string("x441000")}});
  const auto& rule = RuleOf(report, "postcode", kRulePattern);
  EXPECT_EQ(rule.detail, "\\d{6}");
  EXPECT_EQ(rule.checked, 5);
  EXPECT_EQ(rule.failed, 4);
  EXPECT_EQ(rule.examples[0], (Example{2, "44100", "no_match"}));
  EXPECT_EQ(rule.examples[2], (Example{4, "441000\n", "no_match"}));
}

TEST(CheckerRulesTest, PatternWorksOnCharactersAndNumbersAndRefusesBadUtf8) {
  auto name = Field("name", ColumnType::kText);
  name.rules.pattern = "\\p{Han}{2,4}";
  auto year = Field("year", ColumnType::kInteger);
  year.rules.pattern = "(19|20)\\d\\d";
  auto report = RunRows({name, year}, {{std::string("张三"), int64_t{1990}},
                                   {std::string("张"), int64_t{2101}},
                                   {std::string("Zhang"), std::string("199x")},
                                   {std::string("\xE5\xBC"), int64_t{2024}}});
  EXPECT_EQ(RuleOf(report, "name", kRulePattern).examples,
            Ex({{2, "张", "no_match"}, {3, "Zhang", "no_match"}, {4, "\xE5\xBC", "invalid_utf8"}}));
  // A value of the wrong type is still judged on its text.
  EXPECT_EQ(RuleOf(report, "year", kRulePattern).examples, Ex({{2, "2101", "no_match"}, {3, "199x", "no_match"}}));
}

TEST(CheckerRulesTest, FormatsUseTheIdentifierValidators) {
  identifiers::Rng rng(7);
  const std::string good_id = identifiers::GenerateCitizenId(rng, "420602", 1990, 5, 17, true);
  std::string bad_id = good_id;
  bad_id.back() = bad_id.back() == '1' ? '2' : '1';
  auto id = Field("id", ColumnType::kText);
  id.rules.format = "citizen_id";
  auto phone = Field("phone", ColumnType::kInteger);
  phone.rules.format = "mobile";
  auto mail = Field("mail", ColumnType::kText);
  mail.rules.format = "email";
  auto report = RunRows({id, phone, mail}, {{good_id, int64_t{13812345678}, std::string("li@xy.gov.cn")},
                                        {bad_id, int64_t{12812345678}, std::string("li@localhost")}});
  const auto& ids = RuleOf(report, "id", kRuleFormat);
  EXPECT_EQ(ids.detail, "citizen_id");
  EXPECT_EQ(ids.examples, Ex({{2, bad_id, "checksum"}}));
  const auto& phones = RuleOf(report, "phone", kRuleFormat);
  EXPECT_EQ(phones.checked, 2);
  ASSERT_EQ(phones.examples.size(), 1u);
  EXPECT_EQ(phones.examples[0].row, 2);
  EXPECT_EQ(phones.examples[0].value, "12812345678");
  EXPECT_EQ(phones.examples[0].reason, identifiers::ValidateMobile("12812345678").reason);
  EXPECT_EQ(RuleOf(report, "mail", kRuleFormat).examples, Ex({{2, "li@localhost", "domain"}}));
}

TEST(CheckerRulesTest, NotFutureJudgesChinaDays) {
  auto born = Field("born", ColumnType::kDate);
  born.rules.not_future = true;
  auto seen = Field("seen", ColumnType::kDateTime);
  seen.rules.not_future = true;
  CheckerOptions options;
  options.today = "2024-05-01";
  auto report = RunRows({born, seen},
                    {{Date{"2024-05-01"}, DateTime{"2024-05-01T23:59:59"}},
                     {Date{"2024-05-02"}, DateTime{"2024-05-01T16:30:00Z"}},  // 2024-05-02 00:30 in China
                     {Date{"1990-01-01"}, DateTime{"2024-05-01T15:59:59Z"}}},
                    options);
  const auto& born_rule = RuleOf(report, "born", kRuleNotFuture);
  EXPECT_EQ(born_rule.detail, "2024-05-01");
  EXPECT_EQ(born_rule.examples, Ex({{2, "2024-05-02", "in_future"}}));
  EXPECT_EQ(RuleOf(report, "seen", kRuleNotFuture).examples, Ex({{2, "2024-05-01T16:30:00Z", "in_future"}}));
  EXPECT_EQ(report.today, "2024-05-01");
}

TEST(CheckerRulesTest, DateOrderComparesWithinTheRow) {
  auto start = Field("start", ColumnType::kDate);
  auto end = Field("end", ColumnType::kDate);
  end.rules.not_before = "start";
  auto closed = Field("closed", ColumnType::kDateTime);
  closed.rules.not_before = "start";
  auto report = RunRows({start, end, closed},
                    {{Date{"2024-03-01"}, Date{"2024-03-02"}, DateTime{"2024-03-01T00:00:00"}},
                     {Date{"2024-03-05"}, Date{"2024-03-01"}, DateTime{"2024-03-04T23:59:59"}},
                     {std::monostate{}, Date{"2024-01-01"}, std::monostate{}},
                     {Date{"2024-03-01"}, Date{"2024-03-01"}, DateTime{"2024-03-01T09:00:00"}},
                     {std::string("soon"), Date{"2024-03-01"}, std::monostate{}}});
  const auto& order = RuleOf(report, "end", kRuleDateOrder);
  EXPECT_EQ(order.detail, ">= start");
  EXPECT_EQ(order.checked, 3);  // rows 3 and 5 have no usable start
  EXPECT_EQ(order.examples, Ex({{2, "2024-03-01", "before: start 2024-03-05"}}));
  EXPECT_EQ(RuleOf(report, "closed", kRuleDateOrder).examples,
            Ex({{2, "2024-03-04T23:59:59", "before: start 2024-03-05"}}));
}

TEST(CheckerRulesTest, ExamplesAreCappedButCountsAreNot) {
  auto code = Field("code", ColumnType::kText);
  code.rules.pattern = "[A-Z]+";
  std::vector<Row> rows;
  for (int i = 0; i < 10; ++i) rows.push_back({std::string("x") + std::to_string(i)});
  CheckerOptions three;
  three.examples_per_rule = 3;
  auto report = RunRows({code}, rows, three);
  const auto& rule = RuleOf(report, "code", kRulePattern);
  EXPECT_EQ(rule.failed, 10);
  EXPECT_EQ(rule.examples, Ex({{1, "x0", "no_match"}, {2, "x1", "no_match"}, {3, "x2", "no_match"}}));
  EXPECT_EQ(report.examples_per_rule, 3);

  CheckerOptions none;
  none.examples_per_rule = 0;
  auto quiet = RunRows({code}, rows, none);
  EXPECT_EQ(RuleOf(quiet, "code", kRulePattern).failed, 10);
  EXPECT_TRUE(RuleOf(quiet, "code", kRulePattern).examples.empty());
}

TEST(CheckerRulesTest, ExampleValuesAreShortened) {
  auto code = Field("code", ColumnType::kText);
  code.rules.pattern = "a";
  std::string long_value;
  for (int i = 0; i < 100; ++i) long_value += "长";  // 300 bytes
  auto report = RunRows({code}, {{long_value}});
  const std::string& shown = RuleOf(report, "code", kRulePattern).examples.at(0).value;
  EXPECT_EQ(shown, long_value.substr(0, 198) + "\xE2\x80\xA6");  // 66 whole characters, then …
}

TEST(CheckerRulesTest, RowsFollowTheVersionsColumnOrder) {
  auto a = Field("a", ColumnType::kInteger);
  a.rules.min = 0;
  auto b = Field("b", ColumnType::kText);
  b.required = true;
  auto gone = Field("gone", ColumnType::kText);
  gone.required = true;
  auto checker = QualityChecker::Create({a, b, gone}, {"extra", "b", "a"}, {});
  ASSERT_TRUE(checker.ok()) << checker.status().ToString();
  checker->Add({std::string("ignored"), std::string("x"), int64_t{-5}}, 1);
  checker->Add({std::string("ignored"), std::string("y")}, 2);  // short row: a is null
  auto report = checker->Finish();
  EXPECT_EQ(report.absent_fields, std::vector<std::string>{"gone"});
  EXPECT_EQ(report.undeclared_columns, std::vector<std::string>{"extra"});
  EXPECT_EQ(RuleOf(report, "a", kRuleRange).examples, Ex({{1, "-5", "below_min: 0"}}));
  EXPECT_EQ(report.fields[0].missing, 1);
  EXPECT_EQ(report.fields[1].filled, 2);
  EXPECT_FALSE(report.fields[2].present);
  EXPECT_EQ(RuleOf(report, "gone", kRuleRequired).failed, 2);
}

TEST(CheckerRulesTest, CreateRefusesWhatItCannotRun) {
  auto born = Field("born", ColumnType::kDate);
  born.rules.not_future = true;
  auto no_today = QualityChecker::Create({born}, {"born"}, {});
  ASSERT_FALSE(no_today.ok());
  EXPECT_EQ(no_today.status().error_code(), "quality.bad_today");
  CheckerOptions bad_day;
  bad_day.today = "2024-13-01";
  EXPECT_EQ(QualityChecker::Create({born}, {"born"}, bad_day).status().error_code(), "quality.bad_today");

  auto code = Field("code", ColumnType::kText);
  code.rules.pattern = "(?=x)";
  EXPECT_EQ(QualityChecker::Create({code}, {"code"}, {}).status().error_code(), "quality.invalid_rule");
  EXPECT_EQ(QualityChecker::Create({Field("x", ColumnType::kText)}, {"x", "x"}, {}).status().error_code(),
            "quality.duplicate_column");
}

TEST(CheckerRulesTest, RulesAreListedPerFieldInAFixedOrder) {
  auto code = Field("code", ColumnType::kInteger);
  code.required = true;
  code.rules.unique = true;
  code.rules.min = 1;
  code.rules.allowed = {"1", "2"};
  code.rules.pattern = "\\d";
  code.rules.format = "mobile";
  auto report = RunRows({code}, {});
  std::vector<std::string> order;
  for (const auto& r : report.rules) order.push_back(r.rule);
  EXPECT_EQ(order, (std::vector<std::string>{"required", "type", "unique", "range", "enum", "pattern", "format"}));
  EXPECT_EQ(report.rows, 0);
  EXPECT_DOUBLE_EQ(report.fields[0].share, 1.0);
}

}  // namespace
}  // namespace yungu::quality

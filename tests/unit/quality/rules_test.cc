#include <gtest/gtest.h>

#include "yungu/quality/rules.h"

namespace yungu::quality {
namespace {

model::FieldDef Field(std::string name, ColumnType type) {
  model::FieldDef f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

model::DatasetMeta Dataset(std::vector<model::FieldDef> fields) {
  model::DatasetMeta meta;
  meta.id = "enterprises";
  meta.fields = std::move(fields);
  return meta;
}

// The error must be quality.invalid_rule and its message must mention every
// piece in `mentions` (field name, rule, cause).
void ExpectInvalid(const Status& status, std::initializer_list<std::string_view> mentions) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error_code(), "quality.invalid_rule");
  for (auto m : mentions) EXPECT_NE(status.message().find(m), std::string::npos) << status.message();
}

TEST(ValidatePatternTest, AcceptsWhatVectorscanCompiles) {
  for (const char* p : {"\\d{6}", "[1-9]\\d{5}(19|20)\\d{2}[0-9X]{0,9}", "(?i)[a-z]+", "\\p{Han}{2,4}",
                        "[\\x{4e00}-\\x{9fa5}]+", "^\\d+$", "\\bA\\b", "[[:alpha:]]+", "a|b|c", "(?s).+"}) {
    EXPECT_TRUE(ValidatePattern(p).ok()) << p << ": " << ValidatePattern(p).message();
  }
}

TEST(ValidatePatternTest, RefusesWhatVectorscanCannotDoWithItsReason) {
  ExpectInvalid(ValidatePattern("(a)\\1"), {"Back-reference", "not supported: back-references"});
  ExpectInvalid(ValidatePattern("(?=a)a"), {"Zero-width assertions"});
  ExpectInvalid(ValidatePattern("(?<!a)b"), {"Zero-width assertions"});
  ExpectInvalid(ValidatePattern("a(?>bc)"), {"Atomic groups"});
  ExpectInvalid(ValidatePattern("a++"), {"Possessive quantifiers"});
  ExpectInvalid(ValidatePattern("\\X"), {"\\X unsupported"});
  ExpectInvalid(ValidatePattern("[a-"), {"pattern '[a-'"});
  ExpectInvalid(ValidatePattern("a{70000}"), {"too large"});
}

TEST(ValidatePatternTest, CannotEscapeTheWholeValueGroup) {
  // Wrapped as \A(?:a)|(b)\z this would compile and match partially.
  ExpectInvalid(ValidatePattern("a)|(b"), {"Unmatched parentheses"});
}

TEST(ValidatePatternTest, RefusesEmptyLongNulAndBadUtf8) {
  ExpectInvalid(ValidatePattern(""), {"is empty"});
  ExpectInvalid(ValidatePattern(std::string(5000, 'a')), {"longer than 4096 bytes"});
  ExpectInvalid(ValidatePattern(std::string("a\0b", 3)), {"NUL"});
  ExpectInvalid(ValidatePattern("\xff"), {"not valid UTF-8"});
}

TEST(ValidateRulesTest, AcceptsAWellDeclaredDataset) {
  auto uscc = Field("uscc", ColumnType::kText);
  uscc.rules.format = "uscc";
  uscc.rules.unique = true;
  auto capital = Field("capital", ColumnType::kDecimal);
  capital.rules.min = 0;
  auto kind = Field("kind", ColumnType::kInteger);
  kind.rules.allowed = {"1", "02", "-3"};
  auto founded = Field("founded", ColumnType::kDate);
  founded.rules.not_future = true;
  auto closed = Field("closed", ColumnType::kDateTime);
  closed.rules.not_before = "founded";
  auto region = Field("region", ColumnType::kText);
  region.rules.references = "regions.code";
  region.rules.pattern = "\\d{6}";
  EXPECT_TRUE(ValidateRules(Dataset({uscc, capital, kind, founded, closed, region})).ok());
}

TEST(ValidateRulesTest, RangeOnlyOnNumbers) {
  auto name = Field("name", ColumnType::kText);
  name.rules.max = 50;
  ExpectInvalid(ValidateRules(Dataset({name})), {"field 'name'", "'min/max'", "not text", ".{2,50}"});
  auto age = Field("age", ColumnType::kInteger);
  age.rules.min = 10;
  age.rules.max = 5;
  ExpectInvalid(ValidateRules(Dataset({age})), {"field 'age'", "min is greater than max"});
}

TEST(ValidateRulesTest, EnumValuesMustFitTheType) {
  auto age = Field("age", ColumnType::kInteger);
  age.rules.allowed = {"1", "two"};
  ExpectInvalid(ValidateRules(Dataset({age})), {"field 'age'", "'enum'", "'two' is not a integer"});
  auto day = Field("day", ColumnType::kDate);
  day.rules.allowed = {"2024-02-30"};
  ExpectInvalid(ValidateRules(Dataset({day})), {"'2024-02-30' is not a date"});
  auto flag = Field("flag", ColumnType::kBoolean);
  flag.rules.allowed = {"true", "maybe"};
  ExpectInvalid(ValidateRules(Dataset({flag})), {"'maybe'"});
  auto text = Field("text", ColumnType::kText);
  text.rules.allowed = {"a", ""};
  ExpectInvalid(ValidateRules(Dataset({text})), {"empty"});
}

TEST(ValidateRulesTest, PatternErrorsNameTheField) {
  auto code = Field("code", ColumnType::kText);
  code.rules.pattern = "(a)\\1";
  ExpectInvalid(ValidateRules(Dataset({code})), {"field 'code' rule 'pattern'", "Back-reference"});
}

TEST(ValidateRulesTest, FormatKnownAndOnTextOrInteger) {
  auto id = Field("id", ColumnType::kText);
  id.rules.format = "passport";
  ExpectInvalid(ValidateRules(Dataset({id})), {"field 'id' rule 'format'", "unknown format 'passport'"});
  auto born = Field("born", ColumnType::kDate);
  born.rules.format = "citizen_id";
  ExpectInvalid(ValidateRules(Dataset({born})), {"field 'born'", "text and integer"});
  auto phone = Field("phone", ColumnType::kInteger);
  phone.rules.format = "mobile";
  EXPECT_TRUE(ValidateRules(Dataset({phone})).ok());
}

TEST(ValidateRulesTest, DateRulesNeedDates) {
  auto count = Field("count", ColumnType::kInteger);
  count.rules.not_future = true;
  ExpectInvalid(ValidateRules(Dataset({count})), {"field 'count' rule 'not_future'", "date and datetime"});

  auto start = Field("start", ColumnType::kDate);
  auto label = Field("label", ColumnType::kText);
  auto end = Field("end", ColumnType::kDate);
  end.rules.not_before = "begin";
  ExpectInvalid(ValidateRules(Dataset({start, label, end})),
                {"field 'end' rule 'not_before'", "no field named 'begin'"});
  end.rules.not_before = "label";
  ExpectInvalid(ValidateRules(Dataset({start, label, end})), {"'label' is not a date or datetime field"});
  end.rules.not_before = "end";
  ExpectInvalid(ValidateRules(Dataset({start, label, end})), {"names the field itself"});
  label.rules.not_before = "start";
  ExpectInvalid(ValidateRules(Dataset({start, label})), {"field 'label' rule 'not_before'", "date and datetime"});
}

TEST(ValidateRulesTest, ReferenceNeedsDatasetAndField) {
  auto region = Field("region", ColumnType::kText);
  for (const char* bad : {"regions", ".code", "regions."}) {
    region.rules.references = bad;
    ExpectInvalid(ValidateRules(Dataset({region})), {"field 'region' rule 'references'", "'dataset_id.field'"});
  }
}

}  // namespace
}  // namespace yungu::quality

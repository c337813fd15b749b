// Uniqueness of single fields and of the primary key, and references to the
// keys of another dataset.
#include <gtest/gtest.h>

#include "yungu/quality/checker.h"
#include "yungu/quality/score.h"

namespace yungu::quality {
namespace {

model::FieldDef Field(std::string name, ColumnType type) {
  model::FieldDef f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

QualityReport RunRows(const std::vector<model::FieldDef>& fields, const std::vector<Row>& rows,
                  CheckerOptions options = {}) {
  std::vector<std::string> columns;
  for (const auto& f : fields) columns.push_back(f.name);
  auto checker = QualityChecker::Create(fields, columns, std::move(options));
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

std::vector<Example> Ex(std::initializer_list<Example> examples) { return examples; }

TEST(CheckerKeysTest, UniqueFieldNamesTheFirstRow) {
  auto code = Field("code", ColumnType::kText);
  code.rules.unique = true;
  auto report = RunRows({code}, {{std::string("a")}, {std::string("b")}, {std::string("a")}, {std::monostate{}},
                             {std::monostate{}}, {std::string("c")}, {std::string("a")}});
  const auto& unique = RuleOf(report, "code", kRuleUnique);
  EXPECT_EQ(unique.checked, 5);  // nulls are not values
  EXPECT_EQ(unique.failed, 2);
  EXPECT_EQ(unique.examples, Ex({{3, "a", "duplicate: row 1"}, {7, "a", "duplicate: row 1"}}));
}

TEST(CheckerKeysTest, UniqueNumbersCompareByTheirText) {
  auto n = Field("n", ColumnType::kDecimal);
  n.rules.unique = true;
  auto report = RunRows({n}, {{int64_t{2}}, {2.0}, {2.5}, {std::string("2.5")}});
  EXPECT_EQ(RuleOf(report, "n", kRuleUnique).examples,
            Ex({{2, "2", "duplicate: row 1"}, {4, "2.5", "duplicate: row 3"}}));
}

TEST(CheckerKeysTest, CompositeKeyDuplicates) {
  auto district = Field("district", ColumnType::kText);
  district.primary_key = true;
  auto code = Field("code", ColumnType::kInteger);
  code.primary_key = true;
  auto name = Field("name", ColumnType::kText);
  auto report = RunRows({district, code, name}, {{std::string("樊城"), int64_t{1}, std::string("甲")},
                                             {std::string("樊城"), int64_t{2}, std::string("乙")},
                                             {std::string("襄城"), int64_t{1}, std::string("丙")},
                                             {std::string("樊城"), int64_t{1}, std::string("丁")},
                                             {std::string("樊城"), std::monostate{}, std::string("戊")},
                                             {std::string("襄城"), int64_t{1}, std::string("己")}});
  ASSERT_TRUE(report.key.has_value());
  EXPECT_EQ(report.key->fields, (std::vector<std::string>{"district", "code"}));
  EXPECT_EQ(report.key->checked, 5);
  EXPECT_EQ(report.key->incomplete, 1);
  EXPECT_EQ(report.key->duplicates, 2);
  EXPECT_EQ(report.key->examples, Ex({{4, "樊城, 1", "duplicate: row 1"}, {6, "襄城, 1", "duplicate: row 3"}}));
}

TEST(CheckerKeysTest, KeyPartsDoNotRunTogether) {
  auto a = Field("a", ColumnType::kText);
  a.primary_key = true;
  auto b = Field("b", ColumnType::kText);
  b.primary_key = true;
  auto report = RunRows({a, b}, {{std::string("ab"), std::string("c")}, {std::string("a"), std::string("bc")}});
  EXPECT_EQ(report.key->duplicates, 0);
  EXPECT_EQ(report.key->checked, 2);
}

TEST(CheckerKeysTest, NoPrimaryKeyNoKeySection) {
  auto report = RunRows({Field("x", ColumnType::kText)}, {{std::string("a")}, {std::string("a")}});
  EXPECT_FALSE(report.key.has_value());
}

TEST(CheckerKeysTest, KeyExamplesAreCapped) {
  auto id = Field("id", ColumnType::kInteger);
  id.primary_key = true;
  std::vector<Row> rows(8, Row{int64_t{42}});
  CheckerOptions options;
  options.examples_per_rule = 2;
  auto report = RunRows({id}, rows, options);
  EXPECT_EQ(report.key->duplicates, 7);
  EXPECT_EQ(report.key->examples, Ex({{2, "42", "duplicate: row 1"}, {3, "42", "duplicate: row 1"}}));
}

TEST(CheckerKeysTest, ReferenceLooksUpTheOtherDatasetsKeys) {
  auto region = Field("region", ColumnType::kText);
  region.rules.references = "regions.code";
  auto level = Field("level", ColumnType::kInteger);
  level.rules.references = "levels.id";
  std::vector<std::string> asked;
  CheckerOptions options;
  options.reference_keys = [&asked](std::string_view dataset, std::string_view field)
      -> Result<std::shared_ptr<const std::unordered_set<std::string>>> {
    asked.push_back(std::string(dataset) + "/" + std::string(field));
    if (dataset == "regions") {
      return std::make_shared<const std::unordered_set<std::string>>(
          std::unordered_set<std::string>{"420602", "420606"});
    }
    return std::make_shared<const std::unordered_set<std::string>>(std::unordered_set<std::string>{"1", "2"});
  };
  auto report = RunRows({region, level}, {{std::string("420602"), int64_t{1}},
                                      {std::string("420699"), int64_t{2}},
                                      {std::monostate{}, int64_t{3}},
                                      {std::string("420606"), std::string("2")}},
                    options);
  EXPECT_EQ(asked, (std::vector<std::string>{"regions/code", "levels/id"}));
  const auto& regions = RuleOf(report, "region", kRuleReference);
  EXPECT_EQ(regions.detail, "regions.code");
  EXPECT_EQ(regions.checked, 3);
  EXPECT_EQ(regions.examples, Ex({{2, "420699", "not_found"}}));
  EXPECT_TRUE(regions.skipped.empty());
  EXPECT_EQ(RuleOf(report, "level", kRuleReference).examples, Ex({{3, "3", "not_found"}}));
}

TEST(CheckerKeysTest, UnavailableReferencesAreSkippedNotFailed) {
  auto region = Field("region", ColumnType::kText);
  region.rules.references = "regions.code";
  CheckerOptions options;
  options.reference_keys = [](std::string_view, std::string_view)
      -> Result<std::shared_ptr<const std::unordered_set<std::string>>> {
    return NotFound("catalog.unknown_dataset", "no dataset 'regions'");
  };
  auto report = RunRows({region}, {{std::string("x")}}, options);
  const auto& rule = RuleOf(report, "region", kRuleReference);
  EXPECT_EQ(rule.checked, 0);
  EXPECT_EQ(rule.skipped, "catalog.unknown_dataset: no dataset 'regions'");
  // Nothing else was checked, so validity does not apply and cannot pull the score down.
  EXPECT_FALSE(report.score.parts[1].applies);

  auto without = RunRows({region}, {{std::string("x")}});
  EXPECT_EQ(RuleOf(without, "region", kRuleReference).skipped, "no source of reference keys was given");
}

}  // namespace
}  // namespace yungu::quality

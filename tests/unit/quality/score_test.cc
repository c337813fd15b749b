// The score formula on the worked example of docs/quality.md.
#include <gtest/gtest.h>

#include "yungu/quality/checker.h"
#include "yungu/quality/score.h"

namespace yungu::quality {
namespace {

RuleResult Rule(std::string field, std::string rule, int64_t checked, int64_t failed) {
  RuleResult r;
  r.field = std::move(field);
  r.rule = std::move(rule);
  r.checked = checked;
  r.failed = failed;
  r.pass_share = checked ? static_cast<double>(checked - failed) / static_cast<double>(checked) : 1.0;
  return r;
}

// 100 enterprises: uscc (primary key), name (required), phone (optional).
QualityReport WorkedExample() {
  QualityReport report;
  report.rows = 100;
  report.fields = {{"uscc", "text", true, true, 100, 0, 1.00},
                   {"name", "text", true, true, 98, 2, 0.98},
                   {"phone", "text", false, true, 80, 20, 0.80}};
  report.rules = {Rule("uscc", "required", 100, 0),   // completeness, not validity
                  Rule("uscc", "format", 100, 1),     // 0.99
                  Rule("name", "required", 100, 2),
                  Rule("phone", "format", 80, 4),     // 0.95
                  Rule("phone", "pattern", 0, 0)};    // checked nothing: left out
  report.key = KeyUniqueness{{"uscc"}, 100, 0, 2, {}};  // 0.98
  return report;
}

TEST(ScoreTest, WorkedExampleWithoutTimeliness) {
  const QualityScore score = ComputeScore(WorkedExample(), nullptr);
  ASSERT_EQ(score.parts.size(), 4u);
  // (2*1.00 + 2*0.98 + 1*0.80) / 5 = 0.952
  EXPECT_EQ(score.parts[0].name, "completeness");
  EXPECT_NEAR(score.parts[0].value, 95.2, 1e-9);
  // (0.99 + 0.95) / 2
  EXPECT_EQ(score.parts[1].name, "validity");
  EXPECT_NEAR(score.parts[1].value, 97.0, 1e-9);
  EXPECT_EQ(score.parts[2].name, "uniqueness");
  EXPECT_NEAR(score.parts[2].value, 98.0, 1e-9);
  EXPECT_EQ(score.parts[3].name, "timeliness");
  EXPECT_FALSE(score.parts[3].applies);
  // Timeliness' 15 goes to the others: (30*95.2 + 40*97 + 15*98) / 85
  EXPECT_NEAR(score.value, 8206.0 / 85.0, 1e-9);
}

TEST(ScoreTest, WorkedExampleWithTimeliness) {
  // Monthly, last update 04-10, due 05-10 (L = 30 days), checked 05-16: late by a fifth of the cycle.
  auto t = CheckTimeliness(model::UpdateCycle::kMonthly, "2024-04-10T10:00:00+08:00", "2024-05-16T10:00:00+08:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->status, TimelinessStatus::kOverdue);
  EXPECT_EQ(t->days_late, 6);
  EXPECT_NEAR(*t->score, 80.0, 1e-9);
  QualityReport report = WorkedExample();
  AttachTimeliness(report, *t);
  ASSERT_TRUE(report.timeliness.has_value());
  EXPECT_TRUE(report.score.parts[3].applies);
  // (30*95.2 + 40*97 + 15*98 + 15*80) / 100
  EXPECT_NEAR(report.score.value, 94.06, 1e-9);
}

TEST(ScoreTest, SkippedRulesAndUniqueRulesStayOutOfValidity) {
  QualityReport report = WorkedExample();
  RuleResult skipped = Rule("name", "reference", 0, 0);
  skipped.skipped = "no source of reference keys was given";
  report.rules.push_back(skipped);
  report.rules.push_back(Rule("name", "unique", 98, 49));  // 0.5: uniqueness becomes (0.98 + 0.5) / 2
  const QualityScore score = ComputeScore(report, nullptr);
  EXPECT_NEAR(score.parts[1].value, 97.0, 1e-9);
  EXPECT_NEAR(score.parts[2].value, 74.0, 1e-9);
}

TEST(ScoreTest, NothingToJudgeScores100) {
  const QualityScore score = ComputeScore(QualityReport{}, nullptr);
  for (const auto& part : score.parts) EXPECT_FALSE(part.applies) << part.name;
  EXPECT_EQ(score.value, 100.0);
  Timeliness irregular;  // score nullopt: takes no part
  EXPECT_EQ(ComputeScore(QualityReport{}, &irregular).value, 100.0);
}

TEST(ScoreTest, CheckerReportCarriesItsScore) {
  model::FieldDef id;
  id.name = "id";
  id.type = ColumnType::kInteger;
  id.primary_key = true;
  model::FieldDef note;
  note.name = "note";
  auto checker = QualityChecker::Create({id, note}, {"id", "note"}, {});
  ASSERT_TRUE(checker.ok());
  checker->Add({int64_t{1}, std::string("a")}, 1);
  checker->Add({std::string("x"), std::monostate{}}, 2);
  checker->Add({int64_t{1}, std::string("c")}, 3);
  checker->Add({int64_t{4}, std::monostate{}}, 4);
  const QualityReport report = checker->Finish();
  // completeness (2*1 + 1*0.5) / 3; validity: type 3/4; uniqueness: key 1 - 1/4.
  EXPECT_NEAR(report.score.parts[0].value, 250.0 / 3.0, 1e-9);
  EXPECT_NEAR(report.score.parts[1].value, 75.0, 1e-9);
  EXPECT_NEAR(report.score.parts[2].value, 75.0, 1e-9);
  EXPECT_NEAR(report.score.value, (30 * 250.0 / 3.0 + 40 * 75.0 + 15 * 75.0) / 85.0, 1e-9);
  EXPECT_EQ(report.score, ComputeScore(report, nullptr));
}

}  // namespace
}  // namespace yungu::quality

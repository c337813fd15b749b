#include <gtest/gtest.h>

#include "yungu/quality/checker.h"
#include "yungu/quality/score.h"

namespace yungu::quality {
namespace {

QualityReport SampleReport() {
  model::FieldDef id;
  id.name = "id";
  id.type = ColumnType::kInteger;
  id.primary_key = true;
  model::FieldDef region;
  region.name = "region";
  region.rules.references = "regions.code";  // skipped: no key source
  region.rules.pattern = "\\d{6}";
  auto checker = QualityChecker::Create({id, region}, {"id", "region", "extra"}, {});
  EXPECT_TRUE(checker.ok());
  checker->Add({int64_t{1}, std::string("420602"), std::string("e")}, 1);
  checker->Add({int64_t{1}, std::string("42"), std::string("e")}, 2);
  QualityReport report = checker->Finish();
  auto t = CheckTimeliness(model::UpdateCycle::kDaily, "2024-05-01T10:00:00+08:00", "2024-05-03T10:00:00+08:00");
  EXPECT_TRUE(t.ok());
  AttachTimeliness(report, *t);
  return report;
}

TEST(ReportJsonTest, RoundTrips) {
  const QualityReport report = SampleReport();
  const nlohmann::json j = ToJson(report);
  EXPECT_EQ(j["format"], 1);
  EXPECT_EQ(j["rows"], 2);
  EXPECT_EQ(j["undeclared_columns"], nlohmann::json::array({"extra"}));
  EXPECT_EQ(j["key"]["duplicates"], 1);
  EXPECT_EQ(j["timeliness"]["status"], "overdue");
  EXPECT_EQ(j["rules"][2]["rule"], "pattern");
  EXPECT_EQ(j["rules"][2]["examples"][0], (nlohmann::json{{"row", 2}, {"value", "42"}, {"reason", "no_match"}}));
  EXPECT_EQ(j["rules"][3]["skipped"], "no source of reference keys was given");
  EXPECT_FALSE(j["rules"][2].contains("skipped"));

  // Through text, as it is stored.
  auto back = QualityReportFromJson(nlohmann::json::parse(j.dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, report);
}

TEST(ReportJsonTest, RoundTripsWithoutOptionalParts) {
  QualityReport report;
  report.score = ComputeScore(report, nullptr);
  auto back = QualityReportFromJson(ToJson(report));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->key.has_value());
  EXPECT_FALSE(back->timeliness.has_value());
  EXPECT_EQ(*back, report);
}

TEST(ReportJsonTest, IrregularTimelinessHasANullScore) {
  auto t = CheckTimeliness(model::UpdateCycle::kIrregular, "2024-05-01", "2024-06-01");
  ASSERT_TRUE(t.ok());
  const nlohmann::json j = ToJson(*t);
  EXPECT_TRUE(j["score"].is_null());
  EXPECT_EQ(j["cycle"], "irregular");
  auto back = TimelinessFromJson(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *t);
}

TEST(ReportJsonTest, ErrorsNameThePath) {
  const nlohmann::json good = ToJson(SampleReport());
  auto expect_bad = [](const nlohmann::json& j, std::string_view mention) {
    auto r = QualityReportFromJson(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().error_code(), "quality.bad_report");
    EXPECT_NE(r.status().message().find(mention), std::string::npos) << r.status().message();
  };
  expect_bad(nlohmann::json::array(), "'report' must be an object");
  nlohmann::json j = good;
  j.erase("rows");
  expect_bad(j, "'rows' must be an integer");
  j = good;
  j["format"] = 2;
  expect_bad(j, "'format' is 2");
  j = good;
  j["rules"][2]["examples"][0]["row"] = "two";
  expect_bad(j, "'rules[2].examples[0].row' must be an integer");
  j = good;
  j["timeliness"]["status"] = "late";
  expect_bad(j, "'timeliness.status'");
  j = good;
  j["fields"][0]["share"] = "all";
  expect_bad(j, "'fields[0].share' must be a number");
  j = good;
  j.erase("score");
  expect_bad(j, "'score' is missing");
}

}  // namespace
}  // namespace yungu::quality

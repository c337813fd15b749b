// The harvest report as text and as JSON, and the trace entries of changes.
#include <gtest/gtest.h>

#include "yungu/harvest/harvest.h"
#include "yungu/harvest/trace.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

HarvestReport Sample() {
  HarvestReport r;
  r.source = "http://ckan.test";
  r.since = "2024-01-01T00:00:00";
  r.departments_created = {"jtys"};
  r.datasets = {{Outcome::kCreated, "bus-lines", "uuid-1", "jtys", "", {"group 'misc' is not a theme here; dropped"}},
                {Outcome::kUnchanged, "schools", "uuid-2", "jyj", "", {}},
                {Outcome::kSkipped, "Bad!", "uuid-3", "", "name: Must be purely lowercase", {}},
                {Outcome::kConflict, "cpi", "uuid-4", "TJJ", "a local dataset has this id", {}}};
  r.elapsed = std::chrono::milliseconds(1234);
  return r;
}

TEST(ReportTest, CountsEachOutcome) {
  HarvestReport r = Sample();
  EXPECT_EQ(r.Count(Outcome::kCreated), 1);
  EXPECT_EQ(r.Count(Outcome::kUnchanged), 1);
  EXPECT_EQ(r.Count(Outcome::kDeleted), 0);
}

TEST(ReportTest, TextHasASummaryAndALinePerChange) {
  std::string text = ReportText(Sample());
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "harvest of http://ckan.test (ckan, changes since 2024-01-01T00:00:00): 1 created, 0 updated, "
            "1 unchanged, 1 skipped, 1 conflict, 0 missing, 0 deleted; 1 departments created (1.23 s)");
  EXPECT_NE(text.find("\n  department  jtys\n"), std::string::npos);
  EXPECT_NE(text.find("\n  created     bus-lines  [jtys]\n"), std::string::npos);
  EXPECT_NE(text.find("\n  skipped     Bad!: name: Must be purely lowercase\n"), std::string::npos);
  EXPECT_NE(text.find("\n  conflict    cpi  [TJJ]: a local dataset has this id\n"), std::string::npos);
  EXPECT_NE(text.find("\n  warning     bus-lines: group 'misc' is not a theme here; dropped\n"), std::string::npos);
  EXPECT_EQ(text.find("schools"), std::string::npos);  // unchanged ones are only counted
}

TEST(ReportTest, JsonListsEverythingAndTheError) {
  HarvestReport r = Sample();
  r.error = IoError("harvest.http_status", "http://ckan.test answered HTTP 502");
  json j = ReportJson(r);
  EXPECT_EQ(j["source"], "http://ckan.test");
  EXPECT_EQ(j["type"], "ckan");
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["counts"]["created"], 1);
  EXPECT_EQ(j["counts"]["conflict"], 1);
  EXPECT_EQ(j["departments_created"], json::array({"jtys"}));
  ASSERT_EQ(j["datasets"].size(), 4u);
  EXPECT_EQ(j["datasets"][2], json::parse(R"({"id": "Bad!", "remote_id": "uuid-3", "outcome": "skipped",
                                               "department": "", "reason": "name: Must be purely lowercase"})"));
  EXPECT_EQ(j["error"]["code"], "harvest.http_status");
  EXPECT_DOUBLE_EQ(j["seconds"].get<double>(), 1.234);
  EXPECT_NE(ReportText(r).find("stopped early"), std::string::npos);
}

TEST(TraceTest, ADatasetChangeIsAnAdminEntryOfTheHarvester) {
  audit::AuditEvent e =
      TraceEvent({Change::Kind::kDatasetUpdated, "bus-lines", "http://ckan.test", "uuid-1"}, "harvester");
  EXPECT_EQ(e.category, "admin");
  EXPECT_EQ(e.action, "dataset.harvest");
  EXPECT_EQ(e.via, "local");
  EXPECT_EQ(e.user_id, "local:harvester");
  EXPECT_EQ(e.dataset_id, "bus-lines");
  EXPECT_EQ(e.detail, json::parse(R"({"change": "updated", "source": "http://ckan.test", "remote_id": "uuid-1"})"));

  audit::AuditEvent d = TraceEvent({Change::Kind::kDepartmentCreated, "jtys", "http://ckan.test", "jtys"}, "ops");
  EXPECT_EQ(d.action, "department.create");
  EXPECT_EQ(d.target, "jtys");
  EXPECT_EQ(d.detail["via"], "harvest");
}

}  // namespace
}  // namespace yungu::harvest

// The harvester against a CKAN portal in memory and a real (SQLite) store:
// what it creates, updates, leaves alone, refuses and reports.
#include <gtest/gtest.h>

#include "unit/harvest/fake_sources.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/harvest/harvest.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::harvest {
namespace {

using fakes::Answer;
using fakes::FakeCkan;
using fakes::FakeHttp;
using fakes::Package;
using nlohmann::json;

class HarvesterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ckan_.packages = {Package("bus-lines", "jtys", "2024-01-01T00:00:01"),
                      Package("bus-stops", "jtys", "2024-01-01T00:00:02"),
                      Package("schools", "jyj", "2024-01-01T00:00:03")};
  }

  HarvestReport Run(HarvestOptions options = {}) {
    if (options.source.empty()) options.source = "http://ckan.test/api/3";
    FakeHttp http = ckan_.Client();
    HarvestReport report = Harvest(*store_, http, options, [this](const Change& c) {
      changes_.push_back(c);
      return Status::Ok();
    });
    last_urls_ = http.urls;
    return report;
  }

  model::DatasetMeta Get(const std::string& id) {
    auto meta = store_->GetDataset(id);
    EXPECT_TRUE(meta.ok()) << id << ": " << meta.status().ToString();
    return meta.ok() ? *meta : model::DatasetMeta{};
  }

  const DatasetLine* Line(const HarvestReport& r, const std::string& id) {
    for (const auto& line : r.datasets) {
      if (line.id == id) return &line;
    }
    return nullptr;
  }

  fakes::ScratchDir dir_;
  std::unique_ptr<storage::Store> store_;
  FakeCkan ckan_;
  std::vector<Change> changes_;
  std::vector<std::string> last_urls_;
};

TEST_F(HarvesterTest, FirstRunCreatesDatasetsAndTheirDepartments) {
  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.source, "http://ckan.test");
  EXPECT_EQ(r.since, "");
  EXPECT_EQ(r.Count(Outcome::kCreated), 3);
  EXPECT_EQ(r.departments_created, (std::vector<std::string>{"jtys", "jyj"}));
  // A first run asks for everything, oldest first.
  ASSERT_EQ(last_urls_.size(), 1u);
  auto params = fakes::QueryParams(last_urls_[0]);
  EXPECT_EQ(params.count("fq"), 0u);
  EXPECT_EQ(params["sort"], "metadata_modified asc");
  EXPECT_EQ(params["rows"], "100");
  EXPECT_EQ(params["include_private"], "true");

  auto dept = store_->GetDepartment("jtys");
  ASSERT_TRUE(dept.ok());
  EXPECT_EQ(dept->name, "部门 jtys");
  model::DatasetMeta m = Get("bus-stops");
  EXPECT_EQ(m.department, "jtys");
  EXPECT_EQ(m.name, "数据集 bus-stops");
  EXPECT_EQ(m.themes, (std::vector<std::string>{"transport"}));
  EXPECT_EQ(m.opening_type, model::OpeningType::kUnconditional);
  EXPECT_EQ(m.extras.at("harvest_source"), "http://ckan.test");
  EXPECT_EQ(m.extras.at("harvest_remote_id"), "uuid-bus-stops");
  EXPECT_EQ(m.extras.at("harvest_remote_modified"), "2024-01-01T00:00:02");
  ASSERT_EQ(m.links.size(), 1u);
  EXPECT_EQ(m.links[0].url, "https://example.org/bus-stops.csv");
  EXPECT_EQ(m.format, "csv");  // from the resource's format

  // Each department and dataset was handed to the tracer once.
  ASSERT_EQ(changes_.size(), 5u);
  EXPECT_EQ(changes_[0].kind, Change::Kind::kDepartmentCreated);
  EXPECT_EQ(changes_[0].id, "jtys");
  EXPECT_EQ(changes_[1].kind, Change::Kind::kDatasetCreated);
  EXPECT_EQ(changes_[1].id, "bus-lines");
  EXPECT_EQ(changes_[1].remote_id, "uuid-bus-lines");
  EXPECT_EQ(changes_[1].source, "http://ckan.test");
}

TEST_F(HarvesterTest, NextRunAsksFromTheWatermarkAndFindsNothingChanged) {
  ASSERT_TRUE(Run().error.ok());
  changes_.clear();
  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.since, "2024-01-01T00:00:03");
  EXPECT_EQ(fakes::QueryParams(last_urls_[0])["fq"], "metadata_modified:[2024-01-01T00:00:03Z TO *]");
  EXPECT_EQ(r.Count(Outcome::kUnchanged), 1);  // the one at the watermark itself
  EXPECT_EQ(r.datasets.size(), 1u);
  EXPECT_TRUE(changes_.empty());
  EXPECT_EQ(Get("schools").metadata_revision, 1);  // not written again
}

TEST_F(HarvesterTest, AChangedPackageIsUpdatedAndOnlyIt) {
  ASSERT_TRUE(Run().error.ok());
  ckan_.packages[1] = Package("bus-stops", "jtys", "2024-02-01T08:00:00", "公交站点（新）");
  ckan_.packages[1]["resources"].push_back({{"url", "https://example.org/more.pdf"}, {"format", "PDF"}});
  const size_t links_before = Get("bus-stops").links.size();
  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.Count(Outcome::kUpdated), 1);
  EXPECT_EQ(r.Count(Outcome::kCreated), 0);
  ASSERT_NE(Line(r, "bus-stops"), nullptr);
  EXPECT_EQ(Line(r, "bus-stops")->outcome, Outcome::kUpdated) << Line(r, "bus-stops")->reason;
  model::DatasetMeta m = Get("bus-stops");
  EXPECT_EQ(m.name, "公交站点（新）");
  EXPECT_EQ(m.extras.at("harvest_remote_modified"), "2024-02-01T08:00:00");
  // The link that was there keeps its id; the new one gets the next.
  ASSERT_EQ(m.links.size(), 2u);
  EXPECT_EQ(links_before, 1u);
  EXPECT_EQ(m.links[0].id, "bus-stops.1");
  EXPECT_EQ(m.links[1].id, "bus-stops.2");
  ASSERT_EQ(changes_.back().kind, Change::Kind::kDatasetUpdated);
}

TEST_F(HarvesterTest, ALocalDatasetWithTheSameIdIsAConflictAndLeftAlone) {
  catalog::CatalogService catalog(*store_);
  ASSERT_TRUE(catalog.PutDepartment({"LOCAL", "本地部门", "", "", ""}).ok());
  model::DatasetMeta local;
  local.id = "schools";
  local.name = "本地学校名录";
  local.department = "LOCAL";
  local.sharing_conditions = "审核";
  ASSERT_TRUE(catalog.CreateDataset(local).ok());

  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.Count(Outcome::kCreated), 2);
  EXPECT_EQ(r.Count(Outcome::kConflict), 1);
  ASSERT_NE(Line(r, "schools"), nullptr);
  EXPECT_EQ(Line(r, "schools")->outcome, Outcome::kConflict);
  EXPECT_NE(Line(r, "schools")->reason.find("not harvested"), std::string::npos);
  EXPECT_EQ(Get("schools").name, "本地学校名录");
  EXPECT_EQ(Get("schools").department, "LOCAL");
  // Its organization was not needed, so not created.
  EXPECT_FALSE(store_->GetDepartment("jyj").ok());
}

TEST_F(HarvesterTest, ADatasetOfAnotherSourceIsAConflictToo) {
  ASSERT_TRUE(Run().error.ok());
  FakeCkan other("http://other.test");
  other.packages = {Package("bus-lines", "x", "2025-01-01T00:00:00", "别处的公交线路")};
  FakeHttp http = other.Client();
  HarvestOptions o;
  o.source = "http://other.test/";
  HarvestReport r = Harvest(*store_, http, o);
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  ASSERT_EQ(r.datasets.size(), 1u);
  EXPECT_EQ(r.datasets[0].outcome, Outcome::kConflict);
  EXPECT_NE(r.datasets[0].reason.find("http://ckan.test"), std::string::npos);
  EXPECT_EQ(Get("bus-lines").name, "数据集 bus-lines");
}

TEST_F(HarvesterTest, UnmappableValuesAreDroppedWithWarnings) {
  json& p = ckan_.packages[0];
  p["groups"].push_back({{"name", "space-exploration"}});
  p["tags"].push_back({{"name", std::string(80, 'x')}});
  p["resources"].push_back({{"url", "ftp://example.org/file.zip"}, {"name", "ftp"}});
  p["extras"] = json::array({{{"key", "update_cycle"}, {"value", "fortnightly"}}, {{"key", "spatial"}, {"value", "襄阳"}}});
  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok());
  const DatasetLine* line = Line(r, "bus-lines");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->outcome, Outcome::kCreated);
  ASSERT_EQ(line->warnings.size(), 4u);
  EXPECT_NE(line->warnings[0].find("space-exploration"), std::string::npos);
  model::DatasetMeta m = Get("bus-lines");
  EXPECT_EQ(m.themes, (std::vector<std::string>{"transport"}));
  EXPECT_EQ(m.tags, (std::vector<std::string>{"公交"}));
  EXPECT_EQ(m.links.size(), 1u);
  EXPECT_EQ(m.update_cycle, model::UpdateCycle::kIrregular);
  EXPECT_EQ(m.extras.at("spatial"), "襄阳");
}

TEST_F(HarvesterTest, APackageTheCatalogCannotHoldIsSkippedWithTheReason) {
  ckan_.packages.push_back(Package("Bad Name!", "jyj", "2024-01-01T00:00:04"));
  json no_org = Package("orphan", "x", "2024-01-01T00:00:05");
  no_org["organization"] = nullptr;
  no_org["owner_org"] = nullptr;
  ckan_.packages.push_back(no_org);
  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok());
  EXPECT_EQ(r.Count(Outcome::kCreated), 3);
  EXPECT_EQ(r.Count(Outcome::kSkipped), 2);
  const DatasetLine* bad = Line(r, "Bad Name!");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->outcome, Outcome::kSkipped);
  EXPECT_EQ(bad->reason.rfind("name: ", 0), 0u) << bad->reason;
  const DatasetLine* orphan = Line(r, "orphan");
  ASSERT_NE(orphan, nullptr);
  EXPECT_NE(orphan->reason.find("--department"), std::string::npos);
}

TEST_F(HarvesterTest, DepartmentOptionPutsEverythingInOne) {
  catalog::CatalogService catalog(*store_);
  ASSERT_TRUE(catalog.PutDepartment({"HUB", "数据中心", "", "", ""}).ok());
  HarvestOptions o;
  o.department = "HUB";
  HarvestReport r = Run(o);
  ASSERT_TRUE(r.error.ok());
  EXPECT_TRUE(r.departments_created.empty());
  EXPECT_EQ(Get("schools").department, "HUB");

  o.department = "NOPE";
  HarvestReport missing = Run(o);
  EXPECT_EQ(missing.error.error_code(), "harvest.unknown_department");
  EXPECT_TRUE(missing.datasets.empty());
}

TEST_F(HarvesterTest, FullRunReportsWhatTheSourceDroppedAndCanDeleteIt) {
  ASSERT_TRUE(Run().error.ok());
  ckan_.packages.erase(ckan_.packages.begin());  // bus-lines is gone
  HarvestReport incremental = Run();
  EXPECT_EQ(incremental.Count(Outcome::kMissing), 0);  // an incremental run cannot tell

  HarvestOptions o;
  o.full = true;
  HarvestReport full = Run(o);
  ASSERT_TRUE(full.error.ok());
  EXPECT_EQ(full.since, "");
  EXPECT_EQ(fakes::QueryParams(last_urls_[0]).count("fq"), 0u);
  EXPECT_EQ(full.Count(Outcome::kUnchanged), 2);
  ASSERT_EQ(full.Count(Outcome::kMissing), 1);
  EXPECT_EQ(Line(full, "bus-lines")->outcome, Outcome::kMissing);
  EXPECT_TRUE(store_->GetDataset("bus-lines").ok());

  o.delete_missing = true;
  changes_.clear();
  HarvestReport deleting = Run(o);
  ASSERT_TRUE(deleting.error.ok());
  EXPECT_EQ(deleting.Count(Outcome::kDeleted), 1);
  EXPECT_EQ(store_->GetDataset("bus-lines").status().code(), Code::kNotFound);
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_EQ(changes_[0].kind, Change::Kind::kDatasetDeleted);
}

TEST_F(HarvesterTest, DryRunChangesNothing) {
  HarvestOptions o;
  o.dry_run = true;
  HarvestReport r = Run(o);
  ASSERT_TRUE(r.error.ok());
  EXPECT_EQ(r.Count(Outcome::kCreated), 3) << ReportText(r);
  EXPECT_EQ(r.departments_created.size(), 2u);
  EXPECT_TRUE(changes_.empty());
  EXPECT_EQ(store_->GetDataset("bus-lines").status().code(), Code::kNotFound);
  EXPECT_FALSE(store_->GetDepartment("jtys").ok());
}

TEST_F(HarvesterTest, PagesThroughLargePortals) {
  ckan_.packages.clear();
  for (int i = 0; i < 250; ++i) {
    char modified[32];
    std::snprintf(modified, sizeof modified, "2024-01-01T00:%02d:%02d", i / 60, i % 60);
    ckan_.packages.push_back(Package("ds-" + std::to_string(i), "org", modified));
  }
  HarvestReport r = Run();
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.Count(Outcome::kCreated), 250);
  ASSERT_EQ(last_urls_.size(), 3u);
  EXPECT_EQ(fakes::QueryParams(last_urls_[2])["start"], "200");
}

TEST_F(HarvesterTest, TheTokenTravelsAsCkansAuthorizationHeader) {
  FakeHttp http = ckan_.Client();
  HarvestOptions o;
  o.source = "http://ckan.test";
  o.token = "tok-123";
  ASSERT_TRUE(Harvest(*store_, http, o).error.ok());
  bool sent = false;
  for (const auto& [name, value] : http.sent_headers[0]) sent |= name == "Authorization" && value == "tok-123";
  EXPECT_TRUE(sent);
}

TEST_F(HarvesterTest, ATraceThatFailsStopsTheRun) {
  FakeHttp http = ckan_.Client();
  HarvestOptions o;
  o.source = "http://ckan.test";
  int calls = 0;
  HarvestReport r = Harvest(*store_, http, o, [&](const Change&) {
    ++calls;
    return IoError("audit.write", "disk full");
  });
  EXPECT_EQ(r.error.error_code(), "audit.write");
  EXPECT_EQ(calls, 1);  // the first department; nothing after it
}

TEST_F(HarvesterTest, AStopRequestEndsTheRunBeforeTheNextDataset) {
  FakeHttp http = ckan_.Client();
  HarvestOptions o;
  o.source = "http://ckan.test";
  int asked = 0;
  o.stop_requested = [&] { return ++asked > 1; };
  HarvestReport r = Harvest(*store_, http, o);
  EXPECT_EQ(r.error.error_code(), "harvest.stopped");
  EXPECT_EQ(r.Count(Outcome::kCreated), 1);
}

// ---------------------------------------------------------------------------
// Sources that fail

HarvestReport RunAgainst(storage::Store& store, FakeHttp::Handler handler) {
  FakeHttp http(std::move(handler));
  HarvestOptions o;
  o.source = "http://broken.test";
  return Harvest(store, http, o);
}

TEST_F(HarvesterTest, SourceErrorsAreClearAndStable) {
  auto html = RunAgainst(*store_, [](auto&, auto&) { return Answer(500, "<html>oops</html>", "text/html"); });
  EXPECT_EQ(html.error.error_code(), "harvest.http_status");
  EXPECT_NE(html.error.message().find("HTTP 500"), std::string::npos) << html.error.message();

  auto not_json = RunAgainst(*store_, [](auto&, auto&) { return Answer(200, "<html>a portal</html>", "text/html"); });
  EXPECT_EQ(not_json.error.error_code(), "harvest.bad_json");
  EXPECT_EQ(not_json.error.code(), Code::kInvalidArgument);

  auto refused = RunAgainst(*store_, [](auto&, auto&) {
    return Answer(403, R"({"success": false, "error": {"__type": "Authorization Error", "message": "Access denied"}})");
  });
  EXPECT_EQ(refused.error.error_code(), "harvest.remote_error");
  EXPECT_NE(refused.error.message().find("Authorization Error: Access denied"), std::string::npos);

  auto shapeless = RunAgainst(*store_, [](auto&, auto&) { return Answer(200, R"({"hello": "world"})"); });
  EXPECT_EQ(shapeless.error.error_code(), "harvest.bad_response");

  auto no_results = RunAgainst(*store_, [](auto&, auto&) { return Answer(200, R"({"success": true, "result": 3})"); });
  EXPECT_EQ(no_results.error.error_code(), "harvest.bad_response");

  auto offline = RunAgainst(*store_, [](auto&, auto&) -> Result<HttpResponse> {
    return IoError("harvest.connect", "connecting to broken.test:80 failed: Connection refused");
  });
  EXPECT_EQ(offline.error.error_code(), "harvest.connect");
  EXPECT_TRUE(offline.datasets.empty());
}

TEST_F(HarvesterTest, AFailureHalfWayKeepsWhatWasDoneAndReportsIt) {
  FakeHttp http([this](const std::string& url, const fakes::Headers&) -> Result<HttpResponse> {
    if (fakes::QueryParams(url)["start"] != "0") return Answer(502, "bad gateway", "text/plain");
    return ckan_.Answer(url);
  });
  ckan_.rows_cap = 2;  // two pages
  HarvestOptions o;
  o.source = "http://ckan.test";
  HarvestReport r = Harvest(*store_, http, o);
  EXPECT_EQ(r.error.error_code(), "harvest.http_status");
  EXPECT_EQ(r.Count(Outcome::kCreated), 2);
  EXPECT_TRUE(store_->GetDataset("bus-stops").ok());
}

}  // namespace
}  // namespace yungu::harvest

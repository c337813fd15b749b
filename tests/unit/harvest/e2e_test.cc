// End to end: a second Yungu (`yungu serve --demo` data) is the source,
// and the real `yungu harvest` copies its catalog into an empty data
// directory, through the CKAN Action API and through DCAT.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "unit/harvest/loopback_server.h"
#include "unit/server/test_server.h"

namespace yungu::harvest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using yungu::testing::ProcessResult;
using yungu::testing::RunYungu;
using yungu::testing::TempDir;
using yungu::testing::TestServer;

json ParseJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

// `yungu harvest --json` into `data`; the report, checked to have run.
json Harvest(const fs::path& data, const std::string& source, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"harvest", "--data", data.string(), "--source", source, "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  ProcessResult r = RunYungu(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  return ParseJson(r.out);
}

std::set<std::string> Ids(const json& report, const std::string& outcome) {
  std::set<std::string> out;
  for (const auto& d : report["datasets"]) {
    if (d["outcome"] == outcome) out.insert(d["id"].get<std::string>());
  }
  return out;
}

// The source's packages as its CKAN API lists them to `token` ("" = anyone).
std::map<std::string, bool> SourcePackages(const TestServer& source, const std::string& token) {
  auto r = source.GetAs(token, "/api/3/action/package_search?rows=1000&include_private=true");
  EXPECT_EQ(r.status, 200) << r.body;
  std::map<std::string, bool> out;  // name -> private
  const json body = ParseJson(r.body);
  for (const auto& p : body["result"]["results"]) out[p["name"].get<std::string>()] = p["private"].get<bool>();
  return out;
}

json LocalDataset(const fs::path& data, const std::string& id) {
  ProcessResult r = RunYungu({"catalog", "show", id, "--data", data.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ParseJson(r.out);
}

std::string MetadataModified(const TestServer& source, const std::string& id) {
  auto r = source.Get("/api/3/action/package_show?id=" + id);
  return ParseJson(r.body)["result"]["metadata_modified"];
}

TEST(HarvestEndToEnd, CkanSourceIncrementallyWithConflictsAndTokens) {
  TestServer source(TestServer::Options::Demo());
  ASSERT_TRUE(source.ok());
  auto everyone = SourcePackages(source, "");
  auto admin = SourcePackages(source, source.admin_token());
  ASSERT_EQ(everyone.size(), 10u);
  ASSERT_GT(admin.size(), everyone.size());  // the demo has private datasets
  std::set<std::string> public_ids;
  for (const auto& [name, is_private] : everyone) public_ids.insert(name);

  TempDir target("yungu_harvest_target");
  const fs::path data = target.path() / "data";
  auto started = std::chrono::steady_clock::now();
  json first = Harvest(data, source.url());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("first_harvest_seconds", std::to_string(seconds));
  std::printf("first harvest of the demo (10 datasets): %.2f s with the process, %.3f s inside\n", seconds,
              first["seconds"].get<double>());
  EXPECT_EQ(first["ok"], true);
  EXPECT_EQ(first["source"], source.url().substr(0, source.url().size() - 1));  // no trailing '/'
  EXPECT_EQ(first["counts"]["created"], 10);
  EXPECT_EQ(Ids(first, "created"), public_ids);  // the private ones stay home without a token
  EXPECT_GE(first["departments_created"].size(), 5u);
  json bus = LocalDataset(data, "bus-lines");
  EXPECT_EQ(bus["department"], "JTYS");
  EXPECT_EQ(bus["opening_type"], "unconditional");
  EXPECT_EQ(bus["extras"]["harvest_source"], first["source"]);
  EXPECT_EQ(bus["extras"]["harvest_remote_id"], "bus-lines");
  ProcessResult dept = RunYungu({"catalog", "list", "--data", data.string(), "--department", "JTYS", "--json"});
  EXPECT_EQ(ParseJson(dept.out)["total"], 2);

  // Nothing changed at the source: nothing changes here.
  json second = Harvest(data, source.url());
  EXPECT_EQ(second["counts"]["created"], 0);
  EXPECT_EQ(second["counts"]["updated"], 0);
  EXPECT_GT(second["counts"]["unchanged"].get<int>(), 0);
  EXPECT_EQ(second["counts"]["unchanged"], second["datasets"].size());
  EXPECT_TRUE(second["since"].is_string());

  // One dataset changes at the source (its timestamps have whole seconds:
  // wait for a new one if need be).
  const std::string before = MetadataModified(source, "bus-lines");
  for (int attempt = 0; attempt < 5 && MetadataModified(source, "bus-lines") == before; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto patched = source.PostJson("/api/3/action/package_patch",
                                   R"({"id": "bus-lines", "title": "襄阳市公交线路（第)" + std::to_string(attempt) +
                                       R"(次更新）"})");
    ASSERT_EQ(patched.status, 200) << patched.body;
  }
  const std::string new_title = ParseJson(source.Get("/api/3/action/package_show?id=bus-lines").body)["result"]["title"];
  json third = Harvest(data, source.url());
  EXPECT_EQ(third["counts"]["updated"], 1) << third.dump(2);
  EXPECT_EQ(Ids(third, "updated"), std::set<std::string>{"bus-lines"});
  EXPECT_EQ(third["counts"]["created"], 0);
  EXPECT_EQ(LocalDataset(data, "bus-lines")["name"], new_title);

  // A dataset maintained here (no longer from the source) is left alone.
  ProcessResult local = RunYungu({"catalog", "update", "bus-stops", "-", "--data", data.string()},
                                 R"({"extras": {}, "summary": "本地维护"})");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  json fourth = Harvest(data, source.url(), {"--full"});
  EXPECT_EQ(Ids(fourth, "conflict"), std::set<std::string>{"bus-stops"});
  EXPECT_EQ(fourth["counts"]["missing"], 0);
  EXPECT_EQ(LocalDataset(data, "bus-stops")["summary"], "本地维护");

  // Every change is in the trace.
  ProcessResult trace = RunYungu({"audit", "export", "--data", data.string(), "--action", "dataset.harvest"});
  ASSERT_EQ(trace.exit_code, 0) << trace.err;
  EXPECT_EQ(std::count(trace.out.begin(), trace.out.end(), '\n'), 11);  // 10 created, 1 updated

  // With a token the private datasets come too, as private ones.
  TempDir with_token("yungu_harvest_token");
  json all = Harvest(with_token.path() / "data", source.url() + "api/3", {"--token", source.admin_token()});
  EXPECT_EQ(all["counts"]["created"], static_cast<int>(admin.size()));
  for (const auto& [name, is_private] : admin) {
    if (!is_private) continue;
    EXPECT_EQ(LocalDataset(with_token.path() / "data", name)["opening_type"], "none") << name;
    break;
  }
}

TEST(HarvestEndToEnd, DcatSourceInTurtleAndRdfXml) {
  TestServer source(TestServer::Options::Demo());
  ASSERT_TRUE(source.ok());
  std::set<std::string> public_ids;
  for (const auto& [name, is_private] : SourcePackages(source, "")) public_ids.insert(name);

  for (const std::string document : {"catalog.ttl", "catalog.rdf"}) {
    TempDir target("yungu_harvest_dcat");
    const fs::path data = target.path() / "data";
    json first = Harvest(data, source.url() + document);
    EXPECT_EQ(first["type"], "dcat");
    EXPECT_EQ(Ids(first, "created"), public_ids) << document;
    json schools = LocalDataset(data, "schools");
    EXPECT_EQ(schools["department"], "JYJ");
    EXPECT_FALSE(schools["name"].get<std::string>().empty());
    EXPECT_FALSE(schools["links"].empty());
    json again = Harvest(data, source.url() + document);
    EXPECT_EQ(again["counts"]["unchanged"], 10) << document;
  }
}

TEST(HarvestEndToEnd, BadSourcesFailClearly) {
  TempDir target("yungu_harvest_bad");
  const std::string data = (target.path() / "data").string();
  uint16_t closed_port = 0;
  {
    fakes::LoopbackServer gone([](const std::string&) { return std::string("x"); });
    closed_port = gone.port();
  }
  ProcessResult refused = RunYungu({"harvest", "--data", data, "--source", "http://127.0.0.1:" + std::to_string(closed_port)});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("[harvest.connect]"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Connection refused"), std::string::npos) << refused.err;

  fakes::LoopbackServer not_found([](const std::string&) {
    return std::string("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<h1>?</h1");
  });
  ProcessResult missing = RunYungu({"harvest", "--data", data, "--source", not_found.url("/portal")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("HTTP 404"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("[harvest.http_status]"), std::string::npos) << missing.err;
  ProcessResult missing_dcat = RunYungu({"harvest", "--data", data, "--source", not_found.url("/catalog.ttl")});
  EXPECT_NE(missing_dcat.err.find("[harvest.http_status]"), std::string::npos) << missing_dcat.err;

  fakes::LoopbackServer html([](const std::string&) { return fakes::Reply(200, "<html>a web site</html>"); });
  ProcessResult not_json = RunYungu({"harvest", "--data", data, "--source", html.url("/"), "--json"});
  EXPECT_EQ(not_json.exit_code, 3);
  EXPECT_NE(not_json.err.find("[harvest.bad_json]"), std::string::npos) << not_json.err;
  json report = ParseJson(not_json.out);
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["error"]["code"], "harvest.bad_json");

  ProcessResult bad_flag = RunYungu({"harvest", "--data", data, "--source", html.url("/"), "--delete-missing"});
  EXPECT_EQ(bad_flag.exit_code, 2);  // needs --full
}

TEST(HarvestEndToEnd, ServeHarvestsOnSchedule) {
  TestServer source(TestServer::Options::Demo());
  ASSERT_TRUE(source.ok());
  TempDir config_dir("yungu_harvest_config");
  fs::path config = config_dir.path() / "yungu.toml";
  yungu::testing::WriteFileBytes(config, "[[harvest]]\nsource = \"" + source.url() + "\"\nevery_minutes = 5\n");
  TestServer target(TestServer::Options::Args({"--config", config.string()}));
  ASSERT_TRUE(target.ok());
  // The first harvest runs as the server starts.
  int64_t count = 0;
  for (int i = 0; i < 300 && count < 10; ++i) {
    auto r = target.Get("/api/3/action/package_search?rows=100");
    count = ParseJson(r.body)["result"]["count"].get<int64_t>();
    if (count < 10) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(count, 10) << target.Log();
  target.Stop();
  EXPECT_NE(target.Output().find("harvest of " + source.url().substr(0, source.url().size() - 1)), std::string::npos)
      << target.Output();

  fs::path bad = config_dir.path() / "bad.toml";
  yungu::testing::WriteFileBytes(bad, "[[harvest]]\nsource = \"" + source.url() + "\"\nevery_minutes = 1\n");
  ProcessResult refused = RunYungu({"serve", "--data", (config_dir.path() / "d").string(), "--listen", "127.0.0.1:0",
                                    "--config", bad.string()});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("every_minutes"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace yungu::harvest

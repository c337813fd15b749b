// The small mapping pieces: naming a source, department codes, CKAN's
// envelope and package dicts, and the clean-up of values the catalog
// cannot hold.
#include <gtest/gtest.h>

#include "harvest/ckan_source.h"
#include "harvest/package_cleanup.h"
#include "unit/harvest/fake_sources.h"
#include "yungu/harvest/harvest.h"

namespace yungu::harvest {
namespace {

using fakes::Answer;
using nlohmann::json;

TEST(SourceTest, GuessesTheTypeFromTheUrl) {
  EXPECT_EQ(GuessSourceType("https://data.example.org"), SourceType::kCkan);
  EXPECT_EQ(GuessSourceType("https://data.example.org/api/3"), SourceType::kCkan);
  EXPECT_EQ(GuessSourceType("https://data.example.org/catalog.ttl"), SourceType::kDcat);
  EXPECT_EQ(GuessSourceType("https://data.example.org/catalog.rdf?page=2"), SourceType::kDcat);
  EXPECT_EQ(GuessSourceType("https://data.example.org/catalog.jsonld"), SourceType::kDcat);
  EXPECT_EQ(ParseSourceType("dcat"), SourceType::kDcat);
  EXPECT_FALSE(ParseSourceType("csw"));
}

TEST(SourceTest, NormalizesToThePortalsRoot) {
  EXPECT_EQ(*NormalizeSource("http://127.0.0.1:8080/", SourceType::kCkan), "http://127.0.0.1:8080");
  EXPECT_EQ(*NormalizeSource("HTTP://Data.Example.org/api/3", SourceType::kCkan), "http://data.example.org");
  EXPECT_EQ(*NormalizeSource("https://x.org:443/portal/api/3/action/package_search?q=a", SourceType::kCkan),
            "https://x.org/portal");
  EXPECT_EQ(*NormalizeSource("https://x.org/catalog.ttl?q=交通", SourceType::kDcat), "https://x.org/catalog.ttl?q=交通");
  EXPECT_EQ(NormalizeSource("ftp://x.org/", SourceType::kCkan).status().error_code(), "harvest.bad_url");
  EXPECT_EQ(NormalizeSource("x.org", SourceType::kCkan).status().error_code(), "harvest.bad_url");
}

TEST(DepartmentCodeTest, KeepsWhatFitsAndHashesWhatDoesNot) {
  EXPECT_EQ(DepartmentCode("SCJG"), "SCJG");
  EXPECT_EQ(DepartmentCode("city-transport_bureau"), "city-transport_bureau");
  EXPECT_EQ(DepartmentCode("city transport.bureau"), "city-transport-bureau");
  std::string chinese = DepartmentCode("市交通运输局");
  EXPECT_EQ(chinese.rfind("org-", 0), 0u);
  EXPECT_EQ(chinese.size(), 12u);
  EXPECT_EQ(chinese, DepartmentCode("市交通运输局"));  // stable
  EXPECT_NE(chinese, DepartmentCode("市教育局"));
  std::string long_name(40, 'a');
  std::string code = DepartmentCode(long_name);
  EXPECT_EQ(code.size(), 32u);
  EXPECT_EQ(code.substr(0, 24), std::string(23, 'a') + "-");
  EXPECT_NE(code, DepartmentCode(std::string(41, 'a')));
}

TEST(CkanEnvelopeTest, GivesTheResultOrSaysWhatWentWrong) {
  auto ok = ActionResult(Answer(200, R"({"success": true, "result": {"count": 0}})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["count"], 0);

  auto failed = ActionResult(Answer(409, R"({"success": false, "error": {"__type": "Validation Error", "fq": ["bad"]}})"));
  EXPECT_EQ(failed.status().error_code(), "harvest.remote_error");
  EXPECT_NE(failed.status().message().find("Validation Error: fq: [\"bad\"]"), std::string::npos)
      << failed.status().message();

  auto html404 = ActionResult(Answer(404, "<h1>Not Found</h1>", "text/html"));
  EXPECT_EQ(html404.status().error_code(), "harvest.http_status");
  EXPECT_NE(html404.status().message().find("HTTP 404 (text/html)"), std::string::npos);

  auto text = ActionResult(Answer(200, std::string(1000, 'x'), "text/plain"));
  EXPECT_EQ(text.status().error_code(), "harvest.bad_json");
  EXPECT_LT(text.status().message().size(), 500u);  // the body is quoted, not dumped
}

TEST(CkanEnvelopeTest, ReadsWhatTheHarvesterNeedsFromAPackage) {
  RemoteDataset r = FromPackage(fakes::Package("bus-lines", "jtys", "2024-01-02T03:04:05.123456"));
  EXPECT_EQ(r.remote_id, "uuid-bus-lines");
  EXPECT_EQ(r.modified, "2024-01-02T03:04:05.123456");
  EXPECT_EQ(r.organization.name, "jtys");
  EXPECT_EQ(r.organization.title, "部门 jtys");

  json bare = {{"name", "x"}, {"owner_org", "org-id"}};
  RemoteDataset b = FromPackage(bare);
  EXPECT_EQ(b.remote_id, "x");
  EXPECT_EQ(b.organization.name, "org-id");
  EXPECT_EQ(b.modified, "");
}

TEST(CkanEnvelopeTest, AsksSolrForChangesSinceInUtc) {
  EXPECT_EQ(ModifiedSinceFilter("2024-01-02T03:04:05"), "metadata_modified:[2024-01-02T03:04:05Z TO *]");
  EXPECT_EQ(ModifiedSinceFilter("2024-01-02T03:04:05.5"), "metadata_modified:[2024-01-02T03:04:05.5Z TO *]");
  EXPECT_EQ(ModifiedSinceFilter("2024-01-02T03:04:05Z"), "metadata_modified:[2024-01-02T03:04:05Z TO *]");
}

TEST(PackageCleanupTest, KeepsThemesByKeyOrLabelAndDropsOtherGroups) {
  json p = {{"groups", json::array({{{"name", "transport"}}, {{"name", "x"}, {"title", "环境"}}, {{"name", "misc"}},
                                    "transport"})}};
  std::vector<std::string> warnings;
  CleanPackage(p, warnings);
  EXPECT_EQ(p["groups"], json::parse(R"([{"name": "transport"}, {"name": "environment"}])"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "group 'misc' is not a theme here; dropped");
}

TEST(PackageCleanupTest, TrimsTextsAndDropsBadTagsAndResources) {
  json p = {{"title", "第一行\n第二行"},
            {"notes", std::string(9000, 'n')},
            {"tags", json::array({{{"name", "ok"}}, {{"name", ""}}, {{"name", "ok"}}, {{"name", "a\tb"}}})},
            {"resources", json::array({{{"id", "r1"}, {"url", "https://x.org/a file.csv"}, {"format", "CSV"}},
                                       {{"url", "file:///etc/passwd"}},
                                       {{"url", "http://x.org/b"}, {"name", std::string(300, 'n')}}})}};
  std::vector<std::string> warnings;
  CleanPackage(p, warnings);
  EXPECT_EQ(p["title"], "第一行 第二行");
  EXPECT_EQ(p["notes"].get<std::string>().size(), 8192u);
  EXPECT_EQ(p["tags"], json::parse(R"([{"name": "ok"}])"));
  ASSERT_EQ(p["resources"].size(), 2u);
  EXPECT_EQ(p["resources"][0]["url"], "https://x.org/a%20file.csv");
  EXPECT_FALSE(p["resources"][0].contains("id"));  // the catalog numbers its links
  EXPECT_EQ(p["resources"][1]["name"].get<std::string>().size(), 256u);
  EXPECT_EQ(warnings.size(), 4u);  // notes, two tags, the file: resource
}

TEST(PackageCleanupTest, ChecksTheNationalCatalogsExtras) {
  json p = {{"extras", json::array({{{"key", "sharing_type"}, {"value", "无条件共享"}},
                                    {{"key", "opening_type"}, {"value", "sometimes"}},
                                    {{"key", "publish_date"}, {"value", "2023-02-29"}},
                                    {{"key", "harvest_source"}, {"value", "http://elsewhere"}},
                                    {{"key", "data_format"}, {"value", "XLSX"}}})}};
  std::vector<std::string> warnings;
  CleanPackage(p, warnings);
  EXPECT_EQ(p["extras"], json::parse(R"([{"key": "sharing_type", "value": "无条件共享"},
                                         {"key": "data_format", "value": "xlsx"}])"));
  EXPECT_EQ(warnings.size(), 2u);
}

TEST(PackageCleanupTest, GuessesTheDataFormatFromTheResources) {
  json p = {{"resources", json::array({{{"url", "http://x/a.pdf"}, {"format", "PDF"}},
                                       {{"url", "http://x/a.json"}, {"format", "JSON"}}})},
            {"extras", {{"spatial", "x"}}}};
  std::vector<std::string> warnings;
  CleanPackage(p, warnings);
  EXPECT_EQ(p["extras"], json::parse(R"([{"key": "spatial", "value": "x"}, {"key": "data_format", "value": "json"}])"));
  json none = json::object();
  CleanPackage(none, warnings);
  EXPECT_EQ(none["extras"], json::parse(R"([{"key": "data_format", "value": "other"}])"));
  EXPECT_TRUE(warnings.empty());
}

TEST(PackageCleanupTest, TrimsOnCharacterBoundaries) {
  EXPECT_EQ(TrimUtf8("交通运输", 7), "交通");
  EXPECT_EQ(TrimUtf8("abc", 7), "abc");
}

}  // namespace
}  // namespace yungu::harvest

// A Yungu dataset as a CKAN package and back.
#include <gtest/gtest.h>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

using nlohmann::json;

model::DatasetMeta Sample() {
  model::DatasetMeta m;
  m.id = "bus-lines";
  m.name = "公交线路";
  m.name_en = "Bus lines";
  m.summary = "全市公交线路";
  m.department = "JT";
  m.themes = {"transport"};
  m.tags = {"公交", "交通"};
  m.opening_type = model::OpeningType::kConditional;
  m.sharing_type = model::SharingType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kMonthly;
  m.licence = "cc-by";
  m.contact_name = "运营科";
  m.contact_email = "bus@example.gov.cn";
  m.resource_code = "420600-JT-00001";
  m.created_at = "2024-01-02T03:04:05Z";
  m.updated_at = "2024-02-01T00:00:00Z";
  m.data_updated_at = "2024-03-01T00:00:00Z";
  m.current_version = 3;
  m.row_count = 10;
  m.links = {{"bus-lines.1", "线路图", "", "PDF", "https://example.gov.cn/map.pdf", "2024-01-02T03:04:05Z"}};
  m.extras = {{"source_system", "调度系统"}, {"url", "https://example.gov.cn/bus"}};
  return m;
}

TEST(CkanPackage, HasCkansKeys) {
  model::Department dept{"JT", "市交通运输局", "Transport", "", ""};
  json p = PackageDict(Sample(), &dept, "http://hub");
  EXPECT_EQ(p["name"], "bus-lines");
  EXPECT_EQ(p["title"], "公交线路");
  EXPECT_EQ(p["owner_org"], "JT");
  EXPECT_EQ(p["organization"]["title"], "市交通运输局");
  EXPECT_EQ(p["private"], false);  // conditional opening: listed publicly
  EXPECT_EQ(p["isopen"], true);
  EXPECT_EQ(p["license_url"], "http://www.opendefinition.org/licenses/cc-by");
  EXPECT_EQ(p["metadata_created"], "2024-01-02T03:04:05");
  EXPECT_EQ(p["metadata_modified"], "2024-03-01T00:00:00");  // the data changed last
  EXPECT_EQ(p["url"], "https://example.gov.cn/bus");
  EXPECT_EQ(p["num_tags"], 2);
  EXPECT_EQ(p["tags"][0]["name"], "交通");  // sorted
  ASSERT_EQ(p["num_resources"], 2);
  EXPECT_EQ(p["resources"][0]["id"], "bus-lines");
  EXPECT_EQ(p["resources"][0]["url"], "http://hub/datastore/dump/bus-lines");
  EXPECT_EQ(p["resources"][0]["datastore_active"], true);
  EXPECT_EQ(p["resources"][1]["id"], "bus-lines.1");
  EXPECT_EQ(p["resources"][1]["position"], 1);
  std::map<std::string, std::string> extras;
  for (const auto& e : p["extras"]) extras[e["key"]] = e["value"];
  EXPECT_EQ(extras["sharing_type"], "unconditional");
  EXPECT_EQ(extras["update_cycle"], "monthly");
  EXPECT_EQ(extras["source_system"], "调度系统");
  EXPECT_EQ(extras.count("url"), 0u);  // shown at the top level instead
}

TEST(CkanPackage, RoundTripKeepsTheDataset) {
  model::Department dept{"JT", "市交通运输局", "", "", ""};
  model::DatasetMeta m = Sample();
  json p = PackageDict(m, &dept, "http://hub");
  auto back = DatasetFromPackage(p, &m);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->name, m.name);
  EXPECT_EQ(back->name_en, m.name_en);
  EXPECT_EQ(back->summary, m.summary);
  EXPECT_EQ(back->themes, m.themes);
  EXPECT_EQ(back->opening_type, m.opening_type);
  EXPECT_EQ(back->sharing_type, m.sharing_type);
  EXPECT_EQ(back->update_cycle, m.update_cycle);
  EXPECT_EQ(back->resource_code, m.resource_code);
  EXPECT_EQ(back->extras, m.extras);
  ASSERT_EQ(back->links.size(), 1u);  // the data table is not a link
  EXPECT_EQ(back->links[0].id, "bus-lines.1");
  EXPECT_EQ(back->links[0].url, m.links[0].url);
}

TEST(CkanPackage, NewPackageDefaults) {
  auto m = DatasetFromPackage({{"name", "roads"}, {"owner_org", "JT"}}, nullptr);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->id, "roads");
  EXPECT_EQ(m->name, "roads");  // no title: the name
  EXPECT_EQ(m->opening_type, model::OpeningType::kUnconditional);
  EXPECT_EQ(m->sharing_type, model::SharingType::kUnconditional);
  auto hidden = DatasetFromPackage({{"name", "roads"}, {"owner_org", "JT"}, {"private", "true"}}, nullptr);
  ASSERT_TRUE(hidden.ok());
  EXPECT_EQ(hidden->opening_type, model::OpeningType::kNone);
  EXPECT_EQ(hidden->sharing_type, model::SharingType::kConditional);
  EXPECT_FALSE(hidden->sharing_conditions.empty());
}

TEST(CkanPackage, FieldErrorsNameTheKey) {
  auto code = [](const json& p) { return DatasetFromPackage(p, nullptr).status().error_code(); };
  EXPECT_EQ(code({{"owner_org", "JT"}}), "ckan.field.name");
  EXPECT_EQ(code({{"name", "Has Spaces"}, {"owner_org", "JT"}}), "ckan.field.name");
  EXPECT_EQ(code({{"name", "ok-name"}}), "ckan.field.owner_org");
  EXPECT_EQ(code({{"name", "ok-name"}, {"owner_org", "JT"}, {"groups", {{{"name", "no-such-theme"}}}}}),
            "ckan.field.groups");
  EXPECT_EQ(code({{"name", "ok-name"}, {"owner_org", "JT"}, {"extras", {{{"key", "opening_type"}, {"value", "x"}}}}}),
            "ckan.field.extras");
  EXPECT_EQ(code({{"name", "ok-name"}, {"owner_org", "JT"}, {"resources", {{{"name", "no url"}}}}}),
            "ckan.field.url");
}

TEST(CkanPackage, ANameCannotChangeOnUpdate) {
  model::DatasetMeta m = Sample();
  auto r = DatasetFromPackage({{"name", "other-name"}}, &m);
  EXPECT_EQ(r.status().error_code(), "ckan.field.name");
}

TEST(CkanPackage, ForeignResourceIdsAreNotLinkIds) {
  json p = {{"name", "roads"},
            {"owner_org", "JT"},
            {"resources", {{{"id", "6f1c-uuid"}, {"url", "https://a.example/x.csv"}, {"format", "CSV"}}}}};
  auto m = DatasetFromPackage(p, nullptr);
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->links.size(), 1u);
  EXPECT_EQ(m->links[0].id, "");  // numbered by the catalog
}

}  // namespace
}  // namespace yungu::ckan

// Departments, dataset metadata, revision history and catalog search on the
// SQLite store.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "storage_test_util.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage {
namespace {

using testing::Field;
using testing::StoreFixture;

// ---------------------------------------------------------------- departments

class DepartmentStoreTest : public StoreFixture {};

TEST_F(DepartmentStoreTest, PutGetListUpdate) {
  model::Department a{"SCJG", "市市场监督管理局", "Market Regulation", "", "420600"};
  model::Department b{"JTJ", "市交通运输局", "Transport Bureau", "", ""};
  ASSERT_TRUE(store().PutDepartment(a).ok());
  ASSERT_TRUE(store().PutDepartment(b).ok());

  auto got = store().GetDepartment("SCJG");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "市市场监督管理局");
  EXPECT_EQ(got->name_en, "Market Regulation");
  EXPECT_EQ(got->division_code, "420600");

  auto list = store().ListDepartments();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].code, "JTJ");  // ordered by code
  EXPECT_EQ((*list)[1].code, "SCJG");

  // Put on an existing code updates it in place.
  a.name = "市场监管局";
  a.parent_code = "JTJ";
  ASSERT_TRUE(store().PutDepartment(a).ok());
  got = store().GetDepartment("SCJG");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "市场监管局");
  EXPECT_EQ(got->parent_code, "JTJ");
  EXPECT_EQ(store().ListDepartments()->size(), 2u);
}

TEST_F(DepartmentStoreTest, MissingDepartment) {
  auto got = store().GetDepartment("NOPE");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kNotFound);
  EXPECT_EQ(got.status().error_code(), "catalog.department_not_found");
  Status del = store().DeleteDepartment("NOPE");
  EXPECT_EQ(del.code(), Code::kNotFound);
  EXPECT_EQ(del.error_code(), "catalog.department_not_found");
}

TEST_F(DepartmentStoreTest, DeleteRefusedWhileInUse) {
  AddDepartment("SCJG", "市市场监督管理局");
  AddDepartment("EMPTY", "空部门");
  ASSERT_TRUE(store().CreateDataset(Meta("credit", "企业信用信息", "SCJG")).ok());

  Status st = store().DeleteDepartment("SCJG");
  EXPECT_EQ(st.code(), Code::kFailedPrecondition);
  EXPECT_EQ(st.error_code(), "catalog.department_in_use");
  EXPECT_TRUE(store().GetDepartment("SCJG").ok());  // still there

  EXPECT_TRUE(store().DeleteDepartment("EMPTY").ok());
  EXPECT_EQ(store().GetDepartment("EMPTY").status().code(), Code::kNotFound);

  ASSERT_TRUE(store().DeleteDataset("credit").ok());
  EXPECT_TRUE(store().DeleteDepartment("SCJG").ok());
  EXPECT_EQ(store().GetDepartment("SCJG").status().code(), Code::kNotFound);
  EXPECT_TRUE(store().ListDepartments()->empty());
}

// ---------------------------------------------------------------- datasets

class DatasetStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDepartment("SCJG", "市市场监督管理局", "Market Regulation");
    AddDepartment("JTJ", "市交通运输局", "Transport Bureau");
  }

  model::DatasetMeta Credit() {
    model::DatasetMeta m = Meta("credit", "企业信用信息", "SCJG");
    m.name_en = "Enterprise credit";
    m.summary = "企业信用评价结果";
    m.themes = {"credit"};
    m.tags = {"信用", "企业"};
    m.format = "json";
    m.sharing_type = model::SharingType::kConditional;
    m.sharing_conditions = "需签署数据使用协议";
    m.update_cycle = model::UpdateCycle::kMonthly;
    m.fields = {Field("uscc", ColumnType::kText, true), Field("capital", ColumnType::kDecimal)};
    m.fields[1].unit = "万元";
    return m;
  }
};

TEST_F(DatasetStoreTest, CreateAndGet) {
  clock_.Set("2024-05-01T08:00:00Z");
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());
  auto got = store().GetDataset("credit");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "企业信用信息");
  EXPECT_EQ(got->name_en, "Enterprise credit");
  EXPECT_EQ(got->department, "SCJG");
  EXPECT_EQ(got->themes, std::vector<std::string>{"credit"});
  EXPECT_EQ(got->tags, (std::vector<std::string>{"信用", "企业"}));
  EXPECT_EQ(got->format, "json");
  EXPECT_EQ(got->sharing_type, model::SharingType::kConditional);
  EXPECT_EQ(got->sharing_conditions, "需签署数据使用协议");
  EXPECT_EQ(got->update_cycle, model::UpdateCycle::kMonthly);
  ASSERT_EQ(got->fields.size(), 2u);
  EXPECT_TRUE(got->fields[0].primary_key);
  EXPECT_EQ(got->fields[1].type, ColumnType::kDecimal);
  EXPECT_EQ(got->fields[1].unit, "万元");
  EXPECT_EQ(got->created_at, "2024-05-01T08:00:00Z");
  EXPECT_EQ(got->updated_at, "2024-05-01T08:00:00Z");
  EXPECT_EQ(got->data_updated_at, "");
  EXPECT_EQ(got->current_version, 0);
  EXPECT_EQ(got->row_count, 0);
  EXPECT_EQ(got->metadata_revision, 1);

  auto stamp = store().GetDatasetStamp("credit");
  ASSERT_TRUE(stamp.ok());
  EXPECT_EQ(stamp->current_version, 0);
  EXPECT_EQ(stamp->metadata_revision, 1);
}

TEST_F(DatasetStoreTest, DuplicateIdIsAlreadyExists) {
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());
  model::DatasetMeta again = Meta("credit", "别的名字", "JTJ");
  Status st = store().CreateDataset(again);
  EXPECT_EQ(st.code(), Code::kAlreadyExists);
  EXPECT_EQ(st.error_code(), "catalog.dataset_exists");
  EXPECT_EQ(store().GetDataset("credit")->name, "企业信用信息");  // untouched
}

TEST_F(DatasetStoreTest, CreateWithUnknownDepartmentIsNotAlreadyExists) {
  Status st = store().CreateDataset(Meta("orphan", "无主数据", "NO_SUCH_DEPT"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.code(), Code::kAlreadyExists) << st.ToString();
  EXPECT_EQ(st.code(), Code::kInvalidArgument) << st.ToString();
  EXPECT_EQ(st.error_code(), "catalog.unknown_department");
  EXPECT_EQ(store().GetDataset("orphan").status().code(), Code::kNotFound);
}

TEST_F(DatasetStoreTest, MissingDataset) {
  EXPECT_EQ(store().GetDataset("nope").status().code(), Code::kNotFound);
  EXPECT_EQ(store().GetDataset("nope").status().error_code(), "catalog.dataset_not_found");
  EXPECT_EQ(store().GetDatasetStamp("nope").status().code(), Code::kNotFound);
  EXPECT_EQ(store().UpdateDataset(Meta("nope", "x", "SCJG"), "n").code(), Code::kNotFound);
  EXPECT_EQ(store().DeleteDataset("nope").code(), Code::kNotFound);
  EXPECT_EQ(store().ListRevisions("nope").status().code(), Code::kNotFound);
}

TEST_F(DatasetStoreTest, UpdateReplacesMetadataAndGrowsHistory) {
  clock_.Set("2024-05-01T08:00:00Z");
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());

  clock_.Set("2024-05-02T09:00:00Z");
  model::DatasetMeta m = Credit();
  m.name = "企业信用评价";
  m.department = "JTJ";
  m.themes = {"credit", "transport"};
  m.tags = {"评价"};
  ASSERT_TRUE(store().UpdateDataset(m, "renamed").ok());

  clock_.Set("2024-05-03T10:00:00Z");
  m.summary = "第三版";
  ASSERT_TRUE(store().UpdateDataset(m, "summary").ok());

  auto got = store().GetDataset("credit");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "企业信用评价");
  EXPECT_EQ(got->department, "JTJ");
  EXPECT_EQ(got->summary, "第三版");
  EXPECT_EQ(got->tags, std::vector<std::string>{"评价"});
  EXPECT_EQ(got->created_at, "2024-05-01T08:00:00Z");
  EXPECT_EQ(got->updated_at, "2024-05-03T10:00:00Z");
  EXPECT_EQ(got->metadata_revision, 3);
  EXPECT_EQ(store().GetDatasetStamp("credit")->metadata_revision, 3);

  auto revs = store().ListRevisions("credit");
  ASSERT_TRUE(revs.ok());
  ASSERT_EQ(revs->size(), 3u);
  // Newest first; each revision holds the metadata as it was then.
  EXPECT_EQ((*revs)[0].revision, 3);
  EXPECT_EQ((*revs)[0].note, "summary");
  EXPECT_EQ((*revs)[0].changed_at, "2024-05-03T10:00:00Z");
  EXPECT_EQ((*revs)[1].revision, 2);
  EXPECT_EQ((*revs)[1].note, "renamed");
  EXPECT_EQ((*revs)[2].revision, 1);
  EXPECT_EQ((*revs)[2].note, "created");
  EXPECT_EQ((*revs)[2].changed_at, "2024-05-01T08:00:00Z");
  auto first = nlohmann::json::parse((*revs)[2].metadata_json);
  EXPECT_EQ(first["name"], "企业信用信息");
  EXPECT_EQ(first["department"], "SCJG");
  auto second = nlohmann::json::parse((*revs)[1].metadata_json);
  EXPECT_EQ(second["name"], "企业信用评价");
  EXPECT_EQ(second["summary"], "企业信用评价结果");
  EXPECT_EQ(nlohmann::json::parse((*revs)[0].metadata_json)["summary"], "第三版");

  // Themes and tags were rewritten: the facet reflects the update.
  CatalogQuery q;
  q.filters["theme"] = {"transport"};
  EXPECT_EQ(store().SearchCatalog(q)->total, 1);
  q.filters["theme"] = {};
  q.filters["tag"] = {"信用"};
  EXPECT_EQ(store().SearchCatalog(q)->total, 0);
}

TEST_F(DatasetStoreTest, UpdateReindexesSearch) {
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());
  CatalogQuery q;
  q.text = "信用";
  EXPECT_EQ(store().SearchCatalog(q)->total, 1);
  model::DatasetMeta m = Meta("credit", "公交线路", "JTJ");
  ASSERT_TRUE(store().UpdateDataset(m, "changed").ok());
  EXPECT_EQ(store().SearchCatalog(q)->total, 0);
  q.text = "公交";
  EXPECT_EQ(store().SearchCatalog(q)->total, 1);
}

TEST_F(DatasetStoreTest, DeleteRemovesDatasetAndItsTables) {
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());
  ASSERT_TRUE(store().CreateDataset(Meta("other", "其他数据", "JTJ")).ok());
  auto spec = testing::Spec("credit", Credit().fields);
  for (int v = 0; v < 2; ++v) {
    auto version = testing::WriteVersion(store(), spec, {Row{std::string("A"), 1.5}});
    ASSERT_TRUE(version.ok()) << version.status().ToString();
    ASSERT_TRUE(store().BuildSearchIndex(*version).ok());
  }
  EXPECT_FALSE(testing::DataTables(db_path()).empty());

  ASSERT_TRUE(store().DeleteDataset("credit").ok());
  EXPECT_EQ(store().GetDataset("credit").status().code(), Code::kNotFound);
  EXPECT_EQ(store().GetVersion("credit", 1).status().code(), Code::kNotFound);
  EXPECT_TRUE(testing::DataTables(db_path()).empty());
  CatalogQuery q;
  q.text = "信用";
  EXPECT_EQ(store().SearchCatalog(q)->total, 0);
  EXPECT_EQ(store().SearchCatalog(CatalogQuery{})->total, 1);
  EXPECT_TRUE(store().GetDataset("other").ok());
  EXPECT_EQ(store().DeleteDataset("credit").code(), Code::kNotFound);
}

TEST_F(DatasetStoreTest, IdCanBeReusedAfterDelete) {
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());
  ASSERT_TRUE(store().UpdateDataset(Credit(), "edit").ok());
  ASSERT_TRUE(store().DeleteDataset("credit").ok());
  Status st = store().CreateDataset(Meta("credit", "新的企业信用信息", "SCJG"));
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto got = store().GetDataset("credit");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "新的企业信用信息");
  EXPECT_EQ(got->current_version, 0);
  auto revs = store().ListRevisions("credit");
  ASSERT_TRUE(revs.ok());
  ASSERT_FALSE(revs->empty());
  // The newest revision is the re-created dataset, and it matches the stamp.
  EXPECT_EQ(nlohmann::json::parse(revs->front().metadata_json)["name"], "新的企业信用信息");
  EXPECT_EQ(revs->front().revision, got->metadata_revision);
  // Further edits keep working.
  EXPECT_TRUE(store().UpdateDataset(Meta("credit", "再改", "SCJG"), "again").ok());
}

TEST_F(DatasetStoreTest, DataIsKeptAcrossReopen) {
  ASSERT_TRUE(store().CreateDataset(Credit()).ok());
  auto v = testing::WriteVersion(store(), testing::Spec("credit", Credit().fields), {Row{std::string("A"), 2.0}});
  ASSERT_TRUE(v.ok());
  Open();
  auto got = store().GetDataset("credit");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->current_version, 1);
  EXPECT_EQ(got->row_count, 1);
  auto version = store().GetVersion("credit", 1);
  ASSERT_TRUE(version.ok());
  auto out = testing::RunQuery(store(), *version, testing::AllRows(*version));
  ASSERT_TRUE(out.status.ok());
  ASSERT_EQ(out.rows.size(), 1u);
  EXPECT_EQ(testing::Repr(out.rows[0][0]), "s:A");
}

// ---------------------------------------------------------------- search

class CatalogSearchTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDepartment("JTJ", "市交通运输局", "Transport Bureau");
    AddDepartment("WJW", "市卫生健康委员会", "Health Commission");
    AddDepartment("SCJG", "市市场监督管理局", "Market Regulation");
    AddDepartment("HBJ", "市生态环境局", "Ecology Bureau");

    auto add = [&](const char* id, const char* name, const char* name_en, const char* dept,
                   std::vector<std::string> themes, std::vector<std::string> tags, const char* format,
                   model::SharingType sharing, model::OpeningType opening, model::UpdateCycle cycle,
                   const char* published, const char* summary, const char* created) {
      model::DatasetMeta m = Meta(id, name, dept);
      m.name_en = name_en;
      m.themes = std::move(themes);
      m.tags = std::move(tags);
      m.format = format;
      m.sharing_type = sharing;
      if (sharing == model::SharingType::kConditional) m.sharing_conditions = "需申请";
      m.opening_type = opening;
      m.update_cycle = cycle;
      m.publish_date = published;
      m.summary = summary;
      clock_.Set(created);
      ASSERT_TRUE(store().CreateDataset(m).ok()) << id;
    };
    using S = model::SharingType;
    using O = model::OpeningType;
    using C = model::UpdateCycle;
    add("traffic-flow", "道路交通流量", "Road traffic flow", "JTJ", {"transport"}, {"交通", "道路"}, "csv",
        S::kUnconditional, O::kUnconditional, C::kDaily, "2024-03-01", "主要道路每小时车流量", "2024-01-01T00:00:01Z");
    add("bus-lines", "公交线路", "Bus lines", "JTJ", {"transport"}, {"公交"}, "json", S::kUnconditional, O::kNone,
        C::kMonthly, "2023-06-15", "全市公交线路与站点", "2024-01-01T00:00:02Z");
    add("hospitals", "医疗机构名录", "Medical institutions", "WJW", {"medical"}, {"医院"}, "xlsx", S::kConditional,
        O::kNone, C::kYearly, "2022-12-31", "全市医院、诊所名单", "2024-01-01T00:00:03Z");
    add("credit", "企业信用信息", "Enterprise credit records", "SCJG", {"credit", "enterprise_registration"},
        {"信用"}, "json", S::kConditional, O::kConditional, C::kMonthly, "2024-01-10", "企业信用评价结果",
        "2024-01-01T00:00:04Z");
    add("air-quality", "空气质量日报", "Daily air quality", "HBJ", {"environment", "weather"}, {"PM2.5"}, "csv",
        S::kNone, O::kUnconditional, C::kDaily, "2024-02-20", "各监测点空气质量指数", "2024-01-01T00:00:05Z");
  }

  CatalogPage Search(CatalogQuery q) {
    if (q.limit == 20) q.limit = 100;
    auto page = store().SearchCatalog(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? std::move(page).value() : CatalogPage{};
  }

  std::set<std::string> Ids(const std::string& text) {
    CatalogQuery q;
    q.text = text;
    CatalogPage page = Search(q);
    std::set<std::string> ids;
    for (const auto& d : page.datasets) ids.insert(d.id);
    EXPECT_EQ(page.total, static_cast<int64_t>(ids.size())) << text;
    return ids;
  }

  static std::vector<std::string> OrderedIds(const CatalogPage& page) {
    std::vector<std::string> ids;
    for (const auto& d : page.datasets) ids.push_back(d.id);
    return ids;
  }

  static std::map<std::string, int64_t> Facet(const CatalogPage& page, const std::string& name) {
    std::map<std::string, int64_t> out;
    auto it = page.facets.find(name);
    if (it == page.facets.end()) {
      ADD_FAILURE() << "no facet " << name;
      return out;
    }
    for (const auto& c : it->second) out[c.value] = c.count;
    // Largest first, ties by value.
    for (size_t i = 1; i < it->second.size(); ++i) {
      const auto& a = it->second[i - 1];
      const auto& b = it->second[i];
      EXPECT_TRUE(a.count > b.count || (a.count == b.count && a.value < b.value)) << name;
    }
    return out;
  }

  using Set = std::set<std::string>;
  using Counts = std::map<std::string, int64_t>;
};

TEST_F(CatalogSearchTest, ChineseTwoCharacterWords) {
  EXPECT_EQ(Ids("交通"), (Set{"traffic-flow", "bus-lines"}));  // name, tag, theme label, department
  EXPECT_EQ(Ids("医疗"), (Set{"hospitals"}));
  EXPECT_EQ(Ids("信用"), (Set{"credit"}));
  EXPECT_EQ(Ids("公交"), (Set{"bus-lines"}));
  EXPECT_EQ(Ids("医院"), (Set{"hospitals"}));  // a tag and the summary
  EXPECT_EQ(Ids("铁路"), Set{});
}

TEST_F(CatalogSearchTest, ChineseLongerWords) {
  EXPECT_EQ(Ids("空气质量"), (Set{"air-quality"}));
  EXPECT_EQ(Ids("企业信用"), (Set{"credit"}));
  EXPECT_EQ(Ids("医疗机构"), (Set{"hospitals"}));
  EXPECT_EQ(Ids("道路交通流量"), (Set{"traffic-flow"}));
  EXPECT_EQ(Ids("市场监督"), (Set{"credit"}));  // the department's name is searchable
  // Every bigram must be present: half a match is no match.
  EXPECT_EQ(Ids("空气交通"), Set{});
}

TEST_F(CatalogSearchTest, SingleChineseCharacterIsAPrefix) {
  EXPECT_EQ(Ids("医"), (Set{"hospitals"}));
  EXPECT_EQ(Ids("量"), (Set{"traffic-flow", "air-quality"}));  // the last character of a run
}

TEST_F(CatalogSearchTest, EnglishWords) {
  EXPECT_EQ(Ids("air"), (Set{"air-quality"}));
  EXPECT_EQ(Ids("QUALITY"), (Set{"air-quality"}));
  EXPECT_EQ(Ids("bus"), (Set{"bus-lines"}));
  EXPECT_EQ(Ids("transport"), (Set{"traffic-flow", "bus-lines"}));  // theme label and department
  EXPECT_EQ(Ids("credit records"), (Set{"credit"}));
  EXPECT_EQ(Ids("hospitals"), (Set{"hospitals"}));  // the id
  EXPECT_EQ(Ids("交通 flow"), (Set{"traffic-flow"}));
  EXPECT_EQ(Ids("pm2"), (Set{"air-quality"}));
}

TEST_F(CatalogSearchTest, PunctuationAndSyntaxInQueries) {
  EXPECT_EQ(Ids("***"), Set{});
  EXPECT_EQ(Ids("\"交通\" OR \"医疗\""), Set{});  // OR is a word here, not an operator
  EXPECT_EQ(Ids("bus\" OR \"air"), Set{});
  EXPECT_EQ(Ids("NEAR(bus"), Set{});
  EXPECT_EQ(Ids("bus*"), (Set{"bus-lines"}));
  EXPECT_EQ(Ids("-bus"), (Set{"bus-lines"}));
  EXPECT_EQ(Ids("name:bus"), Set{});  // "name" is a term, not a column filter
  EXPECT_EQ(Search(CatalogQuery{}).total, 5);
}

TEST_F(CatalogSearchTest, RelevancePutsNameMatchesFirst) {
  CatalogQuery q;
  q.text = "交通";
  CatalogPage page = Search(q);
  ASSERT_EQ(page.datasets.size(), 2u);
  EXPECT_EQ(page.datasets[0].id, "traffic-flow");
}

TEST_F(CatalogSearchTest, FacetCountsOfEverything) {
  CatalogPage page = Search(CatalogQuery{});
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(Facet(page, "department"), (Counts{{"JTJ", 2}, {"HBJ", 1}, {"SCJG", 1}, {"WJW", 1}}));
  EXPECT_EQ(Facet(page, "theme"), (Counts{{"transport", 2},
                                          {"credit", 1},
                                          {"enterprise_registration", 1},
                                          {"environment", 1},
                                          {"medical", 1},
                                          {"weather", 1}}));
  EXPECT_EQ(Facet(page, "format"), (Counts{{"csv", 2}, {"json", 2}, {"xlsx", 1}}));
  EXPECT_EQ(Facet(page, "sharing_type"), (Counts{{"unconditional", 2}, {"conditional", 2}, {"none", 1}}));
  EXPECT_EQ(Facet(page, "opening_type"), (Counts{{"unconditional", 2}, {"none", 2}, {"conditional", 1}}));
  EXPECT_EQ(Facet(page, "update_cycle"), (Counts{{"daily", 2}, {"monthly", 2}, {"yearly", 1}}));
  EXPECT_EQ(page.facets["department"][0].value, "JTJ");
}

TEST_F(CatalogSearchTest, FacetCountsFollowTheFilteredSet) {
  CatalogQuery q;
  q.text = "交通";
  CatalogPage page = Search(q);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(Facet(page, "department"), (Counts{{"JTJ", 2}}));
  EXPECT_EQ(Facet(page, "theme"), (Counts{{"transport", 2}}));
  EXPECT_EQ(Facet(page, "format"), (Counts{{"csv", 1}, {"json", 1}}));
  EXPECT_EQ(Facet(page, "sharing_type"), (Counts{{"unconditional", 2}}));
  EXPECT_EQ(Facet(page, "opening_type"), (Counts{{"unconditional", 1}, {"none", 1}}));

  CatalogQuery f;
  f.filters["format"] = {"json"};
  page = Search(f);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(Facet(page, "department"), (Counts{{"JTJ", 1}, {"SCJG", 1}}));
  EXPECT_EQ(Facet(page, "theme"), (Counts{{"transport", 1}, {"credit", 1}, {"enterprise_registration", 1}}));
  EXPECT_EQ(Facet(page, "format"), (Counts{{"json", 2}}));
  EXPECT_EQ(Facet(page, "sharing_type"), (Counts{{"unconditional", 1}, {"conditional", 1}}));

  CatalogQuery none;
  none.text = "铁路";
  page = Search(none);
  EXPECT_EQ(page.total, 0);
  EXPECT_TRUE(page.datasets.empty());
  EXPECT_TRUE(Facet(page, "department").empty());
  EXPECT_TRUE(Facet(page, "theme").empty());
}

TEST_F(CatalogSearchTest, FiltersCombine) {
  auto ids = [&](CatalogQuery q) {
    std::set<std::string> out;
    CatalogPage page = Search(q);
    for (const auto& d : page.datasets) out.insert(d.id);
    EXPECT_EQ(page.total, static_cast<int64_t>(out.size()));
    return out;
  };
  CatalogQuery q;
  q.filters["department"] = {"JTJ"};
  EXPECT_EQ(ids(q), (Set{"traffic-flow", "bus-lines"}));
  q.filters["format"] = {"csv"};
  EXPECT_EQ(ids(q), (Set{"traffic-flow"}));
  q.filters["format"] = {"xlsx"};
  EXPECT_EQ(ids(q), Set{});

  CatalogQuery or_within;
  or_within.filters["department"] = {"JTJ", "WJW"};
  EXPECT_EQ(ids(or_within), (Set{"traffic-flow", "bus-lines", "hospitals"}));

  CatalogQuery theme;
  theme.filters["theme"] = {"transport"};
  theme.filters["sharing_type"] = {"unconditional"};
  theme.filters["opening_type"] = {"none"};
  EXPECT_EQ(ids(theme), (Set{"bus-lines"}));

  CatalogQuery themes;
  themes.filters["theme"] = {"credit", "enterprise_registration"};  // one dataset with both: counted once
  EXPECT_EQ(ids(themes), (Set{"credit"}));

  CatalogQuery with_text;
  with_text.text = "交通";
  with_text.filters["format"] = {"json"};
  EXPECT_EQ(ids(with_text), (Set{"bus-lines"}));

  CatalogQuery tag;
  tag.filters["tag"] = {"信用", "PM2.5"};
  EXPECT_EQ(ids(tag), (Set{"credit", "air-quality"}));

  CatalogQuery cycle;
  cycle.filters["update_cycle"] = {"daily"};
  cycle.filters["sharing_type"] = {"none"};
  EXPECT_EQ(ids(cycle), (Set{"air-quality"}));

  CatalogQuery empty_values;
  empty_values.filters["department"] = {};
  EXPECT_EQ(ids(empty_values).size(), 5u);

  CatalogQuery bad;
  bad.filters["colour"] = {"red"};
  auto page = store().SearchCatalog(bad);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().error_code(), "catalog.unknown_facet");
}

TEST_F(CatalogSearchTest, FilterValuesAreNotSql) {
  CatalogQuery q;
  q.filters["department"] = {"JTJ' OR '1'='1", "x\"); DROP TABLE datasets; --"};
  EXPECT_EQ(Search(q).total, 0);
  q.filters.clear();
  q.text = "'; DROP TABLE datasets; --";
  EXPECT_EQ(Search(q).total, 0);
  EXPECT_EQ(Search(CatalogQuery{}).total, 5);
}

TEST_F(CatalogSearchTest, Sorting) {
  auto sorted = [&](const std::string& sort) {
    CatalogQuery q;
    q.sort = sort;
    return OrderedIds(Search(q));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(sorted("published"), (V{"hospitals", "bus-lines", "credit", "air-quality", "traffic-flow"}));
  EXPECT_EQ(sorted("-published"), (V{"traffic-flow", "air-quality", "credit", "bus-lines", "hospitals"}));
  EXPECT_EQ(sorted("created"), (V{"traffic-flow", "bus-lines", "hospitals", "credit", "air-quality"}));
  EXPECT_EQ(sorted("-created"), (V{"air-quality", "credit", "hospitals", "bus-lines", "traffic-flow"}));
  // Without text, relevance means most recently updated first.
  EXPECT_EQ(sorted("relevance"), (V{"air-quality", "credit", "hospitals", "bus-lines", "traffic-flow"}));

  // Names sort by their UTF-8 bytes.
  std::vector<std::pair<std::string, std::string>> by_name;
  for (const auto& d : Search(CatalogQuery{}).datasets) by_name.emplace_back(d.name, d.id);
  std::sort(by_name.begin(), by_name.end());
  V expected;
  for (const auto& [name, id] : by_name) expected.push_back(id);
  EXPECT_EQ(sorted("name"), expected);
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(sorted("-name"), expected);

  // Rows: give three datasets data.
  auto write = [&](const char* id, int rows) {
    std::vector<Row> data;
    for (int i = 0; i < rows; ++i) data.push_back(Row{int64_t{i}});
    ASSERT_TRUE(testing::WriteVersion(store(), testing::Spec(id, {Field("n", ColumnType::kInteger)}), data).ok());
  };
  write("credit", 2);
  write("traffic-flow", 3);
  write("air-quality", 1);
  EXPECT_EQ(sorted("-rows"), (V{"traffic-flow", "credit", "air-quality", "bus-lines", "hospitals"}));
  EXPECT_EQ(sorted("rows"), (V{"bus-lines", "hospitals", "air-quality", "credit", "traffic-flow"}));

  CatalogQuery bad;
  bad.sort = "colour";
  EXPECT_EQ(store().SearchCatalog(bad).status().error_code(), "catalog.bad_sort");
}

TEST_F(CatalogSearchTest, UpdatedSortUsesDataThenMetadataTime) {
  clock_.Set("2024-06-01T00:00:00Z");
  ASSERT_TRUE(testing::WriteVersion(store(), testing::Spec("hospitals", {Field("n", ColumnType::kInteger)}),
                                    {Row{int64_t{1}}})
                  .ok());
  CatalogQuery q;
  q.sort = "-updated";
  CatalogPage page = Search(q);
  ASSERT_EQ(page.datasets.size(), 5u);
  EXPECT_EQ(page.datasets[0].id, "hospitals");
  EXPECT_EQ(page.datasets[0].data_updated_at, "2024-06-01T00:00:00Z");
  EXPECT_EQ(page.datasets[1].id, "air-quality");  // then by metadata time
}

TEST_F(CatalogSearchTest, PagingDoesNotChangeTotal) {
  CatalogQuery all;
  all.sort = "published";
  std::vector<std::string> everything = OrderedIds(Search(all));
  ASSERT_EQ(everything.size(), 5u);

  std::vector<std::string> paged;
  for (int64_t offset = 0; offset < 6; offset += 2) {
    CatalogQuery q;
    q.sort = "published";
    q.limit = 2;
    q.offset = offset;
    CatalogPage page = store().SearchCatalog(q).value();
    EXPECT_EQ(page.total, 5) << offset;
    EXPECT_LE(page.datasets.size(), 2u);
    // Facets describe the whole result, not the page.
    EXPECT_EQ(Facet(page, "department")["JTJ"], 2);
    for (const auto& d : page.datasets) paged.push_back(d.id);
  }
  EXPECT_EQ(paged, everything);

  CatalogQuery zero;
  zero.limit = 0;
  CatalogPage page = store().SearchCatalog(zero).value();
  EXPECT_EQ(page.total, 5);
  EXPECT_TRUE(page.datasets.empty());

  CatalogQuery beyond;
  beyond.offset = 50;
  page = store().SearchCatalog(beyond).value();
  EXPECT_EQ(page.total, 5);
  EXPECT_TRUE(page.datasets.empty());

  CatalogQuery text;
  text.text = "交通";
  text.limit = 1;
  text.offset = 1;
  page = store().SearchCatalog(text).value();
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.datasets.size(), 1u);
  EXPECT_EQ(page.datasets[0].id, "bus-lines");
}

}  // namespace
}  // namespace yungu::storage

namespace yungu::storage {
namespace {

// ---------------------------------------------------------------- usage

TEST_F(CatalogSearchTest, UsageCountersAddUpRankAndTotal) {
  ASSERT_TRUE(store().AddUsage({{"credit", 5, 1}, {"bus-lines", 2, 0}}).ok());
  ASSERT_TRUE(store().AddUsage({{"bus-lines", 3, 4}, {"no-such-dataset", 9, 9}}).ok());
  auto credit = store().GetDataset("credit");
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->reads, 5);
  EXPECT_EQ(credit->downloads, 1);

  CatalogQuery popular;
  popular.sort = "popular";
  popular.usage_totals = true;
  auto page = Search(popular);
  ASSERT_GE(page.datasets.size(), 3u);
  EXPECT_EQ(page.datasets[0].id, "bus-lines");  // 5 reads + 4 downloads
  EXPECT_EQ(page.datasets[0].reads, 5);
  EXPECT_EQ(page.datasets[0].downloads, 4);
  EXPECT_EQ(page.datasets[1].id, "credit");  // 6
  EXPECT_EQ(page.reads, 10);
  EXPECT_EQ(page.downloads, 5);
  EXPECT_EQ(page.with_data, 0);  // nothing ingested yet

  // The totals follow the filters: only the transport bureau's entries.
  CatalogQuery transport;
  transport.filters["department"] = {"JTJ"};
  transport.usage_totals = true;
  auto jtj = Search(transport);
  EXPECT_EQ(jtj.reads, 5);
  EXPECT_EQ(jtj.downloads, 4);
  // A search that does not ask leaves the sums alone.
  transport.usage_totals = false;
  EXPECT_EQ(Search(transport).reads, 0);

  // Usage is not metadata: the JSON of an edit cannot set it.
  auto json = model::ToJson(*credit);
  EXPECT_EQ(json["usage"]["reads"], 5);
  json["usage"] = {{"reads", 1000000}, {"downloads", 1000000}};
  auto parsed = model::DatasetFromJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_TRUE(store().UpdateDataset(*parsed, "edit").ok());
  EXPECT_EQ(store().GetDataset("credit")->reads, 5);
}

}  // namespace
}  // namespace yungu::storage

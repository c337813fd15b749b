// CatalogService: the catalog's rules on top of a real SQLite store.
#include "yungu/catalog/catalog_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>

#include "yungu/storage/sqlite_store.h"

namespace yungu::catalog {
namespace {

using nlohmann::json;

class CatalogServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("yungu_catalog_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
            std::to_string(std::random_device{}()));
    storage::SqliteOptions options;
    options.now = [this] { return now_; };
    auto store = storage::OpenSqliteStore(dir_, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    service_ = std::make_unique<CatalogService>(*store_);
    ASSERT_TRUE(service_->PutDepartment({"SCJG", "市市场监督管理局", "Market Regulation", "", "420600"}).ok());
    ASSERT_TRUE(service_->PutDepartment({"JTJ", "市交通运输局", "Transport Bureau", "", ""}).ok());
  }

  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static model::DatasetMeta Valid(const std::string& id = "credit") {
    model::DatasetMeta m;
    m.id = id;
    m.name = "企业信用信息";
    m.department = "SCJG";
    m.summary = "企业信用评价结果";
    m.themes = {"credit"};
    m.tags = {"信用"};
    m.sharing_type = model::SharingType::kConditional;
    m.sharing_conditions = "需签署协议";
    m.opening_type = model::OpeningType::kNone;
    m.publish_date = "2024-03-01";
    model::FieldDef f;
    f.name = "uscc";
    f.title = "统一社会信用代码";
    m.fields = {f};
    return m;
  }

  // The error code of creating `m`, or "ok".
  std::string CreateError(const model::DatasetMeta& m) {
    auto created = service_->CreateDataset(m);
    if (created.ok()) return "ok";
    EXPECT_EQ(created.status().code(), Code::kInvalidArgument) << created.status().ToString();
    return created.status().error_code();
  }

  std::string SearchError(const std::map<std::string, std::string>& params) {
    auto page = service_->Search(params);
    if (page.ok()) return "ok";
    return page.status().error_code();
  }

  int64_t SearchTotal(const std::map<std::string, std::string>& params) {
    auto page = service_->Search(params);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->total : -1;
  }

  std::filesystem::path dir_;
  std::string now_ = "2024-05-01T08:00:00Z";
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<CatalogService> service_;
};

// ---------------------------------------------------------------- departments

TEST_F(CatalogServiceTest, DepartmentValidation) {
  auto error = [&](const model::Department& d) {
    Status st = service_->PutDepartment(d);
    return st.ok() ? std::string("ok") : st.error_code();
  };
  EXPECT_EQ(error({"HBJ", "市生态环境局", "", "", ""}), "ok");
  EXPECT_EQ(error({"a-b_C9", "部门", "", "", ""}), "ok");
  EXPECT_EQ(error({std::string(32, 'A'), "部门", "", "", ""}), "ok");
  EXPECT_EQ(error({"", "部门", "", "", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({std::string(33, 'A'), "部门", "", "", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({"A B", "部门", "", "", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({"环保", "部门", "", "", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({"X'Y", "部门", "", "", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({"NONAME", "", "", "", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({"SELF", "部门", "", "SELF", ""}), "catalog.invalid_field");
  EXPECT_EQ(error({"CHILD", "部门", "", "NOPE", ""}), "catalog.unknown_department");
  EXPECT_EQ(error({"CHILD", "部门", "", "SCJG", ""}), "ok");
  EXPECT_EQ(error({"DIV", "部门", "", "", "12345"}), "catalog.invalid_field");
  EXPECT_EQ(error({"DIV", "部门", "", "", "42060a"}), "catalog.invalid_field");
  EXPECT_EQ(error({"DIV", "部门", "", "", "420606"}), "ok");
  EXPECT_FALSE(store_->GetDepartment("NONAME").ok());
}

// ---------------------------------------------------------------- create

TEST_F(CatalogServiceTest, CreateReturnsTheStoredDataset) {
  auto created = service_->CreateDataset(Valid());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "credit");
  EXPECT_EQ(created->metadata_revision, 1);
  EXPECT_EQ(created->created_at, "2024-05-01T08:00:00Z");
  EXPECT_EQ(created->fields.size(), 1u);
  auto again = service_->CreateDataset(Valid());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::kAlreadyExists);
}

TEST_F(CatalogServiceTest, Slugs) {
  for (const std::string& id : std::vector<std::string>{"ab", "a-b_c", "0ab", "enterprise-credit-2024", std::string(64, 'a')}) {
    EXPECT_EQ(CreateError(Valid(id)), "ok") << id;
  }
  for (const std::string& id : std::vector<std::string>{"", "a", "A1", "Credit", "-ab", "_ab", "ab cd", "ab/cd", "ab.cd",
                                                      "数据集", std::string(65, 'a'), "ab\n", "a'b"}) {
    EXPECT_EQ(CreateError(Valid(id)), "catalog.invalid_field") << id;
  }
}

TEST_F(CatalogServiceTest, NameAndDepartment) {
  model::DatasetMeta m = Valid();
  m.name = "";
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.name = "两行\n名称";
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.name = std::string(257, 'x');
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m = Valid();
  m.department = "";
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.department = "NOPE";
  EXPECT_EQ(CreateError(m), "catalog.unknown_department");
  m = Valid();
  m.summary = std::string(8193, 's');
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m = Valid();
  m.format = "pdf";
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  EXPECT_EQ(store_->SearchCatalog({})->total, 0);  // nothing was written
}

TEST_F(CatalogServiceTest, Themes) {
  model::DatasetMeta m = Valid();
  m.themes = {"credit", "no_such_theme"};
  EXPECT_EQ(CreateError(m), "catalog.unknown_theme");
  m.themes = {"Transport"};  // English labels are not keys
  EXPECT_EQ(CreateError(m), "catalog.unknown_theme");

  // Chinese labels are accepted and stored as keys, once each.
  m.themes = {"交通", "信用", "transport"};
  auto created = service_->CreateDataset(m);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->themes, (std::vector<std::string>{"transport", "credit"}));
  EXPECT_EQ(SearchTotal({{"theme", "transport"}}), 1);
  EXPECT_EQ(SearchTotal({{"theme", "交通"}}), 1);
  EXPECT_EQ(SearchTotal({{"theme", "医疗"}}), 0);
}

TEST_F(CatalogServiceTest, PublishDate) {
  for (const std::string date : {"", "2024-02-29", "2000-02-29", "1999-12-31", "2024-01-31"}) {
    model::DatasetMeta m = Valid("d-" + std::to_string(std::hash<std::string>{}(date) % 100000));
    m.publish_date = date;
    EXPECT_EQ(CreateError(m), "ok") << date;
  }
  for (const std::string date : {"2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-02-30", "2023-02-29",
                                 "1900-02-29", "2024-04-31", "2024/01/01", "24-01-01", "2024-1-1", "20240101",
                                 "2024-01-01T00:00:00", "yyyy-mm-dd"}) {
    model::DatasetMeta m = Valid();
    m.publish_date = date;
    EXPECT_EQ(CreateError(m), "catalog.invalid_field") << date;
  }
}

TEST_F(CatalogServiceTest, SharingConditions) {
  model::DatasetMeta m = Valid();
  m.sharing_conditions = "";
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  // The default sharing type is conditional, so a bare dataset needs conditions.
  model::DatasetMeta bare;
  bare.id = "bare";
  bare.name = "名称";
  bare.department = "SCJG";
  EXPECT_EQ(CreateError(bare), "catalog.invalid_field");
  bare.sharing_type = model::SharingType::kNone;
  EXPECT_EQ(CreateError(bare), "ok");
  m.sharing_type = model::SharingType::kUnconditional;
  EXPECT_EQ(CreateError(m), "ok");
}

TEST_F(CatalogServiceTest, Tags) {
  model::DatasetMeta m = Valid();
  m.tags = {"ok", ""};
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.tags = {std::string(65, 't')};
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.tags = {"a\tb"};
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.tags.clear();
  for (int i = 0; i < 65; ++i) m.tags.push_back("t" + std::to_string(i));
  EXPECT_EQ(CreateError(m), "catalog.invalid_field");
  m.tags.pop_back();
  EXPECT_EQ(CreateError(m), "ok");
}

TEST_F(CatalogServiceTest, FieldDefinitions) {
  auto with_fields = [&](std::vector<std::string> names) {
    model::DatasetMeta m = Valid();
    m.fields.clear();
    for (auto& n : names) {
      model::FieldDef f;
      f.name = n;
      m.fields.push_back(f);
    }
    return m;
  };
  EXPECT_EQ(CreateError(with_fields({"a", "b", "a"})), "catalog.duplicate_field");
  EXPECT_EQ(CreateError(with_fields({"_rid"})), "catalog.invalid_field_name");
  EXPECT_EQ(CreateError(with_fields({"ok", "_hidden"})), "catalog.invalid_field_name");
  EXPECT_EQ(CreateError(with_fields({""})), "catalog.invalid_field_name");
  EXPECT_EQ(CreateError(with_fields({"a\nb"})), "catalog.invalid_field_name");
  EXPECT_EQ(CreateError(with_fields({std::string(65, 'f')})), "catalog.invalid_field_name");
  // Names that are awkward in SQL are fine: they never become identifiers.
  EXPECT_EQ(CreateError(with_fields({"企业名称", "a\"b", "x; drop", "c0", "a_", std::string(64, 'f')})), "ok");
  std::vector<std::string> many;
  for (int i = 0; i < 1001; ++i) many.push_back("f" + std::to_string(i));
  model::DatasetMeta wide = with_fields(many);
  wide.id = "wide";
  EXPECT_EQ(CreateError(wide), "catalog.invalid_field");
}

// ---------------------------------------------------------------- replace and patch

TEST_F(CatalogServiceTest, ReplaceDataset) {
  ASSERT_TRUE(service_->CreateDataset(Valid()).ok());
  now_ = "2024-05-02T08:00:00Z";
  model::DatasetMeta m = Valid();
  m.name = "企业信用信息（第二版）";
  m.summary = "";
  auto replaced = service_->ReplaceDataset("credit", m, "rename");
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->name, "企业信用信息（第二版）");
  EXPECT_EQ(replaced->summary, "");
  EXPECT_EQ(replaced->metadata_revision, 2);
  EXPECT_EQ(replaced->updated_at, "2024-05-02T08:00:00Z");
  EXPECT_EQ(replaced->created_at, "2024-05-01T08:00:00Z");
  EXPECT_EQ(store_->ListRevisions("credit")->front().note, "rename");

  // The URL's id fills an empty body id; a different one is refused.
  m.id = "";
  EXPECT_TRUE(service_->ReplaceDataset("credit", m, "again").ok());
  m.id = "other";
  auto mismatch = service_->ReplaceDataset("credit", m, "x");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().error_code(), "catalog.id_mismatch");
  // Replacement is validated like creation.
  m = Valid();
  m.department = "NOPE";
  EXPECT_EQ(service_->ReplaceDataset("credit", m, "x").status().error_code(), "catalog.unknown_department");
  m = Valid("nope");
  EXPECT_EQ(service_->ReplaceDataset("nope", m, "x").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetDataset("credit")->metadata_revision, 3);
}

TEST_F(CatalogServiceTest, PatchKeepsOtherKeysAndBumpsRevision) {
  ASSERT_TRUE(service_->CreateDataset(Valid()).ok());
  now_ = "2024-06-01T00:00:00Z";
  auto patched = service_->PatchDataset("credit", json{{"summary", "新的摘要"}, {"tags", json::array({"评价"})}}, "edit");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->summary, "新的摘要");
  EXPECT_EQ(patched->tags, std::vector<std::string>{"评价"});
  EXPECT_EQ(patched->name, "企业信用信息");
  EXPECT_EQ(patched->department, "SCJG");
  EXPECT_EQ(patched->themes, std::vector<std::string>{"credit"});
  EXPECT_EQ(patched->sharing_conditions, "需签署协议");
  EXPECT_EQ(patched->publish_date, "2024-03-01");
  ASSERT_EQ(patched->fields.size(), 1u);
  EXPECT_EQ(patched->fields[0].title, "统一社会信用代码");
  EXPECT_EQ(patched->metadata_revision, 2);
  EXPECT_EQ(patched->updated_at, "2024-06-01T00:00:00Z");

  // Labels, the same id, and read-only keys from a GET are all accepted.
  patched = service_->PatchDataset(
      "credit", json{{"id", "credit"}, {"sharing_type", "无条件共享"}, {"row_count", 999}, {"themes", {"交通"}}}, "more");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->sharing_type, model::SharingType::kUnconditional);
  EXPECT_EQ(patched->themes, std::vector<std::string>{"transport"});
  EXPECT_EQ(patched->row_count, 0);
  EXPECT_EQ(patched->metadata_revision, 3);
  EXPECT_EQ(patched->summary, "新的摘要");

  auto revisions = store_->ListRevisions("credit");
  ASSERT_TRUE(revisions.ok());
  EXPECT_EQ(revisions->size(), 3u);
}

TEST_F(CatalogServiceTest, BadPatchesChangeNothing) {
  ASSERT_TRUE(service_->CreateDataset(Valid()).ok());
  auto error = [&](const json& patch) {
    auto r = service_->PatchDataset("credit", patch, "x");
    return r.ok() ? std::string("ok") : r.status().error_code();
  };
  EXPECT_EQ(error(json{{"id", "renamed"}}), "catalog.id_mismatch");
  EXPECT_EQ(error(json{{"summery", "typo"}}), "catalog.unknown_key");
  EXPECT_EQ(error(json{{"opening_type", "maybe"}}), "catalog.invalid_field");
  EXPECT_EQ(error(json{{"name", ""}}), "catalog.invalid_field");
  EXPECT_EQ(error(json{{"sharing_conditions", ""}}), "catalog.invalid_field");  // still conditional
  EXPECT_EQ(error(json{{"department", "NOPE"}}), "catalog.unknown_department");
  EXPECT_EQ(error(json{{"themes", {"no_such_theme"}}}), "catalog.unknown_theme");
  EXPECT_EQ(error(json{{"publish_date", "2024-02-30"}}), "catalog.invalid_field");
  EXPECT_EQ(error(json{{"fields", json::array({{{"name", "_x"}}})}}), "catalog.invalid_field_name");
  EXPECT_EQ(error(json::array()), "catalog.invalid_body");
  auto meta = store_->GetDataset("credit");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->metadata_revision, 1);
  EXPECT_EQ(meta->summary, "企业信用评价结果");
  EXPECT_EQ(store_->ListRevisions("credit")->size(), 1u);

  auto missing = service_->PatchDataset("nope", json{{"summary", "x"}}, "x");
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

// ---------------------------------------------------------------- search

class CatalogSearchServiceTest : public CatalogServiceTest {
 protected:
  void SetUp() override {
    CatalogServiceTest::SetUp();
    model::DatasetMeta a = Valid("credit");  // conditional sharing, no opening
    a.update_cycle = model::UpdateCycle::kMonthly;
    ASSERT_TRUE(service_->CreateDataset(a).ok());
    model::DatasetMeta b = Valid("traffic");
    b.name = "道路交通流量";
    b.department = "JTJ";
    b.themes = {"transport"};
    b.tags = {"交通"};
    b.sharing_type = model::SharingType::kUnconditional;
    b.opening_type = model::OpeningType::kUnconditional;
    b.update_cycle = model::UpdateCycle::kDaily;
    b.format = "json";
    ASSERT_TRUE(service_->CreateDataset(b).ok());
    model::DatasetMeta c = Valid("bus");
    c.name = "公交线路";
    c.department = "JTJ";
    c.themes = {"transport"};
    c.tags = {};
    c.sharing_type = model::SharingType::kNone;
    c.opening_type = model::OpeningType::kConditional;
    ASSERT_TRUE(service_->CreateDataset(c).ok());
  }
};

TEST_F(CatalogSearchServiceTest, ChineseLabelsForEnumerations) {
  EXPECT_EQ(SearchTotal({{"sharing_type", "有条件共享"}}), 1);
  EXPECT_EQ(SearchTotal({{"sharing_type", "conditional"}}), 1);
  EXPECT_EQ(SearchTotal({{"sharing_type", "无条件共享,不予共享"}}), 2);
  EXPECT_EQ(SearchTotal({{"opening_type", "无条件开放"}}), 1);
  EXPECT_EQ(SearchTotal({{"opening_type", "有条件开放"}}), 1);
  EXPECT_EQ(SearchTotal({{"opening_type", "不予开放"}}), 1);
  EXPECT_EQ(SearchTotal({{"update_cycle", "每月"}}), 1);
  EXPECT_EQ(SearchTotal({{"update_cycle", "每日,monthly"}}), 2);
  EXPECT_EQ(SearchTotal({{"theme", "交通"}}), 2);
  EXPECT_EQ(SearchTotal({{"theme", "信用"}}), 1);
  // Unknown values are refused, not silently matched against nothing; an
  // opening label is not a sharing type.
  EXPECT_EQ(SearchError({{"sharing_type", "有条件开放"}}), "catalog.bad_filter");
  EXPECT_EQ(SearchError({{"sharing_type", "sometimes"}}), "catalog.bad_filter");
  EXPECT_EQ(SearchError({{"opening_type", "有条件共享"}}), "catalog.bad_filter");
  EXPECT_EQ(SearchError({{"theme", "no_such_theme"}}), "catalog.bad_filter");
  EXPECT_EQ(SearchError({{"update_cycle", "hourly"}}), "catalog.bad_filter");
}

TEST_F(CatalogSearchServiceTest, ParametersCombine) {
  EXPECT_EQ(SearchTotal({}), 3);
  EXPECT_EQ(SearchTotal({{"q", "交通"}}), 2);
  EXPECT_EQ(SearchTotal({{"q", "交通"}, {"format", "json"}}), 1);
  EXPECT_EQ(SearchTotal({{"department", "JTJ,SCJG"}}), 3);
  EXPECT_EQ(SearchTotal({{"department", "JTJ"}, {"tag", "交通"}}), 1);
  EXPECT_EQ(SearchTotal({{"department", ",JTJ,"}}), 2);  // empty list items are ignored
  auto page = service_->Search({{"sort", "name"}, {"limit", "2"}, {"offset", "1"}});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 3);
  EXPECT_EQ(page->datasets.size(), 2u);
  EXPECT_EQ(service_->Search({{"limit", "0"}})->datasets.size(), 0u);
}

TEST_F(CatalogSearchServiceTest, BadParameters) {
  EXPECT_EQ(SearchError({{"colour", "red"}}), "catalog.unknown_parameter");
  EXPECT_EQ(SearchError({{"Q", "x"}}), "catalog.unknown_parameter");
  EXPECT_EQ(SearchError({{"limit", "101"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"limit", "-1"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"limit", "abc"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"limit", "10x"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"limit", ""}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"limit", "99999999999999999999"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"limit", "100"}}), "ok");
  EXPECT_EQ(SearchError({{"limit", "0"}}), "ok");
  EXPECT_EQ(SearchError({{"offset", "100001"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"offset", "-5"}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"offset", "100000"}}), "ok");
  EXPECT_EQ(SearchError({{"q", std::string(257, 'a')}}), "catalog.bad_query");
  EXPECT_EQ(SearchError({{"q", std::string(256, 'a')}}), "ok");
  EXPECT_EQ(SearchError({{"sort", "colour"}}), "catalog.bad_sort");
}

}  // namespace
}  // namespace yungu::catalog

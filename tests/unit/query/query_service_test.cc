// QueryService on a real SQLite store: version resolution, prepared queries,
// cursors end to end and the totals cache.
#include "yungu/query/query_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <set>

#include "yungu/storage/sqlite_store.h"

namespace yungu::query {
namespace {

using nlohmann::json;

// Forwards everything to a real store and counts the Count() calls, so a
// test can tell a cached total from a computed one.
class CountingStore final : public storage::Store {
 public:
  explicit CountingStore(storage::Store& inner) : inner_(inner) {}
  int counts = 0;
  int version_reads = 0;

  std::string_view kind() const override { return inner_.kind(); }
  Status PutDepartment(const model::Department& d) override { return inner_.PutDepartment(d); }
  Result<std::vector<model::Department>> ListDepartments() override { return inner_.ListDepartments(); }
  Result<model::Department> GetDepartment(std::string_view code) override { return inner_.GetDepartment(code); }
  Status DeleteDepartment(std::string_view code) override { return inner_.DeleteDepartment(code); }
  Status CreateDataset(const model::DatasetMeta& meta) override { return inner_.CreateDataset(meta); }
  Status UpdateDataset(const model::DatasetMeta& meta, std::string_view note) override {
    return inner_.UpdateDataset(meta, note);
  }
  Result<model::DatasetMeta> GetDataset(std::string_view id) override { return inner_.GetDataset(id); }
  Result<DatasetStamp> GetDatasetStamp(std::string_view id) override { return inner_.GetDatasetStamp(id); }
  Status DeleteDataset(std::string_view id) override { return inner_.DeleteDataset(id); }
  Result<std::vector<model::MetadataRevision>> ListRevisions(std::string_view id) override {
    return inner_.ListRevisions(id);
  }
  Result<storage::CatalogPage> SearchCatalog(const storage::CatalogQuery& q) override {
    return inner_.SearchCatalog(q);
  }
  Result<std::unique_ptr<storage::VersionWriter>> BeginVersion(const storage::VersionSpec& spec) override {
    return inner_.BeginVersion(spec);
  }
  Result<std::vector<model::VersionInfo>> ListVersions(std::string_view id) override {
    return inner_.ListVersions(id);
  }
  Result<model::VersionInfo> GetVersion(std::string_view id, int64_t version) override {
    ++version_reads;
    return inner_.GetVersion(id, version);
  }
  Status AddUsage(const std::vector<storage::DatasetUsage>& u) override { return inner_.AddUsage(u); }
  Result<int64_t> PruneVersions(std::string_view id, int64_t keep) override { return inner_.PruneVersions(id, keep); }
  Status BuildSearchIndex(const model::VersionInfo& v) override { return inner_.BuildSearchIndex(v); }
  Result<std::unique_ptr<storage::RowCursor>> Query(const model::VersionInfo& v,
                                                    const model::QueryPlan& plan) override {
    return inner_.Query(v, plan);
  }
  Result<int64_t> Count(const model::VersionInfo& v, const model::QueryPlan& plan) override {
    ++counts;
    return inner_.Count(v, plan);
  }
  storage::IdentityStore& identity() override { return inner_.identity(); }
  storage::GrantStore& grants() override { return inner_.grants(); }
  storage::GovernanceStore& governance() override { return inner_.governance(); }

 private:
  storage::Store& inner_;
};

model::FieldDef F(const std::string& name, ColumnType type, bool pk = false) {
  model::FieldDef f;
  f.name = name;
  f.title = name;
  f.type = type;
  f.primary_key = pk;
  return f;
}

const char* const kDistricts[] = {"樊城区", "襄城区", "襄州区"};

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("yungu_query_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
            std::to_string(std::random_device{}()));
    storage::SqliteOptions options;
    options.now = [] { return std::string("2024-05-01T00:00:00Z"); };
    auto store = storage::OpenSqliteStore(dir_, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    real_ = std::move(store).value();
    store_ = std::make_unique<CountingStore>(*real_);

    model::Department d;
    d.code = "SCJG";
    d.name = "市市场监督管理局";
    ASSERT_TRUE(store_->PutDepartment(d).ok());
    for (const char* id : {"companies", "empty"}) {
      model::DatasetMeta m;
      m.id = id;
      m.name = "企业";
      m.department = "SCJG";
      ASSERT_TRUE(store_->CreateDataset(m).ok());
    }
    fields_ = {F("id", ColumnType::kInteger, true), F("name", ColumnType::kText), F("district", ColumnType::kText),
               F("capital", ColumnType::kDecimal)};
    WriteCompanies(30);
  }

  void TearDown() override {
    store_.reset();
    real_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Rows: id i, name 公司<i>, district cycles (null every 7th), capital i*10.
  model::VersionInfo WriteCompanies(int rows) {
    storage::VersionSpec spec;
    spec.dataset_id = "companies";
    spec.fields = fields_;
    spec.source = "test";
    auto writer = store_->BeginVersion(spec);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 1; i <= rows; ++i) {
      Row r{int64_t{i}, "公司" + std::to_string(i) + (i % 2 ? " 科技" : " 贸易"),
            i % 7 == 0 ? Value{} : Value{std::string(kDistricts[i % 3])}, i * 10.0};
      EXPECT_TRUE((*writer)->Append(r).ok());
    }
    auto v = (*writer)->Commit();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(store_->BuildSearchIndex(*v).ok());
    return *v;
  }

  std::vector<Row> RunAll(QueryService& service, const PreparedQuery& q) {
    auto cursor = service.Open(q);
    EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
    std::vector<Row> rows;
    if (!cursor.ok()) return rows;
    for (;;) {
      Row row;
      auto more = (*cursor)->Next(row);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      rows.push_back(row);
    }
    return rows;
  }

  int64_t TotalOf(QueryService& service, const json& request) {
    auto q = service.Prepare("companies", request);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    if (!q.ok()) return -1;
    auto total = service.Total(*q);
    EXPECT_TRUE(total.ok()) << total.status().ToString();
    return total.ok() ? *total : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Store> real_;
  std::unique_ptr<CountingStore> store_;
  std::vector<model::FieldDef> fields_;
};

TEST_F(QueryServiceTest, ResolveVersion) {
  QueryService service(*store_);
  auto current = service.ResolveVersion("companies");
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  EXPECT_EQ((*current)->version, 1);
  EXPECT_EQ((*current)->row_count, 30);
  EXPECT_TRUE((*current)->search_ready);

  auto no_data = service.ResolveVersion("empty");
  ASSERT_FALSE(no_data.ok());
  EXPECT_EQ(no_data.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(no_data.status().error_code(), "query.no_data");
  EXPECT_EQ(service.Prepare("empty", json::object()).status().error_code(), "query.no_data");

  EXPECT_EQ(service.ResolveVersion("nope").status().code(), Code::kNotFound);
  auto missing = service.ResolveVersion("companies", 9);
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().error_code(), "catalog.version_not_found");

  // Committed, indexed versions are immutable: read once.
  int reads = store_->version_reads;
  ASSERT_TRUE(service.ResolveVersion("companies").ok());
  ASSERT_TRUE(service.ResolveVersion("companies", 1).ok());
  EXPECT_EQ(store_->version_reads, reads);

  // A new version becomes current.
  WriteCompanies(5);
  auto v2 = service.ResolveVersion("companies");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ((*v2)->version, 2);
  EXPECT_EQ((*v2)->row_count, 5);
  EXPECT_EQ((*service.ResolveVersion("companies", 1))->row_count, 30);
}

TEST_F(QueryServiceTest, VersionParameter) {
  QueryService service(*store_);
  WriteCompanies(4);
  auto q = service.Prepare("companies", json{{"version", 1}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->version->version, 1);
  q = service.Prepare("companies", json{{"version", "2"}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->version->version, 2);
  for (json bad : {json(0), json(-1), json("abc"), json("2abc"), json(1.5), json::array()}) {
    EXPECT_EQ(service.Prepare("companies", json{{"version", bad}}).status().error_code(), "query.bad_parameter")
        << bad.dump();
  }
  EXPECT_EQ(service.Prepare("companies", json::array()).status().error_code(), "query.bad_request");
  EXPECT_EQ(service.Prepare("companies", json{{"version", 7}}).status().code(), Code::kNotFound);
}

TEST_F(QueryServiceTest, PreparedColumnsHideSortOnlyFields) {
  QueryService service(*store_);
  auto q = service.Prepare("companies", json{{"fields", "name"}, {"sort", "-capital"}, {"limit", 3}});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->columns, std::vector<std::string>{"name"});
  EXPECT_EQ(q->types, std::vector<ColumnType>{ColumnType::kText});
  auto rows = RunAll(service, *q);
  ASSERT_EQ(rows.size(), 3u);
  // Raw rows: row id, name, then the hidden sort column.
  EXPECT_EQ(std::get<std::string>(rows[0][1]), "公司30 贸易");
  EXPECT_EQ(std::get<double>(rows[0][2]), 300.0);

  auto grouped = service.Prepare("companies", json{{"group_by", "district"}, {"aggregates", "count,sum:capital,avg:id"}});
  ASSERT_TRUE(grouped.ok()) << grouped.status().ToString();
  EXPECT_EQ(grouped->columns, (std::vector<std::string>{"district", "count", "sum_capital", "avg_id"}));
  EXPECT_EQ(grouped->types, (std::vector<ColumnType>{ColumnType::kText, ColumnType::kInteger, ColumnType::kDecimal,
                                                     ColumnType::kDecimal}));
  EXPECT_EQ(RunAll(service, *grouped).size(), 4u);  // three districts and null
}

TEST_F(QueryServiceTest, CursorPagingThroughTheService) {
  QueryService service(*store_);
  for (const char* sort : {"-district,capital", "district", "-capital", "name desc"}) {
    json request{{"fields", "id"}, {"sort", sort}, {"limit", 4}};
    std::vector<int64_t> seen;
    for (int page = 0; page < 20; ++page) {
      auto q = service.Prepare("companies", request);
      ASSERT_TRUE(q.ok()) << q.status().ToString();
      auto rows = RunAll(service, *q);
      for (const auto& r : rows) seen.push_back(std::get<int64_t>(r[1]));
      if (rows.size() < 4) break;
      request["cursor"] = service.NextCursor(*q, rows.back());
    }
    // The same order as one big page.
    auto all = service.Prepare("companies", json{{"fields", "id"}, {"sort", sort}, {"limit", 100}});
    ASSERT_TRUE(all.ok());
    std::vector<int64_t> expected;
    for (const auto& r : RunAll(service, *all)) expected.push_back(std::get<int64_t>(r[1]));
    EXPECT_EQ(seen, expected) << sort;
    EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 30u) << sort;
  }
}

TEST_F(QueryServiceTest, CursorOfAnOlderVersionIsRejected) {
  QueryService service(*store_);
  auto q = service.Prepare("companies", json{{"sort", "id"}, {"limit", 2}});
  ASSERT_TRUE(q.ok());
  auto rows = RunAll(service, *q);
  std::string cursor = service.NextCursor(*q, rows.back());
  WriteCompanies(10);
  EXPECT_EQ(service.Prepare("companies", json{{"sort", "id"}, {"cursor", cursor}}).status().error_code(),
            "query.bad_cursor");
  // Pinning the version keeps the cursor valid.
  EXPECT_TRUE(service.Prepare("companies", json{{"sort", "id"}, {"cursor", cursor}, {"version", 1}}).ok());
}

TEST_F(QueryServiceTest, UnfilteredTotalComesFromRowCount) {
  QueryService service(*store_);
  EXPECT_EQ(TotalOf(service, json::object()), 30);
  EXPECT_EQ(TotalOf(service, json{{"sort", "-capital"}, {"limit", 1}, {"offset", 5}}), 30);
  EXPECT_EQ(TotalOf(service, json{{"fields", "name"}}), 30);
  EXPECT_EQ(store_->counts, 0);
  EXPECT_EQ(service.total_cache_hits(), 0u);
}

TEST_F(QueryServiceTest, FilteredTotalIsCached) {
  QueryService service(*store_);
  json request{{"filters", {{"district", "樊城区"}}}};
  int64_t first = TotalOf(service, request);
  // i % 3 == 0 and i % 7 != 0 for i in 1..30: 3,6,9,12,15,18,24,27,30.
  EXPECT_EQ(first, 9);
  EXPECT_EQ(store_->counts, 1);
  EXPECT_EQ(service.total_cache_hits(), 0u);

  EXPECT_EQ(TotalOf(service, request), 9);
  EXPECT_EQ(store_->counts, 1);
  EXPECT_EQ(service.total_cache_hits(), 1u);

  // Paging, projection and sort do not change a total.
  EXPECT_EQ(TotalOf(service, json{{"filters", {{"district", "樊城区"}}}, {"limit", 2}, {"offset", 4},
                                  {"sort", "-capital"}, {"fields", "id"}}),
            9);
  EXPECT_EQ(store_->counts, 1);
  EXPECT_EQ(service.total_cache_hits(), 2u);
  // Nor does spelling the filter as a JSON string.
  EXPECT_EQ(TotalOf(service, json{{"filters", "{\"district\":\"樊城区\"}"}}), 9);
  EXPECT_EQ(service.total_cache_hits(), 3u);

  // A different filter value or operator is a different total.
  EXPECT_EQ(TotalOf(service, json{{"filters", {{"district", "襄城区"}}}}), 8);  // 7 and 28 are null
  EXPECT_EQ(TotalOf(service, json{{"filters", {{"district", {{"ne", "樊城区"}}}}}}), 21);
  EXPECT_EQ(TotalOf(service, json{{"filters", {{"capital", {{"gt", 100}}}}}}), 20);
  EXPECT_EQ(TotalOf(service, json{{"filters", {{"capital", {{"gt", "100"}}}}}}), 20);  // same value
  EXPECT_EQ(store_->counts, 4);
  EXPECT_EQ(service.total_cache_hits(), 4u);
}

TEST_F(QueryServiceTest, OtherTotals) {
  QueryService service(*store_);
  EXPECT_EQ(TotalOf(service, json{{"q", "科技"}}), 15);
  EXPECT_EQ(TotalOf(service, json{{"q", "科技"}, {"filters", {{"capital", {{"lte", 100}}}}}}), 5);
  EXPECT_EQ(TotalOf(service, json{{"fields", "district"}, {"distinct", true}}), 4);
  EXPECT_EQ(TotalOf(service, json{{"group_by", "district"}}), 4);
  EXPECT_EQ(TotalOf(service, json{{"aggregates", "count"}}), 1);
  EXPECT_EQ(store_->counts, 5);
  EXPECT_EQ(TotalOf(service, json{{"fields", "district"}, {"distinct", true}}), 4);
  EXPECT_EQ(TotalOf(service, json{{"fields", "district,id"}, {"distinct", true}}), 30);  // not the same key
  EXPECT_EQ(store_->counts, 6);
}

TEST_F(QueryServiceTest, TotalsFollowTheCurrentVersion) {
  QueryService service(*store_);
  json request{{"filters", {{"capital", {{"lte", 50}}}}}};
  EXPECT_EQ(TotalOf(service, request), 5);
  WriteCompanies(3);
  EXPECT_EQ(TotalOf(service, request), 3);
  EXPECT_EQ(TotalOf(service, json::object()), 3);
  EXPECT_EQ(store_->counts, 2);
}

TEST_F(QueryServiceTest, TotalCacheIsBounded) {
  QueryService service(*store_, QueryLimits{}, /*total_cache_entries=*/1);
  json a{{"filters", {{"district", "樊城区"}}}};
  json b{{"filters", {{"district", "襄城区"}}}};
  TotalOf(service, a);
  TotalOf(service, b);  // evicts a
  TotalOf(service, a);
  EXPECT_EQ(store_->counts, 3);
  EXPECT_EQ(service.total_cache_hits(), 0u);
  TotalOf(service, a);
  EXPECT_EQ(service.total_cache_hits(), 1u);
}

TEST_F(QueryServiceTest, ExportHasNoLimitCap) {
  QueryLimits limits;
  limits.max_limit = 5;
  QueryService service(*store_, limits);
  EXPECT_EQ(service.Prepare("companies", json{{"limit", 6}}).status().error_code(), "query.bad_parameter");
  auto q = service.PrepareExport("companies", json{{"fields", "id"}, {"sort", "-id"}});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  auto rows = RunAll(service, *q);
  ASSERT_EQ(rows.size(), 30u);
  EXPECT_EQ(std::get<int64_t>(rows[0][1]), 30);
  auto limited = service.PrepareExport("companies", json{{"limit", 1000}});
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(RunAll(service, *limited).size(), 30u);
}

// A deleted dataset's id may be registered again; its version numbers start
// over (and, for the newest dataset, so do its table names), so nothing
// cached for the old dataset may answer for the new one.
TEST_F(QueryServiceTest, RecreatedDatasetIsNotServedFromCache) {
  for (const char* id : {"companies", "fresh"}) {
    if (std::string(id) == "fresh") {
      // The newest dataset: re-creating it reuses its storage sequence number.
      model::DatasetMeta m;
      m.id = "fresh";
      m.name = "新";
      m.department = "SCJG";
      ASSERT_TRUE(store_->CreateDataset(m).ok());
    }
    auto write = [&](int rows) {
      storage::VersionSpec spec;
      spec.dataset_id = id;
      spec.fields = fields_;
      auto writer = store_->BeginVersion(spec);
      ASSERT_TRUE(writer.ok());
      for (int i = 1; i <= rows; ++i) {
        ASSERT_TRUE((*writer)->Append(Row{int64_t{i}, std::string("n"), std::string("樊城区"), i * 1.0}).ok());
      }
      auto v = (*writer)->Commit();
      ASSERT_TRUE(v.ok());
      ASSERT_TRUE(store_->BuildSearchIndex(*v).ok());
    };
    if (std::string(id) == "fresh") write(30);

    QueryService service(*store_);
    json filtered{{"filters", {{"district", "樊城区"}}}};
    auto before = service.Prepare(id, filtered);
    ASSERT_TRUE(before.ok());
    ASSERT_TRUE(service.Total(*before).ok());

    ASSERT_TRUE(store_->DeleteDataset(id).ok());
    model::DatasetMeta m;
    m.id = id;
    m.name = "重建";
    m.department = "SCJG";
    ASSERT_TRUE(store_->CreateDataset(m).ok());
    write(2);

    auto after = service.Prepare(id, filtered);
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    EXPECT_EQ(after->version->row_count, 2) << id;
    auto rows = RunAll(service, *after);
    EXPECT_EQ(rows.size(), 2u) << id;
    auto total = service.Total(*after);
    ASSERT_TRUE(total.ok()) << total.status().ToString();
    EXPECT_EQ(*total, 2) << id;
  }
}

// Ingest stores datetimes as YYYY-MM-DDTHH:MM:SS; filter values written
// with minutes only, a space, or as a bare date must compare with them.
TEST_F(QueryServiceTest, DateTimeFiltersMatchStoredValues) {
  model::DatasetMeta m;
  m.id = "events";
  m.name = "事件";
  m.department = "SCJG";
  ASSERT_TRUE(store_->CreateDataset(m).ok());
  storage::VersionSpec spec;
  spec.dataset_id = "events";
  spec.fields = {F("id", ColumnType::kInteger), F("at", ColumnType::kDateTime), F("day", ColumnType::kDate)};
  auto writer = store_->BeginVersion(spec);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{1}, DateTime{"2024-03-01T08:30:00"}, Date{"2024-03-01"}}).ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{2}, DateTime{"2024-03-01T00:00:00"}, Date{"2024-03-02"}}).ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{3}, DateTime{"2024-03-02T12:00:00"}, Value{}}).ok());
  ASSERT_TRUE((*writer)->Commit().ok());

  QueryService service(*store_);
  auto ids = [&](const json& filters) {
    std::vector<int64_t> out;
    auto q = service.Prepare("events", json{{"fields", "id"}, {"filters", filters}});
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    if (!q.ok()) return out;
    for (const auto& r : RunAll(service, *q)) out.push_back(std::get<int64_t>(r[1]));
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids(json{{"at", "2024-03-01T08:30:00"}}), V{1});
  EXPECT_EQ(ids(json{{"at", "2024-03-01 08:30:00"}}), V{1});
  EXPECT_EQ(ids(json{{"at", "2024-03-01 08:30"}}), V{1});
  EXPECT_EQ(ids(json{{"at", "2024-03-01"}}), V{2});  // a date is midnight
  EXPECT_EQ(ids(json{{"at", {{"lte", "2024-03-01 08:30"}}}}), (V{1, 2}));
  EXPECT_EQ(ids(json{{"at", {{"gte", "2024-03-01"}}}}), (V{1, 2, 3}));
  EXPECT_EQ(ids(json{{"at", {{"lt", "2024-03-02"}}}}), (V{1, 2}));
  EXPECT_EQ(ids(json{{"at", json::array({"2024-03-02 12:00", "2024-03-01"})}}), (V{2, 3}));
  EXPECT_EQ(ids(json{{"day", "2024-03-01"}}), V{1});
}

// A caller who may not see every field: hidden fields are unknown to every
// part of the request, full text does not find rows by them, and the scope's
// row filter narrows every answer.
TEST_F(QueryServiceTest, ReadScopeHidesFieldsFromEveryPartOfTheQuery) {
  QueryService service(*store_);
  ReadScope scope;
  scope.fields = {"id", "district", "capital"};
  for (const json& request : {json{{"fields", "name"}}, json{{"filters", {{"name", "公司1 科技"}}}},
                              json{{"sort", "name"}}, json{{"group_by", "name"}, {"aggregates", "count"}},
                              json{{"aggregates", "max:name"}}}) {
    auto q = service.Prepare("companies", request, &scope);
    ASSERT_FALSE(q.ok()) << request.dump();
    EXPECT_EQ(q.status().error_code(), "query.unknown_field") << request.dump();
  }
  auto all = service.Prepare("companies", json::object(), &scope);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->columns, (std::vector<std::string>{"id", "district", "capital"}));

  // "科技" is only in the hidden name column.
  auto open_text = service.Prepare("companies", json{{"q", "科技"}, {"total", true}});
  ASSERT_TRUE(open_text.ok());
  EXPECT_EQ(RunAll(service, *open_text).size(), 15u);
  auto hidden_text = service.Prepare("companies", json{{"q", "科技"}, {"total", true}}, &scope);
  ASSERT_TRUE(hidden_text.ok());
  EXPECT_TRUE(RunAll(service, *hidden_text).empty());
  auto hidden_total = service.Total(*hidden_text);
  ASSERT_TRUE(hidden_total.ok());
  EXPECT_EQ(*hidden_total, 0);
  auto visible_text = service.Prepare("companies", json{{"q", "樊城"}}, &scope);
  ASSERT_TRUE(visible_text.ok());
  EXPECT_FALSE(RunAll(service, *visible_text).empty());

  // The scope's own filter may use a hidden field and always applies.
  ReadScope rows_scope;
  rows_scope.fields = {"id", "capital"};
  rows_scope.row_filter = {{"district", "樊城区"}};
  auto filtered = service.Prepare("companies", json{{"limit", 1000}}, &rows_scope);
  ASSERT_TRUE(filtered.ok()) << filtered.status().ToString();
  auto unscoped = service.Prepare("companies", json{{"filters", {{"district", "樊城区"}}}, {"limit", 1000}});
  ASSERT_TRUE(unscoped.ok());
  auto got = RunAll(service, *filtered);
  EXPECT_EQ(got.size(), RunAll(service, *unscoped).size());
  EXPECT_FALSE(got.empty());
  EXPECT_LT(got.size(), 30u);
  // Even a caller filter cannot widen it.
  auto widened = service.Prepare("companies", json{{"filters", {{"id", {{"gte", 0}}}}}}, &rows_scope);
  ASSERT_TRUE(widened.ok());
  EXPECT_EQ(RunAll(service, *widened).size(), got.size());
}

}  // namespace
}  // namespace yungu::query

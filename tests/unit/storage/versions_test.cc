// Writing dataset versions: modes, atomicity, type changes, pruning and the
// full-text index.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "storage/postgres/pg_store.h"
#include "storage_test_util.h"

namespace yungu::storage {
namespace {

using testing::AllRows;
using testing::Column;
using testing::DataTables;
using testing::Field;
using testing::Repr;
using testing::RunQuery;
using testing::Spec;
using testing::WriteVersion;

using Strings = std::vector<std::string>;

class VersionTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDepartment("TJJ", "市统计局");
    ASSERT_TRUE(store().CreateDataset(Meta("people", "人员名单", "TJJ")).ok());
  }

  static std::vector<model::FieldDef> PeopleFields() {
    return {Field("id", ColumnType::kInteger, true), Field("name", ColumnType::kText),
            Field("city", ColumnType::kText)};
  }

  static Row P(int64_t id, const std::string& name, const std::string& city) {
    return Row{id, name, city.empty() ? Value{} : Value{city}};
  }

  model::VersionInfo Write(WriteMode mode, const std::vector<Row>& rows,
                           std::vector<model::FieldDef> fields = PeopleFields()) {
    auto v = WriteVersion(store(), Spec("people", std::move(fields), mode), rows);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : model::VersionInfo{};
  }

  std::vector<Row> Rows(const model::VersionInfo& v) {
    auto out = RunQuery(store(), v, AllRows(v));
    EXPECT_TRUE(out.status.ok()) << out.status.ToString();
    return out.rows;
  }

  std::vector<Row> CurrentRows() {
    auto meta = store().GetDataset("people");
    EXPECT_TRUE(meta.ok());
    auto v = store().GetVersion("people", meta->current_version);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? Rows(*v) : std::vector<Row>{};
  }

  std::vector<std::string> StagingTables() {
    std::vector<std::string> out;
    for (auto& t : DataTables(db_path())) {
      if (t.find("_s") != std::string::npos && t.find("_v") == std::string::npos) out.push_back(t);
    }
    return out;
  }
};

// A query past its time limit stops with query.timeout, and the connection
// it ran on serves the next query (on PostgreSQL its read transaction is
// rolled back, not left open in the pool).
TEST_F(VersionTest, QueryPastItsTimeLimitStopsAndTheStoreGoesOn) {
  std::vector<Row> rows;
  for (int64_t i = 1; i <= 200000; ++i) rows.push_back(P(i, "名" + std::to_string(i * 7919 % 200003), "襄阳"));
  auto v = Write(WriteMode::kReplace, rows);
  model::QueryPlan slow;
  slow.fields = {"name"};
  slow.group_by = {"name"};
  slow.aggregates = {{model::AggregateFn::kCount, "", "count"}};
  slow.sort = {{"count", true}};
  slow.limit = 5;
  slow.timeout_ms = 1;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto out = RunQuery(store(), v, slow);
    ASSERT_FALSE(out.status.ok());
    EXPECT_EQ(out.status.error_code(), "query.timeout") << out.status.ToString();
    model::QueryPlan total;
    total.fields = {"id"};
    total.aggregates = {{model::AggregateFn::kCount, "", "count"}};
    total.timeout_ms = 10000;
    auto ok = RunQuery(store(), v, total);
    ASSERT_TRUE(ok.status.ok()) << ok.status.ToString();
    ASSERT_EQ(ok.rows.size(), 1u);
    EXPECT_EQ(Repr(ok.rows[0][0]), "i:200000");
  }
}

TEST_F(VersionTest, BeginVersionChecks) {
  auto missing = store().BeginVersion(Spec("nope", PeopleFields()));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  auto no_fields = store().BeginVersion(Spec("people", {}));
  ASSERT_FALSE(no_fields.ok());
  EXPECT_EQ(no_fields.status().error_code(), "ingest.no_fields");
  auto no_key = store().BeginVersion(Spec("people", {Field("a", ColumnType::kText)}, WriteMode::kUpsert));
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.status().error_code(), "ingest.no_key");
  EXPECT_TRUE(StagingTables().empty());
}

TEST_F(VersionTest, CommitMakesRowsVisible) {
  clock_.Set("2024-07-01T12:00:00Z");
  auto v = Write(WriteMode::kReplace, {P(1, "张三", "襄阳"), P(2, "李四", ""), P(3, "王五", "武汉")});
  EXPECT_EQ(v.version, 1);
  EXPECT_EQ(v.row_count, 3);
  EXPECT_EQ(v.mode, "replace");
  EXPECT_EQ(v.source, "test");
  EXPECT_EQ(v.created_at, "2024-07-01T12:00:00Z");
  EXPECT_FALSE(v.search_ready);

  auto meta = store().GetDataset("people");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->current_version, 1);
  EXPECT_EQ(meta->row_count, 3);
  EXPECT_EQ(meta->data_updated_at, "2024-07-01T12:00:00Z");
  EXPECT_EQ(meta->metadata_revision, 1);  // fields were not taken into the metadata
  EXPECT_TRUE(meta->fields.empty());

  auto rows = Rows(v);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(testing::Reprs(rows[0]), (Strings{"i:1", "s:张三", "s:襄阳"}));
  EXPECT_EQ(testing::Reprs(rows[1]), (Strings{"i:2", "s:李四", "null"}));

  auto listed = store().ListVersions("people");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].fields.size(), 3u);
  EXPECT_EQ((*listed)[0].table, v.table);
  EXPECT_TRUE(StagingTables().empty());
}

TEST_F(VersionTest, UpdateMetadataFieldsRecordsARevision) {
  auto spec = Spec("people", PeopleFields());
  spec.update_metadata_fields = true;
  clock_.Set("2024-07-02T00:00:00Z");
  ASSERT_TRUE(WriteVersion(store(), spec, {P(1, "a", "b")}).ok());
  auto meta = store().GetDataset("people");
  ASSERT_TRUE(meta.ok());
  ASSERT_EQ(meta->fields.size(), 3u);
  EXPECT_EQ(meta->fields[0].name, "id");
  EXPECT_TRUE(meta->fields[0].primary_key);
  EXPECT_EQ(meta->metadata_revision, 2);
  EXPECT_EQ(meta->updated_at, "2024-07-02T00:00:00Z");
  auto revs = store().ListRevisions("people");
  ASSERT_TRUE(revs.ok());
  ASSERT_EQ(revs->size(), 2u);
  EXPECT_EQ((*revs)[0].revision, 2);
  EXPECT_NE((*revs)[0].note.find("version 1"), std::string::npos);
}

TEST_F(VersionTest, ReplaceAppendUpsert) {
  auto v1 = Write(WriteMode::kReplace, {P(1, "张三", "襄阳"), P(2, "李四", "武汉")});
  auto v2 = Write(WriteMode::kReplace, {P(3, "王五", "宜昌")});
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(Column(Rows(v2), 0), (Strings{"i:3"}));
  // The old version is still there and unchanged.
  EXPECT_EQ(Column(Rows(v1), 0), (Strings{"i:1", "i:2"}));

  auto v3 = Write(WriteMode::kAppend, {P(4, "赵六", "十堰"), P(5, "钱七", "")});
  EXPECT_EQ(v3.version, 3);
  EXPECT_EQ(v3.mode, "append");
  EXPECT_EQ(v3.row_count, 3);
  EXPECT_EQ(Column(Rows(v3), 0), (Strings{"i:3", "i:4", "i:5"}));
  EXPECT_EQ(store().GetDataset("people")->row_count, 3);

  // Upsert replaces the row with the same key and adds new keys.
  auto v4 = Write(WriteMode::kUpsert, {P(4, "赵六六", "襄阳"), P(6, "孙八", "武汉")});
  EXPECT_EQ(v4.row_count, 4);
  auto rows = Rows(v4);
  ASSERT_EQ(rows.size(), 4u);
  std::map<int64_t, std::vector<std::string>> by_id;
  for (const auto& r : rows) by_id[std::get<int64_t>(r[0])] = testing::Reprs(r);
  EXPECT_EQ(by_id[3], (Strings{"i:3", "s:王五", "s:宜昌"}));
  EXPECT_EQ(by_id[4], (Strings{"i:4", "s:赵六六", "s:襄阳"}));
  EXPECT_EQ(by_id[5], (Strings{"i:5", "s:钱七", "null"}));
  EXPECT_EQ(by_id[6], (Strings{"i:6", "s:孙八", "s:武汉"}));
  // The upserted version before it is untouched.
  EXPECT_EQ(Rows(v3).size(), 3u);
  EXPECT_EQ(Repr(Rows(v3)[1][1]), "s:赵六");
}

TEST_F(VersionTest, AppendKeepsOldRowsEvenWithoutKey) {
  std::vector<model::FieldDef> fields = {Field("note", ColumnType::kText)};
  Write(WriteMode::kReplace, {Row{std::string("a")}, Row{std::string("b")}}, fields);
  auto v = Write(WriteMode::kAppend, {Row{std::string("a")}}, fields);
  EXPECT_EQ(Column(Rows(v), 0), (Strings{"s:a", "s:b", "s:a"}));
}

TEST_F(VersionTest, UpsertWithExplicitKeyFields) {
  std::vector<model::FieldDef> fields = {Field("code", ColumnType::kText), Field("n", ColumnType::kInteger)};
  Write(WriteMode::kReplace, {Row{std::string("x"), int64_t{1}}, Row{std::string("y"), int64_t{2}}}, fields);
  auto spec = Spec("people", fields, WriteMode::kUpsert);
  spec.key_fields = {"code"};
  auto v = WriteVersion(store(), spec, {Row{std::string("y"), int64_t{20}}, Row{std::string("z"), int64_t{3}}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto rows = Rows(*v);
  std::map<std::string, std::string> got;
  for (const auto& r : rows) got[std::get<std::string>(r[0])] = Repr(r[1]);
  EXPECT_EQ(got, (std::map<std::string, std::string>{{"x", "i:1"}, {"y", "i:20"}, {"z", "i:3"}}));
}

TEST_F(VersionTest, AppendMatchesColumnsByName) {
  Write(WriteMode::kReplace, {P(1, "张三", "襄阳")});
  // New column order, one field dropped, one added.
  std::vector<model::FieldDef> fields = {Field("city", ColumnType::kText), Field("id", ColumnType::kInteger, true),
                                         Field("age", ColumnType::kInteger)};
  auto v = Write(WriteMode::kAppend, {Row{std::string("武汉"), int64_t{2}, int64_t{30}}}, fields);
  auto rows = Rows(v);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(testing::Reprs(rows[0]), (Strings{"s:襄阳", "i:1", "null"}));
  EXPECT_EQ(testing::Reprs(rows[1]), (Strings{"s:武汉", "i:2", "i:30"}));
}

TEST_F(VersionTest, DuplicateKeyIsConflict) {
  auto writer = store().BeginVersion(Spec("people", PeopleFields()));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(P(1, "a", "")).ok());
  Status dup = (*writer)->Append(P(1, "b", ""));
  EXPECT_EQ(dup.code(), Code::kConflict);
  EXPECT_EQ(dup.error_code(), "ingest.duplicate_key");
  // The writer goes on after a rejected row.
  ASSERT_TRUE((*writer)->Append(P(2, "c", "")).ok());
  EXPECT_EQ((*writer)->rows_written(), 2);
  auto v = (*writer)->Commit();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->row_count, 2);
  EXPECT_EQ(Column(Rows(*v), 1), (Strings{"s:a", "s:c"}));

  // Append onto existing keys conflicts too.
  auto append = store().BeginVersion(Spec("people", PeopleFields(), WriteMode::kAppend));
  ASSERT_TRUE(append.ok());
  EXPECT_EQ((*append)->Append(P(2, "again", "")).error_code(), "ingest.duplicate_key");
}

TEST_F(VersionTest, WrongRowWidthIsAnError) {
  auto writer = store().BeginVersion(Spec("people", PeopleFields()));
  ASSERT_TRUE(writer.ok());
  EXPECT_FALSE((*writer)->Append(Row{int64_t{1}}).ok());
}

TEST_F(VersionTest, AbandonedWriterChangesNothing) {
  Open(/*batch_rows=*/3);  // several batches are committed to the staging table
  auto v1 = Write(WriteMode::kReplace, {P(1, "张三", "襄阳"), P(2, "李四", "武汉")});
  auto before = DataTables(db_path());

  for (WriteMode mode : {WriteMode::kReplace, WriteMode::kAppend, WriteMode::kUpsert}) {
    {
      auto writer = store().BeginVersion(Spec("people", PeopleFields(), mode));
      ASSERT_TRUE(writer.ok()) << writer.status().ToString();
      for (int64_t i = 10; i < 20; ++i) ASSERT_TRUE((*writer)->Append(P(i, "x", "y")).ok());
      ASSERT_TRUE((*writer)->ChangeColumnType(0, ColumnType::kText).ok());
      // While the writer is open, readers see the committed version only.
      EXPECT_EQ(CurrentRows().size(), 2u);
      EXPECT_EQ(StagingTables().size(), 1u);
    }  // destroyed without Commit
    auto meta = store().GetDataset("people");
    ASSERT_TRUE(meta.ok());
    EXPECT_EQ(meta->current_version, 1);
    EXPECT_EQ(meta->row_count, 2);
    EXPECT_EQ(Column(CurrentRows(), 1), (Strings{"s:张三", "s:李四"}));
    EXPECT_EQ(store().ListVersions("people")->size(), 1u);
    EXPECT_TRUE(StagingTables().empty()) << "stray staging table";
    EXPECT_EQ(DataTables(db_path()), before);
  }
  // A later write still gets the next version number and works.
  auto v2 = Write(WriteMode::kAppend, {P(3, "王五", "")});
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(Rows(v2).size(), 3u);
  EXPECT_EQ(Rows(v1).size(), 2u);
}

TEST_F(VersionTest, AbandonedWriterWithoutRows) {
  { auto writer = store().BeginVersion(Spec("people", PeopleFields())); }
  EXPECT_TRUE(StagingTables().empty());
  EXPECT_EQ(store().GetDataset("people")->current_version, 0);
}

TEST_F(VersionTest, LeftoverStagingTableIsDroppedOnOpen) {
  Write(WriteMode::kReplace, {P(1, "a", "")});
  {
    // Simulate a crash: a staging table no version refers to, left by a
    // process that is gone (on PostgreSQL: of this host).
    std::string name = yungu::testing::OnPostgres() ? "d1_s999999999_" + pg::HostTag() + "_deadbeef" : "d1_sdeadbeef";
    testing::RawExec(db_path(), "CREATE TABLE \"" + name + "\" (_rid INTEGER PRIMARY KEY, c0 TEXT)");
  }
  EXPECT_EQ(StagingTables().size(), 1u);
  Open();
  EXPECT_TRUE(StagingTables().empty());
  EXPECT_EQ(CurrentRows().size(), 1u);
}

TEST_F(VersionTest, ChangeColumnTypeToTextConvertsEarlierNumbers) {
  Open(/*batch_rows=*/2);
  std::vector<model::FieldDef> fields = {Field("code", ColumnType::kInteger), Field("amount", ColumnType::kDecimal)};
  auto writer = store().BeginVersion(Spec("people", fields));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{1}, 1.5}).ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{20}, 2.0}).ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{300}, Value{}}).ok());
  ASSERT_TRUE((*writer)->ChangeColumnType(0, ColumnType::kText).ok());
  ASSERT_TRUE((*writer)->ChangeColumnType(1, ColumnType::kText).ok());
  ASSERT_TRUE((*writer)->Append(Row{std::string("A-7"), std::string("n/a")}).ok());
  EXPECT_FALSE((*writer)->ChangeColumnType(5, ColumnType::kText).ok());
  auto v = (*writer)->Commit();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->fields[0].type, ColumnType::kText);
  EXPECT_EQ(v->fields[1].type, ColumnType::kText);

  auto rows = Rows(*v);
  EXPECT_EQ(Column(rows, 0), (Strings{"s:1", "s:20", "s:300", "s:A-7"}));
  EXPECT_EQ(Column(rows, 1), (Strings{"s:1.5", "s:2.0", "null", "s:n/a"}));
  // Stored as text, so a text filter finds the converted values.
  if (yungu::testing::OnPostgres()) {
    EXPECT_EQ(testing::RawText(db_path(), "SELECT data_type FROM information_schema.columns WHERE table_name = '" +
                                              v->table + "' AND column_name = 'c0'"),
              "text");
  } else {
    EXPECT_EQ(testing::RawInt(db_path(), "SELECT count(*) FROM " + v->table + " WHERE typeof(c0) <> 'text'"), 0);
  }
  model::QueryPlan plan = AllRows(*v);
  plan.filters.push_back({"code", model::FilterOp::kEq, {std::string("20")}});
  auto found = RunQuery(store(), *v, plan);
  ASSERT_TRUE(found.status.ok());
  EXPECT_EQ(found.rows.size(), 1u);
  // The stored schema says text as well.
  auto stored = store().GetVersion("people", v->version);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->fields[0].type, ColumnType::kText);
}

TEST_F(VersionTest, ChangeColumnTypeIntegerToDecimal) {
  std::vector<model::FieldDef> fields = {Field("x", ColumnType::kInteger)};
  auto writer = store().BeginVersion(Spec("people", fields));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(Row{int64_t{2}}).ok());
  ASSERT_TRUE((*writer)->ChangeColumnType(0, ColumnType::kDecimal).ok());
  ASSERT_TRUE((*writer)->Append(Row{2.5}).ok());
  auto v = (*writer)->Commit();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(Column(Rows(*v), 0), (Strings{"f:2", "f:2.5"}));
}

TEST_F(VersionTest, PruneKeepsNewestAndCurrent) {
  for (int i = 1; i <= 5; ++i) Write(WriteMode::kReplace, {P(i, "v" + std::to_string(i), "")});
  auto versions = store().ListVersions("people");
  ASSERT_EQ(versions->size(), 5u);
  EXPECT_EQ((*versions)[0].version, 5);  // newest first

  auto bad = store().PruneVersions("people", 0);
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store().PruneVersions("nope", 1).status().code(), Code::kNotFound);

  auto dropped = store().PruneVersions("people", 2);
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  EXPECT_EQ(*dropped, 3);
  versions = store().ListVersions("people");
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].version, 5);
  EXPECT_EQ((*versions)[1].version, 4);
  EXPECT_EQ(store().GetVersion("people", 1).status().code(), Code::kNotFound);
  for (int gone = 1; gone <= 3; ++gone) {
    std::string table = "d1_v" + std::to_string(gone);
    auto tables = DataTables(db_path());
    EXPECT_EQ(std::count(tables.begin(), tables.end(), table), 0) << table;
  }

  // keep=1 leaves only the current version, which stays readable.
  EXPECT_EQ(*store().PruneVersions("people", 1), 1);
  EXPECT_EQ(*store().PruneVersions("people", 1), 0);
  EXPECT_EQ(*store().PruneVersions("people", 10), 0);
  versions = store().ListVersions("people");
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].version, 5);
  EXPECT_EQ(store().GetDataset("people")->current_version, 5);
  EXPECT_EQ(Column(CurrentRows(), 1), (Strings{"s:v5"}));

  // Numbering continues after pruning.
  EXPECT_EQ(Write(WriteMode::kReplace, {P(9, "v6", "")}).version, 6);
}

TEST_F(VersionTest, PruneNeverDropsTheCurrentVersion) {
  for (int i = 1; i <= 3; ++i) Write(WriteMode::kReplace, {P(i, "v" + std::to_string(i), "")});
  // Make an older version current again, as a rollback would.
  {
    testing::RawExec(db_path(), "UPDATE datasets SET current_version = 1, row_count = 1 WHERE id = 'people'");
  }
  auto dropped = store().PruneVersions("people", 1);
  ASSERT_TRUE(dropped.ok());
  auto versions = store().ListVersions("people");
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].version, 1);
  EXPECT_EQ(Column(CurrentRows(), 1), (Strings{"s:v1"}));
}

class SearchIndexTest : public VersionTest {
 protected:
  model::VersionInfo WriteDocs() {
    std::vector<model::FieldDef> fields = {Field("id", ColumnType::kInteger, true), Field("title", ColumnType::kText),
                                           Field("body", ColumnType::kText), Field("n", ColumnType::kInteger)};
    return Write(WriteMode::kReplace,
                 {Row{int64_t{1}, std::string("道路交通流量"), std::string("主要道路车流"), int64_t{100}},
                  Row{int64_t{2}, std::string("公交线路"), Value{}, int64_t{200}},
                  Row{int64_t{3}, std::string("医疗机构"), std::string("医院 Hospital list"), int64_t{300}},
                  Row{int64_t{4}, std::string("企业信用信息"), std::string("Credit scores"), Value{}},
                  Row{int64_t{5}, Value{}, Value{}, int64_t{500}}},
                 fields);
  }

  std::vector<std::string> Match(const model::VersionInfo& v, const std::string& text) {
    model::QueryPlan plan = AllRows(v);
    plan.full_text = text;
    auto out = RunQuery(store(), v, plan);
    EXPECT_TRUE(out.status.ok()) << out.status.ToString();
    auto count = store().Count(v, plan);
    EXPECT_TRUE(count.ok());
    EXPECT_EQ(*count, static_cast<int64_t>(out.rows.size())) << text;
    return Column(out.rows, 0);
  }
};

TEST_F(SearchIndexTest, FullTextBeforeAndAfterTheIndex) {
  auto v = WriteDocs();
  const std::vector<std::pair<std::string, Strings>> cases = {
      {"交通", {"i:1"}},          {"道路", {"i:1"}},   {"医院", {"i:3"}},         {"hospital", {"i:3"}},
      {"企业信用", {"i:4"}},      {"credit", {"i:4"}}, {"医疗 hospital", {"i:3"}}, {"地铁", {}},
      {"公交线路", {"i:2"}},
  };
  // Without the index: substring scan.
  for (const auto& [text, ids] : cases) EXPECT_EQ(Match(v, text), ids) << "scan: " << text;

  ASSERT_TRUE(store().BuildSearchIndex(v).ok());
  auto indexed = store().GetVersion("people", v.version);
  ASSERT_TRUE(indexed.ok());
  EXPECT_TRUE(indexed->search_ready);
  for (const auto& [text, ids] : cases) EXPECT_EQ(Match(*indexed, text), ids) << "index: " << text;
  // Only the index tokenises: one character matches as a prefix, case folds.
  EXPECT_EQ(Match(*indexed, "医"), (Strings{"i:3"}));
  EXPECT_EQ(Match(*indexed, "CREDIT"), (Strings{"i:4"}));
  EXPECT_EQ(Match(*indexed, "***"), Strings{});
  // Full text combines with filters.
  model::QueryPlan plan = AllRows(*indexed);
  plan.full_text = "道路";
  plan.filters.push_back({"n", model::FilterOp::kGt, {int64_t{150}}});
  EXPECT_TRUE(RunQuery(store(), *indexed, plan).rows.empty());
  // Building again is harmless.
  ASSERT_TRUE(store().BuildSearchIndex(*indexed).ok());
  EXPECT_EQ(Match(*indexed, "交通"), (Strings{"i:1"}));
}

TEST_F(SearchIndexTest, NoTextColumns) {
  std::vector<model::FieldDef> fields = {Field("n", ColumnType::kInteger)};
  auto v = Write(WriteMode::kReplace, {Row{int64_t{1}}}, fields);
  EXPECT_EQ(Match(v, "1"), Strings{});
  ASSERT_TRUE(store().BuildSearchIndex(v).ok());
  auto indexed = store().GetVersion("people", v.version);
  ASSERT_TRUE(indexed.ok());
  EXPECT_TRUE(indexed->search_ready);
  EXPECT_EQ(Match(*indexed, "1"), Strings{});
}

}  // namespace
}  // namespace yungu::storage

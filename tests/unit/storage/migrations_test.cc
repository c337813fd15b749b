// Schema versions: a store opens an empty database at the latest schema, an
// older one is brought up to date with its data intact, reopening changes
// nothing, instances starting together apply each step once, and a schema
// newer than the program is refused.
#include <gtest/gtest.h>

#include <thread>

#include "storage/postgres/pg_migrations.h"
#include "storage/sqlite/migrations.h"
#include "yungu/storage/identity_store.h"
#include "storage_test_util.h"

namespace yungu::storage {
namespace {

using yungu::testing::NewPgDatabase;
using yungu::testing::OnPostgres;

int64_t HubVersion(const std::string& location) {
  return testing::RawInt(location, IsPostgresUrl(location)
                                       ? "SELECT version FROM yungu_schema WHERE component = 'hub'"
                                       : "PRAGMA user_version");
}

class MigrationTest : public testing::StoreFixture {};

TEST_F(MigrationTest, AnEmptyDatabaseGetsTheLatestSchemaAndReopeningChangesNothing) {
  int64_t latest = HubVersion(db_path());
  if (OnPostgres()) {
    EXPECT_EQ(latest, static_cast<int64_t>(pg::HubMigrations().size()));
  }
  EXPECT_GE(latest, 5);
  auto tables = testing::TableNames(db_path());
  AddDepartment("TJJ", "市统计局");
  Open();
  Open();
  EXPECT_EQ(HubVersion(db_path()), latest);
  EXPECT_EQ(testing::TableNames(db_path()), tables);
  EXPECT_EQ(store().ListDepartments()->size(), 1u);
}

TEST(PostgresMigrationTest, APreviousVersionIsUpgradedWithItsData) {
  if (!OnPostgres()) GTEST_SKIP() << "stopping at an older schema is the PostgreSQL store's option (migrate_upto)";
  std::string url = NewPgDatabase();
  const int latest = static_cast<int>(pg::HubMigrations().size());
  {
    PostgresOptions old;
    old.migrate_upto = latest - 1;
    auto store = OpenPostgresStore(url, old);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(HubVersion(url), latest - 1);
    model::Department d;
    d.code = "TJJ";
    d.name = "市统计局";
    ASSERT_TRUE((*store)->PutDepartment(d).ok());
    model::DatasetMeta m;
    m.id = "cpi";
    m.name = "居民消费价格指数";
    m.department = "TJJ";
    m.publish_date = "2024-01-01";
    ASSERT_TRUE((*store)->CreateDataset(m).ok());
    auto v = testing::WriteVersion(**store, testing::Spec("cpi", {testing::Field("month", ColumnType::kText)}),
                                   {Row{std::string("2024-01")}, Row{std::string("2024-02")}});
    ASSERT_TRUE(v.ok()) << v.status().ToString();
  }
  auto store = OpenPostgresStore(url);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(HubVersion(url), latest);
  auto meta = (*store)->GetDataset("cpi");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->row_count, 2);
  auto version = (*store)->GetVersion("cpi", 1);
  ASSERT_TRUE(version.ok());
  auto rows = testing::RunQuery(**store, *version, testing::AllRows(*version));
  EXPECT_EQ(rows.rows.size(), 2u);
  // What the last migration added works.
  auto bucket = (*store)->identity().TakeRateToken("k:test", 1, 2, true);
  ASSERT_TRUE(bucket.ok()) << bucket.status().ToString();
  EXPECT_TRUE(bucket->allowed);
  store->reset();
  yungu::testing::DropPgDatabase(url);
}

TEST(PostgresMigrationTest, InstancesStartingTogetherMigrateOnce) {
  if (!OnPostgres()) GTEST_SKIP() << "one process owns an embedded store; see MultiInstanceTest";
  std::string url = NewPgDatabase();
  std::vector<std::thread> starters;
  std::vector<Status> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    starters.emplace_back([&, i] { results[i] = OpenPostgresStore(url).status(); });
  }
  for (auto& t : starters) t.join();
  for (const auto& st : results) EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(HubVersion(url), static_cast<int64_t>(pg::HubMigrations().size()));
  yungu::testing::DropPgDatabase(url);
}

TEST(PostgresMigrationTest, ANewerSchemaIsRefused) {
  if (!OnPostgres()) GTEST_SKIP() << "the embedded store's check is PRAGMA user_version (SqliteSchemaTest)";
  std::string url = NewPgDatabase();
  ASSERT_TRUE(OpenPostgresStore(url).ok());
  testing::RawExec(url, "UPDATE yungu_schema SET version = version + 1 WHERE component = 'hub'");
  auto again = OpenPostgresStore(url);
  EXPECT_EQ(again.status().error_code(), "storage.schema_too_new");
  yungu::testing::DropPgDatabase(url);
}

TEST(SqliteMigrationTest, APreviousVersionIsUpgradedWithItsData) {
  if (OnPostgres()) GTEST_SKIP() << "the PostgreSQL case is PostgresMigrationTest.APreviousVersionIsUpgradedWithItsData";
  testing::TempDir dir;
  std::string db = (dir.path() / "yungu.db").string();
  const int latest = sqlite::LatestSchemaVersion();
  {
    SqliteOptions old;
    old.migrate_upto = latest - 1;
    auto store = OpenSqliteStore(dir.path(), old);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(HubVersion(db), latest - 1);
    // The data a previous version wrote (its own tables only: the latest
    // migration added the usage columns that today's code reads).
    testing::RawExec(db, "INSERT INTO departments (code, name) VALUES ('TJJ', '市统计局')");
    testing::RawExec(db,
                     "INSERT INTO datasets (id, department, name, format, sharing_type, opening_type, update_cycle, "
                     "publish_date, created_at, updated_at, meta) VALUES ('cpi', 'TJJ', '居民消费价格指数', 'csv', "
                     "'unconditional', 'unconditional', 'monthly', '2024-01-01', '2024-01-01T00:00:00Z', "
                     "'2024-01-01T00:00:00Z', '{\"id\": \"cpi\", \"name\": \"居民消费价格指数\", "
                     "\"department\": \"TJJ\", \"publish_date\": \"2024-01-01\"}')");
  }
  auto store = OpenSqliteStore(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(HubVersion(db), latest);
  auto meta = (*store)->GetDataset("cpi");
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->name, "居民消费价格指数");
  EXPECT_EQ(meta->reads, 0);
  // What the last migration added works, and the old entry takes new data.
  ASSERT_TRUE((*store)->AddUsage({{"cpi", 3, 1}}).ok());
  EXPECT_EQ((*store)->GetDataset("cpi")->reads, 3);
  auto v = testing::WriteVersion(**store, testing::Spec("cpi", {testing::Field("month", ColumnType::kText)}),
                                 {Row{std::string("2024-01")}, Row{std::string("2024-02")}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(testing::RunQuery(**store, *v, testing::AllRows(*v)).rows.size(), 2u);
}

TEST(SqliteSchemaTest, ANewerSchemaIsRefused) {
  if (OnPostgres()) GTEST_SKIP() << "the PostgreSQL case is PostgresMigrationTest.ANewerSchemaIsRefused";
  testing::TempDir dir;
  ASSERT_TRUE(OpenSqliteStore(dir.path()).ok());
  std::string db = (dir.path() / "yungu.db").string();
  testing::RawExec(db, "PRAGMA user_version = 99");
  EXPECT_EQ(OpenSqliteStore(dir.path()).status().error_code(), "storage.schema_too_new");
}

}  // namespace
}  // namespace yungu::storage

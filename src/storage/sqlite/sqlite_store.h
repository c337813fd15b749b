// SqliteStore: the Store interface on one SQLite database.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/governance_store.h"
#include "storage/sqlite/grant_store.h"
#include "storage/sqlite/identity_store.h"
#include "yungu/storage/sqlite_store.h"
#include "yungu/storage/store.h"

namespace yungu::storage::sqlite {

// Hands out connections, one per concurrent user, and takes them back.
class ConnectionPool {
 public:
  explicit ConnectionPool(std::filesystem::path path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> Acquire();

 private:
  void Return(std::unique_ptr<Connection> conn);

  std::filesystem::path path_;
  WriteGate gate_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Runs BEGIN IMMEDIATE .. COMMIT, rolling back unless Commit() succeeded.
class WriteTransaction {
 public:
  static Result<WriteTransaction> Begin(Connection& conn);
  WriteTransaction(WriteTransaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  ~WriteTransaction();
  Status Commit();

 private:
  explicit WriteTransaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::filesystem::path db_path, SqliteOptions options);
  Status Init();

  std::string_view kind() const override { return "sqlite"; }
  Status PutDepartment(const model::Department& department) override;
  Result<std::vector<model::Department>> ListDepartments() override;
  Result<model::Department> GetDepartment(std::string_view code) override;
  Status DeleteDepartment(std::string_view code) override;

  Status CreateDataset(const model::DatasetMeta& meta) override;
  Status UpdateDataset(const model::DatasetMeta& meta, std::string_view note) override;
  Result<model::DatasetMeta> GetDataset(std::string_view id) override;
  Result<DatasetStamp> GetDatasetStamp(std::string_view id) override;
  Status DeleteDataset(std::string_view id) override;
  Result<std::vector<model::MetadataRevision>> ListRevisions(std::string_view id) override;
  Result<CatalogPage> SearchCatalog(const CatalogQuery& query) override;
  Status AddUsage(const std::vector<DatasetUsage>& usage) override;

  Result<std::unique_ptr<VersionWriter>> BeginVersion(const VersionSpec& spec) override;
  Result<std::vector<model::VersionInfo>> ListVersions(std::string_view dataset_id) override;
  Result<model::VersionInfo> GetVersion(std::string_view dataset_id, int64_t version) override;
  Result<int64_t> PruneVersions(std::string_view dataset_id, int64_t keep) override;
  Status BuildSearchIndex(const model::VersionInfo& version) override;

  Result<std::unique_ptr<RowCursor>> Query(const model::VersionInfo& version,
                                           const model::QueryPlan& plan) override;
  Result<int64_t> Count(const model::VersionInfo& version, const model::QueryPlan& plan) override;
  IdentityStore& identity() override { return identity_; }
  GrantStore& grants() override { return grants_; }
  GovernanceStore& governance() override { return governance_; }

  // Used by the version writer.
  ConnectionPool& pool() { return pool_; }
  const SqliteOptions& options() const { return options_; }
  std::string Now() const { return options_.now(); }

 private:
  Status DropOrphanTables(Connection& conn);

  std::filesystem::path db_path_;
  SqliteOptions options_;
  ConnectionPool pool_;
  SqliteIdentityStore identity_{pool_};
  SqliteGrantStore grants_{pool_};
  SqliteGovernanceStore governance_{pool_};
};

// Row of `datasets` -> DatasetMeta (the SELECT lists kDatasetColumns).
extern const char* const kDatasetColumns;
Result<model::DatasetMeta> ReadDatasetRow(Statement& stmt);
Result<int64_t> DatasetSeq(Connection& conn, std::string_view id);
// Rewrites the search document of one dataset.
Status IndexDatasetForSearch(Connection& conn, int64_t seq, const model::DatasetMeta& meta);
Status WriteThemesAndTags(Connection& conn, int64_t seq, const model::DatasetMeta& meta);

}  // namespace yungu::storage::sqlite

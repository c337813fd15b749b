// PgStore: the Store interface on one PostgreSQL database.
//
// Layout mirrors the embedded store: the catalog tables of pg_migrations.cc,
// and one table per dataset version, "d<seq>_v<n>", with columns c0..cN of
// the field types (bigint, double precision, boolean, text for dates and
// text). Versions are written by COPY into a staging table that a short
// transaction renames; reads stream through server-side cursors.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/postgres/pg_governance_store.h"
#include "storage/postgres/pg_grant_store.h"
#include "storage/postgres/pg_identity_store.h"
#include "storage/postgres/pg_pool.h"
#include "storage/postgres/pg_replica.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/store.h"

namespace yungu::storage::pg {

class PgStore final : public Store {
 public:
  PgStore(std::string url, PostgresOptions options);
  Status Init();

  std::string_view kind() const override { return "postgresql"; }
  ReplicaStatus replica() const override { return replica_ ? replica_->Status() : ReplicaStatus{}; }
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

  Result<std::unique_ptr<RowCursor>> Query(const model::VersionInfo& version, const model::QueryPlan& plan) override;
  Result<int64_t> Count(const model::VersionInfo& version, const model::QueryPlan& plan) override;

  IdentityStore& identity() override { return identity_; }
  GrantStore& grants() override { return grants_; }
  GovernanceStore& governance() override { return governance_; }

  PgPool& pool() { return pool_; }
  const PostgresOptions& options() const { return options_; }
  std::string Now() const { return options_.now(); }

 private:
  Status DropOrphanTables(PgConnection& conn);
  // The same reads on a given pool (the primary's or the replica's).
  Result<CatalogPage> SearchCatalogOn(PgPool& pool, const CatalogQuery& query);
  Result<std::unique_ptr<RowCursor>> QueryOn(PgPool& pool, const model::VersionInfo& version,
                                             const model::QueryPlan& plan);
  Result<int64_t> CountOn(PgPool& pool, const model::VersionInfo& version, const model::QueryPlan& plan);
  // Runs `read` on the replica when it may serve, falling back to the
  // primary when it fails there (a timeout is not retried).
  template <typename T, typename Fn>
  Result<T> ReadRouted(Fn read) {
    if (PgPool* replica = replica_ ? replica_->ReadPool() : nullptr) {
      Result<T> out = read(*replica);
      if (out.ok()) {
        replica_->NoteServed();
        return out;
      }
      if (out.status().code() == Code::kTimeout || out.status().code() == Code::kInvalidArgument) return out;
      replica_->NoteFallback(out.status());
    }
    return read(pool_);
  }

  PostgresOptions options_;
  PgPool pool_;
  PgIdentityStore identity_{pool_};
  PgGrantStore grants_{pool_};
  PgGovernanceStore governance_{pool_};
  std::unique_ptr<ReplicaRouter> replica_;
};

// The columns of `datasets` ReadDatasetRow expects, in order.
extern const char* const kDatasetColumns;
Result<model::DatasetMeta> ReadDatasetRow(const PgResult& res, int row);
Result<int64_t> DatasetSeq(PgConnection& conn, std::string_view id);
// Rewrites the search document of one dataset.
Status IndexDatasetForSearch(PgConnection& conn, int64_t seq, const model::DatasetMeta& meta);
Status WriteThemesAndTags(PgConnection& conn, int64_t seq, const model::DatasetMeta& meta);

// A short tag of this host, part of staging table names.
std::string HostTag();

// The version tables' column name for field i ("c<i>").
std::string ColumnName(size_t i);
// The PostgreSQL type that stores a field of `type`.
const char* ColumnSqlType(ColumnType type);

}  // namespace yungu::storage::pg

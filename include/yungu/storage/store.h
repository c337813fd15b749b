// Store: every read and write of catalog records and dataset rows.
//
// Catalog, ingest and query code talk only to this interface, so a backend
// (SQLite now, PostgreSQL later) is swapped without touching them.
// Implementations are thread-safe: one Store is shared by all server threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/value.h"
#include "yungu/model/catalog.h"
#include "yungu/model/query_plan.h"

namespace yungu::storage {

class IdentityStore;
class GrantStore;
class GovernanceStore;

// Which catalog entries a caller may see at all; access control fills it in.
// Hidden entries are left out of results, totals and facet counts alike.
struct CatalogVisibility {
  bool everything = true;
  std::vector<std::string> opening_types;  // otherwise: only entries opened this way
};

struct CatalogQuery {
  std::string text;  // full-text query, Chinese or English; empty = everything
  // Facet filters: key in {department, theme, sharing_type, opening_type,
  // format, update_cycle, tag}; values within one key are OR-ed.
  std::map<std::string, std::vector<std::string>> filters;
  // Only entries whose metadata or data changed at or after this time
  // ("YYYY-MM-DDTHH:MM:SSZ"); empty: all. Harvesters ask for this.
  std::string modified_since;
  // relevance | name | id | updated | modified | published | rows | created
  // | popular;
  // prefix '-' for descending.
  std::string sort = "relevance";
  int64_t limit = 20;
  int64_t offset = 0;
  CatalogVisibility visibility;
  // Also sum entries with data and their usage over the result (the
  // portal's figures); searches skip that work.
  bool usage_totals = false;
  // Also count the result's tags (facet "tag"); there can be many.
  bool tag_facet = false;
};

struct FacetCount {
  std::string value;
  int64_t count = 0;
};

struct CatalogPage {
  int64_t total = 0;
  int64_t limit = 0;  // as applied
  int64_t offset = 0;
  std::vector<model::DatasetMeta> datasets;
  // Over the whole filtered result, when the query asks for usage_totals:
  // entries with data, and their usage.
  int64_t with_data = 0;
  int64_t reads = 0;
  int64_t downloads = 0;
  // facet name -> counts for the filtered result, largest first.
  std::map<std::string, std::vector<FacetCount>> facets;
};

// Uses of one dataset to add to its counters.
struct DatasetUsage {
  std::string dataset_id;
  int64_t reads = 0;
  int64_t downloads = 0;
};

enum class WriteMode { kReplace, kAppend, kUpsert };
std::string_view WriteModeName(WriteMode mode);

struct VersionSpec {
  std::string dataset_id;
  std::vector<model::FieldDef> fields;  // the new version's columns
  WriteMode mode = WriteMode::kReplace;
  std::vector<std::string> key_fields;  // for upsert
  std::string source;                   // file name or "api"
  // When true the dataset's metadata fields are replaced by `fields` at commit.
  bool update_metadata_fields = false;
};

// Writes one new version. Nothing is visible to readers until Commit()
// succeeds; destroying an uncommitted writer discards everything it wrote.
class VersionWriter {
 public:
  virtual ~VersionWriter() = default;
  // Row values are in VersionSpec::fields order and already typed.
  virtual Status Append(const Row& row) = 0;
  // Widens a column's stored type after rows were appended (type inference
  // found e.g. text in a column that began as integers).
  virtual Status ChangeColumnType(size_t column, ColumnType type) = 0;
  virtual Result<model::VersionInfo> Commit() = 0;
  virtual int64_t rows_written() const = 0;
};

// Pull-based row stream; holds a read snapshot until destroyed.
class RowCursor {
 public:
  virtual ~RowCursor() = default;
  // Column names of each row, in order.
  virtual const std::vector<std::string>& columns() const = 0;
  // Fills `row` and returns true, or returns false at the end.
  virtual Result<bool> Next(Row& row) = 0;
};

// The streaming replica that takes the heavy reads, as last measured.
struct ReplicaStatus {
  bool configured = false;
  bool reachable = false;
  bool in_use = false;       // reads go there now
  int64_t lag_ms = -1;       // how stale its answers can be; -1: unknown
  int64_t lag_bytes = -1;    // WAL not yet replayed
  int64_t max_lag_ms = 0;    // the bound past which reads go to the primary
  uint64_t reads_served = 0;
  uint64_t fallbacks = 0;    // reads it failed that the primary answered
};

class Store {
 public:
  virtual ~Store() = default;

  // The backend: "sqlite" or "postgresql".
  virtual std::string_view kind() const = 0;
  // The read replica, when one is configured.
  virtual ReplicaStatus replica() const { return {}; }

  // --- departments ---
  virtual Status PutDepartment(const model::Department& department) = 0;  // insert or update
  virtual Result<std::vector<model::Department>> ListDepartments() = 0;
  virtual Result<model::Department> GetDepartment(std::string_view code) = 0;
  // Fails with kFailedPrecondition while the department owns datasets.
  virtual Status DeleteDepartment(std::string_view code) = 0;

  // --- dataset metadata ---
  virtual Status CreateDataset(const model::DatasetMeta& meta) = 0;
  // Replaces the caller-editable metadata and records a revision with `note`.
  virtual Status UpdateDataset(const model::DatasetMeta& meta, std::string_view note) = 0;
  virtual Result<model::DatasetMeta> GetDataset(std::string_view id) = 0;
  // The two counters that change when a dataset does: cheap to read on every
  // request, so callers can cache metadata and versions keyed by them.
  struct DatasetStamp {
    int64_t current_version = 0;
    int64_t metadata_revision = 0;
  };
  virtual Result<DatasetStamp> GetDatasetStamp(std::string_view id) = 0;
  virtual Status DeleteDataset(std::string_view id) = 0;
  virtual Result<std::vector<model::MetadataRevision>> ListRevisions(std::string_view id) = 0;
  virtual Result<CatalogPage> SearchCatalog(const CatalogQuery& query) = 0;
  // Adds to the usage counters in one transaction; unknown ids are skipped
  // (a dataset may be deleted between its use and the flush).
  virtual Status AddUsage(const std::vector<DatasetUsage>& usage) = 0;

  // --- versions ---
  virtual Result<std::unique_ptr<VersionWriter>> BeginVersion(const VersionSpec& spec) = 0;
  virtual Result<std::vector<model::VersionInfo>> ListVersions(std::string_view dataset_id) = 0;
  virtual Result<model::VersionInfo> GetVersion(std::string_view dataset_id, int64_t version) = 0;
  // Drops all but the newest `keep` versions; returns how many were dropped.
  virtual Result<int64_t> PruneVersions(std::string_view dataset_id, int64_t keep) = 0;
  // Builds the full-text index of a committed version. Until it exists,
  // full-text queries on that version still work, by scanning.
  virtual Status BuildSearchIndex(const model::VersionInfo& version) = 0;

  // --- queries over one version (plan already validated against it) ---
  virtual Result<std::unique_ptr<RowCursor>> Query(const model::VersionInfo& version,
                                                   const model::QueryPlan& plan) = 0;
  // Number of rows matching the plan's filters and full-text (or groups).
  virtual Result<int64_t> Count(const model::VersionInfo& version,
                                const model::QueryPlan& plan) = 0;

  // --- accounts, sessions, API tokens, app keys (identity_store.h) ---
  virtual IdentityStore& identity() = 0;

  // --- applications, grants, grant usage, notifications (grant_store.h) ---
  virtual GrantStore& grants() = 0;

  // --- quality and discovery reports, authoritative sources, verification
  // results (governance_store.h) ---
  virtual GovernanceStore& governance() = 0;
};

}  // namespace yungu::storage

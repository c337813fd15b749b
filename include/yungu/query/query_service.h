// QueryService: resolves a dataset's version, plans a query against it, runs
// it through the Store, and answers totals from a cache.
//
// Versions never change once committed, so the total of a given filter on a
// given version is a constant: it is computed once and then served from
// memory. Thread-safe.
#pragma once

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "yungu/privacy/masking.h"
#include "yungu/query/plan_builder.h"
#include "yungu/storage/store.h"

namespace yungu::query {

// What one caller's queries may touch, as decided by access control.
struct ReadScope {
  // The only fields the caller may see, name, filter, sort or group by;
  // empty means every field. Others answer as unknown fields.
  std::vector<std::string> fields;
  // Fields the caller sees only masked (field -> mask). A masked field can be
  // projected, never filtered, sorted, grouped, aggregated (but counted) or
  // full-text searched: each of those would reveal the stored values.
  std::map<std::string, model::MaskSpec> masks;
  // The declared hierarchy of each field masked by hierarchy (the version's
  // schema may predate it).
  std::map<std::string, std::vector<std::vector<std::string>>> hierarchies;
  // Filters (query syntax) AND-ed into every query, e.g. a grant's rows.
  nlohmann::json row_filter;
  // The dataset's stamp as access control just read it, so the query does
  // not read it again (both must see the same version anyway).
  std::optional<storage::Store::DatasetStamp> stamp;
};

struct PreparedQuery {
  std::shared_ptr<const model::VersionInfo> version;
  // The dataset's metadata revision when prepared. A re-created dataset
  // reuses version numbers (even table names) but never revisions.
  int64_t metadata_revision = 0;
  model::QueryPlan plan;
  // Output columns as clients see them (no row id, no hidden sort columns).
  std::vector<std::string> columns;
  std::vector<ColumnType> types;  // after masking
  // Set when some output column is masked; Open() applies it to every row.
  std::shared_ptr<const privacy::Masker> masker;
  std::vector<bool> masked;  // per output column; empty when nothing is masked
  // A long stream (PrepareExport): masking, if any, runs on a second thread.
  bool stream = false;
};

class QueryService {
 public:
  explicit QueryService(storage::Store& store, QueryLimits limits = {}, size_t total_cache_entries = 100000);

  // The dataset's current version, or the one `request["version"]` names.
  Result<std::shared_ptr<const model::VersionInfo>> ResolveVersion(std::string_view dataset_id,
                                                                  int64_t version = 0);
  // `max_limit` > 0 replaces the configured cap on the page size (an API
  // with its own documented maximum).
  Result<PreparedQuery> Prepare(std::string_view dataset_id, const nlohmann::json& request,
                                const ReadScope* scope = nullptr, int64_t max_limit = 0);
  // Same as Prepare, but with a different limit cap (exports stream everything).
  Result<PreparedQuery> PrepareExport(std::string_view dataset_id, const nlohmann::json& request,
                                      const ReadScope* scope = nullptr);

  Result<std::unique_ptr<storage::RowCursor>> Open(const PreparedQuery& query);
  Result<int64_t> Total(const PreparedQuery& query);
  // The cursor that continues after `last_row` (a raw row from Open()).
  std::string NextCursor(const PreparedQuery& query, const Row& last_row) const;

  uint64_t total_cache_hits() const { return hits_; }
  // The secrets of pseudonym masks; without a ring such masks fail to prepare.
  // Not owned; set once before serving.
  void SetKeyRing(const privacy::KeyRing* keys) { keys_ = keys; }

 private:
  Result<PreparedQuery> PrepareWith(std::string_view dataset_id, const nlohmann::json& request,
                                    const QueryLimits& limits, const ReadScope* scope);
  Result<std::shared_ptr<const model::VersionInfo>> Resolve(std::string_view dataset_id, int64_t version,
                                                            int64_t& metadata_revision,
                                                            const storage::Store::DatasetStamp* known = nullptr);
  std::string TotalKey(const PreparedQuery& query) const;

  Status PrepareMasks(PreparedQuery& q, const ReadScope& scope) const;

  storage::Store& store_;
  const privacy::KeyRing* keys_ = nullptr;
  QueryLimits limits_;
  size_t max_entries_;

  std::mutex mu_;
  // (dataset id, version) -> schema; versions are immutable.
  std::unordered_map<std::string, std::shared_ptr<const model::VersionInfo>> versions_;
  // LRU of totals.
  std::list<std::pair<std::string, int64_t>> lru_;
  std::unordered_map<std::string, std::list<std::pair<std::string, int64_t>>::iterator> totals_;
  uint64_t hits_ = 0;
};

}  // namespace yungu::query

#include "yungu/query/query_service.h"

#include <algorithm>

#include "query/masked_use.h"
#include "query/masking_cursor.h"

namespace yungu::query {

QueryService::QueryService(storage::Store& store, QueryLimits limits, size_t total_cache_entries)
    : store_(store), limits_(limits), max_entries_(total_cache_entries) {}

Result<std::shared_ptr<const model::VersionInfo>> QueryService::ResolveVersion(std::string_view dataset_id,
                                                                               int64_t version) {
  int64_t revision = 0;
  return Resolve(dataset_id, version, revision);
}

Result<std::shared_ptr<const model::VersionInfo>> QueryService::Resolve(std::string_view dataset_id, int64_t version,
                                                                        int64_t& revision,
                                                                        const storage::Store::DatasetStamp* known) {
  // The revision is part of the cache key: a deleted and re-created dataset
  // starts its versions at 1 again, but its revisions go on after the old ones.
  storage::Store::DatasetStamp stamp;
  if (known) {
    stamp = *known;
  } else {
    YG_ASSIGN_OR_RETURN(stamp, store_.GetDatasetStamp(dataset_id));
  }
  revision = stamp.metadata_revision;
  if (version <= 0) {
    if (stamp.current_version == 0) {
      return FailedPrecondition("query.no_data", "dataset '" + std::string(dataset_id) + "' has no data yet");
    }
    version = stamp.current_version;
  }
  // Only the current version is cached: older ones may be pruned at any time.
  bool current = version == stamp.current_version;
  std::string key = std::string(dataset_id) + '\x1f' + std::to_string(version) + '\x1f' + std::to_string(revision);
  if (current) {
    std::lock_guard lock(mu_);
    if (auto it = versions_.find(key); it != versions_.end()) return it->second;
  }
  YG_ASSIGN_OR_RETURN(auto info, store_.GetVersion(dataset_id, version));
  auto shared = std::make_shared<const model::VersionInfo>(std::move(info));
  // The search index may be built later; do not pin a version without it.
  if (current && shared->search_ready) {
    constexpr size_t kMaxCachedVersions = 10000;
    std::lock_guard lock(mu_);
    if (versions_.size() >= kMaxCachedVersions) versions_.clear();
    versions_[key] = shared;
  }
  return shared;
}

Result<PreparedQuery> QueryService::Prepare(std::string_view dataset_id, const nlohmann::json& request,
                                           const ReadScope* scope, int64_t max_limit) {
  if (max_limit <= 0) return PrepareWith(dataset_id, request, limits_, scope);
  QueryLimits limits = limits_;
  limits.max_limit = max_limit;
  return PrepareWith(dataset_id, request, limits, scope);
}

Result<PreparedQuery> QueryService::PrepareExport(std::string_view dataset_id, const nlohmann::json& request,
                                                 const ReadScope* scope) {
  QueryLimits limits = limits_;
  limits.max_limit = std::numeric_limits<int64_t>::max() / 2;
  limits.timeout_ms = 0;  // a long export is expected; it streams as it goes
  nlohmann::json req = request;
  if (!req.contains("limit")) req["limit"] = limits.max_limit;
  YG_ASSIGN_OR_RETURN(PreparedQuery q, PrepareWith(dataset_id, req, limits, scope));
  q.stream = true;
  return q;
}

Result<PreparedQuery> QueryService::PrepareWith(std::string_view dataset_id, const nlohmann::json& request,
                                                const QueryLimits& limits, const ReadScope* scope) {
  if (!request.is_object()) return InvalidArgument("query.bad_request", "the query must be a JSON object");
  int64_t version = 0;
  if (auto it = request.find("version"); it != request.end()) {
    if (it->is_number_integer()) {
      version = it->get<int64_t>();
    } else if (it->is_string()) {
      try {
        const std::string text = it->get<std::string>();
        size_t used = 0;
        version = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
      } catch (const std::exception&) {
        return InvalidArgument("query.bad_parameter", "version must be a positive integer");
      }
    } else {
      return InvalidArgument("query.bad_parameter", "version must be a positive integer");
    }
    if (version <= 0) return InvalidArgument("query.bad_parameter", "version must be a positive integer");
  }
  PreparedQuery q;
  YG_ASSIGN_OR_RETURN(q.version, Resolve(dataset_id, version, q.metadata_revision,
                                         scope && scope->stamp ? &*scope->stamp : nullptr));
  const bool masked = scope && !scope->masks.empty();
  // A scope naming every field restricts nothing (owners, administrators).
  bool restricted = scope && !scope->fields.empty() &&
                    std::any_of(q.version->fields.begin(), q.version->fields.end(), [&](const model::FieldDef& f) {
                      return std::find(scope->fields.begin(), scope->fields.end(), f.name) == scope->fields.end();
                    });
  if (restricted) {
    // The caller's request is checked against the fields they may see only,
    // so a hidden field is as unknown as a misspelt one.
    model::VersionInfo visible = *q.version;
    std::erase_if(visible.fields, [&](const model::FieldDef& f) {
      return std::find(scope->fields.begin(), scope->fields.end(), f.name) == scope->fields.end();
    });
    if (visible.fields.empty()) {
      return PermissionDenied("access.no_fields", "none of this version's fields may be read");
    }
    YG_ASSIGN_OR_RETURN(q.plan, BuildPlan(request, visible, limits));
    if (!q.plan.full_text.empty()) {
      for (const auto& f : visible.fields) {
        if (!masked || !scope->masks.count(f.name)) q.plan.full_text_fields.push_back(f.name);
      }
    }
  } else {
    YG_ASSIGN_OR_RETURN(q.plan, BuildPlan(request, *q.version, limits));
    if (masked && !q.plan.full_text.empty()) {
      for (const auto& f : q.version->fields) {
        if (!scope->masks.count(f.name)) q.plan.full_text_fields.push_back(f.name);
      }
    }
  }
  if (masked) {
    YG_RETURN_IF_ERROR(CheckMaskedUse(q.plan, scope->masks));
    // Full text restricted to no field at all must match nothing, not everything.
    if (!q.plan.full_text.empty() && q.plan.full_text_fields.empty()) {
      return InvalidArgument("query.masked_field", "every field you may search is masked for you");
    }
  }
  if (scope && !scope->row_filter.is_null() && !scope->row_filter.empty()) {
    // The scope's own filter may name fields the caller cannot see.
    YG_ASSIGN_OR_RETURN(model::QueryPlan rows, BuildPlan({{"filters", scope->row_filter}}, *q.version, limits));
    q.plan.filters.insert(q.plan.filters.end(), rows.filters.begin(), rows.filters.end());
  }
  if (!q.plan.aggregates.empty()) {
    for (const auto& g : q.plan.group_by) {
      q.columns.push_back(g);
      for (const auto& f : q.version->fields) {
        if (f.name == g) q.types.push_back(f.type);
      }
    }
    for (const auto& a : q.plan.aggregates) {
      q.columns.push_back(a.alias);
      ColumnType t = ColumnType::kInteger;
      for (const auto& f : q.version->fields) {
        if (f.name != a.field) continue;
        if (a.fn == model::AggregateFn::kAvg) t = ColumnType::kDecimal;
        else if (a.fn == model::AggregateFn::kSum) t = f.type == ColumnType::kInteger ? ColumnType::kInteger : ColumnType::kDecimal;
        else if (a.fn != model::AggregateFn::kCount) t = f.type;
      }
      q.types.push_back(t);
    }
  } else {
    size_t visible = q.plan.fields.size() - q.plan.hidden_fields;
    for (size_t i = 0; i < visible; ++i) {
      q.columns.push_back(q.plan.fields[i]);
      for (const auto& f : q.version->fields) {
        if (f.name == q.plan.fields[i]) q.types.push_back(f.type);
      }
    }
    if (masked) YG_RETURN_IF_ERROR(PrepareMasks(q, *scope));
  }
  return q;
}

Status QueryService::PrepareMasks(PreparedQuery& q, const ReadScope& scope) const {
  std::vector<privacy::MaskColumn> columns;
  bool any = false;
  // The row id, when the backend returns it, comes first (see the compiler).
  const size_t skip = q.plan.with_row_id && !q.plan.distinct ? 1 : 0;
  if (skip) columns.emplace_back();
  for (const auto& name : q.columns) {
    privacy::MaskColumn c;
    for (const auto& f : q.version->fields) {
      if (f.name == name) c.field = &f;
    }
    if (auto it = scope.masks.find(name); it != scope.masks.end() && c.field) {
      c.mask = it->second;
      any = true;
    }
    columns.push_back(std::move(c));
  }
  if (!any) return Status::Ok();
  // Hierarchy masks read the hierarchy from the field; the dataset declares
  // it, and the version's schema may predate the declaration. Only those
  // fields are copied.
  std::vector<model::FieldDef> declared;
  declared.reserve(columns.size());
  for (auto& c : columns) {
    if (!c.field) continue;
    auto it = scope.hierarchies.find(c.field->name);
    if (it == scope.hierarchies.end()) continue;
    declared.push_back(*c.field);
    declared.back().hierarchy = it->second;
    c.field = &declared.back();
  }
  YG_ASSIGN_OR_RETURN(privacy::Masker masker, privacy::Masker::Create(columns, keys_));
  q.masked.assign(q.columns.size(), false);
  for (size_t i = 0; i < q.types.size() && i + skip < masker.column_count(); ++i) {
    if (!columns[i + skip].mask) continue;
    q.types[i] = masker.OutputType(i + skip);
    q.masked[i] = true;
  }
  q.masker = std::make_shared<const privacy::Masker>(std::move(masker));
  return Status::Ok();
}

Result<std::unique_ptr<storage::RowCursor>> QueryService::Open(const PreparedQuery& query) {
  YG_ASSIGN_OR_RETURN(auto cursor, store_.Query(*query.version, query.plan));
  if (query.masker && query.masker->active()) {
    if (query.stream) return WrapMaskingInBackground(std::move(cursor), query.masker);
    return WrapMasking(std::move(cursor), query.masker);
  }
  return cursor;
}

std::string QueryService::TotalKey(const PreparedQuery& query) const {
  const auto& p = query.plan;
  nlohmann::json key = nlohmann::json::array();
  key.push_back(query.version->table);
  key.push_back(query.metadata_revision);
  for (const auto& f : p.filters) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& v : f.values) values.push_back(std::string(1, static_cast<char>('0' + v.index())) + ValueToText(v));
    key.push_back({f.field, static_cast<int>(f.op), values});
  }
  key.push_back(p.full_text);
  key.push_back(p.full_text_fields);
  key.push_back(p.distinct);
  if (p.distinct) key.push_back(p.fields);
  key.push_back(p.group_by);
  key.push_back(!p.aggregates.empty());
  key.push_back(query.version->search_ready);
  return key.dump();
}

Result<int64_t> QueryService::Total(const PreparedQuery& query) {
  const auto& p = query.plan;
  bool unfiltered = p.filters.empty() && p.full_text.empty() && !p.distinct && p.aggregates.empty();
  if (unfiltered) return query.version->row_count;
  std::string key = TotalKey(query);
  {
    std::lock_guard lock(mu_);
    if (auto it = totals_.find(key); it != totals_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->second;
    }
  }
  YG_ASSIGN_OR_RETURN(int64_t total, store_.Count(*query.version, query.plan));
  std::lock_guard lock(mu_);
  if (totals_.find(key) == totals_.end()) {
    lru_.emplace_front(key, total);
    totals_[key] = lru_.begin();
    while (lru_.size() > max_entries_) {
      totals_.erase(lru_.back().first);
      lru_.pop_back();
    }
  }
  return total;
}

std::string QueryService::NextCursor(const PreparedQuery& query, const Row& last_row) const {
  return EncodeCursor(*query.version, query.plan, last_row);
}

}  // namespace yungu::query

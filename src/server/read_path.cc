#include "server/read_path.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "server/access_util.h"
#include "yungu/model/catalog_json.h"
#include "yungu/access/workflow_service.h"
#include "yungu/audit/audit_log.h"

namespace yungu::server {
namespace {

using nlohmann::json;

const model::FieldDef* FindField(const model::VersionInfo& v, const std::string& name) {
  for (const auto& f : v.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

// A keyed hash of one row's values in the subject columns: the same person
// gives the same number within this process, and nothing readable.
uint64_t SubjectHash(const Row& row, size_t skip, const std::vector<size_t>& columns) {
  static const auto key = [] {
    std::array<unsigned char, crypto_shorthash_KEYBYTES> k{};
    randombytes_buf(k.data(), k.size());
    return k;
  }();
  std::string text;
  for (size_t c : columns) {
    text += ValueToText(row[c + skip]);
    text += '\x1f';
  }
  uint64_t out = 0;
  crypto_shorthash(reinterpret_cast<unsigned char*>(&out), reinterpret_cast<const unsigned char*>(text.data()),
                   text.size(), key.data());
  return out;
}

Result<ReadRequest> SplitReadRequest(json request) {
  if (!request.is_object()) return InvalidArgument("query.bad_request", "the query must be a JSON object");
  ReadRequest out;
  if (auto it = request.find("grant"); it != request.end()) {
    bool ok = false;
    if (it->is_number_integer()) {
      out.grant_id = it->get<int64_t>();
      ok = out.grant_id > 0;
    } else if (it->is_string()) {
      const std::string text = it->get<std::string>();
      ok = !text.empty() && text.size() < 19 && text.find_first_not_of("0123456789") == std::string::npos;
      if (ok) out.grant_id = std::stoll(text);
      ok = ok && out.grant_id > 0;
    }
    if (!ok) return InvalidArgument("query.bad_parameter", "grant must be a grant id (a positive integer)");
    request.erase(it);
  }
  if (auto it = request.find("purpose"); it != request.end()) {
    if (!it->is_string() || it->get<std::string>().size() > 500) {
      return InvalidArgument("query.bad_parameter", "purpose is text of at most 500 bytes");
    }
    out.purpose = it->get<std::string>();
    request.erase(it);
  }
  out.query = std::move(request);
  return out;
}

namespace {

audit::AuditEvent ReadEvent(const Request& req, const std::string& action, const std::string& dataset,
                            const ReadRequest& rr) {
  auto e = EventFor(req, "read", action);
  e.dataset_id = dataset;
  e.filter = rr.query;
  e.grant_id = rr.grant_id;
  e.purpose = rr.purpose;
  return e;
}

// Appends a refused or failed read to the trace and passes the error on.
Status TraceRefusal(ApiContext& ctx, audit::AuditEvent event, Status why) {
  if (ctx.services.audit) {
    event.outcome = why.code() == Code::kPermissionDenied || why.code() == Code::kUnauthenticated ||
                            why.code() == Code::kNotFound || why.code() == Code::kResourceExhausted
                        ? "denied"
                        : "error";
    event.error_code = why.error_code();
    if (Status st = ctx.services.audit->Append(std::move(event)); !st.ok()) return st;
  }
  return why;
}

Result<AuthorizedRead> AuthorizeRead(ApiContext& ctx, const Request& req, const std::string& dataset,
                                     const ReadRequest& rr) {
  AuthorizedRead out;
  YG_ASSIGN_OR_RETURN(out.meta, ctx.services.policy->VisibleDatasetShared(req.principal, dataset));
  YG_ASSIGN_OR_RETURN(out.access, ctx.services.policy->Decide(req.principal, *out.meta, rr.grant_id));
  if (out.access.visibility != access::Visibility::kData) return out.access.refusal;
  // The metadata was checked against the stamp just now: the query reuses it.
  out.access.scope.stamp = storage::Store::DatasetStamp{out.meta->current_version, out.meta->metadata_revision};
  const auto& grant = out.access.grant;
  if (grant && grant->daily_row_quota > 0 && ctx.services.workflow) {
    YG_ASSIGN_OR_RETURN(out.rows_left, ctx.services.workflow->RowsLeftToday(*grant));
    if (out.rows_left <= 0) {
      return ResourceExhausted("access.quota_exhausted",
                               "grant " + std::to_string(grant->id) + " has used its " +
                                   std::to_string(grant->daily_row_quota) + " rows for today");
    }
  }
  return out;
}

// Fields a read returned, for the trace: the projection, or what a grouped
// query grouped and aggregated.
std::vector<std::string> FieldsRead(const query::PreparedQuery& q) {
  if (q.plan.aggregates.empty()) {
    return {q.plan.fields.begin(), q.plan.fields.end() - static_cast<std::ptrdiff_t>(q.plan.hidden_fields)};
  }
  std::vector<std::string> out = q.plan.group_by;
  for (const auto& a : q.plan.aggregates) {
    if (!a.field.empty() && std::find(out.begin(), out.end(), a.field) == out.end()) out.push_back(a.field);
  }
  return out;
}

// Answer columns holding a sensitive field (3 and above) of a person.
std::vector<size_t> SubjectColumns(const query::PreparedQuery& q) {
  std::vector<size_t> out;
  if (!q.plan.aggregates.empty()) return out;
  for (size_t i = 0; i < q.columns.size(); ++i) {
    // A masked column no longer shows the person as stored.
    if (i < q.masked.size() && q.masked[i]) continue;
    if (const auto* f = FindField(*q.version, q.columns[i]); f && f->sensitivity >= 3) out.push_back(i);
  }
  return out;
}

// After the rows went out: usage counters, the grant's quota, the trace.
Status AfterRead(ApiContext& ctx, const AuthorizedRead& auth, audit::AuditEvent event, int64_t rows,
                 std::vector<uint64_t> subjects) {
  if (ctx.usage) {
    if (event.action == "dataset.export") {
      ctx.usage->AddDownload(event.dataset_id);
    } else {
      ctx.usage->AddRead(event.dataset_id);
    }
  }
  const auto& grant = auth.access.grant;
  if (grant && grant->daily_row_quota > 0 && ctx.services.workflow && rows > 0) {
    YG_RETURN_IF_ERROR(ctx.services.workflow->RecordUse(*grant, rows));
  }
  if (!ctx.services.audit) return Status::Ok();
  event.rows = rows;
  if (grant) {
    event.grant_id = grant->id;
    if (event.purpose.empty()) event.purpose = grant->purpose;
  }
  event.subjects = std::move(subjects);
  return ctx.services.audit->Append(std::move(event));
}

}  // namespace

Result<GuardedRead> BeginRead(ApiContext& ctx, const Request& req, const std::string& dataset, json request,
                              const std::string& action, ReadKind kind, int64_t max_limit) {
  YG_ASSIGN_OR_RETURN(ReadRequest rr, SplitReadRequest(std::move(request)));
  GuardedRead out;
  out.event = ReadEvent(req, action, dataset, rr);
  auto auth = AuthorizeRead(ctx, req, dataset, rr);
  if (!auth.ok()) return TraceRefusal(ctx, std::move(out.event), auth.status());
  out.auth = std::move(auth).value();
  auto& qs = *ctx.services.query;
  auto prepared = kind == ReadKind::kExport ? qs.PrepareExport(dataset, rr.query, &out.auth.access.scope)
                                            : qs.Prepare(dataset, rr.query, &out.auth.access.scope, max_limit);
  if (!prepared.ok()) return TraceRefusal(ctx, std::move(out.event), prepared.status());
  out.query = std::move(prepared).value();
  out.query.plan.limit = std::min(out.query.plan.limit, out.auth.rows_left);
  out.event.version = out.query.version->version;
  out.event.fields = FieldsRead(out.query);
  out.stats.subject_columns = SubjectColumns(out.query);
  return out;
}

void CountRow(GuardedRead& read, const Row& row) {
  ++read.stats.rows;
  if (read.stats.subject_columns.empty()) return;
  size_t skip = read.query.plan.with_row_id ? 1 : 0;
  read.stats.subjects.push_back(SubjectHash(row, skip, read.stats.subject_columns));
}

Status FinishRead(ApiContext& ctx, GuardedRead& read) {
  return AfterRead(ctx, read.auth, std::move(read.event), read.stats.rows, std::move(read.stats.subjects));
}

namespace {

// Everything a grant or field restriction changes about an answer.
std::string ScopeKey(const access::DatasetAccess& a) {
  std::string key = a.basis;
  for (const auto& f : a.scope.fields) key += '\x1e' + f;
  key += '\x1f';
  if (!a.scope.row_filter.is_null()) key += a.scope.row_filter.dump();
  for (const auto& [field, mask] : a.scope.masks) key += '\x1e' + field + '=' + model::ToJson(mask).dump();
  return key;
}

}  // namespace

Result<std::string> AnswerWithCache(ApiContext& ctx, GuardedRead& read, std::string_view shape,
                                    const std::function<Result<std::string>()>& write) {
  if (!ctx.responses || !ctx.responses->enabled()) return write();
  // The version's table names the data exactly; the revision covers titles
  // and units; the request's keys are sorted by nlohmann's object map; the
  // scope and the effective limit cover what this caller may see.
  const query::PreparedQuery& q = read.query;
  std::string key = q.version->table + '\x1f' + std::to_string(q.metadata_revision) + '\x1f' +
                    read.event.filter.dump() + '\x1f' + ScopeKey(read.auth.access) + '\x1f' +
                    std::to_string(q.plan.limit) + '\x1f' + std::string(shape);
  if (auto hit = ctx.responses->Get(key)) {
    read.stats.rows = hit->rows;
    read.stats.subjects = hit->subjects;
    return hit->body;
  }
  YG_ASSIGN_OR_RETURN(std::string body, write());
  auto answer = std::make_shared<CachedAnswer>();
  answer->body = body;
  answer->rows = read.stats.rows;
  answer->subjects = read.stats.subjects;
  ctx.responses->Put(key, std::move(answer));
  return body;
}

}  // namespace yungu::server

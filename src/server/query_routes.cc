// Datastore queries (JSON) and streamed exports (CSV, TSV, JSON, NDJSON, XLSX).
#include <sodium.h>

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <cstdio>

#include "server/access_util.h"
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/access/workflow_service.h"
#include "yungu/audit/audit_log.h"
#include "yungu/model/catalog_json.h"
#include "yungu/server/query_answer.h"
#include "yungu/output/row_writer.h"

namespace yungu::server {
namespace {

using nlohmann::json;

const std::initializer_list<const char*> kQueryKeys = {"fields",   "filters",  "q",          "sort",
                                                       "limit",    "offset",   "cursor",     "total",
                                                       "distinct", "group_by", "aggregates", "version",
                                                       "grant",    "purpose"};

// GET parameters become the same JSON request a POST body carries.
Result<json> RequestFromParams(const Request& req, bool export_params) {
  json out = json::object();
  for (const auto& [key, value] : req.query) {
    std::string k = key == "agg" ? "aggregates" : key;
    if (export_params && (k == "format" || k == "bom" || k == "filename")) continue;
    bool known = false;
    for (const char* q : kQueryKeys) known |= k == q;
    if (!known) return InvalidArgument("query.unknown_parameter", "unknown query parameter '" + key.substr(0, 64) + "'");
    out[k] = value;
  }
  return out;
}

const model::FieldDef* FindField(const model::VersionInfo& v, const std::string& name) {
  for (const auto& f : v.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

// The hot path: the JSON of a query answer, written straight into a string.
Result<std::string> QueryAnswerJson(query::QueryService& qs, const std::string& dataset, const json& request) {
  YG_ASSIGN_OR_RETURN(query::PreparedQuery q, qs.Prepare(dataset, request));
  return QueryAnswerJson(qs, q, dataset);
}

namespace {

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

}  // namespace

Result<std::string> QueryAnswerJson(query::QueryService& qs, const query::PreparedQuery& q,
                                    const std::string& dataset, AnswerStats* stats) {
  YG_ASSIGN_OR_RETURN(auto cursor, qs.Open(q));
  std::string body;
  body.reserve(32 * 1024);
  body += "{\"dataset\":";
  output::AppendJsonString(body, dataset);
  body += ",\"version\":" + std::to_string(q.version->version) + ",\"fields\":[";
  for (size_t i = 0; i < q.columns.size(); ++i) {
    if (i) body += ',';
    body += "{\"name\":";
    output::AppendJsonString(body, q.columns[i]);
    body += ",\"type\":\"";
    body += ColumnTypeName(q.types[i]);
    body += '"';
    if (const auto* f = FindField(*q.version, q.columns[i])) {
      body += ",\"title\":";
      output::AppendJsonString(body, f->title);
      if (!f->unit.empty()) {
        body += ",\"unit\":";
        output::AppendJsonString(body, f->unit);
      }
    }
    body += '}';
  }
  body += "],\"records\":[";
  size_t skip = q.plan.with_row_id ? 1 : 0;
  std::vector<std::string> keys;
  for (const auto& c : q.columns) {
    std::string k;
    output::AppendJsonString(k, c);
    keys.push_back(k + ":");
  }
  Row row, last;
  int64_t n = 0;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool more, cursor->Next(row));
    if (!more) break;
    body += n ? ",{" : "{";
    for (size_t i = 0; i < q.columns.size(); ++i) {
      if (i) body += ',';
      body += keys[i];
      output::AppendJsonValue(body, row[i + skip]);
    }
    body += '}';
    ++n;
    if (stats && !stats->subject_columns.empty()) stats->subjects.push_back(SubjectHash(row, skip, stats->subject_columns));
    if (q.plan.with_row_id && n == q.plan.limit) last = row;  // the cursor needs the last row
  }
  body += ']';
  cursor.reset();
  if (stats) stats->rows = n;
  body += ",\"count\":" + std::to_string(n);
  if (q.plan.include_total) {
    YG_ASSIGN_OR_RETURN(int64_t total, qs.Total(q));
    body += ",\"total\":" + std::to_string(total);
  }
  body += ",\"limit\":" + std::to_string(q.plan.limit);
  body += ",\"offset\":" + std::to_string(q.plan.offset);
  if (q.plan.with_row_id && n > 0 && n == q.plan.limit) {
    body += ",\"next_cursor\":";
    output::AppendJsonString(body, qs.NextCursor(q, last));
  }
  body += '}';
  return body;
}

namespace {

// The keys of a read request that access control takes; the rest is the query.
struct ReadRequest {
  json query;
  int64_t grant_id = 0;
  std::string purpose;
};

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

// A read the policy allowed, with what it may return.
struct AuthorizedRead {
  std::shared_ptr<const model::DatasetMeta> meta;
  access::DatasetAccess access;
  int64_t rows_left = INT64_MAX;  // the grant's daily quota still unused
};

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

// Everything a grant or field restriction changes about an answer.
std::string ScopeKey(const access::DatasetAccess& a) {
  std::string key = a.basis;
  for (const auto& f : a.scope.fields) key += '\x1e' + f;
  key += '\x1f';
  if (!a.scope.row_filter.is_null()) key += a.scope.row_filter.dump();
  for (const auto& [field, mask] : a.scope.masks) key += '\x1e' + field + '=' + model::ToJson(mask).dump();
  return key;
}

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

Result<Response> RunQuery(ApiContext& ctx, const Request& req, const std::string& dataset, json request) {
  YG_ASSIGN_OR_RETURN(ReadRequest rr, SplitReadRequest(std::move(request)));
  auto event = ReadEvent(req, "dataset.query", dataset, rr);
  auto auth = AuthorizeRead(ctx, req, dataset, rr);
  if (!auth.ok()) return TraceRefusal(ctx, std::move(event), auth.status());
  auto& qs = *ctx.services.query;
  auto prepared = qs.Prepare(dataset, rr.query, &auth->access.scope);
  if (!prepared.ok()) return TraceRefusal(ctx, std::move(event), prepared.status());
  query::PreparedQuery& q = *prepared;
  q.plan.limit = std::min(q.plan.limit, auth->rows_left);
  event.version = q.version->version;
  event.fields = FieldsRead(q);

  AnswerStats stats;
  stats.subject_columns = SubjectColumns(q);
  Response r;
  if (!ctx.responses || !ctx.responses->enabled()) {
    YG_ASSIGN_OR_RETURN(r.body, QueryAnswerJson(qs, q, dataset, &stats));
    YG_RETURN_IF_ERROR(AfterRead(ctx, *auth, std::move(event), stats.rows, std::move(stats.subjects)));
    return r;
  }
  // The version's table names the data exactly; the revision covers titles
  // and units; the request's keys are sorted by nlohmann's object map; the
  // scope and the effective limit cover what this caller may see.
  std::string key = q.version->table + '\x1f' + std::to_string(q.metadata_revision) + '\x1f' + rr.query.dump() +
                    '\x1f' + ScopeKey(auth->access) + '\x1f' + std::to_string(q.plan.limit);
  if (auto hit = ctx.responses->Get(key)) {
    r.body = hit->body;
    YG_RETURN_IF_ERROR(AfterRead(ctx, *auth, std::move(event), hit->rows, hit->subjects));
    return r;
  }
  YG_ASSIGN_OR_RETURN(r.body, QueryAnswerJson(qs, q, dataset, &stats));
  auto answer = std::make_shared<CachedAnswer>();
  answer->body = r.body;
  answer->rows = stats.rows;
  answer->subjects = stats.subjects;
  ctx.responses->Put(key, std::move(answer));
  YG_RETURN_IF_ERROR(AfterRead(ctx, *auth, std::move(event), stats.rows, std::move(stats.subjects)));
  return r;
}

// Streams an export: rows are pulled from the cursor as the client reads.
Result<Response> RunExport(ApiContext& ctx, const std::string& dataset, const Request& req) {
  std::string format_name = req.query.count("format") ? req.query.at("format") : "csv";
  auto format = output::ParseExportFormat(format_name);
  if (!format) return InvalidArgument("export.bad_format", "format is csv, tsv, json, ndjson or xlsx");
  YG_ASSIGN_OR_RETURN(bool bom, BoolParam(req, "bom", false));
  YG_ASSIGN_OR_RETURN(json request, RequestFromParams(req, true));
  YG_ASSIGN_OR_RETURN(ReadRequest rr, SplitReadRequest(std::move(request)));
  auto event = ReadEvent(req, "dataset.export", dataset, rr);
  event.detail = {{"format", format_name}};
  auto auth = AuthorizeRead(ctx, req, dataset, rr);
  if (!auth.ok()) return TraceRefusal(ctx, std::move(event), auth.status());
  auto& qs = *ctx.services.query;
  auto prepared = qs.PrepareExport(dataset, rr.query, &auth->access.scope);
  if (!prepared.ok()) return TraceRefusal(ctx, std::move(event), prepared.status());
  query::PreparedQuery& q = *prepared;
  q.plan.limit = std::min(q.plan.limit, auth->rows_left);
  event.version = q.version->version;
  event.fields = FieldsRead(q);
  YG_ASSIGN_OR_RETURN(auto cursor, qs.Open(q));

  std::vector<output::Column> columns;
  for (size_t i = 0; i < q.columns.size(); ++i) {
    const auto* f = FindField(*q.version, q.columns[i]);
    columns.push_back({q.columns[i], f ? f->title : q.columns[i], q.types[i]});
  }
  output::WriterOptions wo;
  wo.bom = bom;
  wo.temp_dir = ctx.options.spool_dir;

  // State shared by the sink and the pull loop.
  struct State {
    std::unique_ptr<storage::RowCursor> cursor;
    std::unique_ptr<output::RowWriter> writer;
    std::string* chunk = nullptr;
    FILE* spool = nullptr;  // xlsx: the finished file is read back from here
    std::filesystem::path spool_path;
    bool finished = false;
    size_t skip = 0;
    size_t width = 0;
    Row row, visible;
    // The trace entry is written when the last row has gone out.
    ApiContext* ctx = nullptr;
    std::optional<AuthorizedRead> auth;
    audit::AuditEvent event;
    std::vector<size_t> subject_columns;
    std::vector<uint64_t> subjects;
    int64_t rows = 0;
    ~State() {
      writer.reset();
      if (spool) fclose(spool);
      std::error_code ec;
      if (!spool_path.empty()) std::filesystem::remove(spool_path, ec);
    }
  };
  auto state = std::make_shared<State>();
  state->cursor = std::move(cursor);
  state->skip = q.plan.with_row_id ? 1 : 0;
  state->width = q.columns.size();
  state->ctx = &ctx;
  state->auth = std::move(*auth);
  state->event = std::move(event);
  state->subject_columns = SubjectColumns(q);
  bool xlsx = *format == output::ExportFormat::kXlsx;
  if (xlsx) {
    state->spool_path = ctx.options.spool_dir / ("export-" + req.request_id + ".xlsx");
    state->spool = fopen(state->spool_path.c_str(), "w+b");
    if (!state->spool) return IoError("export.spool", "cannot create a temporary file");
  }
  State* s = state.get();
  output::Sink sink = [s](std::string_view bytes) {
    if (s->spool) return fwrite(bytes.data(), 1, bytes.size(), s->spool) == bytes.size();
    s->chunk->append(bytes);
    return true;
  };
  YG_ASSIGN_OR_RETURN(state->writer, output::MakeWriter(*format, wo, sink));
  YG_RETURN_IF_ERROR(state->writer->Begin(columns));

  Response r;
  r.content_type = std::string(output::ContentType(*format));
  std::string filename = dataset + "." + std::string(output::FileExtension(*format));
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.stream = [state](std::string& chunk) -> Result<bool> {
    constexpr size_t kChunkBytes = 64 * 1024;
    State& st = *state;
    st.chunk = &chunk;
    if (st.finished) {
      if (!st.spool) return false;
      chunk.resize(kChunkBytes);
      size_t got = fread(chunk.data(), 1, kChunkBytes, st.spool);
      chunk.resize(got);
      return got > 0;
    }
    while (chunk.size() < kChunkBytes) {
      YG_ASSIGN_OR_RETURN(bool more, st.cursor->Next(st.row));
      if (!more) {
        st.cursor.reset();
        YG_RETURN_IF_ERROR(st.writer->Finish());
        st.finished = true;
        YG_RETURN_IF_ERROR(AfterRead(*st.ctx, *st.auth, std::move(st.event), st.rows, std::move(st.subjects)));
        if (st.spool) {
          fflush(st.spool);
          fseek(st.spool, 0, SEEK_SET);
          return true;
        }
        return !chunk.empty() ? true : false;
      }
      st.visible.assign(st.row.begin() + st.skip, st.row.begin() + st.skip + st.width);
      YG_RETURN_IF_ERROR(st.writer->Write(st.visible));
      ++st.rows;
      if (!st.subject_columns.empty()) st.subjects.push_back(SubjectHash(st.row, st.skip, st.subject_columns));
    }
    return true;
  };
  return r;
}

}  // namespace

void RegisterQueryRoutes(Router& router, ApiContext& ctx) {
  router.Add({"GET", "/api/v1/datasets/{id}/query", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json request, RequestFromParams(req, false));
                return RunQuery(ctx, req, req.path_params["id"], std::move(request));
              },
              "Query a dataset (parameters in the URL)"});
  router.Add({"POST", "/api/v1/datasets/{id}/query", BodyKind::kJson,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json request, JsonBody(req));
                return RunQuery(ctx, req, req.path_params["id"], std::move(request));
              },
              "Query a dataset (JSON body)", /*reads_only=*/true});
  router.Add({"GET", "/api/v1/datasets/{id}/export", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> { return RunExport(ctx, req.path_params["id"], req); },
              "Export query results as CSV, TSV, JSON, NDJSON or XLSX"});
}

}  // namespace yungu::server

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
#include "server/read_path.h"
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

Result<Response> RunQuery(ApiContext& ctx, const Request& req, const std::string& dataset, json request) {
  YG_ASSIGN_OR_RETURN(GuardedRead read, BeginRead(ctx, req, dataset, std::move(request), "dataset.query", ReadKind::kPage));
  auto& qs = *ctx.services.query;
  Response r;
  YG_ASSIGN_OR_RETURN(r.body, AnswerWithCache(ctx, read, "native", [&]() -> Result<std::string> {
                        return QueryAnswerJson(qs, read.query, dataset, &read.stats);
                      }));
  YG_RETURN_IF_ERROR(FinishRead(ctx, read));
  return r;
}

}  // namespace

// Streams an export: rows are pulled from the cursor as the client reads.
Result<Response> ExportResponse(ApiContext& ctx, const std::string& dataset, const Request& req) {
  std::string format_name = req.query.count("format") ? req.query.at("format") : "csv";
  auto format = output::ParseExportFormat(format_name);
  if (!format) return InvalidArgument("export.bad_format", "format is csv, tsv, json, ndjson or xlsx");
  YG_ASSIGN_OR_RETURN(bool bom, BoolParam(req, "bom", false));
  YG_ASSIGN_OR_RETURN(json request, RequestFromParams(req, true));
  YG_ASSIGN_OR_RETURN(GuardedRead read,
                      BeginRead(ctx, req, dataset, std::move(request), "dataset.export", ReadKind::kExport));
  read.event.detail = {{"format", format_name}};
  auto& qs = *ctx.services.query;
  query::PreparedQuery& q = read.query;
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
    GuardedRead read;
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
  state->read = std::move(read);
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
        YG_RETURN_IF_ERROR(FinishRead(*st.ctx, st.read));
        if (st.spool) {
          fflush(st.spool);
          fseek(st.spool, 0, SEEK_SET);
          return true;
        }
        return !chunk.empty() ? true : false;
      }
      st.visible.assign(st.row.begin() + st.skip, st.row.begin() + st.skip + st.width);
      YG_RETURN_IF_ERROR(st.writer->Write(st.visible));
      CountRow(st.read, st.row);
    }
    return true;
  };
  return r;
}

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
              [&ctx](Request& req) -> Result<Response> { return ExportResponse(ctx, req.path_params["id"], req); },
              "Export query results as CSV, TSV, JSON, NDJSON or XLSX"});
}

}  // namespace yungu::server

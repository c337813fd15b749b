// Uploads: raw bodies or multipart/form-data, ingested as a new version.
#include <spdlog/spdlog.h>

#include "server/access_util.h"
#include "yungu/governance/governance_service.h"
#include "server/api.h"
#include "server/error_mapping.h"
#include "server/handler_util.h"
#include "server/ingest_path.h"
#include "yungu/core/multipart.h"
#include "yungu/ingest/pipeline.h"
#include "yungu/model/catalog_json.h"

namespace yungu::server {
namespace {

using nlohmann::json;

json ReportJson(const ingest::IngestReport& r) {
  json bad = json::array();
  for (const auto& b : r.bad_rows) bad.push_back({{"line", b.line}, {"code", b.code}, {"message", b.message}});
  json j{{"rows_read", r.rows_read},
         {"rows_written", r.rows_written},
         {"rows_rejected", r.rows_rejected},
         {"bad_rows", bad},
         {"format", ingest::FormatName(r.source.format)},
         {"encoding", r.source.encoding},
         {"seconds", r.seconds}};
  if (r.source.delimiter) j["delimiter"] = std::string(1, r.source.delimiter);
  if (r.status.ok()) {
    json v = model::ToJson(r.version);
    v["search_ready"] = r.version.search_ready;
    j["version"] = v;
  }
  return j;
}

Result<ingest::IngestOptions> OptionsFrom(const Request& req, const std::map<std::string, std::string>& form) {
  auto param = [&](const std::string& name) -> std::string {
    if (auto it = req.query.find(name); it != req.query.end()) return it->second;
    if (auto it = form.find(name); it != form.end()) return it->second;
    return {};
  };
  ingest::IngestOptions o;
  std::string mode = param("mode");
  if (mode.empty() || mode == "replace") o.mode = storage::WriteMode::kReplace;
  else if (mode == "append") o.mode = storage::WriteMode::kAppend;
  else if (mode == "upsert") o.mode = storage::WriteMode::kUpsert;
  else return InvalidArgument("ingest.bad_mode", "mode is replace, append or upsert");
  std::string format = param("format");
  if (!format.empty() && !ingest::ApplyFormatName(format, o.reader)) {
    return InvalidArgument("ingest.bad_format", "format is csv, tsv, json, ndjson, xlsx or auto");
  }
  std::string delimiter = param("delimiter");
  if (!delimiter.empty()) {
    if (delimiter == "tab" || delimiter == "\\t") delimiter = "\t";
    if (delimiter.size() != 1) return InvalidArgument("ingest.bad_delimiter", "delimiter is one character or 'tab'");
    o.reader.delimiter = delimiter[0];
  }
  if (std::string enc = param("encoding"); !enc.empty()) o.reader.encoding = enc;
  if (std::string sheet = param("sheet"); !sheet.empty()) o.reader.sheet = sheet;
  if (std::string header = param("header"); !header.empty()) {
    if (header != "true" && header != "false") return InvalidArgument("ingest.bad_parameter", "header is true or false");
    o.reader.header = header == "true";
  }
  if (std::string n = param("max_bad_rows"); !n.empty()) {
    try {
      size_t used = 0;
      o.max_bad_rows = std::stoll(n, &used);
      if (used != n.size() || o.max_bad_rows < 0) throw std::invalid_argument(n);
    } catch (const std::exception&) {
      return InvalidArgument("ingest.bad_parameter", "max_bad_rows is a non-negative integer");
    }
  }
  if (std::string keys = param("key"); !keys.empty()) {
    size_t pos = 0;
    while (pos <= keys.size()) {
      size_t end = keys.find(',', pos);
      if (end == std::string::npos) end = keys.size();
      if (end > pos) o.key_fields.push_back(keys.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  std::string infer = param("infer_schema");
  o.infer_schema = infer == "true" || infer == "1";
  return o;
}

}  // namespace

ingest::IngestReport IngestAsVersion(ApiContext& ctx, const Request& req, const model::DatasetMeta& meta,
                                     const std::filesystem::path& file, ingest::IngestOptions options) {
  const std::string& id = meta.id;
  options.build_search_index = false;  // built in the background
  // A dataset open to the public must pass the release check before the
  // new version is committed.
  std::unique_ptr<ingest::CommitGate> gate;
  if (ctx.services.governance) gate = ctx.services.governance->ReleaseGateFor(meta, options.mode);
  options.gate = gate.get();
  auto report = ingest::IngestFile(*ctx.services.store, id, file, options);
  ctx.metrics->AddRejectedRows(report.rows_rejected);
  if (!report.status.ok()) return report;
  ctx.metrics->AddIngestedRows(report.rows_written);
  ctx.indexer->Enqueue(report.version);
  // Discovery, quality and cross-source verification follow in the
  // background.
  if (ctx.services.governance) ctx.services.governance->AfterIngest(id, report.version.version);
  spdlog::info("ingested {} rows into {} v{} ({} rejected)", report.rows_written, id, report.version.version,
               report.rows_rejected);
  auto event = EventFor(req, "admin", "dataset.ingest");
  event.dataset_id = id;
  event.version = report.version.version;
  event.detail = {{"rows_written", report.rows_written},
                  {"rows_rejected", report.rows_rejected},
                  {"mode", report.version.mode},
                  {"source", report.version.source}};
  if (Status st = TraceAdmin(ctx, std::move(event)); !st.ok()) report.status = st;
  return report;
}

void RegisterIngestRoutes(Router& router, ApiContext& ctx) {
  router.Add({"POST", "/api/v1/datasets/{id}/ingest", BodyKind::kUpload,
              [&ctx](Request& req) -> Result<Response> {
                const std::string& id = req.path_params["id"];
                YG_RETURN_IF_ERROR(OnlyParams(req, {"mode", "format", "delimiter", "encoding", "sheet", "header",
                                                    "max_bad_rows", "key", "infer_schema", "filename"}));
                YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(ctx, req, id));
                std::error_code ec;
                if (req.body_file.empty() || std::filesystem::file_size(req.body_file, ec) == 0) {
                  return InvalidArgument("ingest.empty_file", "the upload is empty");
                }
                std::filesystem::path data_file = req.body_file;
                std::filesystem::path extracted;
                std::string filename = req.query.count("filename") ? req.query["filename"] : "";
                std::map<std::string, std::string> form;
                std::string content_type = req.Header("content-type");
                if (content_type.rfind("multipart/form-data", 0) == 0) {
                  YG_ASSIGN_OR_RETURN(std::string boundary, multipart::BoundaryFromContentType(content_type));
                  YG_ASSIGN_OR_RETURN(auto parts, multipart::ScanMultipartFile(req.body_file, boundary));
                  const multipart::Part* file_part = nullptr;
                  for (const auto& p : parts) {
                    if (!p.filename.empty() || p.name == "file") {
                      if (!file_part) file_part = &p;
                    } else {
                      YG_ASSIGN_OR_RETURN(form[p.name], multipart::ReadPart(req.body_file, p, 4096));
                    }
                  }
                  if (!file_part) return InvalidArgument("ingest.no_file", "the form has no file part");
                  if (file_part->length == 0) return InvalidArgument("ingest.empty_file", "the uploaded file is empty");
                  extracted = req.body_file.string() + ".part";
                  YG_RETURN_IF_ERROR(multipart::CopyPartToFile(req.body_file, *file_part, extracted));
                  data_file = extracted;
                  if (filename.empty()) filename = file_part->filename;
                }
                auto options = OptionsFrom(req, form);
                if (!options.ok()) {
                  if (!extracted.empty()) std::filesystem::remove(extracted, ec);
                  return options.status();
                }
                options->reader.name_hint = filename;
                options->source_name = filename.empty() ? "upload" : filename;
                auto report = IngestAsVersion(ctx, req, meta, data_file, *options);
                if (!extracted.empty()) std::filesystem::remove(extracted, ec);
                if (!report.status.ok()) {
                  Response r = ErrorResponse(report.status, req.request_id);
                  json body = json::parse(r.body);
                  body["error"]["ingest"] = ReportJson(report);
                  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
                  return r;
                }
                json out = ReportJson(report);
                if (ctx.services.governance) {
                  const std::string base = "/api/v1/datasets/" + id;
                  const std::string v = "?version=" + std::to_string(report.version.version);
                  out["reports"] = {{"quality", base + "/quality" + v}, {"discovery", base + "/discovery" + v}};
                }
                return Response::Json(out, 201);
              },
              "Upload a file as a new version (raw body or multipart/form-data)"});
}

}  // namespace yungu::server

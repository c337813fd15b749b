// Data governance on one dataset: quality and discovery reports, the
// decisions a data officer takes on discovery's proposals, the release check
// and anonymisation.
#include <algorithm>

#include "server/access_util.h"
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/governance/governance_service.h"
#include "yungu/model/catalog_json.h"
#include "yungu/privacy/discovery.h"

namespace yungu::server {
namespace {

using nlohmann::json;

// Failing values and duplicate keys are data: only those who may read the
// whole dataset see them; everyone else gets the counts and the score.
void StripExamples(json& report) {
  for (auto& r : report["rules"]) r.erase("examples");
  if (report.contains("key") && report["key"].is_object()) report["key"].erase("examples");
}

bool SeesEverything(const access::DatasetAccess& a) {
  return a.basis == "owner" || a.basis == "platform_admin";
}

Result<json> ParsedReport(const storage::VersionReport& r) {
  json j = json::parse(r.json, nullptr, false);
  if (j.is_discarded()) return Corruption("governance.bad_report", "a stored report is not valid JSON");
  return j;
}

// Applies the data officer's decisions on discovery's findings to a copy of
// the metadata: "accept" takes the proposal (kind and, when higher, the
// proposed sensitivity), "reject" records that the field holds no personal
// data, an object sets "personal" and/or "sensitivity" explicitly.
Result<model::DatasetMeta> ApplyDecisions(model::DatasetMeta meta, const json& report, const json& decisions,
                                          json& applied) {
  if (!decisions.is_object()) {
    return InvalidArgument("governance.bad_decision", "'fields' must map field names to accept, reject or "
                                                      "{\"personal\": kind, \"sensitivity\": 1-4}");
  }
  for (const auto& [name, decision] : decisions.items()) {
    auto field = std::find_if(meta.fields.begin(), meta.fields.end(), [&](const auto& f) { return f.name == name; });
    if (field == meta.fields.end()) return InvalidArgument("governance.bad_decision", "no field '" + name + "'");
    const json* finding = nullptr;
    for (const auto& f : report["fields"]) {
      if (f.value("name", "") == name) finding = &f;
    }
    if (decision == "accept") {
      if (!finding || !(*finding)["dominant"].is_string()) {
        return InvalidArgument("governance.bad_decision", "discovery proposed nothing for field '" + name + "'");
      }
      field->personal = (*finding)["dominant"].get<std::string>();
      if (field->personal == "uscc") field->personal = "none";  // a legal entity's code is not personal data
      if ((*finding)["proposed_sensitivity"].is_number_integer()) {
        field->sensitivity = std::max(field->sensitivity, (*finding)["proposed_sensitivity"].get<int>());
      }
    } else if (decision == "reject") {
      field->personal = "none";
    } else if (decision.is_object()) {
      for (const auto& [key, value] : decision.items()) {
        if (key == "personal" && value.is_string()) {
          field->personal = value.get<std::string>();
        } else if (key == "sensitivity" && value.is_number_integer() && value.get<int64_t>() >= 1 &&
                   value.get<int64_t>() <= 4) {
          field->sensitivity = value.get<int>();
        } else {
          return InvalidArgument("governance.bad_decision",
                                 "field '" + name + "': decisions set 'personal' (a kind or none) and "
                                 "'sensitivity' (1-4)");
        }
      }
    } else {
      return InvalidArgument("governance.bad_decision", "field '" + name + "': accept, reject or an object");
    }
    applied[name] = {{"personal", field->personal}, {"sensitivity", field->sensitivity}};
  }
  return meta;
}

}  // namespace

void RegisterGovernanceRoutes(Router& router, ApiContext& ctx) {
  auto* gov = ctx.services.governance;

  router.Add({"GET", "/api/v1/datasets/{id}/quality", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"version"}));
                YG_ASSIGN_OR_RETURN(auto meta, VisibleDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(int64_t version, IntParam(req, "version", 0, 1, INT64_MAX));
                YG_ASSIGN_OR_RETURN(auto access, ctx.services.policy->Decide(req.principal, meta));
                YG_ASSIGN_OR_RETURN(json report, gov->QualityJson(meta, version));
                if (!SeesEverything(access)) StripExamples(report);
                return Response::Json(report);
              },
              "A version's quality report (computed when missing)"});
  router.Add({"POST", "/api/v1/datasets/{id}/quality", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"version"}));
                YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(int64_t version, IntParam(req, "version", 0, 1, INT64_MAX));
                YG_ASSIGN_OR_RETURN(json report, gov->QualityJson(meta, version, /*recompute=*/true));
                auto event = EventFor(req, "admin", "dataset.quality");
                event.dataset_id = meta.id;
                event.version = report.value("version", int64_t{0});
                event.detail = {{"score", report["score"]}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json(report);
              },
              "Recompute a version's quality report"});
  router.Add({"GET", "/api/v1/datasets/{id}/quality/history", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto meta, VisibleDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(auto reports,
                                    ctx.services.store->governance().ListReports(meta.id, storage::kQualityReport));
                json out = json::array();
                for (const auto& r : reports) {
                  out.push_back({{"version", r.version}, {"score", r.score}, {"computed_at", r.computed_at}});
                }
                return Response::Json({{"dataset_id", meta.id}, {"history", out}});
              },
              "Quality scores of every version (the trend)"});

  router.Add({"GET", "/api/v1/datasets/{id}/discovery", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"version"}));
                YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(int64_t version, IntParam(req, "version", 0, 1, INT64_MAX));
                YG_ASSIGN_OR_RETURN(auto stored, gov->Report(meta, storage::kDiscoveryReport, version));
                YG_ASSIGN_OR_RETURN(json report, ParsedReport(stored));
                // What the officer has decided so far, beside each finding.
                for (auto& f : report["fields"]) {
                  for (const auto& d : meta.fields) {
                    if (d.name != f.value("name", "")) continue;
                    f["declared"] = {{"personal", d.personal}, {"sensitivity", d.sensitivity}};
                  }
                }
                return Response::Json(report);
              },
              "A version's personal-data discovery report (managers)"});
  router.Add({"POST", "/api/v1/datasets/{id}/discovery", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"version"}));
                YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(int64_t version, IntParam(req, "version", 0, 1, INT64_MAX));
                YG_ASSIGN_OR_RETURN(auto stored, gov->Report(meta, storage::kDiscoveryReport, version, true));
                YG_ASSIGN_OR_RETURN(json report, ParsedReport(stored));
                auto event = EventFor(req, "admin", "dataset.discovery");
                event.dataset_id = meta.id;
                event.version = stored.version;
                event.detail = {{"personal_fields", report.value("personal_fields", 0)}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json(report);
              },
              "Scan a version for personal data now"});
  router.Add({"POST", "/api/v1/datasets/{id}/discovery/decisions", BodyKind::kJson,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto old, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                json report = {{"fields", json::array()}};
                if (old.current_version > 0) {
                  YG_ASSIGN_OR_RETURN(auto stored, gov->Report(old, storage::kDiscoveryReport));
                  YG_ASSIGN_OR_RETURN(report, ParsedReport(stored));
                }
                json applied = json::object();
                YG_ASSIGN_OR_RETURN(auto meta, ApplyDecisions(old, report, body.value("fields", json()), applied));
                YG_RETURN_IF_ERROR(CheckRelease(ctx, &old, meta));
                YG_ASSIGN_OR_RETURN(auto updated,
                                    ctx.services.catalog->ReplaceDataset(old.id, meta, "personal-data decisions"));
                auto event = EventFor(req, "admin", "dataset.classification");
                event.dataset_id = old.id;
                event.detail = {{"decisions", applied}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json({{"dataset_id", updated.id}, {"applied", applied},
                                       {"metadata_revision", updated.metadata_revision}});
              },
              "Confirm or override discovery's proposals"});

  router.Add({"GET", "/api/v1/datasets/{id}/release-check", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(json check, gov->ReleaseCheck(meta));
                return Response::Json(check);
              },
              "Whether the dataset could be opened unconditionally now"});
  router.Add({"POST", "/api/v1/datasets/{id}/anonymize", BodyKind::kJson,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                if (body.contains("target") && body["target"].is_object() && body["target"].contains("department")) {
                  return InvalidArgument("governance.bad_anonymize_request",
                                         "a release belongs to the source's department");
                }
                YG_ASSIGN_OR_RETURN(json result, gov->Anonymize(meta, body));
                auto event = EventFor(req, "admin", "dataset.anonymize");
                event.dataset_id = meta.id;
                event.version = result["source"]["version"].get<int64_t>();
                event.target = result["release"]["dataset_id"].get<std::string>();
                event.detail = {{"k", result["k"]}, {"levels", result["levels"]},
                                {"suppressed_rows", result["suppressed_rows"]}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                Response r = Response::Json(result, 201);
                r.headers.emplace_back("Location", "/api/v1/datasets/" + result["release"]["dataset_id"].get<std::string>());
                return r;
              },
              "Publish a k-anonymous copy as a new dataset"});
}

}  // namespace yungu::server

// 一数一源 registry and 多元校核 verification, the open-rate statistics, and
// the rotation of pseudonym keys.
#include "server/access_util.h"
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/key_ring.h"

namespace yungu::server {
namespace {

using nlohmann::json;

// The registry is the government's own business: department members,
// auditors and platform admins read it.
Status CanReadRegistry(const Request& req) {
  const auto& p = req.principal;
  if (p.anonymous()) return Unauthenticated("auth.required", "sign in to read the data element registry");
  if (p.government() || p.Has(access::Role::kPlatformAdmin) || p.Has(access::Role::kAuditor)) return Status::Ok();
  return PermissionDenied("governance.forbidden", "the data element registry is for government users");
}

// Declaring or moving an element's source: a manager of the new source
// dataset, and, when the element already has a source elsewhere, a manager
// of that one too (a platform admin is both).
Status CanDeclare(ApiContext& ctx, const Request& req, const std::string& dataset_id, const std::string& code) {
  YG_RETURN_IF_ERROR(ManagedDataset(ctx, req, dataset_id).status());
  auto existing = ctx.services.store->governance().GetElement(code);
  if (existing.ok() && existing->dataset_id != dataset_id) {
    auto current = ctx.services.store->GetDataset(existing->dataset_id);
    if (current.ok()) {
      Status st = ctx.services.policy->CanManageDataset(req.principal, *current);
      if (!st.ok()) {
        return PermissionDenied("governance.source_elsewhere",
                                "element '" + code + "' has its source in dataset '" + existing->dataset_id +
                                    "' (一数一源): only its managers or a platform admin can move it");
      }
    }
  }
  return Status::Ok();
}

// Disagreement examples show values of both datasets: only the managers of
// the source or of that copy (and platform admins) see them; everyone else
// gets the counts.
json VisibleRun(ApiContext& ctx, const Request& req, const std::string& run_json) {
  json run = json::parse(run_json, nullptr, false);
  if (run.is_discarded()) return json::object();
  const std::string source = run["source"].value("dataset_id", "");
  const bool manages_source = ManagedDataset(ctx, req, source).ok();
  for (auto& copy : run["copies"]) {
    if (manages_source || ManagedDataset(ctx, req, copy.value("dataset_id", "")).ok()) continue;
    if (copy.contains("examples")) copy["examples"] = json::array();
    copy["examples_hidden"] = true;
  }
  return run;
}

json ElementJson(ApiContext& ctx, const governance::ElementView& view) {
  json j = governance::ToJson(view);
  auto run = ctx.services.store->governance().LatestVerification(view.element.code);
  if (run.ok()) {
    j["verification"] = {{"run_at", run->run_at},
                         {"trigger", run->trigger},
                         {"agreements", run->agreements},
                         {"disagreements", run->disagreements}};
  } else {
    j["verification"] = nullptr;
  }
  return j;
}

}  // namespace

void RegisterSourceRoutes(Router& router, ApiContext& ctx) {
  auto* gov = ctx.services.governance;

  router.Add({"GET", "/api/v1/elements", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(CanReadRegistry(req));
                YG_ASSIGN_OR_RETURN(auto views, gov->sources().List());
                json out = json::array();
                for (const auto& v : views) out.push_back(ElementJson(ctx, v));
                return Response::Json({{"elements", out}});
              },
              "The data elements and their authoritative sources (一数一源)"});
  router.Add({"GET", "/api/v1/elements/{code}", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(CanReadRegistry(req));
                YG_ASSIGN_OR_RETURN(auto view, gov->sources().Describe(req.path_params["code"]));
                return Response::Json(ElementJson(ctx, view));
              },
              "One data element: its source and copies"});
  router.Add({"PUT", "/api/v1/elements/{code}", BodyKind::kJson,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                storage::DataElement e;
                e.code = req.path_params["code"];
                for (const auto& [key, value] : body.items()) {
                  if (!value.is_string()) {
                    return InvalidArgument("governance.invalid_element", "'" + key + "' must be a string");
                  }
                  const std::string text = value.get<std::string>();
                  if (key == "name") e.name = text;
                  else if (key == "entity_kind") e.entity_kind = text;
                  else if (key == "dataset_id") e.dataset_id = text;
                  else if (key == "field") e.field = text;
                  else if (key == "key_field") e.key_field = text;
                  else if (key == "description") e.description = text;
                  else if (key != "code") return InvalidArgument("governance.invalid_element", "unknown key '" + key + "'");
                }
                if (e.dataset_id.empty() || e.field.empty()) {
                  return InvalidArgument("governance.invalid_element", "dataset_id and field are required");
                }
                YG_RETURN_IF_ERROR(CanDeclare(ctx, req, e.dataset_id, e.code));
                e.declared_by = req.principal.user_id;
                YG_RETURN_IF_ERROR(gov->sources().Declare(e));
                YG_ASSIGN_OR_RETURN(auto view, gov->sources().Describe(e.code));
                auto event = EventFor(req, "admin", "element.declare");
                event.target = e.code;
                event.dataset_id = e.dataset_id;
                event.detail = governance::ToJson(view.element);
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json(ElementJson(ctx, view));
              },
              "Declare a data element's authoritative source"});
  router.Add({"DELETE", "/api/v1/elements/{code}", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                const std::string code = req.path_params["code"];
                YG_RETURN_IF_ERROR(CanReadRegistry(req));
                YG_ASSIGN_OR_RETURN(auto e, ctx.services.store->governance().GetElement(code));
                YG_RETURN_IF_ERROR(ManagedDataset(ctx, req, e.dataset_id).status());
                YG_RETURN_IF_ERROR(ctx.services.store->governance().DeleteElement(code));
                auto event = EventFor(req, "admin", "element.delete");
                event.target = code;
                event.dataset_id = e.dataset_id;
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json({{"deleted", code}});
              },
              "Withdraw a data element's declaration"});
  router.Add({"POST", "/api/v1/elements/{code}/verify", BodyKind::kNone,
              [&ctx, gov](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(CanReadRegistry(req));
                YG_ASSIGN_OR_RETURN(auto view, gov->sources().Describe(req.path_params["code"]));
                // The source's or any copy's managers may ask for a check.
                Status allowed = ManagedDataset(ctx, req, view.element.dataset_id).status();
                for (const auto& c : view.copies) {
                  if (!allowed.ok()) allowed = ManagedDataset(ctx, req, c.dataset_id).status();
                }
                YG_RETURN_IF_ERROR(allowed);
                YG_ASSIGN_OR_RETURN(auto run, gov->sources().Verify(view.element.code, "on_demand"));
                auto event = EventFor(req, "admin", "element.verify");
                event.target = view.element.code;
                event.detail = {{"agreements", run.agreements}, {"disagreements", run.disagreements}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json(VisibleRun(ctx, req, run.json));
              },
              "Verify every copy of an element against its source (多元校核)"});
  router.Add({"GET", "/api/v1/elements/{code}/verification", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(CanReadRegistry(req));
                YG_ASSIGN_OR_RETURN(auto run,
                                    ctx.services.store->governance().LatestVerification(req.path_params["code"]));
                return Response::Json(VisibleRun(ctx, req, run.json));
              },
              "The latest verification of an element"});

  router.Add({"GET", "/api/v1/stats/open-rate", BodyKind::kNone,
              [gov](Request&) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json stats, gov->Stats());
                return Response::Json(stats);
              },
              "Open rate and performance per department and city-wide"});

  router.Add({"POST", "/api/v1/pseudonym-keys/rotate", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                if (!req.principal.Has(access::Role::kPlatformAdmin)) {
                  return PermissionDenied("governance.forbidden", "only platform admins rotate pseudonym keys");
                }
                if (!ctx.services.pseudonym_keys) {
                  return FailedPrecondition("privacy.no_key_ring", "this hub keeps no pseudonym keys");
                }
                YG_ASSIGN_OR_RETURN(int version, ctx.services.pseudonym_keys->Rotate());
                // Cached answers carry pseudonyms of the old key.
                if (ctx.responses) ctx.responses->Clear();
                auto event = EventFor(req, "admin", "pseudonym_key.rotate");
                event.target = "P" + std::to_string(version);
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json({{"current_version", version}});
              },
              "Start a new pseudonym key (new releases cannot be linked to old ones)"});
}

}  // namespace yungu::server

#include "server/access_util.h"

#include "yungu/audit/audit_log.h"
#include "yungu/governance/governance_service.h"
#include "yungu/model/catalog_json.h"

namespace yungu::server {

Result<model::DatasetMeta> VisibleDataset(ApiContext& ctx, const Request& req, const std::string& id) {
  return ctx.services.policy->VisibleDataset(req.principal, id);
}

Result<model::DatasetMeta> ManagedDataset(ApiContext& ctx, const Request& req, const std::string& id) {
  YG_ASSIGN_OR_RETURN(auto meta, VisibleDataset(ctx, req, id));
  YG_RETURN_IF_ERROR(ctx.services.policy->CanManageDataset(req.principal, meta));
  return meta;
}

nlohmann::json AccessJson(const access::DatasetAccess& a) {
  nlohmann::json j = {{"read", a.visibility == access::Visibility::kData},
                      {"manage", a.can_manage},
                      {"apply", a.can_apply}};
  if (a.visibility == access::Visibility::kData) {
    j["basis"] = a.basis;
    j["fields"] = a.scope.fields;
    // Which fields the caller sees only masked, and how, so a page can mark
    // them (their values never appear unmasked anywhere for this caller).
    nlohmann::json masked = nlohmann::json::object();
    for (const auto& [field, mask] : a.scope.masks) masked[field] = model::ToJson(mask).value("method", "");
    j["masked"] = std::move(masked);
    if (a.grant) j["grant"] = a.grant->id;
  } else {
    j["reason"] = {{"code", a.refusal.error_code()}, {"message", a.refusal.message()}};
  }
  return j;
}

Status CheckRelease(ApiContext& ctx, const model::DatasetMeta* old, const model::DatasetMeta& candidate) {
  if (!ctx.services.governance || candidate.opening_type != model::OpeningType::kUnconditional) {
    return Status::Ok();
  }
  auto fields_json = [](const model::DatasetMeta& m) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& f : m.fields) j.push_back(model::ToJson(f));
    return j;
  };
  if (old && old->opening_type == model::OpeningType::kUnconditional && fields_json(*old) == fields_json(candidate) &&
      old->k_anonymity == candidate.k_anonymity) {
    return Status::Ok();  // nothing the public sees changes
  }
  model::DatasetMeta checked = candidate;
  if (old) {
    checked.id = old->id;
    checked.current_version = old->current_version;
    checked.row_count = old->row_count;
  }
  return ctx.services.governance->RequireReleasable(checked);
}

audit::AuditEvent EventFor(const Request& req, std::string category, std::string action) {
  const auto& p = req.principal;
  audit::AuditEvent e;
  e.category = std::move(category);
  e.action = std::move(action);
  e.user_id = p.user_id;
  e.username = p.username;
  e.department = p.department;
  e.roles = access::RoleNames(p.roles);
  e.via = std::string(access::ViaName(p.via));
  e.credential_id = p.credential_id;
  e.client_address = req.client_address;
  return e;
}

Status TraceAdmin(ApiContext& ctx, audit::AuditEvent event) {
  if (!ctx.services.audit) return Status::Ok();
  return ctx.services.audit->AppendDurable(std::move(event));
}

// Metadata edits are traced; a change of classification (sharing or opening
// type) or of field sensitivity names the old and new values.
Status TraceMetadataChange(ApiContext& ctx, const Request& req, const model::DatasetMeta& old,
                           const model::DatasetMeta& now) {
  auto event = EventFor(req, "admin", "dataset.update");
  event.dataset_id = now.id;
  nlohmann::json changes = nlohmann::json::object();
  if (old.sharing_type != now.sharing_type) {
    changes["sharing_type"] = {model::SharingTypeName(old.sharing_type), model::SharingTypeName(now.sharing_type)};
  }
  if (old.opening_type != now.opening_type) {
    changes["opening_type"] = {model::OpeningTypeName(old.opening_type), model::OpeningTypeName(now.opening_type)};
  }
  if (old.department != now.department) changes["department"] = {old.department, now.department};
  for (const auto& f : now.fields) {
    for (const auto& o : old.fields) {
      if (o.name == f.name && o.sensitivity != f.sensitivity) {
        changes["sensitivity"][f.name] = {o.sensitivity, f.sensitivity};
      }
    }
  }
  if (!changes.empty()) event.action = "dataset.classification";
  event.detail = {{"changes", changes}, {"revision", now.metadata_revision}};
  return TraceAdmin(ctx, std::move(event));
}

}  // namespace yungu::server

// Applying, listing and deciding applications.
#include <algorithm>

#include "access/workflow_rules.h"
#include "yungu/access/workflow_service.h"
#include "yungu/model/catalog_json.h"
#include "yungu/privacy/masking.h"

namespace yungu::access {

using namespace workflow;

namespace {

// The NotFound an unknown dataset gets, for datasets the caller may not know of.
Status NoSuchDataset(std::string_view id) {
  return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
}

bool MaySee(const Principal& who, const storage::Application& a) {
  return a.applicant_id == who.user_id || ApprovesFor(who, a.provider_department) || who.Has(Role::kAuditor);
}

// A decision is made by an approver of the provider, never by the applicant.
Status CheckDecider(const Principal& who, const storage::Application& a) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  if (a.applicant_id == who.user_id) return Forbidden("nobody decides their own application");
  if (!ApprovesFor(who, a.provider_department)) {
    return Forbidden("only the data officers and department admins of " + a.provider_department +
                     " and platform admins decide this application");
  }
  if (a.status != "pending") {
    return Conflict("workflow.not_pending", "application " + std::to_string(a.id) + " is already " + a.status);
  }
  return Status::Ok();
}

std::string AddDays(const std::string& iso, int64_t days) {
  auto t = ParseUtcTime(iso);
  if (!t.ok()) return iso;
  return FormatUtcTime(*t + std::chrono::days(days));
}

}  // namespace

Result<storage::Application> WorkflowService::Apply(const Principal& who, std::string_view dataset_id,
                                                    const ApplicationInput& input) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  if (who.roles == static_cast<uint32_t>(Role::kAuditor)) return Forbidden("auditors read the trace, never data");
  YG_ASSIGN_OR_RETURN(model::DatasetMeta meta, store_.GetDataset(dataset_id));
  const bool sharing = IsGovernmentApplicant(who);
  const std::string kind = sharing ? "sharing" : "opening";
  // The public never learns of a dataset that is not opened at all.
  if (!sharing && meta.opening_type == model::OpeningType::kNone) return NoSuchDataset(dataset_id);
  if (!input.kind.empty() && input.kind != kind) {
    if (input.kind != "sharing" && input.kind != "opening") {
      return InvalidArgument("workflow.bad_kind", "kind is 'sharing' or 'opening'");
    }
    return Forbidden(sharing ? "government users of other departments apply for sharing, not opening"
                             : "only government users of other departments apply for sharing");
  }
  if (who.Has(Role::kPlatformAdmin)) {
    return Conflict("workflow.not_applicable", "platform admins read every dataset; no application is needed");
  }
  if (sharing) {
    YG_RETURN_IF_ERROR(CheckOwnerSide(who, meta));
    if (meta.sharing_type != model::SharingType::kConditional) {
      return Conflict("workflow.not_applicable",
                      std::string("'") + meta.id + "' is " + std::string(model::SharingTypeLabel(meta.sharing_type)) +
                          "; only 有条件共享 datasets take applications");
    }
  } else if (meta.opening_type != model::OpeningType::kConditional) {
    return Conflict("workflow.not_applicable",
                    std::string("'") + meta.id + "' is " + std::string(model::OpeningTypeLabel(meta.opening_type)) +
                        "; only 有条件开放 datasets take applications");
  }

  storage::Application a;
  YG_ASSIGN_OR_RETURN(a.purpose, CheckedText(input.purpose, true, "purpose", "workflow.purpose_required"));
  YG_ASSIGN_OR_RETURN(a.legal_basis,
                      CheckedText(input.legal_basis, sharing, "legal_basis", "workflow.legal_basis_required"));
  YG_RETURN_IF_ERROR(CheckFields(input.fields, meta));
  YG_RETURN_IF_ERROR(CheckRowFilter(input.row_filter, meta));
  YG_RETURN_IF_ERROR(CheckDuration(input.duration_days, kMaxDurationDays));

  storage::ApplicationQuery pending;
  pending.applicant_id = who.user_id;
  pending.dataset_id = meta.id;
  pending.status = "pending";
  pending.limit = 1;
  YG_ASSIGN_OR_RETURN(auto open, store_.grants().ListApplications(pending));
  if (open.total > 0) {
    return Conflict("workflow.already_pending", "application " + std::to_string(open.applications[0].id) +
                                                    " for '" + meta.id + "' is still pending; withdraw it first");
  }

  std::string now = options_.now();
  a.dataset_id = meta.id;
  a.provider_department = meta.department;
  a.applicant_id = who.user_id;
  a.applicant_name = who.username;
  a.applicant_department = sharing ? who.department : "";
  a.kind = kind;
  a.fields = input.fields;
  a.row_filter = input.row_filter;
  a.duration_days = input.duration_days;
  a.submitted_at = now;
  YG_ASSIGN_OR_RETURN(a.due_date, DueDate(now));
  std::string title = std::string(sharing ? "新的数据共享申请：" : "新的数据开放申请：") + meta.name;
  std::string body = (who.username.empty() ? who.user_id : who.username) +
                     (sharing ? "（" + who.department + "）" : std::string()) + " 申请使用 " + meta.id +
                     "，用途：" + a.purpose + "。请于 " + a.due_date + " 前答复。";
  std::vector<storage::Notification> notices = {
      About(ToApprovers(meta.department), a, "application.submitted", title, body, now)};
  return store_.grants().CreateApplication(std::move(a), std::move(notices));
}

Result<storage::Application> WorkflowService::GetApplication(const Principal& who, int64_t id) {
  YG_RETURN_IF_ERROR(RequireAccount(who));
  YG_ASSIGN_OR_RETURN(storage::Application a, store_.grants().GetApplication(id));
  if (!MaySee(who, a)) return Forbidden("only the applicant, the provider's approvers and auditors see it");
  return a;
}

Result<storage::ApplicationPage> WorkflowService::ListApplications(const Principal& who,
                                                                   const ApplicationFilter& f) {
  YG_RETURN_IF_ERROR(RequireAccount(who));
  storage::ApplicationQuery q;
  const bool sees_all = who.Has(Role::kPlatformAdmin) || who.Has(Role::kAuditor);
  const bool approver = ApprovesFor(who, who.department);
  if (f.role == "applicant") {
    q.applicant_id = who.user_id;
  } else if (f.role == "approver") {
    if (!approver) return Forbidden("only data officers, department admins and platform admins approve");
    if (!who.Has(Role::kPlatformAdmin)) q.provider_department = who.department;
  } else if (f.role.empty()) {
    if (!sees_all) {
      q.applicant_id = who.user_id;
      if (approver) q.provider_department = who.department;
    }
  } else {
    return InvalidArgument("workflow.bad_role", "role is 'applicant' or 'approver'");
  }
  static const char* kStatuses[] = {"pending", "approved", "rejected", "withdrawn"};
  if (!f.status.empty() && std::find(std::begin(kStatuses), std::end(kStatuses), f.status) == std::end(kStatuses)) {
    return InvalidArgument("workflow.bad_status", "status is pending, approved, rejected or withdrawn");
  }
  q.status = f.status;
  q.dataset_id = f.dataset_id;
  q.limit = f.limit;
  q.offset = f.offset;
  std::string now = options_.now();
  YG_RETURN_IF_ERROR(FlagOverdue(now).status());
  if (f.overdue_only) {
    YG_ASSIGN_OR_RETURN(CalendarDate today, ChinaDate(now));
    q.overdue_on = FormatDate(today);
  }
  return store_.grants().ListApplications(q);
}

Result<model::Grant> WorkflowService::Approve(const Principal& who, int64_t id, const ApprovalInput& input) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  YG_ASSIGN_OR_RETURN(storage::Application a, store_.grants().GetApplication(id));
  YG_RETURN_IF_ERROR(CheckDecider(who, a));
  YG_ASSIGN_OR_RETURN(model::DatasetMeta meta, store_.GetDataset(a.dataset_id));

  storage::StoredGrant stored;
  model::Grant& g = stored.grant;
  g.fields = input.fields.value_or(a.fields);
  if (g.fields.empty()) return InvalidArgument("workflow.fields_required", "a grant covers at least one field");
  for (const auto& f : g.fields) {
    if (std::find(a.fields.begin(), a.fields.end(), f) == a.fields.end()) {
      return InvalidArgument("workflow.field_not_requested",
                             "field '" + f.substr(0, 64) + "' was not requested; a grant can only narrow the request");
    }
  }
  YG_RETURN_IF_ERROR(CheckFields(g.fields, meta));
  g.row_filter = input.row_filter.is_null() ? a.row_filter : input.row_filter;
  YG_RETURN_IF_ERROR(CheckRowFilter(g.row_filter, meta));
  int64_t days = input.duration_days.value_or(a.duration_days);
  if (days > a.duration_days) {
    return InvalidArgument("workflow.bad_duration", "duration_days may not exceed the requested " +
                                                        std::to_string(a.duration_days));
  }
  YG_RETURN_IF_ERROR(CheckDuration(days, a.duration_days));
  if (input.daily_row_quota < 0) {
    return InvalidArgument("workflow.bad_quota", "daily_row_quota is a row count, 0 for unlimited");
  }
  YG_ASSIGN_OR_RETURN(std::string note, CheckedText(input.note, false, "note", ""));
  if (!input.masks.is_null()) {
    if (!input.masks.is_object()) {
      return InvalidArgument("workflow.bad_masks", "masks map granted field names to masks");
    }
    for (const auto& [field, spec] : input.masks.items()) {
      if (std::find(g.fields.begin(), g.fields.end(), field) == g.fields.end()) {
        return InvalidArgument("workflow.bad_masks", "field '" + field.substr(0, 64) + "' is not granted");
      }
      auto mask = model::MaskSpecFromJson(spec);
      if (!mask.ok()) return mask.status();
      const model::FieldDef* def = nullptr;
      for (const auto& f : meta.fields) {
        if (f.name == field) def = &f;
      }
      if (def) YG_RETURN_IF_ERROR(privacy::ValidateMask(*def, *mask));
      g.masks[field] = *mask;
    }
  }

  std::string now = options_.now();
  stored.provider_department = a.provider_department;
  g.application_id = a.id;
  g.dataset_id = a.dataset_id;
  g.grantee_user_id = a.applicant_id;
  g.grantee_department = a.applicant_department;
  g.daily_row_quota = input.daily_row_quota;
  g.purpose = a.purpose;
  g.granted_by = who.user_id;
  g.granted_at = now;
  g.expires_at = AddDays(now, days);

  std::string body = "可使用字段：" + std::to_string(g.fields.size()) + " 个，有效期至 " + g.expires_at + "。" +
                     (note.empty() ? "" : "审批意见：" + note);
  std::vector<storage::Notification> notices = {
      About(ToUser(a.applicant_id), a, "application.approved", "申请已批准：" + a.dataset_id, body, now)};
  storage::Decision decision{"approved", now, who.user_id, note};
  YG_ASSIGN_OR_RETURN(storage::StoredGrant made,
                      store_.grants().ApproveApplication(a.id, decision, std::move(stored), std::move(notices)));
  ForgetGrantsOf(made.grant.grantee_user_id);
  return made.grant;
}

Result<storage::Application> WorkflowService::Reject(const Principal& who, int64_t id, std::string_view reason) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  YG_ASSIGN_OR_RETURN(storage::Application a, store_.grants().GetApplication(id));
  YG_RETURN_IF_ERROR(CheckDecider(who, a));
  YG_ASSIGN_OR_RETURN(std::string why, CheckedText(reason, true, "reason", "workflow.reason_required"));
  std::string now = options_.now();
  std::vector<storage::Notification> notices = {
      About(ToUser(a.applicant_id), a, "application.rejected", "申请未获批准：" + a.dataset_id, "理由：" + why, now)};
  return store_.grants().CloseApplication(a.id, storage::Decision{"rejected", now, who.user_id, why},
                                          std::move(notices));
}

Result<storage::Application> WorkflowService::Withdraw(const Principal& who, int64_t id) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  YG_ASSIGN_OR_RETURN(storage::Application a, store_.grants().GetApplication(id));
  if (a.applicant_id != who.user_id) return Forbidden("only the applicant withdraws an application");
  if (a.status != "pending") {
    return Conflict("workflow.not_pending", "application " + std::to_string(a.id) + " is already " + a.status);
  }
  std::string now = options_.now();
  std::vector<storage::Notification> notices = {About(ToApprovers(a.provider_department), a, "application.withdrawn",
                                                      "申请已撤回：" + a.dataset_id,
                                                      "申请 #" + std::to_string(a.id) + " 已由申请人撤回。", now)};
  return store_.grants().CloseApplication(a.id, storage::Decision{"withdrawn", now, who.user_id, ""},
                                          std::move(notices));
}

}  // namespace yungu::access

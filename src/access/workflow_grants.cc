// Grants: reading, listing and revoking them, and the in-memory view the
// access checks read on every query.
#include <algorithm>
#include <limits>
#include <set>

#include "access/workflow_rules.h"
#include "yungu/access/workflow_service.h"

namespace yungu::access {

using namespace workflow;

Result<storage::StoredGrant> WorkflowService::GetGrant(const Principal& who, int64_t grant_id) {
  YG_RETURN_IF_ERROR(RequireAccount(who));
  YG_ASSIGN_OR_RETURN(storage::StoredGrant s, store_.grants().GetGrant(grant_id));
  if (s.grant.grantee_user_id != who.user_id && !ApprovesFor(who, s.provider_department) &&
      !who.Has(Role::kAuditor)) {
    return Forbidden("only the grantee, the provider's approvers and auditors see this grant");
  }
  return s;
}

Result<storage::GrantPage> WorkflowService::ListGrants(const Principal& who, const GrantFilter& f) {
  YG_RETURN_IF_ERROR(RequireAccount(who));
  storage::GrantQuery q;
  const bool sees_all = who.Has(Role::kPlatformAdmin) || who.Has(Role::kAuditor);
  const bool approver = ApprovesFor(who, who.department);
  if (f.role == "grantee") {
    q.grantee_id = who.user_id;
  } else if (f.role == "provider") {
    if (!approver) return Forbidden("only data officers, department admins and platform admins list what they granted");
    if (!who.Has(Role::kPlatformAdmin)) q.provider_department = who.department;
  } else if (f.role.empty()) {
    if (!sees_all) {
      q.grantee_id = who.user_id;
      if (approver) q.provider_department = who.department;
    }
  } else {
    return InvalidArgument("workflow.bad_role", "role is 'grantee' or 'provider'");
  }
  q.dataset_id = f.dataset_id;
  q.limit = f.limit;
  q.offset = f.offset;
  return store_.grants().ListGrants(q);
}

Result<model::Grant> WorkflowService::RevokeGrant(const Principal& who, int64_t grant_id, std::string_view reason) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  YG_ASSIGN_OR_RETURN(storage::StoredGrant s, store_.grants().GetGrant(grant_id));
  if (!ApprovesFor(who, s.provider_department)) {
    return Forbidden("only the data officers and department admins of " + s.provider_department +
                     " and platform admins revoke this grant");
  }
  YG_ASSIGN_OR_RETURN(std::string why, CheckedText(reason, true, "reason", "workflow.reason_required"));
  std::string now = options_.now();
  storage::Notification n = ToUser(s.grant.grantee_user_id);
  n.created_at = now;
  n.kind = "grant.revoked";
  n.dataset_id = s.grant.dataset_id;
  n.title = "数据授权已撤销：" + s.grant.dataset_id;
  n.body = "授权 #" + std::to_string(grant_id) + " 已撤销，理由：" + why;
  YG_ASSIGN_OR_RETURN(storage::StoredGrant revoked, store_.grants().RevokeGrant(grant_id, now, who.user_id, why, {n}));
  ForgetGrantsOf(revoked.grant.grantee_user_id);
  return revoked.grant;
}

Result<std::shared_ptr<const WorkflowService::UserGrants>> WorkflowService::GrantsOf(std::string_view user_id) {
  std::string key(user_id);
  uint64_t generation;
  {
    std::shared_lock lock(cache_mu_);
    auto it = grants_by_user_.find(key);
    if (it != grants_by_user_.end()) return it->second;
    generation = cache_generation_;
  }
  YG_ASSIGN_OR_RETURN(auto grants, store_.grants().UnrevokedGrantsOf(user_id));
  auto loaded = std::make_shared<UserGrants>();
  loaded->grants = std::move(grants);
  std::unique_lock lock(cache_mu_);
  // Keep it only if nothing changed while it was read.
  if (generation == cache_generation_) {
    constexpr size_t kMaxUsers = 100000;
    if (grants_by_user_.size() >= kMaxUsers) grants_by_user_.clear();
    grants_by_user_[key] = loaded;
  }
  return std::shared_ptr<const UserGrants>(std::move(loaded));
}

void WorkflowService::ForgetGrantsOf(const std::string& user_id) {
  std::unique_lock lock(cache_mu_);
  ++cache_generation_;
  grants_by_user_.erase(user_id);
}

Result<std::vector<model::Grant>> WorkflowService::ActiveGrants(std::string_view user_id,
                                                                std::string_view dataset_id) {
  std::vector<model::Grant> out;
  if (user_id.empty()) return out;
  YG_ASSIGN_OR_RETURN(auto mine, GrantsOf(user_id));
  std::string now = options_.now();
  for (const auto& g : mine->grants) {
    if (g.dataset_id == dataset_id && g.ActiveAt(now)) out.push_back(g);
  }
  return out;
}

Result<std::vector<std::string>> WorkflowService::DatasetsWithActiveGrants(std::string_view user_id) {
  std::vector<std::string> out;
  if (user_id.empty()) return out;
  YG_ASSIGN_OR_RETURN(auto mine, GrantsOf(user_id));
  std::string now = options_.now();
  std::set<std::string> ids;
  for (const auto& g : mine->grants) {
    if (g.ActiveAt(now)) ids.insert(g.dataset_id);
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

Result<int64_t> WorkflowService::RowsLeftToday(const model::Grant& grant) {
  if (grant.daily_row_quota <= 0) return std::numeric_limits<int64_t>::max();
  YG_ASSIGN_OR_RETURN(CalendarDate today, ChinaDate(options_.now()));
  std::string day = FormatDate(today);
  int64_t used = 0;
  bool cached = false;
  {
    std::lock_guard lock(usage_mu_);
    auto it = usage_.find(grant.id);
    if (it != usage_.end() && it->second.first == day) {
      used = it->second.second;
      cached = true;
    }
  }
  if (!cached) {
    YG_ASSIGN_OR_RETURN(used, store_.grants().RowsUsed(grant.id, day));
    std::lock_guard lock(usage_mu_);
    auto& slot = usage_[grant.id];
    // A concurrent RecordUse may have stored a newer count meanwhile.
    if (slot.first != day || slot.second < used) slot = {day, used};
    used = slot.second;
  }
  return std::max<int64_t>(0, grant.daily_row_quota - used);
}

Status WorkflowService::RecordUse(const model::Grant& grant, int64_t rows) {
  if (rows <= 0) return Status::Ok();
  YG_ASSIGN_OR_RETURN(CalendarDate today, ChinaDate(options_.now()));
  std::string day = FormatDate(today);
  YG_ASSIGN_OR_RETURN(int64_t total, store_.grants().AddRowsUsed(grant.id, day, rows));
  std::lock_guard lock(usage_mu_);
  auto& slot = usage_[grant.id];
  if (slot.first != day || slot.second < total) slot = {day, total};
  return Status::Ok();
}

}  // namespace yungu::access

// Who may manage whose account: a platform admin everyone; a department
// admin the users of their department and the departments below it, with
// only the department roles.
#include <set>

#include "access/identity_internal.h"

namespace yungu::access {
namespace {

constexpr uint32_t kDepartmentAdminMayGive = static_cast<uint32_t>(Role::kDepartmentAdmin) |
                                             static_cast<uint32_t>(Role::kDataOfficer) |
                                             static_cast<uint32_t>(Role::kGovernmentUser);

Status Forbidden(const std::string& why) { return PermissionDenied("auth.forbidden", why); }

}  // namespace

Result<std::vector<std::string>> IdentityService::DepartmentSubtree(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto departments, state_->store.ListDepartments());
  std::vector<std::string> out;
  std::set<std::string> seen;
  if (code.empty()) return out;
  out.emplace_back(code);
  seen.insert(out.back());
  // Breadth-first over parent_code links; `seen` guards against cycles.
  for (size_t i = 0; i < out.size(); ++i) {
    for (const auto& d : departments) {
      if (d.parent_code == out[i] && seen.insert(d.code).second) out.push_back(d.code);
    }
  }
  return out;
}

Status IdentityService::CheckManage(const Principal& actor, const storage::UserRecord& target) {
  if (!actor.authenticated()) return Unauthenticated("auth.required", "sign in first");
  if (actor.Has(Role::kPlatformAdmin)) return Status::Ok();
  if (!actor.Has(Role::kDepartmentAdmin)) return Forbidden("only administrators manage accounts");
  if ((target.roles & ~kDepartmentAdminMayGive) != 0) {
    return Forbidden("a department admin manages only department accounts");
  }
  YG_ASSIGN_OR_RETURN(auto subtree, DepartmentSubtree(actor.department));
  for (const auto& code : subtree) {
    if (code == target.department) return Status::Ok();
  }
  return Forbidden("the user belongs to another department");
}

Status IdentityService::CheckAssign(const Principal& actor, std::string_view department, uint32_t roles) {
  if (!actor.authenticated()) return Unauthenticated("auth.required", "sign in first");
  if (actor.Has(Role::kPlatformAdmin)) return Status::Ok();
  if (!actor.Has(Role::kDepartmentAdmin)) return Forbidden("only administrators manage accounts");
  if ((roles & ~kDepartmentAdminMayGive) != 0) {
    return Forbidden("a department admin gives only department_admin, data_officer and government_user");
  }
  YG_ASSIGN_OR_RETURN(auto subtree, DepartmentSubtree(actor.department));
  for (const auto& code : subtree) {
    if (code == department) return Status::Ok();
  }
  return Forbidden("a department admin manages only their department and the ones below it");
}

Status CheckMethodScope(const Principal& principal, std::string_view method) {
  if (principal.anonymous() || principal.Allows(Scope::kWrite)) return Status::Ok();
  if (method == "GET" || method == "HEAD") return Status::Ok();
  return PermissionDenied("auth.scope", "this credential is read-only (scope read): " + std::string(method) +
                                            " needs scope write or admin");
}

}  // namespace yungu::access

#include "yungu/access/principal.h"

namespace yungu::access {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPlatformAdmin: return "platform_admin";
    case Role::kDepartmentAdmin: return "department_admin";
    case Role::kDataOfficer: return "data_officer";
    case Role::kGovernmentUser: return "government_user";
    case Role::kPublicUser: return "public_user";
    case Role::kAuditor: return "auditor";
  }
  return "unknown";
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kRoles = {Role::kPlatformAdmin, Role::kDepartmentAdmin, Role::kDataOfficer,
                                           Role::kGovernmentUser, Role::kPublicUser,     Role::kAuditor};
  return kRoles;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : AllRoles()) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kRead: return "read";
    case Scope::kWrite: return "write";
    case Scope::kAdmin: return "admin";
  }
  return "read";
}

std::optional<Scope> ParseScope(std::string_view name) {
  for (Scope s : {Scope::kRead, Scope::kWrite, Scope::kAdmin}) {
    if (ScopeName(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view ViaName(Principal::Via via) {
  switch (via) {
    case Principal::Via::kAnonymous: return "anonymous";
    case Principal::Via::kSession: return "session";
    case Principal::Via::kToken: return "token";
    case Principal::Via::kAppKey: return "app_key";
    case Principal::Via::kLocal: return "local";
  }
  return "anonymous";
}

std::vector<std::string> RoleNames(uint32_t roles) {
  std::vector<std::string> out;
  for (Role r : AllRoles()) {
    if (roles & static_cast<uint32_t>(r)) out.emplace_back(RoleName(r));
  }
  return out;
}

Principal Principal::Local(std::string os_user) {
  Principal p;
  p.via = Via::kLocal;
  p.user_id = "local:" + os_user;
  p.username = std::move(os_user);
  p.roles = static_cast<uint32_t>(Role::kPlatformAdmin);
  p.scope = Scope::kAdmin;
  p.client_address = "local";
  return p;
}

}  // namespace yungu::access

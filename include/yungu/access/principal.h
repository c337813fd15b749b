// Principal: who is making a request, as established by authentication.
// Everything that decides what a caller may see or do takes one of these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yungu::access {

// The roles of the plan's users. A user holds one or more.
enum class Role : uint32_t {
  kPlatformAdmin = 1u << 0,    // 平台管理员: everything, including accounts
  kDepartmentAdmin = 1u << 1,  // 部门管理员: own department's accounts and datasets
  kDataOfficer = 1u << 2,      // 数据专员: publishes and approves for own department
  kGovernmentUser = 1u << 3,   // 政务用户: consumes data shared by other departments
  kPublicUser = 1u << 4,       // 公众用户 / developer: open data, applications
  kAuditor = 1u << 5,          // 审计员: reads the trace, never data
};

std::string_view RoleName(Role role);  // "platform_admin", "department_admin", ...
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();

// What a credential may do. Browser sessions carry kAdmin (the user's roles
// still limit them); API tokens carry the scope they were created with.
enum class Scope { kRead = 1, kWrite = 2, kAdmin = 3 };
std::string_view ScopeName(Scope scope);
std::optional<Scope> ParseScope(std::string_view name);

struct Principal {
  enum class Via { kAnonymous, kSession, kToken, kAppKey, kLocal };

  Via via = Via::kAnonymous;
  std::string user_id;      // empty for anonymous callers and bare app keys
  std::string username;
  std::string department;   // code; empty for public users
  uint32_t roles = 0;       // bit set of Role
  Scope scope = Scope::kRead;
  std::string credential_id;  // session, token or app key id (never the secret)
  std::string client_address;

  bool Has(Role role) const { return (roles & static_cast<uint32_t>(role)) != 0; }
  bool authenticated() const { return !user_id.empty(); }
  bool anonymous() const { return via == Via::kAnonymous; }
  // May this credential perform an action that needs `needed`?
  bool Allows(Scope needed) const { return static_cast<int>(scope) >= static_cast<int>(needed); }
  // A government user in the sense of the sharing rules: belongs to a department.
  bool government() const { return authenticated() && !department.empty(); }

  static Principal Anonymous(std::string client_address) {
    Principal p;
    p.client_address = std::move(client_address);
    return p;
  }
  // The operator running the CLI on the data directory: full rights, traced
  // under the OS user name.
  static Principal Local(std::string os_user);
};

std::string_view ViaName(Principal::Via via);
std::vector<std::string> RoleNames(uint32_t roles);

}  // namespace yungu::access

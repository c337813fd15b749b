// Generated passwords and the demo's one-account-per-role set.
#include <sodium.h>

#include "access/identity_internal.h"

namespace yungu::access {

std::string GeneratePassword(size_t length) {
  // No 0/O, 1/l/I: passwords are read off a terminal and typed.
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  if (sodium_init() < 0) std::abort();
  std::string out;
  out.reserve(length);
  for (size_t i = 0; i < length; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

Result<std::vector<DemoAccount>> CreateDemoAccounts(IdentityService& identity, const std::string& department,
                                                    const std::string& other_department) {
  struct Spec {
    const char* username;
    const char* display_name;
    Role role;
    const std::string* department;
  };
  const std::string none;
  const Spec specs[] = {
      {"admin", "平台管理员 (demo)", Role::kPlatformAdmin, &none},
      {"dept_admin", "部门管理员 (demo)", Role::kDepartmentAdmin, &department},
      {"officer", "数据专员 (demo)", Role::kDataOfficer, &department},
      {"gov_user", "政务用户 (demo)", Role::kGovernmentUser, &department},
      {"gov_user2", "政务用户二 (demo)", Role::kGovernmentUser, &other_department},
      {"public", "公众用户 (demo)", Role::kPublicUser, &none},
      {"auditor", "审计员 (demo)", Role::kAuditor, &none},
  };
  std::vector<DemoAccount> created;
  for (const auto& spec : specs) {
    if (identity.FindUser(spec.username).ok()) continue;
    NewUser user;
    user.username = spec.username;
    user.display_name = spec.display_name;
    user.department = *spec.department;
    user.roles = static_cast<uint32_t>(spec.role);
    user.password = GeneratePassword();
    YG_RETURN_IF_ERROR(identity.CreateUser(user).status());
    created.push_back({user.username, user.password, std::string(RoleName(spec.role)), user.department});
  }
  return created;
}

}  // namespace yungu::access

// Users: creation with the rules every account satisfies, changes, passwords.
#include <algorithm>
#include <functional>
#include <map>

#include "access/identity_internal.h"

namespace yungu::access {
namespace {

constexpr uint32_t kDepartmentRoles = static_cast<uint32_t>(Role::kDepartmentAdmin) |
                                      static_cast<uint32_t>(Role::kDataOfficer) |
                                      static_cast<uint32_t>(Role::kGovernmentUser);
constexpr size_t kMaxPasswordBytes = 1024;
constexpr size_t kMaxDisplayNameBytes = 200;

uint32_t KnownRoles() {
  uint32_t all = 0;
  for (Role r : AllRoles()) all |= static_cast<uint32_t>(r);
  return all;
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status CheckUsername(const std::string& username) {
  bool ok = username.size() >= 3 && username.size() <= 64 &&
            std::all_of(username.begin(), username.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            });
  if (!ok) {
    return InvalidArgument("auth.bad_username",
                           "a username is 3 to 64 characters from a-z, 0-9, '_', '.' and '-'");
  }
  return Status::Ok();
}

Status CheckDisplayName(const std::string& name) {
  if (name.size() > kMaxDisplayNameBytes) {
    return InvalidArgument("auth.bad_display_name", "the display name is longer than 200 bytes");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return InvalidArgument("auth.bad_display_name", "the display name has control characters");
  }
  return Status::Ok();
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Roles need a department when they act for one; public users have none.
// `exists` tells whether a department code is known.
Status CheckRolesAndDepartment(uint32_t roles, const std::string& department,
                               const std::function<bool(const std::string&)>& exists) {
  if (roles == 0) return InvalidArgument("auth.no_roles", "a user needs at least one role");
  if ((roles & ~KnownRoles()) != 0) return InvalidArgument("auth.bad_role", "unknown role bits");
  if ((roles & kDepartmentRoles) != 0 && department.empty()) {
    return InvalidArgument("auth.department_required",
                           "department_admin, data_officer and government_user need a department");
  }
  if ((roles & static_cast<uint32_t>(Role::kPublicUser)) != 0 && !department.empty()) {
    return InvalidArgument("auth.public_user_department", "public users belong to no department");
  }
  if (!department.empty() && !exists(department)) {
    return InvalidArgument("auth.unknown_department", "no department '" + department.substr(0, 64) + "'");
  }
  return Status::Ok();
}

bool DepartmentExists(storage::Store& store, const std::string& code) { return store.GetDepartment(code).ok(); }

}  // namespace

Status IdentityService::CheckPasswordPolicy(std::string_view username, std::string_view password) const {
  if (CodePoints(password) < state_->options.min_password_length) {
    return InvalidArgument("auth.weak_password", "a password needs at least " +
                                                     std::to_string(state_->options.min_password_length) +
                                                     " characters");
  }
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgument("auth.weak_password", "a password is at most 1024 bytes");
  }
  if (Lowercase(password) == Lowercase(username)) {
    return InvalidArgument("auth.weak_password", "the password must not be the username");
  }
  return Status::Ok();
}

Result<storage::UserRecord> IdentityService::CreateUser(const NewUser& in) {
  storage::UserRecord u;
  u.username = Lowercase(in.username);
  YG_RETURN_IF_ERROR(CheckUsername(u.username));
  YG_RETURN_IF_ERROR(CheckDisplayName(in.display_name));
  YG_RETURN_IF_ERROR(CheckRolesAndDepartment(
      in.roles, in.department, [&](const std::string& code) { return DepartmentExists(state_->store, code); }));
  YG_RETURN_IF_ERROR(CheckPasswordPolicy(u.username, in.password));
  YG_ASSIGN_OR_RETURN(u.password_hash, state_->hasher.Hash(in.password));
  u.id = "u_" + internal::RandomHex(8);
  u.display_name = in.display_name.empty() ? u.username : in.display_name;
  u.department = in.department;
  u.roles = in.roles;
  u.created_at = u.updated_at = state_->NowIso();
  YG_RETURN_IF_ERROR(state_->db.CreateUser(u));
  return u;
}

Result<storage::UserRecord> IdentityService::GetUser(std::string_view id) { return state_->db.GetUser(id); }

Result<storage::UserRecord> IdentityService::FindUser(std::string_view username) {
  return state_->db.FindUserByName(Lowercase(username));
}

Result<std::vector<storage::UserRecord>> IdentityService::ListUsers(const storage::UserFilter& filter) {
  return state_->db.ListUsers(filter);
}

Result<storage::UserRecord> IdentityService::UpdateUser(std::string_view id, const UserChange& change) {
  State& s = *state_;
  YG_ASSIGN_OR_RETURN(const storage::UserRecord current, s.db.GetUser(id));
  // Whether the departments the edit may check exist, looked up before the
  // edit's transaction (the edit must not call the store). Any other
  // department it meets was set by a concurrent change that checked it.
  std::map<std::string, bool> known;
  if (change.department || change.roles) {
    for (const std::string* code : {change.department ? &*change.department : nullptr, &current.department}) {
      if (code && !code->empty() && !known.contains(*code)) known[*code] = DepartmentExists(s.store, *code);
    }
  }
  auto exists = [&](const std::string& code) {
    auto it = known.find(code);
    return it == known.end() || it->second;
  };

  constexpr auto kAdmin = static_cast<uint32_t>(Role::kPlatformAdmin);
  const std::string now = s.NowIso();
  bool disabled_now = false;
  // Applied to the stored user under its lock, with the other enabled
  // platform admins locked and counted: two processes demoting the last
  // two admins at once cannot both succeed.
  auto edit = [&](storage::UserRecord& u, const storage::UserEditContext& context) -> Status {
    const storage::UserRecord before = u;
    if (change.display_name) {
      YG_RETURN_IF_ERROR(CheckDisplayName(*change.display_name));
      u.display_name = change.display_name->empty() ? u.username : *change.display_name;
    }
    if (change.department) u.department = *change.department;
    if (change.roles) u.roles = *change.roles;
    if (change.disabled) u.disabled = *change.disabled;
    if (change.department || change.roles) YG_RETURN_IF_ERROR(CheckRolesAndDepartment(u.roles, u.department, exists));
    bool was_admin = !before.disabled && (before.roles & kAdmin);
    bool is_admin = !u.disabled && (u.roles & kAdmin);
    if (was_admin && !is_admin && context.others_with_roles == 0) {
      return FailedPrecondition("auth.last_admin", "the hub's last platform admin cannot lose the role or be disabled");
    }
    u.updated_at = now;
    disabled_now = u.disabled && !before.disabled;
    return Status::Ok();
  };
  YG_ASSIGN_OR_RETURN(storage::UserRecord u, s.db.EditUser(id, kAdmin, edit));
  if (disabled_now) YG_RETURN_IF_ERROR(s.db.DeleteUserSessions(u.id, ""));
  s.ForgetUser(u.id);
  return u;
}

Status IdentityService::SetPassword(std::string_view id, std::string_view password) {
  State& s = *state_;
  YG_ASSIGN_OR_RETURN(storage::UserRecord u, s.db.GetUser(id));
  YG_RETURN_IF_ERROR(CheckPasswordPolicy(u.username, password));
  YG_ASSIGN_OR_RETURN(std::string hash, s.hasher.Hash(password));
  const std::string now = s.NowIso();
  // Only the password and the lockout change: a concurrent edit of other
  // columns (here or in another process) is kept.
  YG_ASSIGN_OR_RETURN(u, s.db.EditUser(id, 0, [&](storage::UserRecord& user, const storage::UserEditContext&) {
    user.password_hash = hash;
    user.failed_logins = 0;
    user.locked_until.clear();
    user.updated_at = now;
    return Status::Ok();
  }));
  YG_RETURN_IF_ERROR(s.db.DeleteUserSessions(u.id, ""));
  s.ForgetUser(u.id);
  return Status::Ok();
}

Status IdentityService::ChangePassword(std::string_view id, std::string_view current, std::string_view password,
                                       std::string_view keep_session_id) {
  State& s = *state_;
  YG_ASSIGN_OR_RETURN(storage::UserRecord u, s.db.GetUser(id));
  if (!s.hasher.Verify(u.password_hash, current)) {
    return PermissionDenied("auth.wrong_password", "the current password is wrong");
  }
  YG_RETURN_IF_ERROR(CheckPasswordPolicy(u.username, password));
  YG_ASSIGN_OR_RETURN(std::string hash, s.hasher.Hash(password));
  const std::string verified_hash = u.password_hash;
  const std::string now = s.NowIso();
  YG_ASSIGN_OR_RETURN(u, s.db.EditUser(id, 0, [&](storage::UserRecord& user, const storage::UserEditContext&) {
    // Changed meanwhile: `current` was checked against a password that is gone.
    if (user.password_hash != verified_hash) {
      return PermissionDenied("auth.wrong_password", "the current password is wrong");
    }
    user.password_hash = hash;
    user.updated_at = now;
    return Status::Ok();
  }));
  YG_RETURN_IF_ERROR(s.db.DeleteUserSessions(u.id, keep_session_id));
  s.ForgetUser(u.id);
  return Status::Ok();
}

}  // namespace yungu::access

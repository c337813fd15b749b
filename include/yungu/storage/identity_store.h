// IdentityStore: the stored side of accounts — users, browser sessions, API
// tokens and app keys. Secrets are never stored: sessions, tokens and app
// keys keep only a hash of theirs. Rules (who may do what, password policy,
// expiry) live in access::IdentityService; this layer only keeps records.
//
// Times are ISO 8601 UTC text ("2026-01-31T08:00:00Z"), written by the
// caller, so an injected clock reaches every stored time. Empty = never.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::storage {

struct UserRecord {
  std::string id;        // "u_" + 16 hex digits
  std::string username;  // lower-case, unique
  std::string display_name;
  std::string department;  // department code; empty for public users
  uint32_t roles = 0;      // bit set of access::Role
  std::string password_hash;
  bool disabled = false;
  std::string created_at;
  std::string updated_at;
  int64_t failed_logins = 0;  // consecutive failures since the last success
  std::string locked_until;   // login refused before this time
};

struct UserFilter {
  std::vector<std::string> departments;  // any of these; empty = all
  uint32_t any_role = 0;                 // holds one of these roles; 0 = all
};

struct SessionRecord {
  std::string id;           // public id (audit, logs); not the cookie value
  std::string secret_hash;  // hash of the cookie value
  std::string user_id;
  std::string csrf_token;
  std::string client_address;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;  // absolute end of the session
};

struct TokenRecord {
  std::string id;  // 16 hex digits, the middle part of yg_<id>_<secret>
  std::string user_id;
  std::string name;
  std::string scope;  // read | write | admin
  std::string secret_hash;
  std::string created_at;
  std::string expires_at;
  std::string revoked_at;
  std::string last_used_at;
};

struct AppKeyRecord {
  std::string id;  // 16 hex digits, the middle part of ygk_<id>_<secret>
  std::string owner_id;
  std::string name;
  std::string secret_hash;
  double rate_per_second = 0;
  double burst = 0;
  std::string created_at;
  std::string revoked_at;
  std::string last_used_at;
};

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // --- users ---
  // Fails with kAlreadyExists "auth.username_taken" on a duplicate username.
  virtual Status CreateUser(const UserRecord& user) = 0;
  virtual Result<UserRecord> GetUser(std::string_view id) = 0;  // "auth.user_not_found"
  virtual Result<UserRecord> FindUserByName(std::string_view username) = 0;
  virtual Result<std::vector<UserRecord>> ListUsers(const UserFilter& filter) = 0;
  // Rewrites everything but id, username and created_at.
  virtual Status UpdateUser(const UserRecord& user) = 0;
  virtual Status SetLoginFailures(std::string_view user_id, int64_t failed_logins,
                                  std::string_view locked_until) = 0;
  // Enabled users holding any role of `roles`.
  virtual Result<int64_t> CountActiveUsersWithRole(uint32_t roles) = 0;

  // --- sessions ---
  virtual Status CreateSession(const SessionRecord& session) = 0;
  virtual Result<SessionRecord> FindSession(std::string_view secret_hash) = 0;  // "auth.session_not_found"
  virtual Status DeleteSession(std::string_view id) = 0;
  // Deletes the user's sessions except `keep_id` (may be empty).
  virtual Status DeleteUserSessions(std::string_view user_id, std::string_view keep_id) = 0;
  // Deletes sessions whose absolute end or idle deadline passed.
  virtual Result<int64_t> DeleteExpiredSessions(std::string_view now, std::string_view idle_cutoff) = 0;
  virtual Status TouchSessions(const std::vector<std::pair<std::string, std::string>>& id_last_seen) = 0;

  // --- API tokens ---
  virtual Status CreateToken(const TokenRecord& token) = 0;
  virtual Result<TokenRecord> GetToken(std::string_view id) = 0;  // "auth.token_not_found"
  // Empty user_id: every user's tokens. Newest first.
  virtual Result<std::vector<TokenRecord>> ListTokens(std::string_view user_id) = 0;
  virtual Status RevokeToken(std::string_view id, std::string_view at) = 0;
  virtual Status TouchTokens(const std::vector<std::pair<std::string, std::string>>& id_last_used) = 0;

  // --- app keys ---
  virtual Status CreateAppKey(const AppKeyRecord& key) = 0;
  virtual Result<AppKeyRecord> GetAppKey(std::string_view id) = 0;  // "auth.app_key_not_found"
  // Empty owner_id: every owner's keys. Newest first.
  virtual Result<std::vector<AppKeyRecord>> ListAppKeys(std::string_view owner_id) = 0;
  virtual Status RevokeAppKey(std::string_view id, std::string_view at) = 0;
  virtual Status SetAppKeyRate(std::string_view id, double rate_per_second, double burst) = 0;
  virtual Status TouchAppKeys(const std::vector<std::pair<std::string, std::string>>& id_last_used) = 0;
};

}  // namespace yungu::storage

// IdentityStore: the stored side of accounts — users, browser sessions, API
// tokens and app keys. Secrets are never stored: sessions, tokens and app
// keys keep only a hash of theirs. Rules (who may do what, password policy,
// expiry) live in access::IdentityService; this layer only keeps records.
//
// Times are ISO 8601 UTC text ("2026-01-31T08:00:00Z"), written by the
// caller, so an injected clock reaches every stored time. Empty = never.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

// What EditUser shows an edit besides the record.
struct UserEditContext {
  // Enabled users other than the edited one that hold a role of the
  // edit's `count_roles`. They stay locked until the edit commits, so a
  // rule such as "keep one platform admin" holds across processes.
  int64_t others_with_roles = 0;
};

// Changes `user` in place; an error leaves the stored record as it was.
// Runs inside the store's transaction: it must not call the store.
using UserEdit = std::function<Status(UserRecord& user, const UserEditContext& context)>;

// The lock a user's n-th consecutive failed login earns: its end time, or
// empty for none. Runs inside the store's transaction.
using LockoutRule = std::function<std::string(int64_t failed_logins)>;

// One step of a token bucket shared by processes.
struct RateDecision {
  bool allowed = true;  // the bucket held a whole token (taken when asked)
  double tokens = 0;    // tokens left afterwards
};

// Called with the id of a user whose account or credentials another
// process changed, or with "" when any may have changed (notifications
// were possibly missed): cached credentials of that user must be dropped.
using IdentityChangeHandler = std::function<void(const std::string& user_id)>;

// A registration of an IdentityChangeHandler; the handler is not called
// once this is destroyed.
class IdentityChangeWatch {
 public:
  virtual ~IdentityChangeWatch() = default;
  // Ok while changes are being heard; else why not (the watch keeps
  // reconnecting meanwhile).
  virtual Status status() const = 0;
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
  // Rewrites everything but id, username and created_at. Prefer EditUser,
  // which cannot overwrite a concurrent change.
  virtual Status UpdateUser(const UserRecord& user) = 0;
  // Reads the user, applies `edit` and writes the result in one transaction
  // that holds the user's row, so concurrent edits (from any process) apply
  // one after the other, each to the result of the one before. With
  // `count_roles`, the enabled holders of those roles are locked and counted
  // first (UserEditContext). Returns the stored result.
  virtual Result<UserRecord> EditUser(std::string_view id, uint32_t count_roles, const UserEdit& edit) = 0;
  // Sets both absolutely (a successful login resets them).
  virtual Status SetLoginFailures(std::string_view user_id, int64_t failed_logins,
                                  std::string_view locked_until) = 0;
  // Adds one to failed_logins and sets locked_until to `lockout(new
  // count)`, atomically: concurrent failures on several processes all
  // count. Returns the updated user.
  virtual Result<UserRecord> RecordLoginFailure(std::string_view user_id, const LockoutRule& lockout) = 0;
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

  // --- state shared by the processes on one database ---
  // True when several processes may use this store at once (PostgreSQL):
  // rate limits then live in the database, and changes of accounts and
  // credentials are announced to every process (WatchChanges).
  virtual bool shares_state() const { return false; }
  // One step of the token bucket `key`: refills it at `per_second` (> 0)
  // up to `burst` (>= 1) for the time since its last step, by the
  // database's clock (so hosts with skewed clocks agree), then takes a
  // token if `take` and one is there. A new key starts full. Atomic across
  // processes.
  virtual Result<RateDecision> TakeRateToken(std::string_view /*key*/, double /*per_second*/, double /*burst*/,
                                             bool /*take*/) {
    return Unsupported("storage.unsupported", "this store keeps no shared rate limits");
  }
  // Forgets buckets that have refilled completely (a new one is the same).
  virtual Result<int64_t> DeleteFullRateBuckets() { return int64_t{0}; }
  // Calls `on_change` (on a thread of the store's) after every committed
  // change of a user's account, sessions, tokens or app keys that any
  // process, this one included, makes from now on. Null when nothing else
  // shares the store.
  virtual std::unique_ptr<IdentityChangeWatch> WatchChanges(IdentityChangeHandler /*on_change*/) { return nullptr; }
};

}  // namespace yungu::storage

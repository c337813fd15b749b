// IdentityService: accounts and credentials — users and their passwords,
// login with lockout, browser sessions with CSRF tokens, API tokens, app
// keys, rate limits and the first platform admin's bootstrap. One per
// process, shared by every server thread (thread-safe); several processes
// may run one each on a shared (PostgreSQL) store.
//
// Authorisation of account management (who may change whose account) is
// decided by the routes with CheckManage / CheckAssign below; the service
// itself enforces only the rules every account must satisfy.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/access/principal.h"
#include "yungu/access/rate_limiter.h"
#include "yungu/core/result.h"
#include "yungu/storage/identity_store.h"
#include "yungu/storage/store.h"

namespace yungu::access {

// argon2id cost. kFast (libsodium's minimum) exists for tests only: it makes
// stolen hashes cheap to attack.
enum class PasswordCost { kInteractive, kModerate, kFast };
std::optional<PasswordCost> ParsePasswordCost(std::string_view name);  // interactive | moderate | fast

struct IdentityOptions {
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  Clock clock;  // default: the system clock

  PasswordCost password_cost = PasswordCost::kInteractive;
  size_t min_password_length = 10;

  // Lockout: after `max_failures` consecutive failures a username is locked
  // for `first_lockout`, doubling with every further failure up to `max_lockout`.
  int max_failures = 5;
  std::chrono::seconds first_lockout{60};
  std::chrono::seconds max_lockout{3600};
  // Failed logins (and bootstrap attempts) per client address. The rate
  // limits here hold for the whole hub: on PostgreSQL the processes share
  // their buckets in the database (timed by its clock, not `clock`).
  RateLimit address_failures{10.0 / 60.0, 30};

  std::chrono::seconds session_idle{30 * 60};
  std::chrono::seconds session_lifetime{12 * 3600};
  bool secure_cookies = false;  // add Secure to the session cookie (HTTPS deployments)

  int default_token_days = 90;
  int max_token_days = 365;

  // Verified tokens, sessions and app keys are remembered this long, so most
  // requests authenticate without the database. Revocation, expiry and
  // account changes take effect at once: made through this service, or
  // (PostgreSQL) through another process's, which the store announces.
  std::chrono::seconds credential_cache_ttl{30};
  // Last-use times are written to the database at most this often.
  std::chrono::seconds usage_flush_interval{60};
  bool background_flush = true;  // a thread flushes usage and drops dead sessions

  RateLimit anonymous{20, 100};  // per client address
  RateLimit app_key{50, 200};    // default for new app keys
  RateLimit user{0, 0};          // per signed-in user; 0 = not limited
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string department;
  uint32_t roles = 0;
  std::string password;
};

// A partial update of a user; unset fields stay as they are.
struct UserChange {
  std::optional<std::string> display_name = std::nullopt;
  std::optional<std::string> department = std::nullopt;
  std::optional<uint32_t> roles = std::nullopt;
  std::optional<bool> disabled = std::nullopt;
};

struct LoginResult {
  // ok, or auth.invalid_credentials (401), auth.locked / auth.throttled (429).
  Status status;
  int64_t retry_after_seconds = 0;  // for 429
  bool lockout_started = false;     // this failure locked the username
  std::string user_id;              // the account tried, when it exists (for the trace)
  storage::UserRecord user;         // when ok
  storage::SessionRecord session;   // when ok
  std::string session_secret;       // when ok: the cookie value
};

struct IssuedToken {
  storage::TokenRecord record;
  std::string token;  // yg_<id>_<secret>: shown once, never stored
};

struct IssuedAppKey {
  storage::AppKeyRecord record;
  std::string key;  // ygk_<id>_<secret>: shown once, never stored
};

struct SessionAuth {
  Principal principal;
  std::string csrf_token;
};

class IdentityService {
 public:
  explicit IdentityService(storage::Store& store, IdentityOptions options = {});
  ~IdentityService();  // flushes pending last-use times
  IdentityService(const IdentityService&) = delete;
  IdentityService& operator=(const IdentityService&) = delete;

  const IdentityOptions& options() const;
  std::chrono::system_clock::time_point Now() const;

  // --- users ---
  Result<storage::UserRecord> CreateUser(const NewUser& user);
  Result<storage::UserRecord> GetUser(std::string_view id);
  Result<storage::UserRecord> FindUser(std::string_view username);
  Result<std::vector<storage::UserRecord>> ListUsers(const storage::UserFilter& filter);
  // Returns the updated user. Refuses to leave no enabled platform admin,
  // also when several processes change admins at once.
  Result<storage::UserRecord> UpdateUser(std::string_view id, const UserChange& change);
  // An administrator's reset: ends every session of the user.
  Status SetPassword(std::string_view id, std::string_view password);
  // The user's own change: needs the current password; ends their other sessions.
  Status ChangePassword(std::string_view id, std::string_view current, std::string_view password,
                        std::string_view keep_session_id);
  Status CheckPasswordPolicy(std::string_view username, std::string_view password) const;

  // --- who may manage whose account ---
  // The department and every department below it (parent_code links).
  Result<std::vector<std::string>> DepartmentSubtree(std::string_view code);
  // auth.forbidden unless `actor` may change `target`'s account.
  Status CheckManage(const Principal& actor, const storage::UserRecord& target);
  // auth.forbidden unless `actor` may give `roles` in `department`.
  Status CheckAssign(const Principal& actor, std::string_view department, uint32_t roles);

  // --- login and sessions ---
  LoginResult Login(std::string_view username, std::string_view password, std::string_view client_address);
  Status Logout(std::string_view session_id);

  // --- the first platform admin ---
  bool NeedsBootstrap();
  // A new one-time secret when no platform admin exists, else empty. Kept
  // only in this process's memory.
  std::string PrepareBootstrap();
  // Creates the first platform admin: auth.already_bootstrapped (409) once
  // one exists, auth.bad_bootstrap_secret (403) for a wrong secret.
  Result<storage::UserRecord> Bootstrap(std::string_view secret, NewUser admin, std::string_view client_address);

  // --- API tokens ---
  // days <= 0: the default. A token never outlives max_token_days.
  Result<IssuedToken> CreateToken(std::string_view user_id, std::string_view name, Scope scope, int days);
  Result<storage::TokenRecord> GetToken(std::string_view id);
  Result<std::vector<storage::TokenRecord>> ListTokens(std::string_view user_id);  // empty: all
  Status RevokeToken(std::string_view id);

  // --- app keys ---
  Result<IssuedAppKey> CreateAppKey(std::string_view owner_id, std::string_view name);
  Result<storage::AppKeyRecord> GetAppKey(std::string_view id);
  Result<std::vector<storage::AppKeyRecord>> ListAppKeys(std::string_view owner_id);  // empty: all
  Status RevokeAppKey(std::string_view id);
  Status SetAppKeyRate(std::string_view id, double per_second, double burst);

  // --- authenticating requests ---
  // Errors: auth.invalid_token (401) for anything but a live token of an enabled user.
  Result<Principal> AuthenticateToken(std::string_view token, std::string_view client_address);
  // Errors: auth.session_expired (401).
  Result<SessionAuth> AuthenticateSession(std::string_view cookie_value, std::string_view client_address);
  // The CSRF token of a session authenticated a moment ago (by its public id).
  std::optional<std::string> SessionCsrfToken(std::string_view session_id);
  // App keys act as their owner in the public tier (public_user role, read scope).
  // Errors: auth.invalid_app_key (401).
  Result<Principal> AuthenticateAppKey(std::string_view key, std::string_view client_address);
  // Takes one request from the principal's rate-limit bucket.
  RateLimiter::Decision Admit(const Principal& principal);

  // Writes pending last-use times; drops sessions past their deadlines.
  Status FlushUsage();

  // The Set-Cookie values for a new session and for ending one.
  std::string SessionCookie(std::string_view secret) const;
  std::string ClearedSessionCookie() const;
  static constexpr const char* kSessionCookie = "yungu_session";

  struct State;  // caches, limiters, the flusher; private to the implementation

 private:
  std::unique_ptr<State> state_;
};

// A read-scoped credential may only read: GET and HEAD. Anything else is
// auth.scope (403). Write and admin scopes are checked by the routes.
Status CheckMethodScope(const Principal& principal, std::string_view method);

// A state-changing request (anything but GET, HEAD, OPTIONS) made with a
// session cookie must echo the session's CSRF token in X-CSRF-Token; else
// auth.csrf_failed (403).
Status CheckCsrf(std::string_view method, std::string_view expected, std::string_view presented);

// The demo's accounts: one per role, with generated passwords. Skips
// usernames that already exist. `departments` are two existing codes: the
// first gets the department admin, officer and government user, the second
// another government user.
struct DemoAccount {
  std::string username;
  std::string password;
  std::string roles;
  std::string department;
};
Result<std::vector<DemoAccount>> CreateDemoAccounts(IdentityService& identity, const std::string& department,
                                                    const std::string& other_department);

// A random password of `length` characters from an unambiguous alphabet.
std::string GeneratePassword(size_t length = 16);

}  // namespace yungu::access

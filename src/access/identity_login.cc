// Password login with lockout and back-off, per-address throttling of
// failures, and the sessions a login opens and a logout ends.
#include <algorithm>

#include "access/identity_internal.h"

namespace yungu::access {
namespace {

using internal::TimePoint;

LoginResult Refused(Status status, int64_t retry_after = 0) {
  LoginResult r;
  r.status = std::move(status);
  r.retry_after_seconds = retry_after;
  return r;
}

Status InvalidCredentials() {
  return Unauthenticated("auth.invalid_credentials", "wrong username or password");
}

Status Locked(int64_t seconds) {
  return ResourceExhausted("auth.locked", "too many failed logins for this account; retry in " +
                                              std::to_string(seconds) + " s");
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The lockout after the n-th consecutive failure: none before max_failures,
// then first_lockout doubling with each further failure, capped.
std::chrono::seconds LockoutAfter(const IdentityOptions& o, int64_t failures) {
  if (failures < o.max_failures) return std::chrono::seconds(0);
  int64_t doublings = std::min<int64_t>(failures - o.max_failures, 30);
  int64_t seconds = o.first_lockout.count() << doublings;
  return std::chrono::seconds(std::min<int64_t>(seconds, o.max_lockout.count()));
}

}  // namespace

LoginResult IdentityService::Login(std::string_view username_in, std::string_view password,
                                   std::string_view client_address) {
  State& s = *state_;
  const IdentityOptions& o = s.options;
  std::string address(client_address);
  const std::string address_key = "f:" + address;  // shared with Bootstrap's failures
  if (auto d = s.Limit(s.failures, address_key, o.address_failures, false); !d.allowed) {
    return Refused(ResourceExhausted("auth.throttled", "too many failed logins from this address; retry in " +
                                                           std::to_string(d.retry_after_seconds) + " s"),
                   d.retry_after_seconds);
  }
  std::string username = Lowercase(username_in.substr(0, 64));
  TimePoint now = s.Now();

  std::optional<storage::UserRecord> user;
  if (!username.empty()) {
    auto found = s.db.FindUserByName(username);
    if (found.ok()) {
      user = std::move(found).value();
    } else if (found.status().code() != Code::kNotFound) {
      return Refused(found.status());
    }
  }

  if (!user) {
    // Unknown usernames fail the same way, lockout included, after the same work.
    {
      std::lock_guard lock(s.unknown_mu);
      auto it = s.unknown_failures.find(username);
      if (it != s.unknown_failures.end() && now < it->second.second) {
        int64_t wait = internal::SecondsUntil(now, it->second.second);
        return Refused(Locked(wait), wait);
      }
    }
    (void)s.hasher.Verify(s.hasher.DummyHash(), password);
    s.Limit(s.failures, address_key, o.address_failures, true);
    LoginResult r = Refused(InvalidCredentials());
    std::lock_guard lock(s.unknown_mu);
    if (s.unknown_failures.size() > 100000) s.unknown_failures.clear();
    auto& [failures, until] = s.unknown_failures[username];
    ++failures;
    auto lockout = LockoutAfter(o, failures);
    if (lockout.count() > 0) {
      until = now + lockout;
      r.lockout_started = true;
    }
    return r;
  }

  if (auto until = internal::ParseIso(user->locked_until); until && now < *until) {
    int64_t wait = internal::SecondsUntil(now, *until);
    LoginResult r = Refused(Locked(wait), wait);
    r.user_id = user->id;
    return r;
  }

  bool verified = s.hasher.Verify(user->password_hash, password);
  if (!verified || user->disabled) {
    s.Limit(s.failures, address_key, o.address_failures, true);
    LoginResult r = Refused(InvalidCredentials());
    r.user_id = user->id;
    // Counted in the store, so failures on several processes at once all count.
    auto counted = s.db.RecordLoginFailure(user->id, [&](int64_t failures) {
      auto lockout = LockoutAfter(o, failures);
      return lockout.count() > 0 ? internal::FormatIso(now + lockout) : std::string();
    });
    if (!counted.ok()) {
      r.status = counted.status();
    } else {
      r.lockout_started = LockoutAfter(o, counted->failed_logins).count() > 0;
    }
    return r;
  }

  if (user->failed_logins > 0 || !user->locked_until.empty()) {
    if (Status st = s.db.SetLoginFailures(user->id, 0, ""); !st.ok()) return Refused(st);
  }

  storage::SessionRecord session;
  std::string secret = internal::RandomBase64Url(32);
  session.id = internal::RandomHex(8);
  session.secret_hash = internal::SecretHash(secret);
  session.user_id = user->id;
  session.csrf_token = internal::RandomBase64Url(32);
  session.client_address = address;
  session.created_at = session.last_seen_at = internal::FormatIso(now);
  session.expires_at = internal::FormatIso(now + o.session_lifetime);
  if (Status st = s.db.CreateSession(session); !st.ok()) return Refused(st);

  LoginResult r;
  r.user_id = user->id;
  r.user = std::move(*user);
  r.session = std::move(session);
  r.session_secret = std::move(secret);
  return r;
}

Status IdentityService::Logout(std::string_view session_id) {
  State& s = *state_;
  {
    std::unique_lock lock(s.cache_mu);
    s.cache_epoch.fetch_add(1);
    for (auto it = s.sessions.begin(); it != s.sessions.end();) {
      if (it->second.principal.credential_id == session_id) {
        it = s.sessions.erase(it);
      } else {
        ++it;
      }
    }
  }
  {
    std::lock_guard lock(s.usage_mu);
    s.session_seen.erase(std::string(session_id));
  }
  Status st = s.db.DeleteSession(session_id);
  if (!st.ok() && st.code() != Code::kNotFound) return st;
  return Status::Ok();
}

}  // namespace yungu::access

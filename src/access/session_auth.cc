// Browser sessions on each request: the cookie's secret is looked up by its
// hash; a session ends at its absolute deadline or after an idle period.
#include "access/identity_internal.h"

namespace yungu::access {
namespace {

using internal::CachedCredential;
using internal::TimePoint;

Status Expired() {
  return Unauthenticated("auth.session_expired", "the session has ended; sign in again");
}

int64_t EpochSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

bool WellFormedSecret(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<SessionAuth> IdentityService::AuthenticateSession(std::string_view cookie_value,
                                                        std::string_view client_address) {
  State& s = *state_;
  if (!WellFormedSecret(cookie_value)) return Expired();
  std::string hash = internal::SecretHash(cookie_value);
  TimePoint now = s.Now();
  const int64_t now_s = EpochSeconds(now);
  const int64_t idle_s = s.options.session_idle.count();

  // Ends a session found dead (the sweep in FlushUsage would, later).
  auto end = [&](const std::string& id) -> Status {
    (void)Logout(id);
    return Expired();
  };

  std::optional<CachedCredential> cached;
  {
    std::shared_lock lock(s.cache_mu);
    auto it = s.sessions.find(hash);
    if (it != s.sessions.end() && now - it->second.loaded < s.options.credential_cache_ttl &&
        now >= it->second.loaded) {
      cached = it->second;
    }
  }
  if (!cached) {
    const uint64_t epoch = s.cache_epoch.load();
    auto record = s.db.FindSession(hash);
    if (!record.ok()) {
      if (record.status().code() == Code::kNotFound) return Expired();
      return record.status();
    }
    auto user = s.db.GetUser(record->user_id);
    if (!user.ok() || user->disabled) return end(record->id);
    auto expires = internal::ParseIso(record->expires_at);
    std::string seen_text;
    {
      std::lock_guard lock(s.usage_mu);
      auto pending = s.session_seen.find(record->id);
      seen_text = pending != s.session_seen.end() && pending->second > record->last_seen_at ? pending->second
                                                                                            : record->last_seen_at;
    }
    auto seen = internal::ParseIso(seen_text);
    if (!expires || !seen) return end(record->id);
    CachedCredential entry;
    entry.secret_hash = hash;
    entry.principal = internal::UserPrincipal(*user, Principal::Via::kSession, Scope::kAdmin, record->id, "");
    entry.expires = *expires;
    entry.loaded = now;
    entry.csrf_token = record->csrf_token;
    entry.last_seen = std::make_shared<std::atomic<int64_t>>(EpochSeconds(*seen));
    s.Remember(s.sessions, hash, entry, epoch);
    cached = std::move(entry);
  }

  const std::string& id = cached->principal.credential_id;
  if (now >= cached->expires || now_s - cached->last_seen->load() > idle_s) return end(id);
  if (cached->last_seen->exchange(now_s) != now_s) s.NoteUse(s.session_seen, id);
  SessionAuth out{std::move(cached->principal), std::move(cached->csrf_token)};
  out.principal.client_address = std::string(client_address);
  return out;
}

std::optional<std::string> IdentityService::SessionCsrfToken(std::string_view session_id) {
  std::shared_lock lock(state_->cache_mu);
  for (const auto& [hash, entry] : state_->sessions) {
    if (entry.principal.credential_id == session_id) return entry.csrf_token;
  }
  return std::nullopt;
}

Status CheckCsrf(std::string_view method, std::string_view expected, std::string_view presented) {
  if (method == "GET" || method == "HEAD" || method == "OPTIONS") return Status::Ok();
  if (!expected.empty() && internal::ConstantTimeEquals(expected, presented)) return Status::Ok();
  return PermissionDenied("auth.csrf_failed",
                          "a request signed in by cookie must send the session's X-CSRF-Token header");
}

}  // namespace yungu::access

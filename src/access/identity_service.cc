// The service's life cycle: construction, the usage flusher, cookies,
// rate-limit admission and the first platform admin's bootstrap.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "access/identity_internal.h"

namespace yungu::access {

using internal::FormatIso;

namespace {

RateLimiter::Clock LimiterClock(const IdentityOptions::Clock& clock, bool injected) {
  if (!injected) return {};
  return [clock] {
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(clock().time_since_epoch()));
  };
}

}  // namespace

IdentityService::State::State(storage::Store& s, IdentityOptions o, bool injected_clock)
    : store(s),
      db(s.identity()),
      options(std::move(o)),
      hasher(options.password_cost),
      failures(LimiterClock(options.clock, injected_clock)),
      requests(LimiterClock(options.clock, injected_clock)) {}

void IdentityService::State::ForgetUser(const std::string& user_id) {
  std::unique_lock lock(cache_mu);
  cache_epoch.fetch_add(1);
  for (auto* cache : {&tokens, &sessions, &app_keys}) {
    for (auto it = cache->begin(); it != cache->end();) {
      if (user_id.empty() || it->second.principal.user_id == user_id) {
        it = cache->erase(it);
      } else {
        ++it;
      }
    }
  }
}

void IdentityService::State::Forget(Cache& cache, const std::string& key) {
  std::unique_lock lock(cache_mu);
  cache_epoch.fetch_add(1);
  cache.erase(key);
}

void IdentityService::State::Remember(Cache& cache, const std::string& key, internal::CachedCredential entry,
                                      uint64_t epoch) {
  std::unique_lock lock(cache_mu);
  if (cache_epoch.load() == epoch) cache[key] = std::move(entry);
}

RateLimiter::Decision IdentityService::State::Limit(RateLimiter& local, const std::string& key,
                                                    const RateLimit& limit, bool take) {
  if (limit.unlimited()) return {};
  if (db.shares_state()) {
    RateLimit effective = RateLimiter::Effective(limit);
    auto shared = db.TakeRateToken(key, effective.per_second, effective.burst, take);
    if (shared.ok()) {
      if (shared->allowed) return {};
      return RateLimiter::Refusal(shared->tokens, effective.per_second);
    }
    // Unreachable database: limit this process on its own meanwhile,
    // warning at most once a minute.
    int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::steady_clock::now().time_since_epoch())
                        .count();
    int64_t last = shared_limit_warned.load();
    if (now_s - last >= 60 && shared_limit_warned.compare_exchange_strong(last, now_s)) {
      spdlog::warn("identity: shared rate limits unavailable, limiting per process: {}", shared.status().ToString());
    }
  }
  return take ? local.Take(key, limit) : local.Check(key, limit);
}

void IdentityService::State::NoteUse(std::map<std::string, std::string>& pending, const std::string& id) {
  std::string now = NowIso();
  std::lock_guard lock(usage_mu);
  pending[id] = std::move(now);
}

IdentityService::IdentityService(storage::Store& store, IdentityOptions options) {
  bool injected_clock = static_cast<bool>(options.clock);
  if (!injected_clock) options.clock = [] { return std::chrono::system_clock::now(); };
  state_ = std::make_unique<State>(store, std::move(options), injected_clock);
  State* s = state_.get();
  // Other processes' changes drop what this one cached about the user.
  s->changes = s->db.WatchChanges([s](const std::string& user_id) { s->ForgetUser(user_id); });
  if (s->changes) {
    if (Status st = s->changes->status(); !st.ok()) {
      spdlog::warn("identity: not yet hearing other processes' changes (cached credentials may lag up to {} s): {}",
                   s->options.credential_cache_ttl.count(), st.ToString());
    }
  }
  if (!s->options.background_flush) return;
  s->flusher = std::thread([this, s] {
    std::unique_lock lock(s->flusher_mu);
    while (!s->stopping) {
      s->flusher_cv.wait_for(lock, s->options.usage_flush_interval, [s] { return s->stopping; });
      if (s->stopping) break;
      lock.unlock();
      if (Status st = FlushUsage(); !st.ok()) spdlog::warn("identity: flushing last-use times: {}", st.ToString());
      lock.lock();
    }
  });
}

IdentityService::~IdentityService() {
  state_->changes.reset();  // the handler uses the state
  if (state_->flusher.joinable()) {
    {
      std::lock_guard lock(state_->flusher_mu);
      state_->stopping = true;
    }
    state_->flusher_cv.notify_all();
    state_->flusher.join();
  }
  if (Status st = FlushUsage(); !st.ok()) spdlog::warn("identity: flushing last-use times: {}", st.ToString());
}

const IdentityOptions& IdentityService::options() const { return state_->options; }

std::chrono::system_clock::time_point IdentityService::Now() const { return state_->Now(); }

Status IdentityService::FlushUsage() {
  std::map<std::string, std::string> tokens, keys, sessions;
  {
    std::lock_guard lock(state_->usage_mu);
    tokens.swap(state_->token_uses);
    keys.swap(state_->app_key_uses);
    sessions.swap(state_->session_seen);
  }
  auto pairs = [](const std::map<std::string, std::string>& m) {
    return std::vector<std::pair<std::string, std::string>>(m.begin(), m.end());
  };
  Status st = state_->db.TouchTokens(pairs(tokens));
  if (st.ok()) st = state_->db.TouchAppKeys(pairs(keys));
  if (st.ok()) st = state_->db.TouchSessions(pairs(sessions));
  if (st.ok()) {
    auto now = state_->Now();
    auto swept = state_->db.DeleteExpiredSessions(FormatIso(now), FormatIso(now - state_->options.session_idle));
    if (!swept.ok()) st = swept.status();
  }
  if (st.ok() && state_->db.shares_state()) {
    auto dropped = state_->db.DeleteFullRateBuckets();
    if (!dropped.ok()) st = dropped.status();
  }
  return st;
}

std::string IdentityService::SessionCookie(std::string_view secret) const {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(secret) +
                       "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                       std::to_string(state_->options.session_lifetime.count());
  if (state_->options.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string IdentityService::ClearedSessionCookie() const {
  std::string cookie = std::string(kSessionCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
  if (state_->options.secure_cookies) cookie += "; Secure";
  return cookie;
}

RateLimiter::Decision IdentityService::Admit(const Principal& p) {
  State& s = *state_;
  const auto& o = s.options;
  switch (p.via) {
    case Principal::Via::kAnonymous: return s.Limit(s.requests, "a:" + p.client_address, o.anonymous, true);
    case Principal::Via::kAppKey: {
      RateLimit limit = o.app_key;
      {
        std::shared_lock lock(state_->cache_mu);
        auto it = state_->app_keys.find(p.credential_id);
        if (it != state_->app_keys.end()) limit = it->second.limit;
      }
      return s.Limit(s.requests, "k:" + p.credential_id, limit, true);
    }
    case Principal::Via::kSession:
    case Principal::Via::kToken: return s.Limit(s.requests, "u:" + p.user_id, o.user, true);
    case Principal::Via::kLocal: return {};
  }
  return {};
}

// ---- bootstrap ----

bool IdentityService::NeedsBootstrap() {
  auto admins = state_->db.CountActiveUsersWithRole(static_cast<uint32_t>(Role::kPlatformAdmin));
  return admins.ok() && *admins == 0;
}

std::string IdentityService::PrepareBootstrap() {
  if (!NeedsBootstrap()) return {};
  std::lock_guard lock(state_->bootstrap_mu);
  if (state_->bootstrap_secret.empty()) state_->bootstrap_secret = internal::RandomBase64Url(24);
  return state_->bootstrap_secret;
}

Result<storage::UserRecord> IdentityService::Bootstrap(std::string_view secret, NewUser admin,
                                                         std::string_view client_address) {
  State& s = *state_;
  const std::string address_key = "f:" + std::string(client_address);
  if (auto d = s.Limit(s.failures, address_key, s.options.address_failures, false); !d.allowed) {
    return ResourceExhausted("auth.throttled", "too many failed attempts from this address; retry in " +
                                                   std::to_string(d.retry_after_seconds) + " s");
  }
  std::lock_guard lock(state_->bootstrap_mu);
  if (!NeedsBootstrap()) {
    return Conflict("auth.already_bootstrapped", "the hub already has a platform admin");
  }
  if (state_->bootstrap_secret.empty() || !internal::ConstantTimeEquals(secret, state_->bootstrap_secret)) {
    s.Limit(s.failures, address_key, s.options.address_failures, true);
    return PermissionDenied("auth.bad_bootstrap_secret",
                            "the bootstrap secret is wrong (it is printed by `yungu serve` at start)");
  }
  admin.roles |= static_cast<uint32_t>(Role::kPlatformAdmin);
  YG_ASSIGN_OR_RETURN(auto user, CreateUser(admin));
  sodium_memzero(state_->bootstrap_secret.data(), state_->bootstrap_secret.size());
  state_->bootstrap_secret.clear();
  return user;
}

}  // namespace yungu::access

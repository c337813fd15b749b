// API tokens and app keys: issued once as "<prefix><id>_<secret>", stored as
// a hash of the secret, verified from a short-lived cache on each request.
#include "access/identity_internal.h"

namespace yungu::access {
namespace {

using internal::CachedCredential;
using internal::TimePoint;

Status CheckName(std::string_view name, const char* what) {
  if (name.size() > 100) return InvalidArgument("auth.bad_name", std::string("the ") + what + " name is longer than 100 bytes");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return InvalidArgument("auth.bad_name", std::string("the ") + what + " name has control characters");
  }
  return Status::Ok();
}

Status InvalidToken(const char* why) { return Unauthenticated("auth.invalid_token", std::string("the API token ") + why); }
Status InvalidAppKey(const char* why) { return Unauthenticated("auth.invalid_app_key", std::string("the app key ") + why); }

// Newer of a stored and a pending last-use time (ISO text sorts by time).
std::string Later(const std::string& stored, const std::map<std::string, std::string>& pending, const std::string& id) {
  auto it = pending.find(id);
  return it != pending.end() && it->second > stored ? it->second : stored;
}

// A cached credential of `cache` still usable at `now`, if any.
std::optional<CachedCredential> FreshEntry(IdentityService::State& s,
                                           std::unordered_map<std::string, CachedCredential>& cache,
                                           const std::string& key, TimePoint now) {
  std::shared_lock lock(s.cache_mu);
  auto it = cache.find(key);
  if (it == cache.end() || now - it->second.loaded >= s.options.credential_cache_ttl || now < it->second.loaded) {
    return std::nullopt;
  }
  return it->second;
}

int64_t EpochSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Records a use for the next flush, at most once per second per credential:
// a busy token costs no formatting and no shared lock per request.
void NoteUseOnce(IdentityService::State& s, std::map<std::string, std::string>& pending, CachedCredential& entry,
                 const std::string& id, TimePoint now) {
  int64_t now_s = EpochSeconds(now);
  if (entry.last_seen && entry.last_seen->exchange(now_s) == now_s) return;
  s.NoteUse(pending, id);
}

}  // namespace

// ---- API tokens ----

Result<IssuedToken> IdentityService::CreateToken(std::string_view user_id, std::string_view name, Scope scope,
                                                 int days) {
  State& s = *state_;
  YG_RETURN_IF_ERROR(CheckName(name, "token"));
  if (days <= 0) days = s.options.default_token_days;
  if (days > s.options.max_token_days) {
    return InvalidArgument("auth.bad_expiry", "a token lives at most " + std::to_string(s.options.max_token_days) + " days");
  }
  YG_ASSIGN_OR_RETURN(auto user, s.db.GetUser(user_id));
  if (user.disabled) return FailedPrecondition("auth.user_disabled", "the user is disabled");
  std::string secret = internal::RandomBase64Url(32);
  TimePoint now = s.Now();
  IssuedToken out;
  auto& t = out.record;
  t.id = internal::RandomHex(8);
  t.user_id = user.id;
  t.name = name.empty() ? "token" : std::string(name);
  t.scope = std::string(ScopeName(scope));
  t.secret_hash = internal::SecretHash(secret);
  t.created_at = internal::FormatIso(now);
  t.expires_at = internal::FormatIso(now + std::chrono::hours(24) * days);
  YG_RETURN_IF_ERROR(s.db.CreateToken(t));
  out.token = "yg_" + t.id + "_" + secret;
  return out;
}

Result<storage::TokenRecord> IdentityService::GetToken(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto t, state_->db.GetToken(id));
  std::lock_guard lock(state_->usage_mu);
  t.last_used_at = Later(t.last_used_at, state_->token_uses, t.id);
  return t;
}

Result<std::vector<storage::TokenRecord>> IdentityService::ListTokens(std::string_view user_id) {
  YG_ASSIGN_OR_RETURN(auto tokens, state_->db.ListTokens(user_id));
  std::lock_guard lock(state_->usage_mu);
  for (auto& t : tokens) t.last_used_at = Later(t.last_used_at, state_->token_uses, t.id);
  return tokens;
}

Status IdentityService::RevokeToken(std::string_view id) {
  YG_RETURN_IF_ERROR(state_->db.RevokeToken(id, state_->NowIso()));
  state_->Forget(state_->tokens, std::string(id));
  return Status::Ok();
}

Result<Principal> IdentityService::AuthenticateToken(std::string_view token, std::string_view client_address) {
  State& s = *state_;
  std::string id, secret;
  if (!internal::SplitCredential(token, "yg_", id, secret)) return InvalidToken("is malformed");
  std::string hash = internal::SecretHash(secret);
  TimePoint now = s.Now();
  if (auto cached = FreshEntry(s, s.tokens, id, now)) {
    if (!internal::ConstantTimeEquals(hash, cached->secret_hash)) return InvalidToken("is not valid");
    if (now >= cached->expires) {
      s.Forget(s.tokens, id);
      return InvalidToken("has expired");
    }
    cached->principal.client_address = std::string(client_address);
    NoteUseOnce(s, s.token_uses, *cached, id, now);
    return std::move(cached->principal);
  }

  const uint64_t epoch = s.cache_epoch.load();
  auto record = s.db.GetToken(id);
  if (!record.ok()) {
    if (record.status().code() == Code::kNotFound) return InvalidToken("is not valid");
    return record.status();
  }
  if (!internal::ConstantTimeEquals(hash, record->secret_hash)) return InvalidToken("is not valid");
  if (!record->revoked_at.empty()) return InvalidToken("was revoked");
  auto expires = internal::ParseIso(record->expires_at);
  if (!expires || now >= *expires) return InvalidToken("has expired");
  auto scope = ParseScope(record->scope);
  if (!scope) return InvalidToken("has an unknown scope");
  auto user = s.db.GetUser(record->user_id);
  if (!user.ok() || user->disabled) return InvalidToken("belongs to a disabled user");

  CachedCredential entry;
  entry.secret_hash = record->secret_hash;
  entry.principal = internal::UserPrincipal(*user, Principal::Via::kToken, *scope, id, client_address);
  entry.expires = *expires;
  entry.loaded = now;
  entry.last_seen = std::make_shared<std::atomic<int64_t>>(0);
  NoteUseOnce(s, s.token_uses, entry, id, now);
  Principal p = entry.principal;
  s.Remember(s.tokens, id, std::move(entry), epoch);
  return p;
}

// ---- app keys ----

Result<IssuedAppKey> IdentityService::CreateAppKey(std::string_view owner_id, std::string_view name) {
  State& s = *state_;
  YG_RETURN_IF_ERROR(CheckName(name, "app key"));
  YG_ASSIGN_OR_RETURN(auto owner, s.db.GetUser(owner_id));
  if (owner.disabled) return FailedPrecondition("auth.user_disabled", "the user is disabled");
  std::string secret = internal::RandomBase64Url(32);
  IssuedAppKey out;
  auto& k = out.record;
  k.id = internal::RandomHex(8);
  k.owner_id = owner.id;
  k.name = name.empty() ? "app" : std::string(name);
  k.secret_hash = internal::SecretHash(secret);
  k.rate_per_second = s.options.app_key.per_second;
  k.burst = s.options.app_key.burst;
  k.created_at = s.NowIso();
  YG_RETURN_IF_ERROR(s.db.CreateAppKey(k));
  out.key = "ygk_" + k.id + "_" + secret;
  return out;
}

Result<storage::AppKeyRecord> IdentityService::GetAppKey(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto k, state_->db.GetAppKey(id));
  std::lock_guard lock(state_->usage_mu);
  k.last_used_at = Later(k.last_used_at, state_->app_key_uses, k.id);
  return k;
}

Result<std::vector<storage::AppKeyRecord>> IdentityService::ListAppKeys(std::string_view owner_id) {
  YG_ASSIGN_OR_RETURN(auto keys, state_->db.ListAppKeys(owner_id));
  std::lock_guard lock(state_->usage_mu);
  for (auto& k : keys) k.last_used_at = Later(k.last_used_at, state_->app_key_uses, k.id);
  return keys;
}

Status IdentityService::RevokeAppKey(std::string_view id) {
  YG_RETURN_IF_ERROR(state_->db.RevokeAppKey(id, state_->NowIso()));
  state_->Forget(state_->app_keys, std::string(id));
  return Status::Ok();
}

Status IdentityService::SetAppKeyRate(std::string_view id, double per_second, double burst) {
  if (!(per_second > 0 && per_second <= 100000)) {
    return InvalidArgument("auth.bad_rate", "rate_per_second must be above 0 and at most 100000");
  }
  if (!(burst >= 1 && burst <= 1000000)) return InvalidArgument("auth.bad_rate", "burst must be between 1 and 1000000");
  YG_RETURN_IF_ERROR(state_->db.SetAppKeyRate(id, per_second, burst));
  state_->Forget(state_->app_keys, std::string(id));
  return Status::Ok();
}

Result<Principal> IdentityService::AuthenticateAppKey(std::string_view key, std::string_view client_address) {
  State& s = *state_;
  std::string id, secret;
  if (!internal::SplitCredential(key, "ygk_", id, secret)) return InvalidAppKey("is malformed");
  std::string hash = internal::SecretHash(secret);
  TimePoint now = s.Now();
  if (auto cached = FreshEntry(s, s.app_keys, id, now)) {
    if (!internal::ConstantTimeEquals(hash, cached->secret_hash)) return InvalidAppKey("is not valid");
    cached->principal.client_address = std::string(client_address);
    NoteUseOnce(s, s.app_key_uses, *cached, id, now);
    return std::move(cached->principal);
  }

  const uint64_t epoch = s.cache_epoch.load();
  auto record = s.db.GetAppKey(id);
  if (!record.ok()) {
    if (record.status().code() == Code::kNotFound) return InvalidAppKey("is not valid");
    return record.status();
  }
  if (!internal::ConstantTimeEquals(hash, record->secret_hash)) return InvalidAppKey("is not valid");
  if (!record->revoked_at.empty()) return InvalidAppKey("was revoked");
  auto owner = s.db.GetUser(record->owner_id);
  if (!owner.ok() || owner->disabled) return InvalidAppKey("belongs to a disabled user");

  CachedCredential entry;
  entry.secret_hash = record->secret_hash;
  // The public tier: open data and the owner's own grants, read only.
  storage::UserRecord as_public = *owner;
  as_public.department.clear();
  as_public.roles = static_cast<uint32_t>(Role::kPublicUser);
  entry.principal = internal::UserPrincipal(as_public, Principal::Via::kAppKey, Scope::kRead, id, client_address);
  entry.expires = TimePoint::max();
  entry.loaded = now;
  entry.limit = RateLimit{record->rate_per_second, record->burst};
  entry.last_seen = std::make_shared<std::atomic<int64_t>>(0);
  NoteUseOnce(s, s.app_key_uses, entry, id, now);
  Principal p = entry.principal;
  s.Remember(s.app_keys, id, std::move(entry), epoch);
  return p;
}

}  // namespace yungu::access

// Internals of the identity service shared by its source files: random
// secrets and their hashes, time text, password hashing and the service's
// in-memory state (credential caches, pending last-use times, limiters).
//
// Several processes may share one store (storage::IdentityStore::
// shares_state). Then rate limits are kept in the store, and the caches
// drop a user's credentials whenever the store reports a change by any
// process; account rules are enforced inside the store's transactions.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "yungu/access/identity_service.h"

namespace yungu::access::internal {

using TimePoint = std::chrono::system_clock::time_point;

// Cryptographically random bytes as lower-case hex / unpadded base64url.
std::string RandomHex(size_t bytes);
std::string RandomBase64Url(size_t bytes);
// BLAKE2b-256 of a high-entropy secret, hex. (Passwords use argon2id instead.)
std::string SecretHash(std::string_view secret);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// "2026-01-31T08:00:00Z" (whole seconds, UTC) and back.
std::string FormatIso(TimePoint t);
std::optional<TimePoint> ParseIso(std::string_view text);
// Whole seconds from `now` until `then`, rounded up, at least 1.
int64_t SecondsUntil(TimePoint now, TimePoint then);

// Splits "<prefix><id>_<secret>" (id: 16 hex digits); false when malformed.
bool SplitCredential(std::string_view text, std::string_view prefix, std::string& id, std::string& secret);

// argon2id password hashes in libsodium's self-describing string format.
class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordCost cost);
  Result<std::string> Hash(std::string_view password) const;
  bool Verify(const std::string& hash, std::string_view password) const;
  // A hash of a random password, verified against when the username is
  // unknown, so that case costs the same time as a wrong password.
  const std::string& DummyHash() const;

 private:
  unsigned long long opslimit_;
  size_t memlimit_;
  mutable std::once_flag dummy_once_;
  mutable std::string dummy_;
  // argon2id takes tens of MiB per call: bound how many run at once.
  mutable std::counting_semaphore<2> slots_{2};
};

Principal UserPrincipal(const storage::UserRecord& user, Principal::Via via, Scope scope,
                        std::string credential_id, std::string_view client_address);

struct CachedCredential {
  std::string secret_hash;
  Principal principal;          // client_address filled in per request
  TimePoint expires;            // the credential's own end (max for none)
  TimePoint loaded;             // when read from the database
  std::string csrf_token;       // sessions
  std::shared_ptr<std::atomic<int64_t>> last_seen;  // last use, epoch seconds (shared by copies)
  RateLimit limit;              // app keys
};

}  // namespace yungu::access::internal

namespace yungu::access {

struct IdentityService::State {
  // `injected_clock`: the options' clock was set by the caller (tests), so
  // the rate limiters follow it too instead of the steady clock.
  State(storage::Store& s, IdentityOptions o, bool injected_clock);

  using Cache = std::unordered_map<std::string, internal::CachedCredential>;

  storage::Store& store;
  storage::IdentityStore& db;
  IdentityOptions options;
  internal::PasswordHasher hasher;

  // Credential caches keyed by id. Entries are dropped at once when the
  // credential or its user changes, here or (when the store is shared) in
  // another process.
  std::shared_mutex cache_mu;
  Cache tokens;
  Cache sessions;  // by secret hash
  Cache app_keys;
  // Counts drops (changed under cache_mu). A credential read from the
  // database is cached only if no drop happened since the read began: the
  // read may predate the change the drop was for.
  std::atomic<uint64_t> cache_epoch{0};

  // Last-use times not yet written: id -> ISO time.
  std::mutex usage_mu;
  std::map<std::string, std::string> token_uses, app_key_uses, session_seen;

  // Lockout state of usernames that do not exist, so that probing cannot
  // tell them from real ones: username -> (failures, locked until).
  std::mutex unknown_mu;
  std::unordered_map<std::string, std::pair<int64_t, internal::TimePoint>> unknown_failures;

  // In this process; used when the store is not shared (or unreachable).
  RateLimiter failures;  // per client address
  RateLimiter requests;  // anonymous, app-key and user tiers
  std::atomic<int64_t> shared_limit_warned{0};  // steady seconds of the last warning

  std::mutex bootstrap_mu;
  std::string bootstrap_secret;

  std::mutex flusher_mu;
  std::condition_variable flusher_cv;
  bool stopping = false;
  std::thread flusher;

  // Changes announced by the store (declared last: released first).
  std::unique_ptr<storage::IdentityChangeWatch> changes;

  internal::TimePoint Now() const { return options.clock(); }
  std::string NowIso() const { return internal::FormatIso(Now()); }
  // Drops cached credentials of one user (or of everyone when empty).
  void ForgetUser(const std::string& user_id);
  // Drops one cached credential.
  void Forget(Cache& cache, const std::string& key);
  // Caches `entry` unless something was dropped since `epoch` was read.
  void Remember(Cache& cache, const std::string& key, internal::CachedCredential entry, uint64_t epoch);
  void NoteUse(std::map<std::string, std::string>& pending, const std::string& id);
  // Takes (or, with take false, looks for) a token of `key`'s bucket: in
  // the store when it is shared, else in `local`.
  RateLimiter::Decision Limit(RateLimiter& local, const std::string& key, const RateLimit& limit, bool take);
};

}  // namespace yungu::access

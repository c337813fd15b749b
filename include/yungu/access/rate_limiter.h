// RateLimiter: token buckets in memory, one per key (a client address, an
// app key, a user). A bucket holds up to `burst` tokens and refills at
// `per_second`; each admitted request takes one. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yungu::access {

struct RateLimit {
  double per_second = 0;  // refill rate; <= 0 means unlimited
  double burst = 0;       // bucket size (at least 1 when limited)
  bool unlimited() const { return per_second <= 0; }
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Decision {
    bool allowed = true;
    int64_t retry_after_seconds = 0;  // when refused: whole seconds until a token, >= 1
  };

  // `max_keys` bounds memory: past it, buckets that have refilled completely
  // (indistinguishable from new ones) are dropped.
  explicit RateLimiter(Clock clock = {}, size_t max_keys = 100000);

  // Takes one token from `key`'s bucket if it has one.
  Decision Take(const std::string& key, const RateLimit& limit);
  // Whether Take would succeed now, without taking anything.
  Decision Check(const std::string& key, const RateLimit& limit);
  // Forgets `key` (its bucket starts full again).
  void Reset(const std::string& key);
  size_t size() const;

  // `limit` as buckets apply it: a limited bucket holds at least 1 token.
  static RateLimit Effective(const RateLimit& limit);
  // The refusal for a bucket holding `tokens` (< 1) that refills at
  // `per_second`: whole seconds until it holds one token, at least 1.
  static Decision Refusal(double tokens, double per_second);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
    RateLimit limit;  // as last used, to tell when the bucket is full again
  };
  Decision Decide(const std::string& key, const RateLimit& limit, bool take);
  static void Refill(Bucket& b, std::chrono::steady_clock::time_point now);
  void DropFullBuckets(std::chrono::steady_clock::time_point now);

  Clock clock_;
  size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace yungu::access

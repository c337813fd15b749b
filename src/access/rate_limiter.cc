#include "yungu/access/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace yungu::access {

RateLimiter::RateLimiter(Clock clock, size_t max_keys)
    : clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      max_keys_(max_keys) {}

RateLimiter::Decision RateLimiter::Take(const std::string& key, const RateLimit& limit) {
  return Decide(key, limit, true);
}

RateLimiter::Decision RateLimiter::Check(const std::string& key, const RateLimit& limit) {
  return Decide(key, limit, false);
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mu_);
  buckets_.erase(key);
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

RateLimit RateLimiter::Effective(const RateLimit& limit) {
  RateLimit effective = limit;
  effective.burst = std::max(1.0, limit.burst);
  return effective;
}

RateLimiter::Decision RateLimiter::Refusal(double tokens, double per_second) {
  // Time until the bucket holds one whole token, rounded up to a second.
  double wait = (1.0 - tokens) / per_second;
  auto seconds = static_cast<int64_t>(std::ceil(wait - 1e-9));
  return {false, std::max<int64_t>(1, seconds)};
}

void RateLimiter::Refill(Bucket& b, std::chrono::steady_clock::time_point now) {
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  if (elapsed > 0) {
    b.tokens = std::min(b.limit.burst, b.tokens + elapsed * b.limit.per_second);
    b.updated = now;
  }
}

void RateLimiter::DropFullBuckets(std::chrono::steady_clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now);
    if (it->second.tokens >= it->second.limit.burst) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

RateLimiter::Decision RateLimiter::Decide(const std::string& key, const RateLimit& limit, bool take) {
  if (limit.unlimited()) return {};
  RateLimit effective = Effective(limit);
  auto now = clock_();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (!take) return {};
    if (buckets_.size() >= max_keys_) DropFullBuckets(now);
    // A new key starts with a full bucket.
    it = buckets_.emplace(key, Bucket{effective.burst, now, effective}).first;
  }
  Bucket& b = it->second;
  b.limit = effective;
  Refill(b, now);
  if (b.tokens >= 1.0) {
    if (take) b.tokens -= 1.0;
    return {};
  }
  return Refusal(b.tokens, effective.per_second);
}

}  // namespace yungu::access

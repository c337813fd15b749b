// Token buckets: burst, refill, Retry-After, independence of keys, bounds.
#include "yungu/access/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace yungu::access {
namespace {

using namespace std::chrono_literals;

// A steady clock the test moves by hand.
struct ManualClock {
  std::shared_ptr<std::chrono::steady_clock::time_point> now =
      std::make_shared<std::chrono::steady_clock::time_point>();
  RateLimiter::Clock Fn() const {
    auto p = now;
    return [p] { return *p; };
  }
  void Advance(std::chrono::milliseconds d) { *now += d; }
};

TEST(RateLimiter, AdmitsTheBurstThenRefusesWithRetryAfter) {
  ManualClock clock;
  RateLimiter limiter(clock.Fn());
  RateLimit limit{1, 3};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("a", limit).allowed) << i;
  auto refused = limiter.Take("a", limit);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
}

TEST(RateLimiter, RefillsAtTheConfiguredRate) {
  ManualClock clock;
  RateLimiter limiter(clock.Fn());
  RateLimit limit{2, 2};  // two per second
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  EXPECT_FALSE(limiter.Take("a", limit).allowed);
  clock.Advance(499ms);
  EXPECT_FALSE(limiter.Take("a", limit).allowed);
  clock.Advance(2ms);  // 0.501 s: one token back
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  EXPECT_FALSE(limiter.Take("a", limit).allowed);
  clock.Advance(10s);  // never more than the burst
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  EXPECT_FALSE(limiter.Take("a", limit).allowed);
}

TEST(RateLimiter, RetryAfterIsWholeSecondsRoundedUp) {
  ManualClock clock;
  RateLimiter limiter(clock.Fn());
  RateLimit slow{0.25, 1};  // one token every 4 s
  EXPECT_TRUE(limiter.Take("a", slow).allowed);
  EXPECT_EQ(limiter.Take("a", slow).retry_after_seconds, 4);
  clock.Advance(1500ms);  // 2.5 s still to wait
  EXPECT_EQ(limiter.Take("a", slow).retry_after_seconds, 3);
  clock.Advance(2400ms);  // 0.1 s still to wait: never 0
  EXPECT_EQ(limiter.Take("a", slow).retry_after_seconds, 1);
  clock.Advance(200ms);
  EXPECT_TRUE(limiter.Take("a", slow).allowed);
}

TEST(RateLimiter, CheckDoesNotTake) {
  ManualClock clock;
  RateLimiter limiter(clock.Fn());
  RateLimit limit{1, 1};
  EXPECT_TRUE(limiter.Check("a", limit).allowed);
  EXPECT_TRUE(limiter.Check("a", limit).allowed);
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  auto check = limiter.Check("a", limit);
  EXPECT_FALSE(check.allowed);
  EXPECT_EQ(check.retry_after_seconds, 1);
}

TEST(RateLimiter, KeysAreIndependentAndResettable) {
  ManualClock clock;
  RateLimiter limiter(clock.Fn());
  RateLimit limit{1, 1};
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
  EXPECT_FALSE(limiter.Take("a", limit).allowed);
  EXPECT_TRUE(limiter.Take("b", limit).allowed);
  limiter.Reset("a");
  EXPECT_TRUE(limiter.Take("a", limit).allowed);
}

TEST(RateLimiter, ZeroRateMeansUnlimited) {
  RateLimiter limiter;
  RateLimit off{0, 0};
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Take("a", off).allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, DropsRefilledBucketsWhenFull) {
  ManualClock clock;
  RateLimiter limiter(clock.Fn(), 4);
  RateLimit limit{1, 2};
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.Take("k" + std::to_string(i), limit).allowed);
  EXPECT_EQ(limiter.size(), 4u);
  clock.Advance(5s);  // all refilled
  EXPECT_TRUE(limiter.Take("new", limit).allowed);
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(RateLimiter, ConcurrentTakersShareOneBurst) {
  ManualClock clock;  // frozen: no refill during the test
  RateLimiter limiter(clock.Fn());
  RateLimit limit{1, 1000};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.Take("shared", limit).allowed) ++admitted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 1000);
}

}  // namespace
}  // namespace yungu::access

#include "server/response_cache.h"

#include <gtest/gtest.h>

namespace yungu::server {
namespace {

std::shared_ptr<const CachedAnswer> Body(size_t n, char c) {
  auto a = std::make_shared<CachedAnswer>();
  a->body.assign(n, c);
  a->rows = static_cast<int64_t>(n);
  return a;
}

TEST(ResponseCacheTest, ReturnsWhatWasPutAndCountsHitsAndMisses) {
  ResponseCache cache(1 << 20);
  EXPECT_EQ(cache.Get("a"), nullptr);
  cache.Put("a", Body(10, 'x'));
  auto hit = cache.Get("a");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->body, std::string(10, 'x'));
  EXPECT_EQ(hit->rows, 10);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 1u);
}

TEST(ResponseCacheTest, EvictsTheLeastRecentlyUsedWhenFull) {
  ResponseCache cache(16000);  // entries of 1001-1002 bytes: 15 fit
  for (int i = 0; i < 15; ++i) cache.Put("k" + std::to_string(i), Body(999, 'a'));
  ASSERT_NE(cache.Get("k0"), nullptr);  // k0 becomes the most recent
  for (int i = 15; i < 18; ++i) cache.Put("k" + std::to_string(i), Body(999, 'b'));
  EXPECT_NE(cache.Get("k0"), nullptr);
  EXPECT_EQ(cache.Get("k1"), nullptr);
  EXPECT_EQ(cache.Get("k3"), nullptr);
  EXPECT_NE(cache.Get("k4"), nullptr);
  EXPECT_NE(cache.Get("k17"), nullptr);
}

TEST(ResponseCacheTest, NeverStoresAnAnswerLargerThanAnEighthOfTheBudget) {
  ResponseCache cache(8000);
  cache.Put("big", Body(1500, 'z'));
  EXPECT_EQ(cache.Get("big"), nullptr);
}

TEST(ResponseCacheTest, ZeroBytesMeansDisabled) {
  ResponseCache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.Put("a", Body(1, 'x'));
  EXPECT_EQ(cache.Get("a"), nullptr);
}

}  // namespace
}  // namespace yungu::server

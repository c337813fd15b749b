// The PostgreSQL writer's set of key digests: every distinct digest is
// taken once, a repeat is refused, across growth and for the all-zero digest.
#include <gtest/gtest.h>

#include <random>

#include "storage/postgres/key_digest_set.h"

namespace yungu::storage::pg {
namespace {

TEST(KeyDigestSet, TakesEachDigestOnceAcrossGrowth) {
  KeyDigestSet set;
  std::mt19937_64 rng(7);
  std::vector<KeyDigest> keys(300000);
  for (auto& k : keys) k = {rng(), rng()};
  for (const auto& k : keys) ASSERT_TRUE(set.Insert(k));
  EXPECT_EQ(set.size(), keys.size());
  for (size_t i = 0; i < keys.size(); i += 97) EXPECT_FALSE(set.Insert(keys[i])) << i;
  EXPECT_EQ(set.size(), keys.size());
  // Digests that share their low bits (one slot) but differ in the high ones.
  EXPECT_TRUE(set.Insert({1, 42}));
  EXPECT_TRUE(set.Insert({2, 42}));
  EXPECT_FALSE(set.Insert({1, 42}));
}

TEST(KeyDigestSet, TheAllZeroDigestIsAKeyLikeAnyOther) {
  KeyDigestSet set;
  EXPECT_TRUE(set.Insert({0, 0}));
  EXPECT_FALSE(set.Insert({0, 0}));
  EXPECT_EQ(set.size(), 1u);
}

}  // namespace
}  // namespace yungu::storage::pg

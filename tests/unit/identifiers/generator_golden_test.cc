// Pins the exact output for one seed. The generators reduce mt19937_64's raw
// output themselves (no std::*_distribution), so these strings must be the
// same with every standard library; a change here changes every demo data set
// generated from a seed.

#include <string>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

TEST(GeneratorGolden, Seed42Sequence) {
  Rng rng(42);
  EXPECT_EQ(GenerateUscc(rng, "420602"), "9142060240218640XQ");
  EXPECT_EQ(GenerateUscc(rng, "420602"), "91420602MA56QWFP05");
  EXPECT_EQ(GenerateCitizenId(rng, "420602", 1990, 5, 17, true), "420602199005177177");
  EXPECT_EQ(GenerateCitizenId(rng, "420602", 1990, 5, 17, false), "420602199005172624");
  EXPECT_EQ(GenerateMobile(rng), "14519459903");
  EXPECT_EQ(GenerateMobile(rng), "17800932867");
  EXPECT_EQ(GenerateBankCard(rng), "6222026627145165233");
  EXPECT_EQ(GenerateBankCard(rng, "621700", 16), "6217005485817071");
}

// A rejected argument set consumes no randomness, so it does not shift the
// rest of a seeded sequence.
TEST(GeneratorGolden, RejectedArgumentsLeaveTheEngineAlone) {
  Rng a(42), b(42);
  EXPECT_EQ(GenerateUscc(a, "bad"), "");
  EXPECT_EQ(GenerateCitizenId(a, "420602", 1990, 2, 30, true), "");
  EXPECT_EQ(GenerateBankCard(a, "x"), "");
  EXPECT_EQ(GenerateUscc(a, "420602"), GenerateUscc(b, "420602"));
}

}  // namespace
}  // namespace yungu::identifiers

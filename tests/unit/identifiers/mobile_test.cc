#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

void ExpectCheck(std::string_view number, bool valid, std::string_view reason) {
  const Check c = ValidateMobile(number);
  EXPECT_EQ(c.valid, valid) << number;
  EXPECT_EQ(c.reason, reason) << number;
}

TEST(ValidateMobile, AcceptsPlainAndCountryCodePrefixed) {
  ExpectCheck("13812345678", true, "");
  ExpectCheck("19912345678", true, "");
  ExpectCheck("+8613812345678", true, "");
  ExpectCheck("008613812345678", true, "");
  ExpectCheck("8613812345678", true, "");
  EXPECT_TRUE(Validate(Kind::kMobile, "15012345678").valid);
}

TEST(ValidateMobile, Charset) {
  ExpectCheck("138 1234 5678", false, "charset");
  ExpectCheck("138-1234-5678", false, "charset");
  ExpectCheck("+86 13812345678", false, "charset");
  ExpectCheck("1381234567a", false, "charset");
  ExpectCheck("+8513812345678", false, "charset");
  ExpectCheck("１3812345678", false, "charset");  // full-width digit
}

TEST(ValidateMobile, Length) {
  ExpectCheck("", false, "length");
  ExpectCheck("+86", false, "length");
  ExpectCheck("1381234567", false, "length");
  ExpectCheck("138123456789", false, "length");
  ExpectCheck("+861381234567", false, "length");
  ExpectCheck("861381234567", false, "length");
}

TEST(ValidateMobile, Prefix) {
  ExpectCheck("12812345678", false, "prefix");
  ExpectCheck("10086000000", false, "prefix");
  ExpectCheck("23812345678", false, "prefix");
  ExpectCheck("+8602812345678", false, "prefix");  // landline-like after +86
  // "86" is only stripped before exactly 11 digits; here it is the number.
  ExpectCheck("86138123456", false, "prefix");
}

TEST(GenerateMobile, ValidAndUsesRealSegments) {
  Rng rng(8);
  for (int i = 0; i < 2000; ++i) {
    const std::string n = GenerateMobile(rng);
    ASSERT_EQ(n.size(), 11u);
    ASSERT_TRUE(ValidateMobile(n).valid) << n;
    // No segment starting 14x other than the data-card 145/147, nor 16x other than 166.
    const std::string seg = n.substr(0, 3);
    if (seg[1] == '4') {
      EXPECT_TRUE(seg == "145" || seg == "147") << n;
    }
    if (seg[1] == '6') {
      EXPECT_EQ(seg, "166") << n;
    }
  }
}

TEST(GenerateMobile, DeterministicForASeed) {
  Rng a(4), b(4), c(5);
  std::string from_a, from_b, from_c;
  for (int i = 0; i < 20; ++i) {
    from_a += GenerateMobile(a);
    from_b += GenerateMobile(b);
    from_c += GenerateMobile(c);
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

}  // namespace
}  // namespace yungu::identifiers

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

void ExpectCheck(std::string_view number, bool valid, std::string_view reason) {
  const Check c = ValidateBankCard(number);
  EXPECT_EQ(c.valid, valid) << number;
  EXPECT_EQ(c.reason, reason) << number;
}

// 4111111111111111 (the common Visa test number). From the right, every
// second digit is doubled: the eight doubled digits are seven 1s -> 2 each
// and the leading 4 -> 8, giving 14 + 8 = 22; the eight others are 1s -> 8.
// Total 30, a multiple of 10.
constexpr std::string_view kVisaTest = "4111111111111111";

// 6222020000000000000 (19 digits, ICBC BIN 622202, check digit 0). Payload
// 622202000000000000: doubling starts at its rightmost digit, so the doubled
// positions (counted from the right) are the odd ones: 2 (pos 13) -> 4,
// 2 (pos 15) -> 4, 2 (pos 17) -> 4; undoubled 6 (pos 18), 2 (pos 16), 0.
// Sum 4 + 4 + 4 + 6 + 2 = 20, so the check digit is (10 - 0) mod 10 = 0.
constexpr std::string_view kIcbcZeros = "6222020000000000000";

TEST(LuhnCheckDigit, HandComputedVectors) {
  // The classic 7992739871 -> 3: doubled (from the right) 1,8,3,2,9 -> 2,7,6,4,9
  // = 28; undoubled 7,9,7,9,7 = 39; 67 -> (10 - 7) mod 10 = 3.
  EXPECT_EQ(LuhnCheckDigit("7992739871"), '3');
  EXPECT_EQ(LuhnCheckDigit(kVisaTest.substr(0, 15)), '1');
  EXPECT_EQ(LuhnCheckDigit(kIcbcZeros.substr(0, 18)), '0');
  EXPECT_EQ(LuhnCheckDigit(""), '0');
  EXPECT_EQ(LuhnCheckDigit("0"), '0');
  EXPECT_EQ(LuhnCheckDigit("5"), '9');  // 5 doubled -> 10 -> 1; (10 - 1) = 9
}

TEST(LuhnCheckDigit, MalformedInputGivesNul) {
  EXPECT_EQ(LuhnCheckDigit("1234 5678"), '\0');
  EXPECT_EQ(LuhnCheckDigit("12a"), '\0');
}

TEST(ValidateBankCard, KnownValidNumbers) {
  ExpectCheck(kVisaTest, true, "");
  ExpectCheck(kIcbcZeros, true, "");
  ExpectCheck("000000000000", true, "");  // 12 digits, sum 0
  EXPECT_TRUE(Validate(Kind::kBankCard, kVisaTest).valid);
}

TEST(ValidateBankCard, Charset) {
  ExpectCheck("4111 1111 1111 1111", false, "charset");
  ExpectCheck("4111-1111-1111-1111", false, "charset");
  ExpectCheck("411111111111111A", false, "charset");
}

TEST(ValidateBankCard, Length) {
  ExpectCheck("", false, "length");
  ExpectCheck("79927398713", false, "length");  // Luhn-valid but 11 digits
  ExpectCheck("62220200000000000000", false, "length");  // 20
}

TEST(ValidateBankCard, Checksum) {
  ExpectCheck("4111111111111112", false, "checksum");
  ExpectCheck("6222020000000000001", false, "checksum");
  // Swapping adjacent 4 and 1 changes the sum (8+1 vs 4+2) and is caught.
  ExpectCheck("1411111111111111", false, "checksum");
}

TEST(GenerateBankCard, KeepsBinAndLength) {
  Rng rng(6);
  for (int length = 12; length <= 19; ++length) {
    for (int i = 0; i < 50; ++i) {
      const std::string card = GenerateBankCard(rng, "622848", length);
      ASSERT_EQ(static_cast<int>(card.size()), length);
      EXPECT_EQ(card.substr(0, 6), "622848");
      EXPECT_TRUE(ValidateBankCard(card).valid) << card;
    }
  }
  const std::string defaulted = GenerateBankCard(rng);
  EXPECT_EQ(defaulted.size(), 19u);
  EXPECT_EQ(defaulted.substr(0, 6), "622202");
  // A BIN that leaves room only for the check digit.
  const std::string full = GenerateBankCard(rng, "62220200000", 12);
  EXPECT_EQ(full, "62220200000" + std::string(1, LuhnCheckDigit("62220200000")));
}

TEST(GenerateBankCard, DeterministicForASeed) {
  Rng a(31), b(31), c(32);
  EXPECT_EQ(GenerateBankCard(a), GenerateBankCard(b));
  EXPECT_NE(GenerateBankCard(a) + GenerateBankCard(a), GenerateBankCard(c) + GenerateBankCard(c));
}

TEST(GenerateBankCard, RejectsArgumentsThatCannotValidate) {
  Rng rng(1);
  EXPECT_EQ(GenerateBankCard(rng, "622202", 11), "");
  EXPECT_EQ(GenerateBankCard(rng, "622202", 20), "");
  EXPECT_EQ(GenerateBankCard(rng, "6222a2", 16), "");
  EXPECT_EQ(GenerateBankCard(rng, "622202622202", 12), "");  // no room for the check digit
}

// Property: every single-digit change of a valid number breaks the Luhn sum
// (doubling mod 9 is a permutation of the digits, so no two digits collide).
TEST(BankCardProperty, GeneratedValidAndSingleDigitChangesInvalid) {
  Rng rng(41);
  for (int n = 0; n < 500; ++n) {
    const int length = 12 + n % 8;
    const std::string card = GenerateBankCard(rng, "6217", length);
    ASSERT_TRUE(ValidateBankCard(card).valid) << card;
    for (size_t pos = 0; pos < card.size(); ++pos) {
      for (char c = '0'; c <= '9'; ++c) {
        if (c == card[pos]) continue;
        std::string changed = card;
        changed[pos] = c;
        ASSERT_EQ(ValidateBankCard(changed).reason, "checksum") << changed;
      }
    }
  }
}

}  // namespace
}  // namespace yungu::identifiers

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

// Weights 2^(17-i) mod 11, i = 0..16: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
// Check = (12 - sum mod 11) mod 11, 10 written 'X'.

// 11010519491231002X, the number printed in GB 11643 explanations:
//   digits  1  1  0  1  0  5  1  9  4  9  1  2  3  1  0  0  2
//   weights 7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
//   sum = 7 + 9 + 5 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 4 = 167;
//   167 = 11*15 + 2; (12 - 2) mod 11 = 10 -> 'X'.
constexpr std::string_view kSample = "11010519491231002X";

// 110101199003070070 (check 0):
//   sum = 1*7 + 1*9 + 1*5 + 1*4 + 1*2 + 9*1 + 9*6 + 3*9 + 7*5 + 7*2
//       = 7 + 9 + 5 + 4 + 2 + 9 + 54 + 27 + 35 + 14 = 166;
//   166 = 11*15 + 1; (12 - 1) mod 11 = 0 -> '0'.
constexpr std::string_view kCheckZero = "110101199003070070";

void ExpectCheck(std::string_view id, bool valid, std::string_view reason) {
  const Check c = ValidateCitizenId(id);
  EXPECT_EQ(c.valid, valid) << id;
  EXPECT_EQ(c.reason, reason) << id;
}

// Completes 17 digits with their check char.
std::string WithCheck(std::string_view first17) {
  return std::string(first17) + CitizenIdCheckChar(first17);
}

TEST(CitizenIdCheckChar, HandComputedVectors) {
  EXPECT_EQ(CitizenIdCheckChar(kSample.substr(0, 17)), 'X');
  EXPECT_EQ(CitizenIdCheckChar(kCheckZero.substr(0, 17)), '0');
  // Sum 0: (12 - 0) mod 11 = 1.
  EXPECT_EQ(CitizenIdCheckChar("00000000000000000"), '1');
}

// A single '1' at position i makes the sum W_i: pins each weight.
TEST(CitizenIdCheckChar, WeightsMatchPublishedTable) {
  constexpr int kPublished[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  for (int i = 0; i < 17; ++i) {
    std::string s(17, '0');
    s[i] = '1';
    const int check = (12 - kPublished[i]) % 11;
    EXPECT_EQ(CitizenIdCheckChar(s), check == 10 ? 'X' : static_cast<char>('0' + check)) << i;
  }
}

TEST(CitizenIdCheckChar, MalformedInputGivesNul) {
  EXPECT_EQ(CitizenIdCheckChar(""), '\0');
  EXPECT_EQ(CitizenIdCheckChar("1101051949123100"), '\0');
  EXPECT_EQ(CitizenIdCheckChar("110105194912310021"), '\0');
  EXPECT_EQ(CitizenIdCheckChar("1101051949123100X"), '\0');
}

TEST(ValidateCitizenId, KnownValidNumbers) {
  ExpectCheck(kSample, true, "");
  ExpectCheck("11010519491231002x", true, "");  // lowercase x accepted
  ExpectCheck(kCheckZero, true, "");
  EXPECT_TRUE(Validate(Kind::kCitizenId, kSample).valid);
}

TEST(ValidateCitizenId, Length) {
  ExpectCheck("", false, "length");
  ExpectCheck("1101051949123100", false, "length");      // 16
  ExpectCheck("11010519491231002", false, "length");     // 17
  ExpectCheck("11010519491231002X1", false, "length");   // 19
  ExpectCheck("11010549123100", false, "length");        // 14
}

TEST(ValidateCitizenId, Charset) {
  ExpectCheck("1101051949123100XX", false, "charset");
  ExpectCheck("11010519491231002Y", false, "charset");
  ExpectCheck("11010519491231002 ", false, "charset");
  ExpectCheck("1101051949-231002X", false, "charset");
  ExpectCheck("11010549123100X", false, "charset");  // legacy form has no check char
}

TEST(ValidateCitizenId, Region) {
  for (std::string_view province : {"00", "10", "16", "20", "24", "30", "38", "40", "47", "55",
                                    "60", "66", "70", "72", "80", "84", "90", "99"}) {
    ExpectCheck(WithCheck(std::string(province) + "010519491231002"), false, "region");
  }
  for (std::string_view province : {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54",
                                    "61", "65", "71", "81", "82", "83"}) {
    ExpectCheck(WithCheck(std::string(province) + "010519491231002"), true, "");
  }
}

TEST(ValidateCitizenId, BirthDate) {
  for (std::string_view date : {"19490230", "19490229", "19000229", "21000229", "17991231",
                                "19491301", "19490001", "19490100", "19490431", "00000101"}) {
    ExpectCheck(WithCheck("110105" + std::string(date) + "002"), false, "birth_date");
  }
  for (std::string_view date : {"20000229", "19960229", "18000101", "20991231", "19490131"}) {
    ExpectCheck(WithCheck("110105" + std::string(date) + "002"), true, "");
  }
}

TEST(ValidateCitizenId, Checksum) {
  ExpectCheck("110105194912310021", false, "checksum");
  ExpectCheck("110101199003070071", false, "checksum");
  ExpectCheck("11010119900307007X", false, "checksum");
}

TEST(ValidateCitizenId, Legacy15Digits) {
  ExpectCheck("110105491231002", true, "");
  ExpectCheck("990105491231002", false, "region");
  ExpectCheck("110105490230002", false, "birth_date");
  ExpectCheck("110105000229002", false, "birth_date");  // 1900 was not a leap year
  ExpectCheck("110105960229002", true, "");
}

TEST(UpgradeCitizenId15, InsertsCenturyAndCheckChar) {
  EXPECT_EQ(UpgradeCitizenId15("110105491231002"), std::optional<std::string>(kSample));
  EXPECT_EQ(UpgradeCitizenId15("110101900307007"), std::optional<std::string>(kCheckZero));
}

TEST(UpgradeCitizenId15, RejectsInvalidInput) {
  EXPECT_EQ(UpgradeCitizenId15(""), std::nullopt);
  EXPECT_EQ(UpgradeCitizenId15(kSample), std::nullopt);  // already 18
  EXPECT_EQ(UpgradeCitizenId15("990105491231002"), std::nullopt);
  EXPECT_EQ(UpgradeCitizenId15("110105490230002"), std::nullopt);
  EXPECT_EQ(UpgradeCitizenId15("11010549123100a"), std::nullopt);
}

TEST(GenerateCitizenId, EmbedsDivisionDateAndSex) {
  Rng rng(5);
  for (int i = 0; i < 200; ++i) {
    const bool male = i % 2 == 0;
    const std::string id = GenerateCitizenId(rng, "420602", 1988, 2, 29, male);
    ASSERT_EQ(id.size(), 18u);
    EXPECT_EQ(id.substr(0, 6), "420602");
    EXPECT_EQ(id.substr(6, 8), "19880229");
    EXPECT_EQ((id[16] - '0') % 2 == 1, male) << id;
    EXPECT_NE(id.substr(14, 3), "000");
    EXPECT_TRUE(ValidateCitizenId(id).valid) << id;
  }
}

TEST(GenerateCitizenId, DeterministicForASeed) {
  Rng a(99), b(99), c(100);
  std::string from_a, from_b, from_c;
  for (int i = 0; i < 20; ++i) {
    from_a += GenerateCitizenId(a, "330106", 1975, 6, 1, true);
    from_b += GenerateCitizenId(b, "330106", 1975, 6, 1, true);
    from_c += GenerateCitizenId(c, "330106", 1975, 6, 1, true);
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

TEST(GenerateCitizenId, RejectsArgumentsThatCannotValidate) {
  Rng rng(1);
  EXPECT_EQ(GenerateCitizenId(rng, "42060", 1990, 1, 1, true), "");
  EXPECT_EQ(GenerateCitizenId(rng, "42060x", 1990, 1, 1, true), "");
  EXPECT_EQ(GenerateCitizenId(rng, "990602", 1990, 1, 1, true), "");
  EXPECT_EQ(GenerateCitizenId(rng, "420602", 1990, 2, 30, true), "");
  EXPECT_EQ(GenerateCitizenId(rng, "420602", 1799, 12, 31, true), "");
  EXPECT_EQ(GenerateCitizenId(rng, "420602", 10000, 1, 1, true), "");
  EXPECT_EQ(GenerateCitizenId(rng, "420602", 1990, 0, 1, false), "");
}

// Property: generated numbers validate across random real dates.
TEST(CitizenIdProperty, GeneratedNumbersValidate) {
  Rng rng(21);
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int i = 0; i < 3000; ++i) {
    const int year = 1800 + static_cast<int>(rng() % 250);
    const int month = 1 + static_cast<int>(rng() % 12);
    const int day = 1 + static_cast<int>(rng() % kDays[month - 1]);
    const std::string id = GenerateCitizenId(rng, "510104", year, month, day, rng() % 2 == 0);
    ASSERT_TRUE(ValidateCitizenId(id).valid) << id << " " << ValidateCitizenId(id).reason;
  }
}

// Property: any one-character change is invalid. MOD 11-2 weights are
// non-zero mod 11 and digits differ by less than 11, so the checksum alone
// catches every substitution in the first 17 digits.
TEST(CitizenIdProperty, EverySingleCharacterChangeIsInvalid) {
  Rng rng(22);
  const std::string others = "0123456789XxA ";
  for (int n = 0; n < 500; ++n) {
    const std::string id = GenerateCitizenId(rng, "440305", 1990, 7, 15, n % 2 == 0);
    for (size_t pos = 0; pos < id.size(); ++pos) {
      for (char c : others) {
        if (c == id[pos]) continue;
        if (pos == 17 && id[pos] == 'X' && c == 'x') continue;  // same value
        std::string changed = id;
        changed[pos] = c;
        ASSERT_FALSE(ValidateCitizenId(changed).valid) << id << " -> " << changed;
        if (pos < 17 && c >= '0' && c <= '9') {
          ASSERT_NE(CitizenIdCheckChar(std::string_view(changed).substr(0, 17)), id[17]);
        }
      }
    }
  }
}

// Property: swapping two different adjacent digits among the first 17 changes
// the check char: the sum moves by (a-b)(W_i - W_{i+1}) = (a-b)W_{i+1}.
TEST(CitizenIdProperty, AdjacentTranspositionsChangeTheCheckChar) {
  Rng rng(23);
  for (int n = 0; n < 500; ++n) {
    const std::string id = GenerateCitizenId(rng, "350102", 1960 + n % 50, 1 + n % 12, 1 + n % 28,
                                             n % 3 == 0);
    for (size_t pos = 0; pos + 1 < 17; ++pos) {
      if (id[pos] == id[pos + 1]) continue;
      std::string swapped = id;
      std::swap(swapped[pos], swapped[pos + 1]);
      ASSERT_NE(CitizenIdCheckChar(std::string_view(swapped).substr(0, 17)), id[17]) << swapped;
      ASSERT_FALSE(ValidateCitizenId(swapped).valid) << swapped;
    }
  }
}

}  // namespace
}  // namespace yungu::identifiers

#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// USCC alphabet values used below: M=21, P=23, X=29, Y=30, E=14.
// GB 11714 (organisation code) values: letters A=10 .. Z=35, so M=22, Y=34.
// USCC weights W_1..W_17 = 3^(i-1) mod 31:
//   1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28.
// Org code weights: 3, 7, 9, 10, 5, 8, 4, 2.

// 91350100M000100Y43
//   Org code body M000100Y: 22*3 + 1*5 + 34*2 = 66 + 5 + 68 = 139;
//     139 mod 11 = 7; 11 - 7 = 4 -> '4' (position 17).
//   Check: 9*1 + 1*3 + 3*9 + 5*27 + 1*26 + M(21)*20 + 1*8 + Y(30)*30 + 4*28
//        = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640;
//     1640 = 31*52 + 28; 31 - 28 = 3 -> '3'.
constexpr std::string_view kSampleFujian = "91350100M000100Y43";

// 91110000600001760P
//   Org body 60000176: 6*3 + 1*8 + 7*4 + 6*2 = 18 + 8 + 28 + 12 = 66;
//     66 mod 11 = 0; 11 - 0 = 11 -> '0'.
//   Check: 9*1 + 1*3 + 1*9 + 1*27 + 6*20 + 1*24 + 7*10 + 6*30 + 0*28
//        = 9 + 3 + 9 + 27 + 120 + 24 + 70 + 180 = 442;
//     442 = 31*14 + 8; 31 - 8 = 23 -> 'P'.
constexpr std::string_view kSampleBeijing = "91110000600001760P";

// 9111000000000006XE  (org check char 10 -> 'X')
//   Org body 00000006: 6*2 = 12; 12 mod 11 = 1; 11 - 1 = 10 -> 'X'.
//   Check: 9 + 3 + 9 + 27 + 6*30 + X(29)*28 = 48 + 180 + 812 = 1040;
//     1040 = 31*33 + 17; 31 - 17 = 14 -> 'E'.
constexpr std::string_view kOrgCheckX = "9111000000000006XE";

// 911100000000004570  (final check 31 -> '0')
//   Org body 00000045: 4*4 + 5*2 = 26; 26 mod 11 = 4; 11 - 4 = 7 -> '7'.
//   Check: 48 + 4*10 + 5*30 + 7*28 = 48 + 40 + 150 + 196 = 434 = 31*14;
//     31 - 0 = 31 -> '0'.
constexpr std::string_view kFinalCheckZero = "911100000000004570";

void ExpectCheck(std::string_view code, bool valid, std::string_view reason) {
  const Check c = ValidateUscc(code);
  EXPECT_EQ(c.valid, valid) << code;
  EXPECT_EQ(c.reason, reason) << code;
}

TEST(OrgCodeCheckChar, HandComputedVectors) {
  EXPECT_EQ(OrgCodeCheckChar("M000100Y"), '4');
  EXPECT_EQ(OrgCodeCheckChar("60000176"), '0');
  EXPECT_EQ(OrgCodeCheckChar("00000006"), 'X');
  EXPECT_EQ(OrgCodeCheckChar("00000045"), '7');
  // 1*3 + 2*7 + 3*9 + 4*10 + 5*5 + 6*8 + 7*4 + 8*2 = 201; 201 mod 11 = 3; 11 - 3 = 8.
  EXPECT_EQ(OrgCodeCheckChar("12345678"), '8');
  // All-zero body: sum 0 -> 11 -> '0'.
  EXPECT_EQ(OrgCodeCheckChar("00000000"), '0');
}

TEST(OrgCodeCheckChar, MalformedInputGivesNul) {
  EXPECT_EQ(OrgCodeCheckChar(""), '\0');
  EXPECT_EQ(OrgCodeCheckChar("1234567"), '\0');
  EXPECT_EQ(OrgCodeCheckChar("123456789"), '\0');
  EXPECT_EQ(OrgCodeCheckChar("1234567a"), '\0');
  EXPECT_EQ(OrgCodeCheckChar("1234-678"), '\0');
}

TEST(UsccCheckChar, HandComputedVectors) {
  EXPECT_EQ(UsccCheckChar(kSampleFujian.substr(0, 17)), '3');
  EXPECT_EQ(UsccCheckChar(kSampleBeijing.substr(0, 17)), 'P');
  EXPECT_EQ(UsccCheckChar(kOrgCheckX.substr(0, 17)), 'E');
  EXPECT_EQ(UsccCheckChar(kFinalCheckZero.substr(0, 17)), '0');
}

// A single '1' at position i makes the sum W_i, so the check char is
// alphabet[31 - W_i]: this pins every weight to the published table.
TEST(UsccCheckChar, WeightsMatchPublishedTable) {
  constexpr int kPublished[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  for (int i = 0; i < 17; ++i) {
    std::string s(17, '0');
    s[i] = '1';
    EXPECT_EQ(UsccCheckChar(s), kAlphabet[31 - kPublished[i]]) << "position " << i + 1;
  }
  EXPECT_EQ(UsccCheckChar(std::string(17, '0')), '0');
}

TEST(UsccCheckChar, MalformedInputGivesNul) {
  EXPECT_EQ(UsccCheckChar(""), '\0');
  EXPECT_EQ(UsccCheckChar("9135010000000000"), '\0');    // 16
  EXPECT_EQ(UsccCheckChar("913501000000000000"), '\0');  // 18
  EXPECT_EQ(UsccCheckChar("91350100I00000000"), '\0');   // I is not in the alphabet
  EXPECT_EQ(UsccCheckChar("91350100m00000000"), '\0');
}

TEST(ValidateUscc, KnownValidCodes) {
  for (std::string_view code : {kSampleFujian, kSampleBeijing, kOrgCheckX, kFinalCheckZero}) {
    ExpectCheck(code, true, "");
  }
  EXPECT_TRUE(Validate(Kind::kUscc, kSampleFujian).valid);
}

TEST(ValidateUscc, Length) {
  ExpectCheck("", false, "length");
  ExpectCheck(kSampleFujian.substr(0, 17), false, "length");
  ExpectCheck(std::string(kSampleFujian) + "0", false, "length");
  ExpectCheck(" 91350100M000100Y43", false, "length");  // callers trim
}

TEST(ValidateUscc, Charset) {
  ExpectCheck("91350100m000100y43", false, "charset");  // lowercase is rejected
  for (char bad : {'I', 'O', 'Z', 'S', 'V', '-', ' ', '\0'}) {
    std::string code(kSampleFujian);
    code[10] = bad;
    ExpectCheck(code, false, "charset");
  }
  ExpectCheck("91350100M000100Y4\xC3", false, "charset");
}

TEST(ValidateUscc, RegistrationAuthority) {
  for (char ok : std::string_view("123456789ANY")) {
    std::string code(kSampleFujian);
    code[0] = ok;
    code[17] = UsccCheckChar(std::string_view(code).substr(0, 17));
    ExpectCheck(code, true, "");
  }
  for (char bad : std::string_view("0BCDEFGHJKLMPQRTUWX")) {
    std::string code(kSampleFujian);
    code[0] = bad;
    code[17] = UsccCheckChar(std::string_view(code).substr(0, 17));
    ExpectCheck(code, false, "registration_authority");
  }
}

TEST(ValidateUscc, CategoryIsOnlyCheckedAgainstTheAlphabet) {
  std::string code(kSampleFujian);
  code[1] = 'Y';
  code[17] = UsccCheckChar(std::string_view(code).substr(0, 17));
  ExpectCheck(code, true, "");
}

TEST(ValidateUscc, Division) {
  std::string code(kSampleFujian);
  code[4] = 'A';
  code[17] = UsccCheckChar(std::string_view(code).substr(0, 17));
  ExpectCheck(code, false, "division");
  code = kSampleFujian;
  code[7] = 'X';
  ExpectCheck(code, false, "division");
}

TEST(ValidateUscc, OrgCodeChecksum) {
  // Position 17 changed from '4' to '5' and the final check recomputed, so
  // only the embedded organisation code is wrong.
  std::string code(kSampleFujian);
  code[16] = '5';
  code[17] = UsccCheckChar(std::string_view(code).substr(0, 17));
  ExpectCheck(code, false, "org_code_checksum");
  // A letter other than X can never be an org code check char.
  code[16] = 'A';
  code[17] = UsccCheckChar(std::string_view(code).substr(0, 17));
  ExpectCheck(code, false, "org_code_checksum");
}

TEST(ValidateUscc, Checksum) {
  ExpectCheck("91350100M000100Y44", false, "checksum");
  ExpectCheck("91110000600001760Q", false, "checksum");
  ExpectCheck("911100000000004571", false, "checksum");
}

TEST(GenerateUscc, KeepsTheGivenFields) {
  Rng rng(7);
  for (int i = 0; i < 200; ++i) {
    const std::string code = GenerateUscc(rng, "420602", '5', '2');
    ASSERT_EQ(code.size(), 18u);
    EXPECT_EQ(code[0], '5');
    EXPECT_EQ(code[1], '2');
    EXPECT_EQ(code.substr(2, 6), "420602");
    EXPECT_TRUE(ValidateUscc(code).valid) << code;
  }
  const std::string defaulted = GenerateUscc(rng, "110105");
  EXPECT_EQ(defaulted.substr(0, 8), "91110105");
}

TEST(GenerateUscc, DeterministicForASeed) {
  Rng a(2024), b(2024), c(2025);
  std::string from_a, from_b, from_c;
  for (int i = 0; i < 20; ++i) {
    from_a += GenerateUscc(a, "330106");
    from_b += GenerateUscc(b, "330106");
    from_c += GenerateUscc(c, "330106");
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

TEST(GenerateUscc, ProducesBothOrgCodeShapes) {
  Rng rng(1);
  bool digits = false, ma = false;
  for (int i = 0; i < 100; ++i) {
    const std::string code = GenerateUscc(rng, "440300");
    if (code.substr(8, 2) == "MA") ma = true;
    if (code.substr(8, 8).find_first_not_of("0123456789") == std::string::npos) digits = true;
  }
  EXPECT_TRUE(digits);
  EXPECT_TRUE(ma);
}

TEST(GenerateUscc, RejectsArgumentsThatCannotValidate) {
  Rng rng(3);
  EXPECT_EQ(GenerateUscc(rng, "42060"), "");
  EXPECT_EQ(GenerateUscc(rng, "4206021"), "");
  EXPECT_EQ(GenerateUscc(rng, "42O602"), "");
  EXPECT_EQ(GenerateUscc(rng, "420602", 'B'), "");
  EXPECT_EQ(GenerateUscc(rng, "420602", '9', 'I'), "");
  EXPECT_EQ(GenerateUscc(rng, "420602", '9', 'a'), "");
}

// Property: every generated code validates.
TEST(UsccProperty, GeneratedCodesValidate) {
  Rng rng(11);
  const std::string_view authorities = "123456789ANY";
  for (int i = 0; i < 3000; ++i) {
    const char authority = authorities[rng() % authorities.size()];
    const char category = kAlphabet[rng() % kAlphabet.size()];
    char division[7];
    for (int k = 0; k < 6; ++k) division[k] = static_cast<char>('0' + rng() % 10);
    division[6] = '\0';
    const std::string code = GenerateUscc(rng, division, authority, category);
    ASSERT_TRUE(ValidateUscc(code).valid) << code << " " << ValidateUscc(code).reason;
  }
}

// Property: replacing any one character of a valid code with any other
// character is caught. Within the alphabet the final MOD 31 check alone
// catches it: the weights are non-zero mod the prime 31 and two values differ
// by less than 31.
TEST(UsccProperty, EverySingleCharacterChangeIsInvalid) {
  Rng rng(12);
  const std::string others = std::string(kAlphabet) + "IOZSVa -";
  for (int n = 0; n < 300; ++n) {
    const std::string code = GenerateUscc(rng, "320583");
    for (size_t pos = 0; pos < code.size(); ++pos) {
      for (char c : others) {
        if (c == code[pos]) continue;
        std::string changed = code;
        changed[pos] = c;
        ASSERT_FALSE(ValidateUscc(changed).valid) << code << " -> " << changed;
        if (pos < 17 && kAlphabet.find(c) != std::string_view::npos) {
          ASSERT_NE(UsccCheckChar(std::string_view(changed).substr(0, 17)), code[17]);
        }
      }
    }
  }
}

// Property: swapping two different adjacent characters among the first 17 is
// caught: the sum changes by (a-b)(W_i - W_{i+1}) = -2(a-b)W_i, non-zero mod 31.
TEST(UsccProperty, AdjacentTranspositionsAreInvalid) {
  Rng rng(13);
  for (int n = 0; n < 500; ++n) {
    const std::string code = GenerateUscc(rng, "510104");
    for (size_t pos = 0; pos + 1 < 17; ++pos) {
      if (code[pos] == code[pos + 1]) continue;
      std::string swapped = code;
      std::swap(swapped[pos], swapped[pos + 1]);
      ASSERT_NE(UsccCheckChar(std::string_view(swapped).substr(0, 17)), code[17]) << swapped;
      ASSERT_FALSE(ValidateUscc(swapped).valid) << swapped;
    }
  }
}

}  // namespace
}  // namespace yungu::identifiers

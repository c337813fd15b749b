// Unified social credit code, GB 32100-2015.
//
// Layout (1-based positions): 1 registration authority, 2 organisation
// category, 3-8 administrative division (GB/T 2260), 9-17 organisation code
// (GB 11714, its own check char at 17), 18 check char.
//
// Alphabet: 0-9 and A-Z without I, O, Z, S, V (31 characters, valued 0..30 in
// the order below). Check char: W_i = 3^(i-1) mod 31 for i = 1..17,
// C18 = 31 - (sum of value * W_i mod 31), where 31 is written as '0'.
//
// Choices:
// - Input must already be trimmed; lowercase letters are "charset" errors
//   (the standard only defines uppercase, and accepting both would let two
//   spellings of one code through a dedupe).
// - Position 1 must be one of the authorities the standard's code table
//   lists. Position 2 is only checked against the alphabet: its table differs
//   per authority, and a stale copy of it here would reject real codes.
// - Reasons are reported in this order: length, charset,
//   registration_authority, division, org_code_checksum, checksum.

#include <array>
#include <string>

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static_assert(kAlphabet.size() == 31);

// 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
// 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他.
constexpr std::string_view kAuthorities = "123456789ANY";

// 3^(i-1) mod 31, computed rather than tabulated so the table cannot drift
// from its definition.
constexpr std::array<int, 17> MakeWeights() {
  std::array<int, 17> w{};
  int p = 1;
  for (int i = 0; i < 17; ++i) {
    w[i] = p;
    p = p * 3 % 31;
  }
  return w;
}
constexpr std::array<int, 17> kWeights = MakeWeights();
static_assert(kWeights[4] == 19 && kWeights[16] == 28);

int UsccValue(char c) {
  const size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

Check Invalid(const char* reason) { return Check{false, reason}; }

}  // namespace

char UsccCheckChar(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const int v = UsccValue(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  return kAlphabet[(31 - sum % 31) % 31];
}

Check ValidateUscc(std::string_view code) {
  if (code.size() != 18) return Invalid("length");
  for (char c : code) {
    if (UsccValue(c) < 0) return Invalid("charset");
  }
  if (kAuthorities.find(code[0]) == std::string_view::npos) {
    return Invalid("registration_authority");
  }
  if (!internal::AllDigits(code.substr(2, 6))) return Invalid("division");
  if (OrgCodeCheckChar(code.substr(8, 8)) != code[16]) return Invalid("org_code_checksum");
  if (UsccCheckChar(code.substr(0, 17)) != code[17]) return Invalid("checksum");
  return Check{true, ""};
}

// Returns "" when an argument could not yield a valid code (division not six
// digits, unknown authority, category outside the alphabet).
std::string GenerateUscc(Rng& rng, std::string_view division, char authority, char category) {
  if (division.size() != 6 || !internal::AllDigits(division)) return "";
  if (kAuthorities.find(authority) == std::string_view::npos) return "";
  if (UsccValue(category) < 0) return "";

  std::string code;
  code.reserve(18);
  code += authority;
  code += category;
  code += division;
  // Two organisation code shapes seen in practice: the all-digit legacy codes
  // and the "MA" + 6 characters assigned since the USCC reform.
  if (internal::RandomBelow(rng, 2) == 0) {
    for (int i = 0; i < 8; ++i) code += internal::RandomDigit(rng);
  } else {
    code += "MA";
    for (int i = 0; i < 6; ++i) code += kAlphabet[internal::RandomBelow(rng, kAlphabet.size())];
  }
  code += OrgCodeCheckChar(std::string_view(code).substr(8, 8));
  code += UsccCheckChar(code);
  return code;
}

}  // namespace yungu::identifiers

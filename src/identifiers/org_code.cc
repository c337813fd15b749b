// GB 11714 organisation code check character (positions 9-17 of a USCC).
//
// Characters take the values 0-9 for digits and A=10 .. Z=35 for letters
// (the full Latin alphabet; this is not the USCC's 31-character alphabet).
// C9 = 11 - (sum of value * weight mod 11), written 'X' for 10 and '0' for 11.

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

int OrgValue(char c) {
  if (internal::IsDigit(c)) return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

}  // namespace

char OrgCodeCheckChar(std::string_view first8) {
  if (first8.size() != 8) return '\0';
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const int v = OrgValue(first8[i]);
    if (v < 0) return '\0';
    sum += v * kOrgWeights[i];
  }
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

}  // namespace yungu::identifiers

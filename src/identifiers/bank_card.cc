// Bank card numbers (ISO/IEC 7812): 12-19 digits, the last a Luhn check digit.
// Digits only: grouping spaces are "charset" errors, stripped by the caller.
// Reasons in order: charset, length, checksum.

#include <string>

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

Check Invalid(const char* reason) { return Check{false, reason}; }

// Luhn sum of `digits`; when `double_last` the rightmost digit is doubled
// (true while computing a check digit that will be appended after it).
int LuhnSum(std::string_view digits, bool double_last) {
  int sum = 0;
  bool doubled = double_last;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return sum;
}

}  // namespace

char LuhnCheckDigit(std::string_view payload) {
  for (char c : payload) {
    if (!internal::IsDigit(c)) return '\0';
  }
  return static_cast<char>('0' + (10 - LuhnSum(payload, true) % 10) % 10);
}

Check ValidateBankCard(std::string_view number) {
  if (number.empty()) return Invalid("length");
  for (char c : number) {
    if (!internal::IsDigit(c)) return Invalid("charset");
  }
  if (number.size() < 12 || number.size() > 19) return Invalid("length");
  if (LuhnSum(number, false) % 10 != 0) return Invalid("checksum");
  return Check{true, ""};
}

// Returns "" unless `bin` is digits and 12 <= length <= 19 leaves room for
// at least the check digit after it.
std::string GenerateBankCard(Rng& rng, std::string_view bin, int length) {
  if (length < 12 || length > 19) return "";
  if (!bin.empty() && !internal::AllDigits(bin)) return "";
  if (static_cast<int>(bin.size()) >= length) return "";
  std::string number(bin);
  while (static_cast<int>(number.size()) < length - 1) number += internal::RandomDigit(rng);
  number += LuhnCheckDigit(number);
  return number;
}

}  // namespace yungu::identifiers

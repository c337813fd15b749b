// Citizen identity number, GB 11643-1999.
//
// 18 characters: 6-digit address code (GB/T 2260), birth date YYYYMMDD,
// 3-digit sequence (odd = male), check char. The check is ISO 7064 MOD 11-2:
// weights W = 2^(17-i) mod 11 for i = 0..16, C = (12 - sum mod 11) mod 11,
// with 10 written 'X'. The legacy 15-digit form is address + YYMMDD (always
// 19YY) + sequence and has no check char.
//
// Choices:
// - Lowercase 'x' is accepted as the check char (it is common in typed data).
// - The birth date must be a real calendar date with year >= 1800. There is
//   no "not in the future" rule: that would make validity depend on the clock.
// - Only the province part (first two digits) of the address code is checked;
//   county codes are added and retired every year.
// - Reasons in order: length, charset, region, birth_date, checksum.

#include <array>
#include <string>

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

constexpr std::array<int, 17> MakeWeights() {
  std::array<int, 17> w{};
  for (int i = 0; i < 17; ++i) {
    int p = 1;
    for (int k = 0; k < 17 - i; ++k) p = p * 2 % 11;
    w[i] = p;
  }
  return w;
}
constexpr std::array<int, 17> kWeights = MakeWeights();
static_assert(kWeights[0] == 7 && kWeights[2] == 10 && kWeights[16] == 2);

// Province-level codes of GB/T 2260, plus 83: the residence permits of
// Taiwan residents (2018) use 830000 in this same number format, the way
// Hong Kong and Macao residents' permits use 810000 and 820000.
bool IsProvinceCode(int code) {
  switch (code) {
    case 11: case 12: case 13: case 14: case 15:
    case 21: case 22: case 23:
    case 31: case 32: case 33: case 34: case 35: case 36: case 37:
    case 41: case 42: case 43: case 44: case 45: case 46:
    case 50: case 51: case 52: case 53: case 54:
    case 61: case 62: case 63: case 64: case 65:
    case 71: case 81: case 82: case 83:
      return true;
    default:
      return false;
  }
}

bool IsLeapYear(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

bool IsValidBirthDate(int y, int m, int d) {
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
  return d <= days;
}

Check Invalid(const char* reason) { return Check{false, reason}; }

// Appends the last `width` decimal digits of a non-negative `value`.
void AppendPadded(std::string& out, int value, int width) {
  out.resize(out.size() + width);
  for (int i = 1; i <= width; ++i, value /= 10) {
    out[out.size() - i] = static_cast<char>('0' + value % 10);
  }
}

}  // namespace

char CitizenIdCheckChar(std::string_view first17) {
  if (first17.size() != 17 || !internal::AllDigits(first17)) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  const int check = (12 - sum % 11) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

Check ValidateCitizenId(std::string_view id) {
  using internal::AllDigits;
  using internal::ParseDigits;
  const bool legacy = id.size() == 15;
  if (id.size() != 18 && !legacy) return Invalid("length");
  if (legacy) {
    if (!AllDigits(id)) return Invalid("charset");
  } else {
    const char last = id[17];
    const bool last_ok = internal::IsDigit(last) || last == 'X' || last == 'x';
    if (!AllDigits(id.substr(0, 17)) || !last_ok) {
      return Invalid("charset");
    }
  }
  if (!IsProvinceCode(ParseDigits(id.substr(0, 2)))) return Invalid("region");
  // YYYYMMDD at 6..13, or YYMMDD at 6..11 meaning 19YY.
  const size_t year_digits = legacy ? 2 : 4;
  const int year = (legacy ? 1900 : 0) + ParseDigits(id.substr(6, year_digits));
  const int month = ParseDigits(id.substr(6 + year_digits, 2));
  const int day = ParseDigits(id.substr(8 + year_digits, 2));
  if (!IsValidBirthDate(year, month, day)) return Invalid("birth_date");
  if (!legacy) {
    const char last = id[17] == 'x' ? 'X' : id[17];
    if (CitizenIdCheckChar(id.substr(0, 17)) != last) return Invalid("checksum");
  }
  return Check{true, ""};
}

std::optional<std::string> UpgradeCitizenId15(std::string_view id15) {
  if (id15.size() != 15 || !ValidateCitizenId(id15).valid) return std::nullopt;
  std::string id;
  id.reserve(18);
  id.append(id15.substr(0, 6));
  id.append("19");
  id.append(id15.substr(6));
  id += CitizenIdCheckChar(id);
  return id;
}

// Returns "" when the arguments cannot make a valid number (division not six
// digits or not in a known province, impossible date, year outside
// 1800..9999).
std::string GenerateCitizenId(Rng& rng, std::string_view division, int year, int month, int day,
                              bool male) {
  if (division.size() != 6 || !internal::AllDigits(division)) return "";
  if (!IsProvinceCode(internal::ParseDigits(division.substr(0, 2)))) return "";
  if (year > 9999 || !IsValidBirthDate(year, month, day)) return "";

  // Male: odd 001..999; female: even 002..998 (never 000, which looks
  // suspicious in synthetic data).
  const int sequence = male ? 2 * static_cast<int>(internal::RandomBelow(rng, 500)) + 1
                            : 2 * static_cast<int>(internal::RandomBelow(rng, 499)) + 2;
  std::string id(division);
  AppendPadded(id, year, 4);
  AppendPadded(id, month, 2);
  AppendPadded(id, day, 2);
  AppendPadded(id, sequence, 3);
  id += CitizenIdCheckChar(id);
  return id;
}

}  // namespace yungu::identifiers

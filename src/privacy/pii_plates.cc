// Motor vehicle plates (GA 36): a province abbreviation, the issuing office's
// letter, then the serial. Letters I and O are never used (they read as 1
// and 0).
#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"

namespace yungu::privacy::internal {
namespace {

constexpr std::string_view kProvinces =
    "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

bool IsPlateLetter(char c) { return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O'; }
bool IsPlateChar(char c) { return IsAsciiDigit(c) || IsPlateLetter(c); }

bool IsProvince(std::string_view character) {
  for (size_t i = 0; i + 3 <= kProvinces.size(); i += 3) {
    if (kProvinces.substr(i, 3) == character) return true;
  }
  return false;
}

int CountDigits(std::string_view s) {
  int n = 0;
  for (char c : s) n += IsAsciiDigit(c) ? 1 : 0;
  return n;
}

bool AllPlateChars(std::string_view s) {
  for (char c : s) {
    if (!IsPlateChar(c)) return false;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

// New-energy plates: small vehicles put D (electric) or another energy
// letter first, A-K; large vehicles put it last after five digits.
bool IsNewEnergySerial(std::string_view s) {
  auto energy = [](char c) { return c >= 'A' && c <= 'K' && c != 'I'; };
  const bool small = energy(s[0]) && IsPlateChar(s[1]) && AllDigits(s.substr(2));
  const bool large = AllDigits(s.substr(0, 5)) && energy(s[5]);
  return small || large;
}

}  // namespace

bool IsLicencePlate(std::string_view text) {
  if (text.size() < 3 || !IsProvince(text.substr(0, 3))) return false;
  std::string_view rest = text.substr(3);
  if (rest.empty() || !IsPlateLetter(rest[0])) return false;
  rest.remove_prefix(1);
  for (std::string_view separator : {"\xC2\xB7", "-", " "}) {  // middle dot, hyphen, space
    if (rest.starts_with(separator)) {
      rest.remove_prefix(separator.size());
      break;
    }
  }
  if (rest.size() == 5 && AllPlateChars(rest)) {
    // Personalised serials may hold letters, but no more than two.
    return CountDigits(rest) >= 3;
  }
  if (rest.size() == 6 && AllPlateChars(rest)) return IsNewEnergySerial(rest);
  if (rest.size() == 7 && AllPlateChars(rest.substr(0, 4))) {
    // Trailer, learner, police, Hong Kong and Macao crossing, consular.
    for (std::string_view suffix : {"挂", "学", "警", "港", "澳", "领"}) {
      if (rest.substr(4) == suffix) return CountDigits(rest.substr(0, 4)) >= 2;
    }
  }
  return false;
}

}  // namespace yungu::privacy::internal

// Numeric identifiers: which kind a run of digits is, using the exact
// validators of the identifiers module plus the plausibility checks that the
// validators leave out on purpose (assigned mobile segments, card issuer
// prefixes, birth dates not in the future).
#include <string>

#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"
#include "yungu/identifiers/identifiers.h"

namespace yungu::privacy::internal {
namespace {

namespace ids = yungu::identifiers;

int Digits(std::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

// The validator checks the calendar; a real person's ID number also has a
// birth date that is not in the future and not before 1900.
bool HasPlausibleBirth(std::string_view id, const CivilDate& today) {
  const bool legacy = id.size() == 15;
  const CivilDate birth =
      legacy ? CivilDate{1900 + Digits(id.substr(6, 2)), Digits(id.substr(8, 2)),
                         Digits(id.substr(10, 2))}
             : CivilDate{Digits(id.substr(6, 4)), Digits(id.substr(10, 2)),
                         Digits(id.substr(12, 2))};
  return birth.year >= 1900 && birth <= today;
}

bool IsCitizenId(std::string_view id, const CivilDate& today) {
  return ids::ValidateCitizenId(id).valid && HasPlausibleBirth(id, today);
}

bool IsMobile(std::string_view number) {
  return ids::ValidateMobile(number).valid &&
         IsAssignedMobileSegment(number.substr(number.size() - 11));
}

bool IsBankCard(std::string_view digits) {
  return ids::ValidateBankCard(digits).valid && HasCardIssuerPrefix(digits);
}

// Digits of `text` without the spaces and hyphens used to group them;
// empty if anything else is there (other than a leading '+').
std::string StripGrouping(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsAsciiDigit(c) || (c == '+' && i == 0)) {
      out += c;
    } else if (c != ' ' && c != '-') {
      return "";
    }
  }
  return out;
}

bool InRange(std::string_view digits, size_t width, int low, int high) {
  if (digits.size() < width) return false;
  const int prefix = Digits(digits.substr(0, width));
  return prefix >= low && prefix <= high;
}

}  // namespace

bool IsAssignedMobileSegment(std::string_view national) {
  if (national.size() != 11 || national[0] != '1') return false;
  switch (Digits(national.substr(1, 2))) {
    case 40: case 41: case 42: case 43: case 44: case 46: case 48:  // IoT, 13-digit
    case 54: case 60: case 61: case 63: case 64: case 68: case 69:  // never assigned
    case 74: case 79: case 94:  // satellite and unassigned
      return false;
    default:
      return national[1] >= '3';
  }
}

bool HasCardIssuerPrefix(std::string_view digits) {
  if (digits.empty()) return false;
  switch (digits[0]) {
    case '4':  // Visa
      return true;
    case '5':  // Mastercard
      return InRange(digits, 2, 51, 55);
    case '2':  // Mastercard 2-series
      return InRange(digits, 4, 2221, 2720);
    case '3':  // American Express, JCB, Diners Club
      return InRange(digits, 2, 34, 34) || InRange(digits, 2, 37, 37) ||
             InRange(digits, 4, 3528, 3589) || InRange(digits, 3, 300, 305) ||
             InRange(digits, 2, 36, 36) || InRange(digits, 2, 38, 38);
    case '6':  // UnionPay 62, domestic 60, Discover 6011/644-649/65
      return InRange(digits, 2, 60, 60) || InRange(digits, 2, 62, 62) ||
             InRange(digits, 2, 65, 65) || InRange(digits, 3, 644, 649);
    case '9':  // early domestic debit cards (9558 ICBC, 9559 ABC)
      return InRange(digits, 4, 9558, 9559);
    default:
      return false;
  }
}

std::optional<PiiKind> ClassifyDigitRun(std::string_view run, const CivilDate& today) {
  if (run.starts_with('+')) {
    // Only a country code can follow a plus sign.
    return IsMobile(run) ? std::optional(PiiKind::kMobile) : std::nullopt;
  }
  switch (run.size()) {
    case 11:
      return IsMobile(run) ? std::optional(PiiKind::kMobile) : std::nullopt;
    case 13:
      if (run.starts_with("86") && IsMobile(run)) return PiiKind::kMobile;
      break;
    case 15:
      if (IsCitizenId(run, today)) return PiiKind::kCitizenId;
      if (run.starts_with("0086") && IsMobile(run)) return PiiKind::kMobile;
      break;
    case 18:
      if (IsCitizenId(run, today)) return PiiKind::kCitizenId;
      if (auto uscc = ClassifyUscc(run)) return uscc;
      break;
    default:
      break;
  }
  if (run.size() >= 12 && IsBankCard(run)) return PiiKind::kBankCard;
  return std::nullopt;
}

bool IsCitizenIdWithX(std::string_view token, const CivilDate& today) {
  return token.size() == 18 && IsCitizenId(token, today);
}

std::optional<PiiKind> ClassifyUscc(std::string_view token) {
  if (!ids::ValidateUscc(token).valid) return std::nullopt;
  // Registration authority 9 (market regulation), category 2: 个体工商户,
  // a natural person trading under their own name.
  if (token[0] == '9' && token[1] == '2') return PiiKind::kUsccIndividual;
  return PiiKind::kUscc;
}

bool IsFormattedMobile(std::string_view text) {
  const std::string digits = StripGrouping(text);
  return digits.size() >= 11 && IsMobile(digits);
}

bool IsFormattedBankCard(std::string_view text) {
  const std::string digits = StripGrouping(text);
  return !digits.empty() && digits[0] != '+' && IsBankCard(digits);
}

}  // namespace yungu::privacy::internal

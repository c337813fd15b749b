// Mainland China mobile numbers: 11 digits, "1" then 3-9.
//
// Choices: an optional country prefix "+86", "0086" or "86" is accepted;
// "86" only when exactly 11 digits follow, so it cannot eat the start of a
// malformed number. Nothing else is tolerated: spaces, hyphens and brackets
// are "charset" errors (the caller normalises display formats first).
// Reasons in order: charset, length, prefix.

#include <iterator>
#include <string>

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

Check Invalid(const char* reason) { return Check{false, reason}; }

std::string_view StripCountryCode(std::string_view n) {
  if (n.starts_with("+86")) return n.substr(3);
  if (n.starts_with("0086")) return n.substr(4);
  if (n.size() == 13 && n.starts_with("86")) return n.substr(2);
  return n;
}

// Three-digit segments operators actually hand out to subscribers.
constexpr std::string_view kSegments[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145",
    "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166",
    "170", "171", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "184", "185", "186", "187", "188", "189", "191", "195", "198", "199"};

}  // namespace

Check ValidateMobile(std::string_view number) {
  const std::string_view n = StripCountryCode(number);
  if (n.empty()) return Invalid("length");
  for (char c : n) {
    if (!internal::IsDigit(c)) return Invalid("charset");
  }
  if (n.size() != 11) return Invalid("length");
  if (n[0] != '1' || n[1] < '3') return Invalid("prefix");
  return Check{true, ""};
}

std::string GenerateMobile(Rng& rng) {
  std::string number(kSegments[internal::RandomBelow(rng, std::size(kSegments))]);
  for (int i = 0; i < 8; ++i) number += internal::RandomDigit(rng);
  return number;
}

}  // namespace yungu::identifiers

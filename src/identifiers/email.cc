// E-mail addresses in the form people actually write them: local@domain.
//
// Choices: the local part is dot-atom text (RFC 5322 without quoted strings
// or comments, which public records never hold); the domain has at least two
// labels of letters, digits and hyphens, none starting or ending with a
// hyphen, and a final label of letters only. Non-ASCII is a charset error
// (internationalised addresses are rare here and better flagged than guessed).
// Reasons in order: length, charset, local_part, domain.

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

Check Invalid(const char* reason) { return Check{false, reason}; }

bool IsAtext(char c) {
  if (internal::IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return kSpecials.find(c) != std::string_view::npos;
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool ValidLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!IsLetter(c) && !internal::IsDigit(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

Check ValidateEmail(std::string_view address) {
  if (address.size() < 6 || address.size() > 254) return Invalid("length");
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f) return Invalid("charset");
  }
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) return Invalid("local_part");
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return Invalid("local_part");
  }
  for (char c : local) {
    if (c != '.' && !IsAtext(c)) return Invalid("local_part");
  }
  size_t labels = 0;
  std::string_view last;
  while (true) {
    const size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (!ValidLabel(label)) return Invalid("domain");
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  if (labels < 2 || last.size() < 2) return Invalid("domain");
  for (char c : last) {
    if (!IsLetter(c)) return Invalid("domain");
  }
  return Check{true, ""};
}

}  // namespace yungu::identifiers

#include "ingest/value_syntax.h"

namespace yungu::ingest::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads digits at s[pos]; returns how many.
size_t SkipDigits(std::string_view s, size_t& pos) {
  size_t start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  return pos - start;
}

bool EqualsIgnoreAsciiCase(std::string_view s, std::string_view lower_word) {
  if (s.size() != lower_word.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_word[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view TrimBlank(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

bool IsIntegerSyntax(std::string_view s, bool strict_zeros) {
  size_t pos = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
  size_t start = pos;
  size_t n = SkipDigits(s, pos);
  if (n == 0 || pos != s.size()) return false;
  return !(strict_zeros && n > 1 && s[start] == '0');
}

bool IsDecimalSyntax(std::string_view s, bool strict_zeros, bool require_point_or_exp) {
  size_t pos = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
  size_t int_start = pos;
  size_t int_digits = SkipDigits(s, pos);
  if (int_digits == 0) return false;
  if (strict_zeros && int_digits > 1 && s[int_start] == '0') return false;
  bool decorated = false;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    if (SkipDigits(s, pos) == 0) return false;
    decorated = true;
  }
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
    if (SkipDigits(s, pos) == 0) return false;
    decorated = true;
  }
  if (pos != s.size()) return false;
  return decorated || !require_point_or_exp;
}

std::optional<bool> ParseBooleanWord(std::string_view s, bool allow_digits) {
  switch (s.size()) {
    case 1:
      if (!allow_digits) return std::nullopt;
      if (s[0] == '1') return true;
      if (s[0] == '0') return false;
      return std::nullopt;
    case 2:
      if (EqualsIgnoreAsciiCase(s, "no")) return false;
      return std::nullopt;
    case 3:
      if (s == "\xE6\x98\xAF") return true;   // 是
      if (s == "\xE5\x90\xA6") return false;  // 否
      if (EqualsIgnoreAsciiCase(s, "yes")) return true;
      return std::nullopt;
    case 4:
      if (EqualsIgnoreAsciiCase(s, "true")) return true;
      return std::nullopt;
    case 5:
      if (EqualsIgnoreAsciiCase(s, "false")) return false;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace yungu::ingest::internal

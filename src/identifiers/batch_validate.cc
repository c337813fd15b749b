// ValidateLines: the line-oriented checker behind `yungu validate`.
//
// Choices beyond the header: spaces, tabs and '\r' are trimmed from both
// ends; a UTF-8 byte order mark before the first line is dropped (files saved
// by spreadsheet programs start with one); lines that are empty after
// trimming are skipped, producing no output and not counting as invalid.

#include <string>

#include "identifiers/internal.h"

namespace yungu::identifiers {
namespace {

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r";
  const size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  const size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

}  // namespace

int64_t ValidateLines(Kind kind, std::istream& in, std::ostream& out) {
  int64_t invalid = 0;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    std::string_view raw = line;
    if (first && raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
    first = false;
    const std::string_view value = Trim(raw);
    if (value.empty()) continue;
    const Check check = Validate(kind, value);
    out << value << '\t';
    if (check.valid) {
      out << "valid\n";
    } else {
      out << "invalid:" << check.reason << '\n';
      ++invalid;
    }
  }
  return invalid;
}

}  // namespace yungu::identifiers

// A remote organization's name as a local department code.
#include <cstdio>

#include "harvest/fingerprint.h"
#include "yungu/harvest/harvest.h"

namespace yungu::harvest {
namespace {

constexpr size_t kMaxCode = 32;
constexpr size_t kKeptWhenLong = kMaxCode - 9;  // room for '-' and 8 hex digits

bool Allowed(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string Hex8(std::string_view text) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(Fingerprint(text) & 0xFFFFFFFFu));
  return buf;
}

}  // namespace

std::string DepartmentCode(std::string_view name) {
  std::string code;
  bool usable = false;
  for (char c : name) {
    if (Allowed(c)) {
      code.push_back(c);
      usable = usable || c != '-';
    } else if (!code.empty() && code.back() != '-') {
      code.push_back('-');
    }
  }
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (!usable) return "org-" + Hex8(name);
  if (code.size() > kMaxCode) code = code.substr(0, kKeptWhenLong) + "-" + Hex8(name);
  return code;
}

}  // namespace yungu::harvest

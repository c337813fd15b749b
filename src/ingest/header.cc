#include "ingest/header.h"

#include <string_view>
#include <unordered_map>

#include "ingest/utf8.h"

namespace yungu::ingest::internal {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

std::string_view Trim(std::string_view s) {
  for (;;) {
    size_t before = s.size();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    }
    if (s.substr(0, 3) == kIdeographicSpace) s.remove_prefix(3);
    if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) s.remove_suffix(3);
    if (s.size() == before) return s;
  }
}

Status BadHeader(std::string message) { return InvalidArgument("ingest.bad_header", std::move(message)); }

}  // namespace

Status NormalizeHeader(std::vector<std::string>& names) {
  if (names.empty()) return BadHeader("the header row has no columns");
  std::unordered_map<std::string_view, size_t> seen;
  seen.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    std::string_view trimmed = Trim(names[i]);
    if (trimmed.size() != names[i].size()) names[i] = std::string(trimmed);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    std::string col = "column " + std::to_string(i + 1);
    if (names[i].empty()) return BadHeader(col + " has an empty name in the header row");
    if (!IsValidUtf8(names[i])) return BadHeader(col + " has a name that is not valid text (bad encoding)");
    auto [it, inserted] = seen.emplace(names[i], i);
    if (!inserted) {
      return BadHeader("duplicate column name '" + names[i] + "' (columns " + std::to_string(it->second + 1) + " and " +
                       std::to_string(i + 1) + ")");
    }
  }
  return Status::Ok();
}

std::vector<std::string> GeneratedHeader(size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back("column_" + std::to_string(i + 1));
  return out;
}

}  // namespace yungu::ingest::internal

#include "server/router.h"

namespace yungu::server {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool IsPlaceholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchPattern(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                  std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (!IsPlaceholder(pattern[i]) && pattern[i] != path[i]) return false;
  }
  params.clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsPlaceholder(pattern[i])) params[pattern[i].substr(1, pattern[i].size() - 2)] = std::string(path[i]);
  }
  return true;
}

}  // namespace

void Router::Add(Route route) {
  std::vector<std::string> segments;
  for (auto part : Segments(route.pattern)) segments.emplace_back(part);
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params) const {
  Match m;
  const auto parts = Segments(path);
  std::map<std::string, std::string> p;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (!MatchPattern(segments_[i], parts, p)) continue;
    m.path_known = true;
    m.allowed += (m.allowed.empty() ? "" : ", ") + r.method;
    if (r.method == method) {
      m.route = &r;
      params = std::move(p);
      return m;
    }
  }
  return m;
}

}  // namespace yungu::server

// Naming a source: its type, the form kept in harvest_source.
#include "yungu/harvest/harvest.h"

namespace yungu::harvest {
namespace {

std::string_view PathOf(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (start == std::string_view::npos) return {};
  std::string_view path = url.substr(start);
  return path.substr(0, path.find_first_of("?#"));
}

}  // namespace

std::string_view SourceTypeName(SourceType type) { return type == SourceType::kCkan ? "ckan" : "dcat"; }

std::optional<SourceType> ParseSourceType(std::string_view name) {
  if (name == "ckan") return SourceType::kCkan;
  if (name == "dcat") return SourceType::kDcat;
  return std::nullopt;
}

SourceType GuessSourceType(std::string_view url) {
  std::string_view path = PathOf(url);
  for (std::string_view ext : {".ttl", ".rdf", ".xml", ".jsonld", ".json"}) {
    if (path.ends_with(ext)) return SourceType::kDcat;
  }
  return SourceType::kCkan;
}

Result<std::string> NormalizeSource(std::string_view text, SourceType type) {
  YG_ASSIGN_OR_RETURN(Url url, ParseUrl(text));
  std::string path = url.target.substr(0, url.target.find('?'));
  std::string query = url.target.size() > path.size() ? url.target.substr(path.size()) : "";
  if (type == SourceType::kCkan) {
    // The portal's root: the API's own addresses name the same portal.
    query.clear();
    if (size_t api = path.find("/api/3"); api != std::string::npos) {
      std::string rest = path.substr(api + 6);
      if (rest.empty() || rest == "/" || rest.rfind("/action", 0) == 0) path.resize(api);
    }
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  return url.Origin() + path + query;
}

}  // namespace yungu::harvest

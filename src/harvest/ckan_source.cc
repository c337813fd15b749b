// Paging through a CKAN portal's package_search.
#include "harvest/ckan_source.h"

#include "yungu/core/percent_encoding.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

constexpr int64_t kRowsPerPage = 100;
// Far beyond any portal, but a broken one that never ends a listing must
// not keep the harvester busy forever.
constexpr int64_t kMaxPages = 100000;

bool HasZone(std::string_view timestamp) {
  if (timestamp.size() <= 19) return false;
  std::string_view tail = timestamp.substr(19);
  return tail.find_first_of("Z+-") != std::string_view::npos;
}

std::string SearchUrl(const std::string& root, const std::string& since, int64_t start) {
  std::string url = root + "/api/3/action/package_search?q=" + PercentEncode("*:*");
  if (!since.empty()) url += "&fq=" + PercentEncode(ModifiedSinceFilter(since));
  url += "&sort=" + PercentEncode("metadata_modified asc");
  url += "&rows=" + std::to_string(kRowsPerPage) + "&start=" + std::to_string(start);
  url += "&include_private=true&facet=false";
  return url;
}

}  // namespace

std::string ModifiedSinceFilter(std::string_view since) {
  std::string from(since);
  if (!HasZone(from)) from += "Z";  // Solr takes UTC timestamps with their Z
  return "metadata_modified:[" + from + " TO *]";
}

Status ListCkanPackages(HttpClient& http, const std::string& root, const std::string& token, const std::string& since,
                        const RemoteVisitor& visit) {
  std::vector<std::pair<std::string, std::string>> headers = {{"Accept", "application/json"}};
  if (!token.empty()) headers.emplace_back("Authorization", token);
  int64_t start = 0;
  for (int64_t page = 0; page < kMaxPages; ++page) {
    YG_ASSIGN_OR_RETURN(HttpResponse response, http.Get(SearchUrl(root, since, start), headers));
    YG_ASSIGN_OR_RETURN(json result, ActionResult(response));
    if (!result.is_object() || !result.contains("results") || !result["results"].is_array()) {
      return InvalidArgument("harvest.bad_response", response.url + ": package_search's result has no results list");
    }
    json& results = result["results"];
    for (auto& package : results) {
      if (!package.is_object()) {
        return InvalidArgument("harvest.bad_response", response.url + ": a search result is not a package dict");
      }
      YG_RETURN_IF_ERROR(visit(FromPackage(std::move(package))));
    }
    start += static_cast<int64_t>(results.size());
    int64_t count = result.contains("count") && result["count"].is_number_integer() ? result["count"].get<int64_t>() : 0;
    if (results.empty() || start >= count) return Status::Ok();
  }
  return FailedPrecondition("harvest.bad_response", root + ": package_search did not end after " +
                                                        std::to_string(kMaxPages) + " pages");
}

}  // namespace yungu::harvest

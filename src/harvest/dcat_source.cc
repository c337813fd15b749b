// Walking a DCAT catalog page by page.
#include "harvest/dcat_source.h"

#include <set>

#include "harvest/dcat_mapping.h"

namespace yungu::harvest {
namespace {

constexpr int kMaxPages = 10000;
constexpr const char* kAccept =
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/xml;q=0.5";

}  // namespace

Result<RdfSyntax> DocumentSyntax(const HttpResponse& response) {
  if (auto syntax = SyntaxFromContentType(response.content_type)) return *syntax;
  if (auto syntax = SyntaxFromUrl(response.url)) return *syntax;
  return Unsupported("harvest.unknown_syntax",
                     response.url + " is no catalog in Turtle, RDF/XML or JSON-LD (Content-Type " +
                         (response.content_type.empty() ? std::string("none") : response.content_type) + ")");
}

Status ListDcatDatasets(HttpClient& http, const std::string& url, const std::string& token,
                        const RemoteVisitor& visit) {
  std::vector<std::pair<std::string, std::string>> headers = {{"Accept", kAccept}};
  // Yungu's catalog takes only Bearer tokens outside its CKAN API.
  if (!token.empty()) headers.emplace_back("Authorization", token.find(' ') == std::string::npos ? "Bearer " + token : token);
  std::set<std::string> seen;
  std::string next = url;
  for (int page = 0; page < kMaxPages && seen.insert(next).second; ++page) {
    YG_ASSIGN_OR_RETURN(HttpResponse response, http.Get(next, headers));
    if (response.status < 200 || response.status > 299) {
      return IoError("harvest.http_status", response.url + " answered HTTP " + std::to_string(response.status) +
                                                (response.content_type.empty() ? "" : " (" + response.content_type + ")"));
    }
    YG_ASSIGN_OR_RETURN(RdfSyntax syntax, DocumentSyntax(response));
    YG_ASSIGN_OR_RETURN(RdfGraph graph, ParseRdf(response.body, syntax, response.url));
    for (auto& remote : DcatDatasets(graph)) YG_RETURN_IF_ERROR(visit(std::move(remote)));
    auto following = NextPage(graph);
    if (!following) return Status::Ok();
    auto base = ParseUrl(response.url);
    if (!base.ok()) return base.status();
    YG_ASSIGN_OR_RETURN(Url resolved, ResolveUrl(*base, *following));
    next = resolved.ToString();
  }
  return Status::Ok();
}

}  // namespace yungu::harvest

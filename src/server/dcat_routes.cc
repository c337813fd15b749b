// DCAT-AP exports of the catalog, at ckanext-dcat's addresses:
// /catalog.{jsonld,ttl,rdf}?page=N&q=... and /dataset/{id}.{jsonld,ttl,rdf}.
// Only what the caller may see is exported.
#include <cctype>

#include "server/access_util.h"
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/core/percent_encoding.h"
#include "yungu/dcat/dcat.h"

namespace yungu::server {
namespace {

using nlohmann::json;

// CatalogService::Search pages at most 100 entries deep into offset 100000.
constexpr int64_t kMaxPage = 100000 / dcat::kDatasetsPerPage + 1;

constexpr dcat::Syntax kSyntaxes[] = {dcat::Syntax::kJsonLd, dcat::Syntax::kTurtle, dcat::Syntax::kRdfXml};

const char* CatalogSummary(dcat::Syntax syntax) {
  switch (syntax) {
    case dcat::Syntax::kJsonLd:
      return "The catalog as DCAT-AP 3.0 in JSON-LD, 100 datasets a page";
    case dcat::Syntax::kTurtle:
      return "The catalog as DCAT-AP 3.0 in Turtle, 100 datasets a page";
    case dcat::Syntax::kRdfXml:
      return "The catalog as DCAT-AP 3.0 in RDF/XML, 100 datasets a page";
  }
  return "";
}
constexpr char kDatasetSummary[] =
    "A dataset as DCAT-AP 3.0: {id}.jsonld, {id}.ttl or {id}.rdf (without an extension, by the Accept header)";

Result<int64_t> PageParam(const Request& req) {
  auto it = req.query.find("page");
  if (it == req.query.end()) return 1;
  const std::string& text = it->second;
  int64_t page = 0;
  bool ok = !text.empty() && text.size() <= 6;
  for (char c : text) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) page = page * 10 + (c - '0');
  }
  if (!ok || page < 1 || page > kMaxPage) {
    return InvalidArgument("dcat.bad_page", "page must be a whole number from 1 to " + std::to_string(kMaxPage));
  }
  return page;
}

// The syntax a client without an extension asks for: the first of ours its
// Accept header names, else JSON-LD.
dcat::Syntax Negotiate(const Request& req) {
  const std::string accept = req.Header("accept");
  size_t best = std::string::npos;
  dcat::Syntax chosen = dcat::Syntax::kJsonLd;
  for (dcat::Syntax s : kSyntaxes) {
    std::string_view type = dcat::ContentTypeOf(s);
    type = type.substr(0, type.find(';'));
    size_t at = accept.find(type);
    if (at < best) {
      best = at;
      chosen = s;
    }
  }
  return chosen;
}

Response Document(const dcat::Graph& graph, dcat::Syntax syntax) {
  Response r;
  r.content_type = std::string(dcat::ContentTypeOf(syntax));
  r.body = dcat::Write(graph, syntax);
  return r;
}

Result<Response> CatalogDocument(ApiContext& ctx, Request& req, dcat::Syntax syntax) {
  YG_RETURN_IF_ERROR(OnlyParams(req, {"page", "q"}));
  YG_ASSIGN_OR_RETURN(int64_t page, PageParam(req));
  std::map<std::string, std::string> search = {{"limit", std::to_string(dcat::kDatasetsPerPage)},
                                               {"offset", std::to_string((page - 1) * dcat::kDatasetsPerPage)}};
  const std::string site = SiteUrl(ctx, req);
  std::string collection = site + "/catalog." + std::string(dcat::ExtensionOf(syntax));
  if (auto q = req.query.find("q"); q != req.query.end() && !q->second.empty()) {
    search["q"] = q->second;
    collection += "?q=" + PercentEncode(q->second);
  }
  YG_ASSIGN_OR_RETURN(auto found,
                      ctx.services.catalog->Search(search, ctx.services.policy->CatalogVisibilityFor(req.principal)));
  YG_ASSIGN_OR_RETURN(auto departments, ctx.services.store->ListDepartments());
  dcat::CatalogExport c;
  c.site = site;
  c.datasets = std::move(found.datasets);
  c.departments = std::move(departments);
  c.paging.page = page;
  c.paging.total = found.total;
  c.paging.collection_url = std::move(collection);
  return Document(dcat::CatalogGraph(c), syntax);
}

// /dataset/{id}: the router matches whole segments, so the extension is
// split off here (ids never hold a dot).
Result<Response> DatasetDocument(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(OnlyParams(req, {}));
  std::string id = req.path_params["id"];
  dcat::Syntax syntax = Negotiate(req);
  bool negotiated = true;
  if (size_t dot = id.rfind('.'); dot != std::string::npos) {
    auto by_extension = dcat::SyntaxForExtension(std::string_view(id).substr(dot + 1));
    if (!by_extension) return NotFound("http.not_found", "no such endpoint: " + req.path.substr(0, 200));
    syntax = *by_extension;
    negotiated = false;
    id.resize(dot);
  }
  YG_ASSIGN_OR_RETURN(auto meta, VisibleDataset(ctx, req, id));
  auto department = ctx.services.store->GetDepartment(meta.department);
  const model::Department* provider = department.ok() ? &department.value() : nullptr;
  Response r = Document(dcat::DatasetGraph(SiteUrl(ctx, req), meta, provider), syntax);
  if (negotiated) r.headers.emplace_back("Vary", "Accept");
  return r;
}

json ErrorContent(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json RdfContent(std::initializer_list<dcat::Syntax> syntaxes) {
  json content = json::object();
  for (dcat::Syntax s : syntaxes) {
    std::string_view type = dcat::ContentTypeOf(s);
    content[std::string(type.substr(0, type.find(';')))] = {{"schema", {{"type", "string"}}}};
  }
  return content;
}

}  // namespace

void RegisterDcatRoutes(Router& router, ApiContext& ctx) {
  auto get = [&router](std::string pattern, Handler handler, std::string summary) {
    Route route;
    route.method = "GET";
    route.pattern = std::move(pattern);
    route.handler = std::move(handler);
    route.summary = std::move(summary);
    router.Add(std::move(route));
  };
  for (dcat::Syntax syntax : kSyntaxes) {
    get("/catalog." + std::string(dcat::ExtensionOf(syntax)),
        [&ctx, syntax](Request& req) { return CatalogDocument(ctx, req, syntax); }, CatalogSummary(syntax));
  }
  get("/dataset/{id}", [&ctx](Request& req) { return DatasetDocument(ctx, req); }, kDatasetSummary);
}

void AddDcatOpenApiPaths(json& paths) {
  for (dcat::Syntax syntax : kSyntaxes) {
    json op = {{"summary", CatalogSummary(syntax)},
               {"parameters",
                {{{"name", "page"},
                  {"in", "query"},
                  {"required", false},
                  {"description", "1-based page of 100 datasets (default 1); others are linked with hydra:nextPage"},
                  {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxPage}}}},
                 {{"name", "q"},
                  {"in", "query"},
                  {"required", false},
                  {"description", "full-text query, Chinese or English"},
                  {"schema", {{"type", "string"}}}}}},
               {"responses",
                {{"200", {{"description", "success"}, {"content", RdfContent({syntax})}}},
                 {"400", ErrorContent("error 400: dcat.bad_page, http.unknown_parameter")}}}};
    paths["/catalog." + std::string(dcat::ExtensionOf(syntax))]["get"] = op;
  }
  paths["/dataset/{id}"]["get"] = {
      {"summary", kDatasetSummary},
      {"parameters",
       {{{"name", "id"},
         {"in", "path"},
         {"required", true},
         {"description", "dataset id, with .jsonld, .ttl or .rdf"},
         {"schema", {{"type", "string"}}}}}},
      {"responses",
       {{"200", {{"description", "success"}, {"content", RdfContent({kSyntaxes[0], kSyntaxes[1], kSyntaxes[2]})}}},
        {"404", ErrorContent("error 404: catalog.dataset_not_found, or http.not_found for another extension")}}}};
}

}  // namespace yungu::server

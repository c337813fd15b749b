// The API's routes, registered explicitly from one place.
#pragma once

#include <optional>

#include "server/metrics.h"
#include "server/response_cache.h"
#include "server/router.h"
#include "server/search_indexer.h"
#include "server/usage_counter.h"
#include "yungu/server/server.h"

namespace yungu::server {

struct ApiContext {
  Services services;
  ServerOptions options;
  Metrics* metrics = nullptr;
  const Router* router = nullptr;
  SearchIndexer* indexer = nullptr;
  ResponseCache* responses = nullptr;
  UsageCounter* usage = nullptr;  // reads and downloads per dataset
};

void RegisterSystemRoutes(Router& router, ApiContext& ctx);   // health, metrics, openapi, themes
void RegisterCatalogRoutes(Router& router, ApiContext& ctx);  // departments, datasets, versions
void RegisterIngestRoutes(Router& router, ApiContext& ctx);   // uploads
void RegisterQueryRoutes(Router& router, ApiContext& ctx);    // query, export
void RegisterAuthRoutes(Router& router, ApiContext& ctx);     // login, users, tokens, app keys
void RegisterWorkflowRoutes(Router& router, ApiContext& ctx); // applications, grants, inbox
void RegisterAuditRoutes(Router& router, ApiContext& ctx);    // trace search, tree heads, proofs
// quality and discovery reports, release checks, anonymisation
void RegisterGovernanceRoutes(Router& router, ApiContext& ctx);
// data elements (一数一源) and verification, open-rate statistics, pseudonym keys
void RegisterSourceRoutes(Router& router, ApiContext& ctx);
// CKAN's Action API (v3) and DataStore over the catalog and the data
void RegisterCkanRoutes(Router& router, ApiContext& ctx);
// DCAT-AP exports of the catalog (JSON-LD, Turtle, RDF/XML)
void RegisterDcatRoutes(Router& router, ApiContext& ctx);

// Sets req.principal from the request's credentials (session cookie with its
// CSRF header, API token, app key, or none) and applies rate limits. Returns
// the refusal (401, 403, 429 with Retry-After) when the request must stop.
std::optional<Response> Authenticate(ApiContext& ctx, Request& req);

// The OpenAPI 3 document describing every registered route.
nlohmann::json OpenApiDocument();
// Their parts of the document, beside the routes they describe.
void AddCkanOpenApiPaths(nlohmann::json& paths);
void AddDcatOpenApiPaths(nlohmann::json& paths);

// The hub's address as clients see it: the configured public URL, else
// http://<Host header>; no trailing slash.
std::string SiteUrl(const ApiContext& ctx, const Request& req);

}  // namespace yungu::server

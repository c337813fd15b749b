// The API's routes, registered explicitly from one place.
#pragma once

#include "server/metrics.h"
#include "server/response_cache.h"
#include "server/router.h"
#include "server/search_indexer.h"
#include "yungu/server/server.h"

namespace yungu::server {

struct ApiContext {
  Services services;
  ServerOptions options;
  Metrics* metrics = nullptr;
  const Router* router = nullptr;
  SearchIndexer* indexer = nullptr;
  ResponseCache* responses = nullptr;
};

void RegisterSystemRoutes(Router& router, ApiContext& ctx);   // health, metrics, openapi, themes
void RegisterCatalogRoutes(Router& router, ApiContext& ctx);  // departments, datasets, versions
void RegisterIngestRoutes(Router& router, ApiContext& ctx);   // uploads
void RegisterQueryRoutes(Router& router, ApiContext& ctx);    // query, export

// The OpenAPI 3 document describing every registered route.
nlohmann::json OpenApiDocument();

}  // namespace yungu::server

// Health, metrics, the OpenAPI document and the theme list.
#include "server/api.h"
#include "server/handler_util.h"

namespace yungu::server {

void RegisterSystemRoutes(Router& router, ApiContext& ctx) {
  router.Add({"GET", "/api/v1/health", BodyKind::kNone,
              [&ctx](Request&) -> Result<Response> {
                auto depts = ctx.services.store->ListDepartments();
                if (!depts.ok()) return depts.status();
                nlohmann::json body = {{"status", "ok"}, {"store", std::string(ctx.services.store->kind())},
                                       {"version", "0.1.0"}};
                if (auto r = ctx.services.store->replica(); r.configured) {
                  body["replica"] = {{"in_use", r.in_use},           {"reachable", r.reachable},
                                     {"lag_ms", r.lag_ms},           {"lag_bytes", r.lag_bytes},
                                     {"max_lag_ms", r.max_lag_ms},   {"reads_served", r.reads_served},
                                     {"fallbacks", r.fallbacks}};
                }
                return Response::Json(body);
              },
              "Health check"});
  router.Add({"GET", "/metrics", BodyKind::kNone,
              [&ctx](Request&) -> Result<Response> {
                Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = ctx.metrics->Render(ctx.services.query->total_cache_hits());
                r.body += "# HELP yungu_query_response_cache_hits_total Query answers served from memory.\n"
                          "# TYPE yungu_query_response_cache_hits_total counter\n"
                          "yungu_query_response_cache_hits_total " + std::to_string(ctx.responses->hits()) + "\n";
                if (auto rep = ctx.services.store->replica(); rep.configured) {
                  r.body += "# HELP yungu_replica_lag_seconds How stale the read replica's answers can be.\n"
                            "# TYPE yungu_replica_lag_seconds gauge\n"
                            "yungu_replica_lag_seconds " + std::to_string(rep.lag_ms / 1000.0) + "\n"
                            "# HELP yungu_replica_in_use Whether reads go to the replica now.\n"
                            "# TYPE yungu_replica_in_use gauge\n"
                            "yungu_replica_in_use " + std::string(rep.in_use ? "1" : "0") + "\n"
                            "# HELP yungu_replica_reads_total Reads the replica answered.\n"
                            "# TYPE yungu_replica_reads_total counter\n"
                            "yungu_replica_reads_total " + std::to_string(rep.reads_served) + "\n"
                            "# HELP yungu_replica_fallbacks_total Reads the replica failed that the primary answered.\n"
                            "# TYPE yungu_replica_fallbacks_total counter\n"
                            "yungu_replica_fallbacks_total " + std::to_string(rep.fallbacks) + "\n";
                }
                r.body += "# HELP yungu_query_response_cache_misses_total Query answers computed.\n"
                          "# TYPE yungu_query_response_cache_misses_total counter\n"
                          "yungu_query_response_cache_misses_total " + std::to_string(ctx.responses->misses()) + "\n";
                return r;
              },
              "Prometheus metrics"});
  router.Add({"GET", "/api/v1/openapi.json", BodyKind::kNone,
              [](Request&) -> Result<Response> { return Response::Json(OpenApiDocument()); },
              "This API's OpenAPI 3 document"});
  router.Add({"GET", "/api/v1/themes", BodyKind::kNone,
              [](Request&) -> Result<Response> {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& t : model::Themes()) {
                  out.push_back({{"key", t.key}, {"label", t.label_zh}, {"label_en", t.label_en}});
                }
                return Response::Json({{"themes", out}});
              },
              "The catalog's themes (主题)"});
}

}  // namespace yungu::server

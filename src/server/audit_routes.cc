// Routes of the audit API (filled in with the audit service).
#include "server/api.h"

namespace yungu::server {

void RegisterAuditRoutes(Router& router, ApiContext& ctx) {}

}  // namespace yungu::server

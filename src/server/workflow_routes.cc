// Routes of the workflow API (filled in with the workflow service).
#include "server/api.h"

namespace yungu::server {

void RegisterWorkflowRoutes(Router& router, ApiContext& ctx) {}

}  // namespace yungu::server

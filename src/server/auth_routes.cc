// Routes of the auth API (filled in with the auth service).
#include "server/api.h"

namespace yungu::server {

void RegisterAuthRoutes(Router& router, ApiContext& ctx) {}

}  // namespace yungu::server

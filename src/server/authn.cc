// Authentication of every request (see Authenticate in api.h).
#include "server/api.h"

namespace yungu::server {

std::optional<Response> Authenticate(ApiContext& ctx, Request& req) {
  req.principal = access::Principal::Anonymous(req.client_address);
  return std::nullopt;
}

}  // namespace yungu::server

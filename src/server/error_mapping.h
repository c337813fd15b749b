// The one place where a Status becomes an HTTP status and error body.
#pragma once

#include "server/http_message.h"

namespace yungu::server {

int HttpStatusFor(const Status& status);

// {"error": {"status", "code", "message", "request_id"}}
Response ErrorResponse(const Status& status, const std::string& request_id);

}  // namespace yungu::server

#include "server/error_mapping.h"

namespace yungu::server {

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists:
    case Code::kConflict:
    case Code::kFailedPrecondition: return 409;
    case Code::kPayloadTooLarge: return status.error_code() == "http.header_too_large" ? 431 : 413;
    case Code::kUnsupported: return 415;
    case Code::kResourceExhausted: return status.error_code() == "storage.busy" ? 503 : 429;
    case Code::kTimeout: return 503;
    case Code::kIoError:
    case Code::kCorruption:
    case Code::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status, const std::string& request_id) {
  int http = HttpStatusFor(status);
  std::string message = status.message();
  // Internal details (SQL text, paths) stay in the server log.
  if (http >= 500) message = "the server could not complete the request (request id " + request_id + ")";
  Response r = Response::Json({{"error",
                                {{"status", http},
                                 {"code", status.error_code().empty() ? std::string(CodeName(status.code()))
                                                                      : status.error_code()},
                                 {"message", message},
                                 {"request_id", request_id}}}},
                              http);
  r.error_code = status.error_code();
  if (http == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

}  // namespace yungu::server

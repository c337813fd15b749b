#include "yungu/core/status.h"

namespace yungu {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kAlreadyExists: return "already_exists";
    case Code::kConflict: return "conflict";
    case Code::kFailedPrecondition: return "failed_precondition";
    case Code::kPayloadTooLarge: return "payload_too_large";
    case Code::kUnsupported: return "unsupported";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kResourceExhausted: return "resource_exhausted";
    case Code::kTimeout: return "timeout";
    case Code::kIoError: return "io_error";
    case Code::kCorruption: return "corruption";
    case Code::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(error_code_);
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message(context);
  message += ": ";
  message += message_;
  return Status(code_, error_code_, std::move(message));
}

#define YG_STATUS_FACTORY(Name, CodeValue)                          \
  Status Name(std::string error_code, std::string message) {        \
    return Status(CodeValue, std::move(error_code), std::move(message)); \
  }
YG_STATUS_FACTORY(InvalidArgument, Code::kInvalidArgument)
YG_STATUS_FACTORY(NotFound, Code::kNotFound)
YG_STATUS_FACTORY(AlreadyExists, Code::kAlreadyExists)
YG_STATUS_FACTORY(Conflict, Code::kConflict)
YG_STATUS_FACTORY(FailedPrecondition, Code::kFailedPrecondition)
YG_STATUS_FACTORY(PayloadTooLarge, Code::kPayloadTooLarge)
YG_STATUS_FACTORY(Unsupported, Code::kUnsupported)
YG_STATUS_FACTORY(Unauthenticated, Code::kUnauthenticated)
YG_STATUS_FACTORY(PermissionDenied, Code::kPermissionDenied)
YG_STATUS_FACTORY(ResourceExhausted, Code::kResourceExhausted)
YG_STATUS_FACTORY(IoError, Code::kIoError)
YG_STATUS_FACTORY(Corruption, Code::kCorruption)
YG_STATUS_FACTORY(Internal, Code::kInternal)
#undef YG_STATUS_FACTORY

}  // namespace yungu

// Status: the one error type that crosses module borders.
//
// A Status carries a closed category (Code), a stable machine-readable error
// code such as "csv.unterminated_quote" that API clients may branch on, and a
// human message. Callers branch on code() or error_code(), never on message().
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace yungu {

enum class Code {
  kOk = 0,
  kInvalidArgument,     // the caller sent something malformed
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // a create collided with an existing thing
  kConflict,            // the request conflicts with current state
  kFailedPrecondition,  // state does not allow the operation now
  kPayloadTooLarge,     // a size limit was exceeded
  kUnsupported,         // a format or feature this build does not handle
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,   // quota, rate or capacity exhausted
  kTimeout,
  kIoError,             // the disk or the network failed
  kCorruption,          // stored data failed a consistency check
  kInternal,            // a bug: something that should be impossible
};

std::string_view CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string error_code, std::string message)
      : code_(code), error_code_(std::move(error_code)), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // Stable dotted identifier, e.g. "query.unknown_field". Empty when ok().
  const std::string& error_code() const { return error_code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  // Returns a copy whose message is prefixed with context ("line 12: ...").
  Status WithContext(std::string_view context) const;

 private:
  Code code_ = Code::kOk;
  std::string error_code_;
  std::string message_;
};

// Shorthands for the common categories.
Status InvalidArgument(std::string error_code, std::string message);
Status NotFound(std::string error_code, std::string message);
Status AlreadyExists(std::string error_code, std::string message);
Status Conflict(std::string error_code, std::string message);
Status FailedPrecondition(std::string error_code, std::string message);
Status PayloadTooLarge(std::string error_code, std::string message);
Status Unsupported(std::string error_code, std::string message);
Status Unauthenticated(std::string error_code, std::string message);
Status PermissionDenied(std::string error_code, std::string message);
Status ResourceExhausted(std::string error_code, std::string message);
Status IoError(std::string error_code, std::string message);
Status Corruption(std::string error_code, std::string message);
Status Internal(std::string error_code, std::string message);

}  // namespace yungu

// Propagates a non-ok Status from an expression returning Status.
#define YG_RETURN_IF_ERROR(expr)                 \
  do {                                           \
    ::yungu::Status yg_status_ = (expr);         \
    if (!yg_status_.ok()) return yg_status_;     \
  } while (0)

#define YG_CONCAT_INNER(a, b) a##b
#define YG_CONCAT(a, b) YG_CONCAT_INNER(a, b)

// Declares `lhs` from a Result<T> expression, or returns its Status.
#define YG_ASSIGN_OR_RETURN(lhs, expr) \
  YG_ASSIGN_OR_RETURN_IMPL(YG_CONCAT(yg_result_, __LINE__), lhs, expr)
#define YG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

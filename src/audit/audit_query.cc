// Search conditions from URL or command-line parameters.
#include <charconv>

#include "yungu/audit/audit_time.h"
#include "yungu/audit/audit_trail.h"

namespace yungu::audit {
namespace {

constexpr size_t kMaxValueBytes = 256;

Result<int64_t> Integer(const std::string& name, const std::string& text, int64_t min, int64_t max) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return InvalidArgument("audit.bad_parameter", "'" + name + "' must be an integer from " + std::to_string(min) +
                                                      " to " + std::to_string(max));
  }
  return v;
}

}  // namespace

Result<AuditQuery> AuditQueryFromParams(const std::map<std::string, std::string>& params) {
  AuditQuery q;
  const std::pair<const char*, std::string*> texts[] = {
      {"user", &q.user_id},   {"department", &q.department}, {"dataset", &q.dataset_id}, {"field", &q.field},
      {"action", &q.action}, {"category", &q.category},     {"outcome", &q.outcome},
  };
  for (const auto& [name, value] : params) {
    bool known = false;
    for (const auto& [text_name, target] : texts) {
      if (name != text_name) continue;
      if (value.size() > kMaxValueBytes) {
        return InvalidArgument("audit.bad_parameter", "'" + name + "' is longer than 256 bytes");
      }
      *target = value;
      known = true;
    }
    if (known) continue;
    if (name == "since" || name == "until") {
      if (value.empty()) continue;
      YG_ASSIGN_OR_RETURN(int64_t micros, ParseTimeBound(value));
      (name == "since" ? q.since_us : q.until_us) = micros;
    } else if (name == "before") {
      YG_ASSIGN_OR_RETURN(q.before, Integer(name, value, 0, INT64_MAX));
    } else if (name == "limit") {
      YG_ASSIGN_OR_RETURN(q.limit, Integer(name, value, 1, kMaxAuditPage));
    } else {
      return InvalidArgument("audit.unknown_parameter", "unknown parameter '" + name.substr(0, 64) + "'");
    }
  }
  return q;
}

}  // namespace yungu::audit

#include "access/workflow_rules.h"

#include <set>

namespace yungu::access::workflow {
namespace {

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // not a continuation byte
  }
  return n;
}

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool HasField(const model::DatasetMeta& meta, const std::string& name) {
  for (const auto& f : meta.fields) {
    if (f.name == name) return true;
  }
  return false;
}

constexpr uint32_t Bit(Role r) { return static_cast<uint32_t>(r); }

}  // namespace

Status RequireAccount(const Principal& who) {
  if (!who.authenticated()) return Unauthenticated("auth.required", "sign in or send an API token first");
  return Status::Ok();
}

Status RequireWrite(const Principal& who) {
  YG_RETURN_IF_ERROR(RequireAccount(who));
  if (!who.Allows(Scope::kWrite)) {
    return PermissionDenied("auth.scope", "this credential may only read; use one with write scope");
  }
  return Status::Ok();
}

Status Forbidden(const std::string& why) { return PermissionDenied("workflow.forbidden", why); }

bool IsGovernmentApplicant(const Principal& who) {
  constexpr uint32_t kGovernmentRoles =
      Bit(Role::kGovernmentUser) | Bit(Role::kDataOfficer) | Bit(Role::kDepartmentAdmin) | Bit(Role::kPlatformAdmin);
  return !who.department.empty() && (who.roles & kGovernmentRoles) != 0;
}

Result<std::string> CheckedText(std::string_view text, bool required, const char* what, const char* empty_code) {
  std::string_view t = Trim(text);
  if (t.empty() && required) return InvalidArgument(empty_code, std::string(what) + " is required");
  if (Utf8Chars(t) > kMaxTextChars) {
    return InvalidArgument("workflow.text_too_long",
                           std::string(what) + " is limited to " + std::to_string(kMaxTextChars) + " characters");
  }
  return std::string(t);
}

Status CheckFields(const std::vector<std::string>& fields, const model::DatasetMeta& meta) {
  if (fields.empty()) return InvalidArgument("workflow.fields_required", "name at least one field");
  std::set<std::string> seen;
  for (const auto& f : fields) {
    if (!HasField(meta, f)) {
      return InvalidArgument("workflow.unknown_field",
                             "dataset '" + meta.id + "' has no field '" + f.substr(0, 64) + "'");
    }
    if (!seen.insert(f).second) return InvalidArgument("workflow.duplicate_field", "field '" + f + "' is listed twice");
  }
  return Status::Ok();
}

Status CheckRowFilter(const nlohmann::json& filter, const model::DatasetMeta& meta) {
  if (filter.is_null()) return Status::Ok();
  if (!filter.is_object()) {
    return InvalidArgument("workflow.bad_row_filter", "row_filter must be a JSON object such as {\"district\": \"襄城区\"}");
  }
  if (filter.empty()) return InvalidArgument("workflow.bad_row_filter", "row_filter names no field; leave it out for all rows");
  for (const auto& [key, value] : filter.items()) {
    if (!HasField(meta, key)) {
      return InvalidArgument("workflow.bad_row_filter",
                             "row_filter names '" + key.substr(0, 64) + "', which is not a field of '" + meta.id + "'");
    }
  }
  return Status::Ok();
}

Status CheckDuration(int64_t days, int64_t max_days) {
  if (days < 1 || days > max_days) {
    return InvalidArgument("workflow.bad_duration",
                           "duration_days must be between 1 and " + std::to_string(max_days));
  }
  return Status::Ok();
}

storage::Notification ToApprovers(std::string_view department) {
  storage::Notification n;
  n.audience_department = std::string(department);
  n.audience_roles = Bit(Role::kDataOfficer) | Bit(Role::kDepartmentAdmin);
  return n;
}

storage::Notification ToPlatformAdmins() {
  storage::Notification n;
  n.audience_roles = Bit(Role::kPlatformAdmin);
  return n;
}

storage::Notification ToUser(std::string_view user_id) {
  storage::Notification n;
  n.user_id = std::string(user_id);
  return n;
}

storage::Notification About(storage::Notification n, const storage::Application& a, std::string kind,
                            std::string title, std::string body, const std::string& now) {
  n.created_at = now;
  n.kind = std::move(kind);
  n.application_id = a.id;
  n.grant_id = a.grant_id;
  n.dataset_id = a.dataset_id;
  n.title = std::move(title);
  n.body = std::move(body);
  return n;
}

}  // namespace yungu::access::workflow

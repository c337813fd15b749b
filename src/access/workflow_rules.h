// The workflow's checks and messages, shared by the workflow_*.cc files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/access/principal.h"
#include "yungu/model/catalog.h"
#include "yungu/storage/grant_store.h"

namespace yungu::access::workflow {

constexpr size_t kMaxTextChars = 2000;  // purpose, legal basis, reasons, notes
constexpr int64_t kMaxDurationDays = 1095;

// Unauthenticated "auth.required" for anonymous callers; PermissionDenied
// "auth.scope" when a state change comes with a read-only token.
Status RequireAccount(const Principal& who);
Status RequireWrite(const Principal& who);
Status Forbidden(const std::string& why);  // 403 workflow.forbidden

// Applies for sharing (belongs to a department and holds a government role)
// rather than opening.
bool IsGovernmentApplicant(const Principal& who);

// Trimmed, non-empty (when `required`) and at most kMaxTextChars characters.
Result<std::string> CheckedText(std::string_view text, bool required, const char* what, const char* empty_code);
// Each name a field of the dataset, none twice, at least one.
Status CheckFields(const std::vector<std::string>& fields, const model::DatasetMeta& meta);
// null, or an object whose keys are fields of the dataset.
Status CheckRowFilter(const nlohmann::json& filter, const model::DatasetMeta& meta);
Status CheckDuration(int64_t days, int64_t max_days);

// Audiences of notifications.
storage::Notification ToApprovers(std::string_view department);
storage::Notification ToPlatformAdmins();
storage::Notification ToUser(std::string_view user_id);
// Fills the message of a notice about an application.
storage::Notification About(storage::Notification n, const storage::Application& a, std::string kind,
                            std::string title, std::string body, const std::string& now);

}  // namespace yungu::access::workflow

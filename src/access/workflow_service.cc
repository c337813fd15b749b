// The service's life cycle, deadlines and the background sweep. Applications
// are in workflow_applications.cc, grants in workflow_grants.cc, the inbox in
// workflow_inbox.cc.
#include "yungu/access/workflow_service.h"

#include <spdlog/spdlog.h>

#include "access/workflow_rules.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::access {

using namespace workflow;

bool ApprovesFor(const Principal& who, std::string_view department) {
  if (!who.authenticated()) return false;
  if (who.Has(Role::kPlatformAdmin)) return true;
  return !department.empty() && who.department == department &&
         (who.Has(Role::kDataOfficer) || who.Has(Role::kDepartmentAdmin));
}

WorkflowService::WorkflowService(storage::Store& store, WorkingCalendar calendar, WorkflowOptions options)
    : store_(store), calendar_(std::move(calendar)), options_(std::move(options)) {
  if (!options_.now) options_.now = storage::UtcNowIso;
  if (options_.sweep_interval.count() > 0) sweeper_ = std::thread([this] { SweepLoop(); });
}

WorkflowService::~WorkflowService() {
  {
    std::lock_guard lock(sweep_mu_);
    stopping_ = true;
  }
  sweep_cv_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

void WorkflowService::SweepLoop() {
  std::unique_lock lock(sweep_mu_);
  while (!stopping_) {
    lock.unlock();
    if (Status st = Sweep(options_.now()); !st.ok()) spdlog::warn("workflow sweep: {}", st.ToString());
    lock.lock();
    sweep_cv_.wait_for(lock, options_.sweep_interval, [this] { return stopping_; });
  }
}

Result<std::string> WorkflowService::DueDate(const std::string& submitted_at) const {
  YG_ASSIGN_OR_RETURN(CalendarDate day, ChinaDate(submitted_at));
  return FormatDate(calendar_.AddWorkingDays(day, options_.reply_working_days));
}

bool WorkflowService::IsOverdue(const storage::Application& a) const {
  if (a.status != "pending") return false;
  auto today = ChinaDate(options_.now());
  return today.ok() && a.due_date < FormatDate(*today);
}

Result<int64_t> WorkflowService::FlagOverdue(const std::string& now) {
  YG_ASSIGN_OR_RETURN(CalendarDate today, ChinaDate(now));
  YG_ASSIGN_OR_RETURN(auto overdue, store_.grants().UnflaggedOverdue(FormatDate(today)));
  int64_t flagged = 0;
  for (const auto& a : overdue) {
    std::string title = "申请已逾期未答复：" + a.dataset_id;
    std::string body = "申请 #" + std::to_string(a.id) + "（" + a.applicant_name + "）应于 " + a.due_date +
                       " 前答复，至今未处理。";
    std::vector<storage::Notification> notices = {
        About(ToApprovers(a.provider_department), a, "application.overdue", title, body, now),
        About(ToPlatformAdmins(), a, "application.overdue", title, body, now)};
    YG_ASSIGN_OR_RETURN(bool done, store_.grants().FlagOverdue(a.id, now, std::move(notices)));
    if (done) ++flagged;
  }
  return flagged;
}

Status WorkflowService::Sweep(const std::string& now) {
  YG_RETURN_IF_ERROR(FlagOverdue(now).status());
  if (options_.expiry_notice_days <= 0) return Status::Ok();
  YG_ASSIGN_OR_RETURN(auto t, ParseUtcTime(now));
  std::string until = FormatUtcTime(t + std::chrono::days(options_.expiry_notice_days));
  YG_ASSIGN_OR_RETURN(auto expiring, store_.grants().ExpiringUnnotified(now, until));
  for (const auto& s : expiring) {
    const model::Grant& g = s.grant;
    storage::Notification n = ToUser(g.grantee_user_id);
    n.created_at = now;
    n.kind = "grant.expiring";
    n.application_id = g.application_id;
    n.grant_id = g.id;
    n.dataset_id = g.dataset_id;
    n.title = "数据授权即将到期：" + g.dataset_id;
    n.body = "授权 #" + std::to_string(g.id) + " 将于 " + g.expires_at + " 到期；如需继续使用，请重新申请。";
    YG_RETURN_IF_ERROR(store_.grants().MarkExpiryNotified(g.id, now, {n}).status());
  }
  return Status::Ok();
}

std::string WorkflowService::GrantState(const model::Grant& grant) const {
  if (!grant.revoked_at.empty()) return "revoked";
  return grant.ActiveAt(options_.now()) ? "active" : "expired";
}

// Members of the owning department, or of a department above it, read the
// dataset directly and have nothing to apply for.
Status WorkflowService::CheckOwnerSide(const Principal& who, const model::DatasetMeta& meta) {
  std::string code = meta.department;
  for (int depth = 0; depth < 32 && !code.empty(); ++depth) {
    if (code == who.department) {
      return Conflict("workflow.not_applicable",
                      "your department reads '" + meta.id + "' directly; no application is needed");
    }
    auto dept = store_.GetDepartment(code);
    if (!dept.ok()) break;
    code = dept->parent_code;
  }
  return Status::Ok();
}

}  // namespace yungu::access

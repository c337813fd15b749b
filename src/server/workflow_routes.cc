// Applications, grants and the inbox: the HTTP face of access::WorkflowService.
// Every decision is traced as an administrative action.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>

#include "server/access_util.h"
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/access/workflow_service.h"
#include "yungu/model/catalog_json.h"

namespace yungu::server {
namespace {

using nlohmann::json;

json TextOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json ApplicationJson(const access::WorkflowService& wf, const storage::Application& a) {
  return {{"id", a.id},
          {"dataset_id", a.dataset_id},
          {"provider_department", a.provider_department},
          {"applicant_id", a.applicant_id},
          {"applicant_name", a.applicant_name},
          {"applicant_department", TextOrNull(a.applicant_department)},
          {"kind", a.kind},
          {"purpose", a.purpose},
          {"legal_basis", a.legal_basis},
          {"fields", a.fields},
          {"row_filter", a.row_filter},
          {"duration_days", a.duration_days},
          {"status", a.status},
          {"submitted_at", a.submitted_at},
          {"due_date", a.due_date},
          {"overdue", wf.IsOverdue(a)},
          {"overdue_flagged_at", TextOrNull(a.overdue_flagged_at)},
          {"decided_at", TextOrNull(a.decided_at)},
          {"decided_by", TextOrNull(a.decided_by)},
          {"decision_reason", TextOrNull(a.decision_reason)},
          {"grant_id", a.grant_id == 0 ? json(nullptr) : json(a.grant_id)}};
}

json MasksJson(const model::Grant& g) {
  json j = json::object();
  for (const auto& [field, mask] : g.masks) j[field] = model::ToJson(mask);
  return j;
}

json GrantJson(const access::WorkflowService& wf, const model::Grant& g, const std::string& provider) {
  json j = {{"id", g.id},
            {"application_id", g.application_id},
            {"dataset_id", g.dataset_id},
            {"grantee_user_id", g.grantee_user_id},
            {"grantee_department", TextOrNull(g.grantee_department)},
            {"fields", g.fields},
            {"row_filter", g.row_filter},
            {"daily_row_quota", g.daily_row_quota},
            {"masks", MasksJson(g)},
            {"purpose", g.purpose},
            {"granted_by", g.granted_by},
            {"granted_at", g.granted_at},
            {"expires_at", g.expires_at},
            {"state", wf.GrantState(g)},
            {"revoked_at", TextOrNull(g.revoked_at)},
            {"revoked_by", TextOrNull(g.revoked_by)},
            {"revoke_reason", TextOrNull(g.revoke_reason)}};
  if (!provider.empty()) j["provider_department"] = provider;
  return j;
}

json NotificationJson(const storage::Notification& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"dataset_id", TextOrNull(n.dataset_id)},
          {"application_id", n.application_id == 0 ? json(nullptr) : json(n.application_id)},
          {"grant_id", n.grant_id == 0 ? json(nullptr) : json(n.grant_id)},
          {"created_at", n.created_at},
          {"read", !n.read_at.empty()},
          {"read_at", TextOrNull(n.read_at)}};
}

// Path ids are positive integers; anything else names nothing.
Result<int64_t> PathId(const Request& req, const char* not_found_code, const char* what) {
  const std::string& text = req.path_params.at("id");
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v <= 0 || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    return NotFound(not_found_code, std::string("no ") + what + " '" + text.substr(0, 64) + "'");
  }
  return static_cast<int64_t>(v);
}

// The body's members, each checked for its type; unknown members are refused
// so that a misspelt one is not silently ignored.
class BodyReader {
 public:
  BodyReader(const Request& req, std::initializer_list<const char*> allowed) {
    if (Trimmed(req.body).empty()) {
      body_ = json::object();
    } else {
      auto parsed = JsonBody(req);
      if (!parsed.ok()) {
        status_ = parsed.status();
        return;
      }
      body_ = std::move(parsed).value();
    }
    std::set<std::string> ok(allowed.begin(), allowed.end());
    for (const auto& [key, value] : body_.items()) {
      if (!ok.count(key)) {
        Fail("unknown member '" + key.substr(0, 64) + "'");
        return;
      }
    }
  }

  const Status& status() const { return status_; }
  bool has(const char* key) const { return body_.contains(key) && !body_[key].is_null(); }

  std::string Text(const char* key) {
    if (!has(key)) return {};
    if (!body_[key].is_string()) {
      Fail(std::string(key) + " must be text");
      return {};
    }
    return body_[key].get<std::string>();
  }
  int64_t Integer(const char* key, int64_t fallback) {
    if (!has(key)) return fallback;
    if (!body_[key].is_number_integer()) {
      Fail(std::string(key) + " must be an integer");
      return fallback;
    }
    return body_[key].get<int64_t>();
  }
  std::vector<std::string> Names(const char* key) {
    std::vector<std::string> out;
    if (!has(key)) return out;
    if (!body_[key].is_array()) {
      Fail(std::string(key) + " must be an array of field names");
      return out;
    }
    for (const auto& v : body_[key]) {
      if (!v.is_string()) {
        Fail(std::string(key) + " must be an array of field names");
        return {};
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  json Any(const char* key) { return has(key) ? body_[key] : json(nullptr); }

 private:
  static std::string_view Trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    return s;
  }
  void Fail(std::string message) {
    if (status_.ok()) status_ = InvalidArgument("workflow.bad_request", std::move(message));
  }

  json body_;
  Status status_;
};

Result<access::WorkflowService*> Workflow(ApiContext& ctx) {
  if (!ctx.services.workflow) return Internal("workflow.unavailable", "the workflow service is not running");
  return ctx.services.workflow;
}

Status Paging(const Request& req, int64_t& limit, int64_t& offset) {
  YG_ASSIGN_OR_RETURN(limit, IntParam(req, "limit", 20, 1, 200));
  YG_ASSIGN_OR_RETURN(offset, IntParam(req, "offset", 0, 0, 100000));
  return Status::Ok();
}

std::string Param(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}

Status SignedIn(const Request& req) {
  if (!req.principal.authenticated()) return Unauthenticated("auth.required", "sign in or send an API token first");
  return Status::Ok();
}

// A trace entry for an action on one application.
audit::AuditEvent ApplicationEvent(const Request& req, const char* action, const storage::Application& a) {
  auto event = EventFor(req, "admin", action);
  event.dataset_id = a.dataset_id;
  event.target = "application/" + std::to_string(a.id);
  event.purpose = a.purpose;
  return event;
}

// --- applications ---

Result<Response> SubmitApplication(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  BodyReader body(req, {"dataset_id", "kind", "purpose", "legal_basis", "fields", "row_filter", "duration_days"});
  access::ApplicationInput in;
  std::string dataset_id = body.Text("dataset_id");
  in.kind = body.Text("kind");
  in.purpose = body.Text("purpose");
  in.legal_basis = body.Text("legal_basis");
  in.fields = body.Names("fields");
  in.row_filter = body.Any("row_filter");
  in.duration_days = body.Integer("duration_days", 0);
  YG_RETURN_IF_ERROR(body.status());
  if (dataset_id.empty()) return InvalidArgument("workflow.dataset_required", "name the dataset_id applied for");
  YG_ASSIGN_OR_RETURN(auto a, wf->Apply(req.principal, dataset_id, in));

  auto event = ApplicationEvent(req, "application.submit", a);
  event.fields = a.fields;
  event.filter = a.row_filter;
  event.detail = {{"kind", a.kind},
                  {"legal_basis", a.legal_basis},
                  {"duration_days", a.duration_days},
                  {"due_date", a.due_date}};
  YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
  Response r = Response::Json(ApplicationJson(*wf, a), 201);
  r.headers.emplace_back("Location", "/api/v1/applications/" + std::to_string(a.id));
  return r;
}

Result<Response> ListApplications(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_RETURN_IF_ERROR(OnlyParams(req, {"role", "status", "dataset", "overdue", "limit", "offset"}));
  access::ApplicationFilter f;
  f.role = Param(req, "role");
  f.status = Param(req, "status");
  f.dataset_id = Param(req, "dataset");
  YG_ASSIGN_OR_RETURN(f.overdue_only, BoolParam(req, "overdue", false));
  YG_RETURN_IF_ERROR(Paging(req, f.limit, f.offset));
  YG_ASSIGN_OR_RETURN(auto page, wf->ListApplications(req.principal, f));
  json list = json::array();
  for (const auto& a : page.applications) list.push_back(ApplicationJson(*wf, a));
  return Response::Json({{"total", page.total}, {"limit", f.limit}, {"offset", f.offset}, {"applications", list}});
}

Result<Response> ShowApplication(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.application_not_found", "application"));
  YG_ASSIGN_OR_RETURN(auto a, wf->GetApplication(req.principal, id));
  return Response::Json(ApplicationJson(*wf, a));
}

Result<Response> ApproveApplication(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.application_not_found", "application"));
  BodyReader body(req, {"fields", "row_filter", "duration_days", "daily_row_quota", "masks", "note"});
  access::ApprovalInput in;
  if (body.has("fields")) in.fields = body.Names("fields");
  in.row_filter = body.Any("row_filter");
  if (body.has("duration_days")) in.duration_days = body.Integer("duration_days", 0);
  in.daily_row_quota = body.Integer("daily_row_quota", 0);
  in.masks = body.Any("masks");
  in.note = body.Text("note");
  YG_RETURN_IF_ERROR(body.status());
  YG_ASSIGN_OR_RETURN(model::Grant grant, wf->Approve(req.principal, id, in));
  YG_ASSIGN_OR_RETURN(auto a, wf->GetApplication(req.principal, id));

  auto event = ApplicationEvent(req, "application.approve", a);
  event.grant_id = grant.id;
  event.fields = grant.fields;
  event.filter = grant.row_filter;
  event.detail = {{"grantee", grant.grantee_user_id},
                  {"expires_at", grant.expires_at},
                  {"daily_row_quota", grant.daily_row_quota},
                  {"note", a.decision_reason}};
  YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
  return Response::Json({{"application", ApplicationJson(*wf, a)},
                         {"grant", GrantJson(*wf, grant, a.provider_department)}});
}

Result<Response> RejectApplication(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.application_not_found", "application"));
  BodyReader body(req, {"reason"});
  std::string reason = body.Text("reason");
  YG_RETURN_IF_ERROR(body.status());
  YG_ASSIGN_OR_RETURN(auto a, wf->Reject(req.principal, id, reason));
  auto event = ApplicationEvent(req, "application.reject", a);
  event.detail = {{"reason", a.decision_reason}, {"applicant", a.applicant_id}};
  YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
  return Response::Json(ApplicationJson(*wf, a));
}

Result<Response> WithdrawApplication(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.application_not_found", "application"));
  BodyReader body(req, {});
  YG_RETURN_IF_ERROR(body.status());
  YG_ASSIGN_OR_RETURN(auto a, wf->Withdraw(req.principal, id));
  YG_RETURN_IF_ERROR(TraceAdmin(ctx, ApplicationEvent(req, "application.withdraw", a)));
  return Response::Json(ApplicationJson(*wf, a));
}

// --- grants ---

Result<Response> ListGrants(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_RETURN_IF_ERROR(OnlyParams(req, {"role", "dataset", "limit", "offset"}));
  access::GrantFilter f;
  f.role = Param(req, "role");
  f.dataset_id = Param(req, "dataset");
  YG_RETURN_IF_ERROR(Paging(req, f.limit, f.offset));
  YG_ASSIGN_OR_RETURN(auto page, wf->ListGrants(req.principal, f));
  json list = json::array();
  for (const auto& g : page.grants) list.push_back(GrantJson(*wf, g.grant, g.provider_department));
  return Response::Json({{"total", page.total}, {"limit", f.limit}, {"offset", f.offset}, {"grants", list}});
}

Result<Response> ShowGrant(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.grant_not_found", "grant"));
  YG_ASSIGN_OR_RETURN(auto g, wf->GetGrant(req.principal, id));
  json j = GrantJson(*wf, g.grant, g.provider_department);
  if (g.grant.daily_row_quota > 0 && wf->GrantState(g.grant) == "active") {
    YG_ASSIGN_OR_RETURN(int64_t left, wf->RowsLeftToday(g.grant));
    j["rows_left_today"] = left;
  }
  return Response::Json(j);
}

Result<Response> RevokeGrant(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.grant_not_found", "grant"));
  BodyReader body(req, {"reason"});
  std::string reason = body.Text("reason");
  YG_RETURN_IF_ERROR(body.status());
  YG_ASSIGN_OR_RETURN(model::Grant g, wf->RevokeGrant(req.principal, id, reason));
  auto event = EventFor(req, "admin", "grant.revoke");
  event.dataset_id = g.dataset_id;
  event.grant_id = g.id;
  event.target = "grant/" + std::to_string(g.id);
  event.detail = {{"reason", g.revoke_reason}, {"grantee", g.grantee_user_id}, {"application_id", g.application_id}};
  YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
  return Response::Json(GrantJson(*wf, g, ""));
}

// --- inbox ---

Result<Response> ShowInbox(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_RETURN_IF_ERROR(OnlyParams(req, {"unread", "limit", "offset"}));
  YG_ASSIGN_OR_RETURN(bool unread_only, BoolParam(req, "unread", false));
  int64_t limit = 0, offset = 0;
  YG_RETURN_IF_ERROR(Paging(req, limit, offset));
  YG_ASSIGN_OR_RETURN(auto page, wf->Inbox(req.principal, unread_only, limit, offset));
  json list = json::array();
  for (const auto& n : page.notifications) list.push_back(NotificationJson(n));
  return Response::Json({{"total", page.total},
                         {"unread_count", page.unread},
                         {"limit", limit},
                         {"offset", offset},
                         {"notifications", list}});
}

Result<Response> MarkRead(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t id, PathId(req, "workflow.notification_not_found", "notification"));
  YG_RETURN_IF_ERROR(wf->MarkRead(req.principal, id));
  return Response::Json({{"id", id}, {"read", true}});
}

Result<Response> MarkAllRead(ApiContext& ctx, Request& req) {
  YG_RETURN_IF_ERROR(SignedIn(req));
  YG_ASSIGN_OR_RETURN(auto* wf, Workflow(ctx));
  YG_ASSIGN_OR_RETURN(int64_t marked, wf->MarkAllRead(req.principal));
  return Response::Json({{"marked", marked}, {"unread_count", 0}});
}

}  // namespace

void RegisterWorkflowRoutes(Router& router, ApiContext& ctx) {
  auto add = [&](const char* method, const char* pattern, BodyKind body,
                 Result<Response> (*handler)(ApiContext&, Request&), const char* summary) {
    router.Add({method, pattern, body, [&ctx, handler](Request& req) { return handler(ctx, req); }, summary});
  };
  add("POST", "/api/v1/applications", BodyKind::kJson, SubmitApplication, "Apply for a conditional dataset");
  add("GET", "/api/v1/applications", BodyKind::kNone, ListApplications, "List applications");
  add("GET", "/api/v1/applications/{id}", BodyKind::kNone, ShowApplication, "Show an application");
  add("POST", "/api/v1/applications/{id}/approve", BodyKind::kJson, ApproveApplication,
      "Approve an application, making a grant");
  add("POST", "/api/v1/applications/{id}/reject", BodyKind::kJson, RejectApplication,
      "Reject an application with a reason");
  add("POST", "/api/v1/applications/{id}/withdraw", BodyKind::kJson, WithdrawApplication,
      "Withdraw one's pending application");
  add("GET", "/api/v1/grants", BodyKind::kNone, ListGrants, "List grants");
  add("GET", "/api/v1/grants/{id}", BodyKind::kNone, ShowGrant, "Show a grant");
  add("POST", "/api/v1/grants/{id}/revoke", BodyKind::kJson, RevokeGrant, "Revoke a grant");
  add("GET", "/api/v1/inbox", BodyKind::kNone, ShowInbox, "The caller's notifications");
  add("POST", "/api/v1/inbox/{id}/read", BodyKind::kJson, MarkRead, "Mark a notification read");
  add("POST", "/api/v1/inbox/read-all", BodyKind::kJson, MarkAllRead, "Mark every notification read");
}

}  // namespace yungu::server

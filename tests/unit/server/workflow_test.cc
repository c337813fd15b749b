// The workflow API: in process (routes called directly, with a recording
// trace) and end to end against the real `yungu serve` with real accounts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "server/api.h"
#include "unit/server/test_server.h"
#include "yungu/access/workflow_service.h"
#include "yungu/audit/audit_log.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

json Body(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 500);
  return j;
}

std::string Show(const HttpResponse& r) {
  return std::to_string(r.status) + (r.error.empty() ? "" : " [" + r.error + "]") + " " + r.body.substr(0, 1500);
}

// ---------------------------------------------------------------------------
// In process: the routes on a real store and workflow, a recording trace.

class RecordingLog final : public audit::AuditLog {
 public:
  Status Append(audit::AuditEvent event) override { return AppendDurable(std::move(event)); }
  Status AppendDurable(audit::AuditEvent event) override {
    std::lock_guard lock(mu_);
    events.push_back(std::move(event));
    return Status::Ok();
  }
  std::mutex mu_;
  std::vector<audit::AuditEvent> events;
};

access::Principal Account(const std::string& id, const std::string& department, access::Role role) {
  access::Principal p;
  p.via = access::Principal::Via::kToken;
  p.user_id = id;
  p.username = id;
  p.department = department;
  p.roles = static_cast<uint32_t>(role);
  p.scope = access::Scope::kWrite;
  p.credential_id = "tok-" + id;
  return p;
}

class WorkflowRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->PutDepartment({"SCJG", "市市场监督管理局", "", "", ""}).ok());
    ASSERT_TRUE(store_->PutDepartment({"GAJ", "市公安局", "", "", ""}).ok());
    model::DatasetMeta m;
    m.id = "firms";
    m.name = "企业登记信息";
    m.department = "SCJG";
    m.sharing_type = model::SharingType::kConditional;
    m.opening_type = model::OpeningType::kNone;
    m.publish_date = "2025-01-01";
    for (const char* f : {"uscc", "name", "district"}) {
      model::FieldDef def;
      def.name = f;
      def.title = f;
      m.fields.push_back(def);
    }
    ASSERT_TRUE(store_->CreateDataset(m).ok());
    access::WorkflowOptions options;
    options.sweep_interval = std::chrono::milliseconds(0);
    workflow_ = std::make_unique<access::WorkflowService>(*store_, access::WorkingCalendar(), options);
    ctx_.services.store = store_.get();
    ctx_.services.workflow = workflow_.get();
    ctx_.services.audit = &log_;
    server::RegisterWorkflowRoutes(router_, ctx_);
  }

  server::Response Call(const std::string& method, const std::string& path, const access::Principal& who,
                        const std::string& body = "", std::map<std::string, std::string> query = {}) {
    server::Request req;
    req.method = method;
    req.path = path;
    req.query = std::move(query);
    req.body = body;
    req.client_address = "10.0.0.7";
    req.principal = who;
    auto match = router_.Find(method, path, req.path_params);
    EXPECT_NE(match.route, nullptr) << method << " " << path;
    if (!match.route) return {};
    auto result = match.route->handler(req);
    if (result.ok()) return std::move(result).value();
    server::Response r;
    r.status = -1;
    r.error_code = result.status().error_code();
    return r;
  }

  static json J(const server::Response& r) { return json::parse(r.body, nullptr, false); }

  TempDir dir_{"yungu_workflow_routes"};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<access::WorkflowService> workflow_;
  RecordingLog log_;
  server::ApiContext ctx_;
  server::Router router_;
  access::Principal alice_ = Account("u-alice", "GAJ", access::Role::kGovernmentUser);
  access::Principal officer_ = Account("u-officer", "SCJG", access::Role::kDataOfficer);
};

TEST_F(WorkflowRoutes, EveryDecisionIsTraced) {
  auto applied = Call("POST", "/api/v1/applications", alice_,
                      R"({"dataset_id": "firms", "purpose": "办案核查", "legal_basis": "刑事诉讼法",
                          "fields": ["uscc", "name"], "row_filter": {"district": "襄城区"}, "duration_days": 30})");
  ASSERT_EQ(applied.status, 201) << applied.error_code;
  json app = J(applied);
  int64_t id = app["id"];
  EXPECT_EQ(app["status"], "pending");
  EXPECT_EQ(app["overdue"], false);
  EXPECT_TRUE(app["grant_id"].is_null());
  std::string path = "/api/v1/applications/" + std::to_string(id);

  auto approved = Call("POST", path + "/approve", officer_, R"({"fields": ["uscc"], "daily_row_quota": 10})");
  ASSERT_EQ(approved.status, 200) << approved.error_code;
  int64_t grant_id = J(approved)["grant"]["id"];
  auto revoked = Call("POST", "/api/v1/grants/" + std::to_string(grant_id) + "/revoke", officer_,
                      R"({"reason": "案件已结"})");
  ASSERT_EQ(revoked.status, 200) << revoked.error_code;
  EXPECT_EQ(J(revoked)["state"], "revoked");

  auto second = Call("POST", "/api/v1/applications", alice_,
                     R"({"dataset_id": "firms", "purpose": "再次核查", "legal_basis": "刑事诉讼法",
                         "fields": ["uscc"], "duration_days": 5})");
  ASSERT_EQ(second.status, 201);
  std::string second_path = "/api/v1/applications/" + std::to_string(J(second)["id"].get<int64_t>());
  ASSERT_EQ(Call("POST", second_path + "/reject", officer_, R"({"reason": "重复申请"})").status, 200);
  auto third = Call("POST", "/api/v1/applications", alice_,
                    R"({"dataset_id": "firms", "purpose": "第三次", "legal_basis": "x", "fields": ["uscc"],
                        "duration_days": 5})");
  ASSERT_EQ(third.status, 201);
  std::string third_path = "/api/v1/applications/" + std::to_string(J(third)["id"].get<int64_t>());
  ASSERT_EQ(Call("POST", third_path + "/withdraw", alice_).status, 200);

  std::vector<std::string> actions;
  for (const auto& e : log_.events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"application.submit", "application.approve", "grant.revoke",
                                               "application.submit", "application.reject", "application.submit",
                                               "application.withdraw"}));
  ASSERT_EQ(log_.events.size(), 7u);
  const auto& submit = log_.events[0];
  EXPECT_EQ(submit.category, "admin");
  EXPECT_EQ(submit.user_id, "u-alice");
  EXPECT_EQ(submit.department, "GAJ");
  EXPECT_EQ(submit.via, "token");
  EXPECT_EQ(submit.credential_id, "tok-u-alice");
  EXPECT_EQ(submit.client_address, "10.0.0.7");
  EXPECT_EQ(submit.dataset_id, "firms");
  EXPECT_EQ(submit.fields, (std::vector<std::string>{"uscc", "name"}));
  EXPECT_EQ(submit.filter, (json{{"district", "襄城区"}}));
  EXPECT_EQ(submit.purpose, "办案核查");
  EXPECT_EQ(submit.target, "application/" + std::to_string(id));
  const auto& approve = log_.events[1];
  EXPECT_EQ(approve.user_id, "u-officer");
  EXPECT_EQ(approve.grant_id, grant_id);
  EXPECT_EQ(approve.fields, (std::vector<std::string>{"uscc"}));
  EXPECT_EQ(approve.detail["daily_row_quota"], 10);
  EXPECT_EQ(log_.events[2].grant_id, grant_id);
  EXPECT_EQ(log_.events[2].detail["reason"], "案件已结");
  EXPECT_EQ(log_.events[4].detail["reason"], "重复申请");
  EXPECT_EQ(log_.events[6].user_id, "u-alice");
}

TEST_F(WorkflowRoutes, RefusalsAreNotTracedAsDone) {
  auto anonymous = Call("POST", "/api/v1/applications", access::Principal::Anonymous("10.0.0.7"), "{}");
  EXPECT_EQ(anonymous.error_code, "auth.required");
  auto self = Call("POST", "/api/v1/applications", officer_,
                   R"({"dataset_id": "firms", "purpose": "p", "fields": ["uscc"], "duration_days": 5})");
  EXPECT_EQ(self.error_code, "workflow.not_applicable");
  EXPECT_TRUE(log_.events.empty());
}

TEST_F(WorkflowRoutes, BodiesAreChecked) {
  struct Case {
    const char* body;
    const char* code;
  };
  for (const Case& c : {Case{"[1]", "http.bad_json"}, Case{"{", "http.bad_json"},
                        Case{R"({"dataset_id": 5})", "workflow.bad_request"},
                        Case{R"({"dataset_id": "firms", "fields": "uscc"})", "workflow.bad_request"},
                        Case{R"({"dataset_id": "firms", "fields": [1]})", "workflow.bad_request"},
                        Case{R"({"dataset_id": "firms", "duration_days": "30"})", "workflow.bad_request"},
                        Case{R"({"dataset_id": "firms", "feilds": ["uscc"]})", "workflow.bad_request"},
                        Case{R"({"purpose": "x"})", "workflow.dataset_required"},
                        Case{R"({"dataset_id": "nope", "purpose": "x"})", "catalog.dataset_not_found"}}) {
    auto r = Call("POST", "/api/v1/applications", alice_, c.body);
    EXPECT_EQ(r.error_code, c.code) << c.body;
  }
  for (const char* id : {"abc", "0", "-1", "99999999999999999999", "12x", "999"}) {
    auto r = Call("GET", std::string("/api/v1/applications/") + id, alice_);
    EXPECT_EQ(r.error_code, "workflow.application_not_found") << id;
    r = Call("GET", std::string("/api/v1/grants/") + id, alice_);
    EXPECT_EQ(r.error_code, "workflow.grant_not_found") << id;
    r = Call("POST", std::string("/api/v1/inbox/") + id + "/read", alice_);
    EXPECT_EQ(r.error_code, "workflow.notification_not_found") << id;
  }
  auto bad_param = Call("GET", "/api/v1/applications", alice_, "", {{"colour", "red"}});
  EXPECT_EQ(bad_param.error_code, "http.unknown_parameter");
  auto bad_limit = Call("GET", "/api/v1/inbox", alice_, "", {{"limit", "100000"}});
  EXPECT_EQ(bad_limit.error_code, "http.bad_parameter");
  auto bad_role = Call("GET", "/api/v1/grants", alice_, "", {{"role", "owner"}});
  EXPECT_EQ(bad_role.error_code, "workflow.bad_role");
}

// ---------------------------------------------------------------------------
// End to end: real accounts and tokens on `yungu serve`.

class WorkflowApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    ASSERT_TRUE(server_->ok());
    for (const auto& [code, name] : {std::pair{"SCJG", "市市场监督管理局"}, std::pair{"GAJ", "市公安局"},
                                     std::pair{"WJW", "市卫生健康委员会"}}) {
      HttpResponse r = server_->PostJson("/api/v1/departments",
                                         json{{"code", code}, {"name", name}}.dump());
      ASSERT_EQ(r.status, 201) << Show(r);
    }
    HttpResponse ds = server_->PostJson("/api/v1/datasets", R"({
        "id": "firms", "name": "企业登记信息", "department": "SCJG",
        "sharing_type": "conditional", "sharing_conditions": "经审批后共享", "opening_type": "conditional",
        "fields": [{"name": "uscc", "title": "统一社会信用代码", "type": "text", "primary_key": true},
                   {"name": "name", "title": "名称", "type": "text"},
                   {"name": "district", "title": "所在区", "type": "text"},
                   {"name": "capital", "title": "注册资本", "type": "decimal"}]})");
    ASSERT_EQ(ds.status, 201) << Show(ds);
    HttpResponse hidden = server_->PostJson("/api/v1/datasets", R"({
        "id": "shared-only", "name": "仅共享", "department": "SCJG",
        "sharing_type": "conditional", "sharing_conditions": "经审批后共享", "opening_type": "none",
        "fields": [{"name": "uscc", "title": "代码", "type": "text"}, {"name": "name", "title": "名称", "type": "text"},
                   {"name": "district", "title": "所在区", "type": "text"}]})");
    ASSERT_EQ(hidden.status, 201) << Show(hidden);
    alice_ = new std::string(server_->CreateUser("alice", "government_user", "GAJ"));
    officer_ = new std::string(server_->CreateUser("officer", "data_officer", "SCJG"));
    other_ = new std::string(server_->CreateUser("wjw_officer", "data_officer", "WJW"));
    public_ = new std::string(server_->CreateUser("citizen", "public_user"));
    auditor_ = new std::string(server_->CreateUser("auditor", "auditor"));
    reader_ = new std::string(server_->CreateUser("reader", "government_user", "GAJ", "read"));
  }
  static void TearDownTestSuite() {
    for (auto* s : {alice_, officer_, other_, public_, auditor_, reader_}) delete s;
    delete server_;
    server_ = nullptr;
  }

  static HttpResponse Post(const std::string* token, const std::string& target, const std::string& body) {
    return server_->SendAs(token ? *token : "", {"POST", target, {{"Content-Type", "application/json"}}, body, true, false});
  }
  static HttpResponse Get(const std::string* token, const std::string& target) {
    return server_->GetAs(token ? *token : "", target);
  }
  static std::string Code(const HttpResponse& r) { return Body(r)["error"]["code"].get<std::string>(); }

  static std::string Request(const std::string& dataset = "firms") {
    return R"({"dataset_id": ")" + dataset + R"(", "purpose": "核查涉案企业", "legal_basis": "《刑事诉讼法》",
              "fields": ["uscc", "name", "district"], "duration_days": 30})";
  }

  static TestServer* server_;
  static std::string *alice_, *officer_, *other_, *public_, *auditor_, *reader_;
};

TestServer* WorkflowApi::server_ = nullptr;
std::string *WorkflowApi::alice_, *WorkflowApi::officer_, *WorkflowApi::other_, *WorkflowApi::public_,
    *WorkflowApi::auditor_, *WorkflowApi::reader_;

TEST_F(WorkflowApi, ApplyApproveRevoke) {
  // Reply due 10 working days after today in Beijing.
  auto due = [](const std::string& now) {
    access::WorkingCalendar cal;
    return access::FormatDate(cal.AddWorkingDays(*access::ChinaDate(now), 10));
  };
  std::string due_before = due(storage::UtcNowIso());
  HttpResponse applied = Post(alice_, "/api/v1/applications", Request());
  std::string due_after = due(storage::UtcNowIso());
  ASSERT_EQ(applied.status, 201) << Show(applied);
  json app = Body(applied);
  int64_t id = app["id"];
  std::string path = "/api/v1/applications/" + std::to_string(id);
  EXPECT_EQ(applied.Header("Location"), path);
  EXPECT_EQ(app["kind"], "sharing");
  EXPECT_EQ(app["status"], "pending");
  EXPECT_EQ(app["applicant_name"], "alice");
  EXPECT_EQ(app["applicant_department"], "GAJ");
  EXPECT_TRUE(app["due_date"] == due_before || app["due_date"] == due_after) << app["due_date"];

  // The provider's officer finds it in the inbox and in the approver list.
  HttpResponse inbox = Get(officer_, "/api/v1/inbox?unread=true");
  ASSERT_EQ(inbox.status, 200) << Show(inbox);
  json notes = Body(inbox);
  EXPECT_GE(notes["unread_count"].get<int64_t>(), 1);
  ASSERT_FALSE(notes["notifications"].empty());
  EXPECT_EQ(notes["notifications"][0]["kind"], "application.submitted");
  EXPECT_EQ(notes["notifications"][0]["application_id"], id);
  EXPECT_EQ(notes["notifications"][0]["read"], false);
  HttpResponse pending = Get(officer_, "/api/v1/applications?role=approver&status=pending");
  ASSERT_EQ(pending.status, 200) << Show(pending);
  EXPECT_GE(Body(pending)["total"].get<int64_t>(), 1);
  HttpResponse other_inbox = Get(other_, "/api/v1/inbox");
  ASSERT_EQ(other_inbox.status, 200);
  EXPECT_EQ(Body(other_inbox)["total"], 0);

  // Who may see it.
  EXPECT_EQ(Get(alice_, path).status, 200);
  EXPECT_EQ(Get(auditor_, path).status, 200);
  HttpResponse nosy = Get(public_, path);
  EXPECT_EQ(nosy.status, 403) << Show(nosy);
  EXPECT_EQ(Code(nosy), "workflow.forbidden");

  // Who may decide it.
  HttpResponse by_other = Post(other_, path + "/approve", "{}");
  EXPECT_EQ(by_other.status, 403) << Show(by_other);
  EXPECT_EQ(Code(by_other), "workflow.forbidden");
  HttpResponse by_self = Post(alice_, path + "/approve", "{}");
  EXPECT_EQ(by_self.status, 403) << Show(by_self);

  HttpResponse approved = Post(officer_, path + "/approve",
                               R"({"fields": ["uscc", "name"], "row_filter": {"district": "襄城区"},
                                   "duration_days": 10, "daily_row_quota": 100, "note": "仅限襄城区"})");
  ASSERT_EQ(approved.status, 200) << Show(approved);
  json decision = Body(approved);
  EXPECT_EQ(decision["application"]["status"], "approved");
  json grant = decision["grant"];
  EXPECT_EQ(grant["fields"], json({"uscc", "name"}));
  EXPECT_EQ(grant["row_filter"], json({{"district", "襄城区"}}));
  EXPECT_EQ(grant["daily_row_quota"], 100);
  EXPECT_EQ(grant["state"], "active");
  EXPECT_EQ(grant["grantee_department"], "GAJ");
  int64_t grant_id = grant["id"];
  std::string grant_path = "/api/v1/grants/" + std::to_string(grant_id);
  HttpResponse twice = Post(officer_, path + "/approve", "{}");
  EXPECT_EQ(twice.status, 409) << Show(twice);
  EXPECT_EQ(Code(twice), "workflow.not_pending");

  // The grantee sees the grant and the news.
  HttpResponse mine = Get(alice_, "/api/v1/grants?role=grantee");
  ASSERT_EQ(mine.status, 200) << Show(mine);
  EXPECT_GE(Body(mine)["total"].get<int64_t>(), 1);
  HttpResponse shown = Get(alice_, grant_path);
  ASSERT_EQ(shown.status, 200) << Show(shown);
  EXPECT_EQ(Body(shown)["rows_left_today"], 100);
  HttpResponse news = Get(alice_, "/api/v1/inbox?unread=true");
  ASSERT_EQ(news.status, 200);
  json alice_notes = Body(news);
  ASSERT_FALSE(alice_notes["notifications"].empty());
  EXPECT_EQ(alice_notes["notifications"][0]["kind"], "application.approved");
  int64_t note_id = alice_notes["notifications"][0]["id"];
  HttpResponse read = Post(alice_, "/api/v1/inbox/" + std::to_string(note_id) + "/read", "");
  ASSERT_EQ(read.status, 200) << Show(read);
  HttpResponse after_read = Get(alice_, "/api/v1/inbox");
  EXPECT_EQ(Body(after_read)["unread_count"], alice_notes["unread_count"].get<int64_t>() - 1);
  HttpResponse all_read = Post(alice_, "/api/v1/inbox/read-all", "");
  ASSERT_EQ(all_read.status, 200) << Show(all_read);
  EXPECT_EQ(Body(Get(alice_, "/api/v1/inbox"))["unread_count"], 0);
  // Someone else's notification is not theirs to mark.
  HttpResponse foreign = Post(other_, "/api/v1/inbox/" + std::to_string(note_id) + "/read", "");
  EXPECT_EQ(foreign.status, 404) << Show(foreign);

  // Revocation: by the provider only, with a reason.
  HttpResponse by_grantee = Post(alice_, grant_path + "/revoke", R"({"reason": "不再需要"})");
  EXPECT_EQ(by_grantee.status, 403) << Show(by_grantee);
  HttpResponse no_reason = Post(officer_, grant_path + "/revoke", "{}");
  EXPECT_EQ(no_reason.status, 400) << Show(no_reason);
  EXPECT_EQ(Code(no_reason), "workflow.reason_required");
  HttpResponse revoked = Post(officer_, grant_path + "/revoke", R"({"reason": "案件已结"})");
  ASSERT_EQ(revoked.status, 200) << Show(revoked);
  EXPECT_EQ(Body(revoked)["state"], "revoked");
  EXPECT_EQ(Body(Get(alice_, grant_path))["state"], "revoked");
  HttpResponse again = Post(officer_, grant_path + "/revoke", R"({"reason": "again"})");
  EXPECT_EQ(again.status, 409) << Show(again);
}

TEST_F(WorkflowApi, RejectAndWithdraw) {
  HttpResponse first = Post(alice_, "/api/v1/applications", Request("shared-only"));
  ASSERT_EQ(first.status, 201) << Show(first);
  std::string path = "/api/v1/applications/" + std::to_string(Body(first)["id"].get<int64_t>());
  HttpResponse duplicate = Post(alice_, "/api/v1/applications", Request("shared-only"));
  EXPECT_EQ(duplicate.status, 409) << Show(duplicate);
  EXPECT_EQ(Code(duplicate), "workflow.already_pending");
  HttpResponse no_reason = Post(officer_, path + "/reject", "{}");
  EXPECT_EQ(no_reason.status, 400) << Show(no_reason);
  HttpResponse rejected = Post(officer_, path + "/reject", R"({"reason": "用途不明确"})");
  ASSERT_EQ(rejected.status, 200) << Show(rejected);
  EXPECT_EQ(Body(rejected)["status"], "rejected");
  EXPECT_EQ(Body(rejected)["decision_reason"], "用途不明确");

  HttpResponse second = Post(alice_, "/api/v1/applications", Request("shared-only"));
  ASSERT_EQ(second.status, 201) << Show(second);
  std::string second_path = "/api/v1/applications/" + std::to_string(Body(second)["id"].get<int64_t>());
  HttpResponse by_officer = Post(officer_, second_path + "/withdraw", "");
  EXPECT_EQ(by_officer.status, 403) << Show(by_officer);
  HttpResponse withdrawn = Post(alice_, second_path + "/withdraw", "");
  ASSERT_EQ(withdrawn.status, 200) << Show(withdrawn);
  EXPECT_EQ(Body(withdrawn)["status"], "withdrawn");
  HttpResponse late = Post(officer_, second_path + "/reject", R"({"reason": "x"})");
  EXPECT_EQ(late.status, 409) << Show(late);

  HttpResponse mine = Get(alice_, "/api/v1/applications?role=applicant&dataset=shared-only");
  ASSERT_EQ(mine.status, 200) << Show(mine);
  EXPECT_EQ(Body(mine)["total"], 2);
}

TEST_F(WorkflowApi, WhoMayApply) {
  HttpResponse anonymous = Post(nullptr, "/api/v1/applications", Request());
  EXPECT_EQ(anonymous.status, 401) << Show(anonymous);
  EXPECT_EQ(Code(anonymous), "auth.required");
  EXPECT_EQ(Get(nullptr, "/api/v1/inbox").status, 401);
  EXPECT_EQ(Get(nullptr, "/api/v1/grants").status, 401);

  // The public applies for opening, never for sharing; a dataset that is not
  // opened at all does not exist for them.
  HttpResponse sharing = Post(public_, "/api/v1/applications",
                              R"({"dataset_id": "firms", "kind": "sharing", "purpose": "研究",
                                  "fields": ["name"], "duration_days": 30})");
  EXPECT_EQ(sharing.status, 403) << Show(sharing);
  EXPECT_EQ(Code(sharing), "workflow.forbidden");
  HttpResponse hidden = Post(public_, "/api/v1/applications",
                             R"({"dataset_id": "shared-only", "purpose": "研究", "fields": ["uscc"], "duration_days": 30})");
  EXPECT_EQ(hidden.status, 404) << Show(hidden);
  EXPECT_EQ(Code(hidden), "catalog.dataset_not_found");
  HttpResponse opening = Post(public_, "/api/v1/applications",
                              R"({"dataset_id": "firms", "purpose": "市场研究", "fields": ["name"], "duration_days": 30})");
  ASSERT_EQ(opening.status, 201) << Show(opening);
  EXPECT_EQ(Body(opening)["kind"], "opening");
  EXPECT_TRUE(Body(opening)["applicant_department"].is_null());

  // The owning department reads it directly.
  HttpResponse own = Post(officer_, "/api/v1/applications", Request());
  EXPECT_EQ(own.status, 409) << Show(own);
  EXPECT_EQ(Code(own), "workflow.not_applicable");
  // A read-only token cannot apply.
  HttpResponse read_only = Post(reader_, "/api/v1/applications", Request());
  EXPECT_EQ(read_only.status, 403) << Show(read_only);
  EXPECT_EQ(Code(read_only), "auth.scope");
  // Bad input is a 400 with a stable code.
  HttpResponse bad = Post(alice_, "/api/v1/applications",
                          R"({"dataset_id": "firms", "purpose": "x", "legal_basis": "y", "fields": ["salary"],
                              "duration_days": 30})");
  EXPECT_EQ(bad.status, 400) << Show(bad);
  EXPECT_EQ(Code(bad), "workflow.unknown_field");
  HttpResponse long_duration = Post(alice_, "/api/v1/applications",
                                    R"({"dataset_id": "firms", "purpose": "x", "legal_basis": "y", "fields": ["name"],
                                        "duration_days": 5000})");
  EXPECT_EQ(long_duration.status, 400) << Show(long_duration);
  EXPECT_EQ(Code(long_duration), "workflow.bad_duration");
}

// [workflow] and [calendar] in the configuration file: a 1-working-day reply
// rule, and the next three days declared local holidays.
TEST(WorkflowConfig, ReplyDaysAndLocalHolidaysFromToml) {
  TempDir dir("yungu_workflow_config");
  access::CalendarOverrides overrides;
  access::CalendarDate today = *access::ChinaDate(storage::UtcNowIso());
  std::string holidays;
  for (int i = 1; i <= 3; ++i) {
    std::string day = access::FormatDate(today + std::chrono::days(i));
    overrides.holidays.push_back(day);
    holidays += (i > 1 ? ", \"" : "\"") + day + "\"";
  }
  WriteFileBytes(dir.path() / "yungu.toml",
                 "[workflow]\nreply_working_days = 1\n\n[calendar]\nholidays = [" + holidays + "]\nworkdays = []\n");
  auto calendar = access::WorkingCalendar::Create(overrides);
  ASSERT_TRUE(calendar.ok());
  auto due = [&](const std::string& now) {
    return access::FormatDate(calendar->AddWorkingDays(*access::ChinaDate(now), 1));
  };

  TestServer server(TestServer::Options::Args({"--config", (dir.path() / "yungu.toml").string()}));
  ASSERT_TRUE(server.ok());
  ASSERT_EQ(server.PostJson("/api/v1/departments", R"({"code": "A", "name": "甲局"})").status, 201);
  ASSERT_EQ(server.PostJson("/api/v1/departments", R"({"code": "B", "name": "乙局"})").status, 201);
  HttpResponse ds = server.PostJson("/api/v1/datasets", R"({"id": "demo-data", "name": "数据", "department": "A",
      "sharing_type": "conditional", "sharing_conditions": "审批", "opening_type": "none",
      "fields": [{"name": "x", "title": "x", "type": "text"}]})");
  ASSERT_EQ(ds.status, 201) << Show(ds);
  std::string token = server.CreateUser("gov_b", "government_user", "B");
  std::string before = due(storage::UtcNowIso());
  HttpResponse applied = server.SendAs(token, {"POST", "/api/v1/applications", {{"Content-Type", "application/json"}},
                                               R"({"dataset_id": "demo-data", "purpose": "p", "legal_basis": "l",
                                                   "fields": ["x"], "duration_days": 1})", true, false});
  std::string after = due(storage::UtcNowIso());
  ASSERT_EQ(applied.status, 201) << Show(applied);
  std::string due_date = Body(applied)["due_date"];
  EXPECT_TRUE(due_date == before || due_date == after) << due_date << " vs " << before;
  // The holidays pushed it past them: at least four days away.
  EXPECT_GE(due_date, access::FormatDate(today + std::chrono::days(4)));
}

}  // namespace
}  // namespace yungu::testing

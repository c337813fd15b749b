// Accounts end to end against the real `yungu serve`: the bootstrap secret,
// sign-in cookies and CSRF, lockout, rate limits for anonymous callers and
// app keys, API tokens and their scopes, account-route refusals.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "server/api.h"
#include "unit/server/test_server.h"
#include "yungu/access/identity_service.h"
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

std::string Show(const HttpResponse& r) { return std::to_string(r.status) + " " + r.body.substr(0, 800); }

std::string ErrorCode(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

// The value after "<label>: " on the first line that has it.
std::string Labelled(const std::string& text, const std::string& label) {
  std::smatch m;
  std::regex re(label + ": (\\S+)");
  return std::regex_search(text, m, re) ? m[1].str() : "";
}

std::string SetCookie(const HttpResponse& r) {
  for (const auto& [name, value] : r.header_list) {
    if (Lower(name) == "set-cookie") return value;
  }
  return "";
}

// "yungu_session=<value>" from a Set-Cookie header.
std::string CookiePair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

// A data directory with a platform admin "root" made by `yungu admin create`,
// and the admin token it printed.
struct AdminDir {
  TempDir dir{"yungu_auth"};
  std::string token;
  std::string password;

  AdminDir() {
    ProcessResult r = RunYungu({"admin", "create", "--data", data().string(), "--username", "root", "--role",
                                "platform_admin", "--token-scope", "admin", "--password-hash", "fast"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    token = Labelled(r.out, "token");
    password = Labelled(r.out, "password");
    EXPECT_EQ(token.rfind("yg_", 0), 0u) << r.out;
    EXPECT_GE(password.size(), 10u) << r.out;
  }
  fs::path data() const { return dir.path() / "data"; }
  // A TOML config next to the data directory.
  std::string Config(const std::string& toml) const {
    fs::path path = dir.path() / "yungu.toml";
    WriteFileBytes(path, "[auth]\npassword_hash = \"fast\"\n" + toml);
    return path.string();
  }
  TestServer::Options Serve(const std::string& toml = "") const {
    TestServer::Options o;
    o.data_dir = data();
    o.extra_args = {"--config", Config(toml)};
    return o;
  }
};

HttpResponse Call(const TestServer& server, const std::string& method, const std::string& target,
                  std::vector<std::pair<std::string, std::string>> headers, const std::string& body = "") {
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return server.Send({method, target, headers, body, true, false});
}

HttpResponse WithToken(const TestServer& server, const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body = "") {
  return Call(server, method, target, {{"Authorization", "Bearer " + token}}, body);
}

TEST(AuthHttp, BootstrapSecretPrintedAtStartCreatesTheFirstAdminOnce) {
  TempDir dir("yungu_auth_new");
  fs::path config = dir.path() / "yungu.toml";
  WriteFileBytes(config, "[auth]\npassword_hash = \"fast\"\n");
  TestServer::Options options = TestServer::Options::Args({"--config", config.string()});
  options.data_dir = dir.path() / "data";  // a new directory: no account at all
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  std::string secret = Labelled(server.Output(), "bootstrap secret");
  ASSERT_GE(secret.size(), 32u) << server.Output();

  // Nothing is open before the bootstrap.
  EXPECT_EQ(server.Get("/api/v1/users").status, 401);

  HttpResponse wrong = server.PostJson("/api/v1/auth/bootstrap",
                                       R"({"secret": "guess", "username": "root", "password": "a long passphrase"})");
  EXPECT_EQ(wrong.status, 403) << Show(wrong);
  EXPECT_EQ(ErrorCode(wrong), "auth.bad_bootstrap_secret");

  HttpResponse made = server.PostJson("/api/v1/auth/bootstrap", R"({"secret": ")" + secret +
                                                                    R"(", "username": "Root", "password": "a long passphrase", "display_name": "管理员"})");
  ASSERT_EQ(made.status, 201) << Show(made);
  EXPECT_EQ(Body(made)["username"], "root");
  EXPECT_EQ(Body(made)["roles"], json::array({"platform_admin"}));

  HttpResponse again = server.PostJson("/api/v1/auth/bootstrap", R"({"secret": ")" + secret +
                                                                     R"(", "username": "root2", "password": "a long passphrase"})");
  EXPECT_EQ(again.status, 409) << Show(again);
  EXPECT_EQ(ErrorCode(again), "auth.already_bootstrapped");

  HttpResponse login = server.PostJson("/api/v1/auth/login", R"({"username": "root", "password": "a long passphrase"})");
  EXPECT_EQ(login.status, 200) << Show(login);
}

TEST(AuthHttp, NoBootstrapSecretOnceAnAdminExists) {
  AdminDir admin;
  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server.Output().find("bootstrap secret"), std::string::npos) << server.Output();
}

TEST(AuthHttp, AdminCommandsMakeUsersAndTokensOffline) {
  AdminDir admin;
  ProcessResult token = RunYungu({"admin", "token", "--data", admin.data().string(), "--username", "ROOT",
                                  "--scope", "read", "--days", "1"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  std::string read_token = Labelled(token.out, "token");
  ASSERT_EQ(read_token.rfind("yg_", 0), 0u) << token.out;

  ProcessResult bad_role = RunYungu({"admin", "create", "--data", admin.data().string(), "--username", "x1y",
                                     "--role", "chief"});
  EXPECT_NE(bad_role.exit_code, 0);
  EXPECT_NE(bad_role.err.find("unknown role"), std::string::npos) << bad_role.err;
  ProcessResult no_dept = RunYungu({"admin", "create", "--data", admin.data().string(), "--username", "x1y",
                                    "--role", "government_user", "--password-hash", "fast"});
  EXPECT_NE(no_dept.exit_code, 0);
  EXPECT_NE(no_dept.err.find("auth.department_required"), std::string::npos) << no_dept.err;
  fs::path password_file = admin.dir.path() / "pw.txt";
  WriteFileBytes(password_file, "a chosen passphrase\n");
  ProcessResult chosen = RunYungu({"admin", "create", "--data", admin.data().string(), "--username", "auditor1",
                                   "--role", "auditor", "--password-file", password_file.string(), "--password-hash",
                                   "fast"});
  ASSERT_EQ(chosen.exit_code, 0) << chosen.err;
  EXPECT_EQ(chosen.out.find("password:"), std::string::npos) << chosen.out;  // nothing generated to show

  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  HttpResponse me = WithToken(server, "GET", "/api/v1/auth/me", read_token);
  ASSERT_EQ(me.status, 200) << Show(me);
  EXPECT_EQ(Body(me)["scope"], "read");
  HttpResponse login =
      server.PostJson("/api/v1/auth/login", R"({"username": "auditor1", "password": "a chosen passphrase"})");
  EXPECT_EQ(login.status, 200) << Show(login);
}

TEST(AuthHttp, LoginSetsAnHttpOnlySameSiteCookieAndCsrfGuardsChanges) {
  AdminDir admin;
  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  HttpResponse login =
      server.PostJson("/api/v1/auth/login", R"({"username": "root", "password": ")" + admin.password + R"("})");
  ASSERT_EQ(login.status, 200) << Show(login);
  std::string set_cookie = SetCookie(login);
  EXPECT_EQ(set_cookie.rfind("yungu_session=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Max-Age="), std::string::npos) << set_cookie;
  std::string cookie = CookiePair(set_cookie);
  std::string csrf = Body(login)["csrf_token"];
  ASSERT_FALSE(csrf.empty());

  HttpResponse me = Call(server, "GET", "/api/v1/auth/me", {{"Cookie", cookie}});
  ASSERT_EQ(me.status, 200) << Show(me);
  EXPECT_EQ(Body(me)["via"], "session");
  EXPECT_EQ(Body(me)["username"], "root");
  EXPECT_EQ(Body(me)["csrf_token"], csrf);

  // A state-changing request by cookie alone is refused; with the header it works.
  HttpResponse no_csrf = Call(server, "POST", "/api/v1/app-keys", {{"Cookie", cookie}}, R"({"name": "x"})");
  EXPECT_EQ(no_csrf.status, 403) << Show(no_csrf);
  EXPECT_EQ(ErrorCode(no_csrf), "auth.csrf_failed");
  HttpResponse bad_csrf =
      Call(server, "POST", "/api/v1/app-keys", {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}}, R"({"name": "x"})");
  EXPECT_EQ(bad_csrf.status, 403) << Show(bad_csrf);
  HttpResponse with_csrf =
      Call(server, "POST", "/api/v1/app-keys", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, R"({"name": "x"})");
  EXPECT_EQ(with_csrf.status, 201) << Show(with_csrf);

  // Logout ends the session; the cookie then answers 401 and is cleared.
  HttpResponse logout = Call(server, "POST", "/api/v1/auth/logout", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(logout.status, 200) << Show(logout);
  EXPECT_NE(SetCookie(logout).find("Max-Age=0"), std::string::npos);
  HttpResponse after = Call(server, "GET", "/api/v1/tokens", {{"Cookie", cookie}});
  EXPECT_EQ(after.status, 401) << Show(after);
  EXPECT_EQ(ErrorCode(after), "auth.session_expired");
  EXPECT_NE(SetCookie(after).find("Max-Age=0"), std::string::npos);
  // A stale cookie does not stand in the way of signing in again.
  HttpResponse relogin = Call(server, "POST", "/api/v1/auth/login", {{"Cookie", cookie}},
                              R"({"username": "root", "password": ")" + admin.password + R"("})");
  EXPECT_EQ(relogin.status, 200) << Show(relogin);
}

TEST(AuthHttp, RepeatedFailuresLockTheAccountWith429AndRetryAfter) {
  AdminDir admin;
  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  const std::string wrong = R"({"username": "root", "password": "not the password"})";
  for (int i = 0; i < 5; ++i) {
    HttpResponse r = server.PostJson("/api/v1/auth/login", wrong);
    ASSERT_EQ(r.status, 401) << i << ": " << Show(r);
    EXPECT_EQ(ErrorCode(r), "auth.invalid_credentials");
  }
  HttpResponse unknown = server.PostJson("/api/v1/auth/login", R"({"username": "nobody", "password": "whatever12"})");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(Body(unknown)["error"]["message"], Body(server.PostJson("/api/v1/auth/login", R"({"username": "nobody2", "password": "x"})"))["error"]["message"]);

  HttpResponse locked =
      server.PostJson("/api/v1/auth/login", R"({"username": "root", "password": ")" + admin.password + R"("})");
  EXPECT_EQ(locked.status, 429) << Show(locked);
  EXPECT_EQ(ErrorCode(locked), "auth.locked");
  int retry = std::atoi(locked.Header("Retry-After").c_str());
  EXPECT_GE(retry, 1) << locked.Header("Retry-After");
  EXPECT_LE(retry, 60);
}

TEST(AuthHttp, AnonymousCallersAreRateLimitedPerAddress) {
  AdminDir admin;
  TestServer server(admin.Serve("[limits]\nanonymous_per_second = 0.01\nanonymous_burst = 5\n"));
  ASSERT_TRUE(server.ok());
  HttpResponse limited;
  for (int i = 0; i < 10 && limited.status != 429; ++i) limited = server.Get("/api/v1/themes");
  ASSERT_EQ(limited.status, 429) << Show(limited);
  EXPECT_EQ(ErrorCode(limited), "rate.limited");
  int retry = std::atoi(limited.Header("Retry-After").c_str());
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 100);
  // Signed-in callers are not limited by default.
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(WithToken(server, "GET", "/api/v1/themes", admin.token).status, 200) << i;
  }
}

TEST(AuthHttp, EachAppKeyHasItsOwnRateLimit) {
  AdminDir admin;
  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  HttpResponse created = WithToken(server, "POST", "/api/v1/app-keys", admin.token, R"({"name": "portal"})");
  ASSERT_EQ(created.status, 201) << Show(created);
  std::string key = Body(created)["key"];
  std::string id = Body(created)["id"];
  ASSERT_EQ(key.rfind("ygk_", 0), 0u);
  HttpResponse rate = WithToken(server, "PATCH", "/api/v1/app-keys/" + id, admin.token,
                                R"({"rate_per_second": 0.01, "burst": 2})");
  ASSERT_EQ(rate.status, 200) << Show(rate);
  EXPECT_EQ(Body(rate)["burst"], 2);

  std::vector<int> statuses;
  HttpResponse last;
  for (int i = 0; i < 3; ++i) {
    last = Call(server, "GET", "/api/v1/themes", {{"X-App-Key", key}});
    statuses.push_back(last.status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 429}));
  EXPECT_EQ(ErrorCode(last), "rate.limited");
  EXPECT_GE(std::atoi(last.Header("Retry-After").c_str()), 1);

  HttpResponse me = Call(server, "GET", "/api/v1/auth/me", {{"X-App-Key", "ygk_0000000000000000_nope"}});
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(ErrorCode(me), "auth.invalid_app_key");
}

TEST(AuthHttp, BearerTokensWorkUntilRevokedAndReadScopeOnlyReads) {
  AdminDir admin;
  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  HttpResponse me = WithToken(server, "GET", "/api/v1/auth/me", admin.token);
  ASSERT_EQ(me.status, 200) << Show(me);
  EXPECT_EQ(Body(me)["via"], "token");
  EXPECT_EQ(Body(me)["scope"], "admin");
  EXPECT_EQ(Body(me)["roles"], json::array({"platform_admin"}));

  HttpResponse read = WithToken(server, "POST", "/api/v1/tokens", admin.token, R"({"name": "reader", "scope": "read"})");
  ASSERT_EQ(read.status, 201) << Show(read);
  std::string read_token = Body(read)["token"];
  EXPECT_EQ(WithToken(server, "GET", "/api/v1/auth/me", read_token).status, 200);
  HttpResponse refused = WithToken(server, "POST", "/api/v1/app-keys", read_token, R"({"name": "x"})");
  EXPECT_EQ(refused.status, 403) << Show(refused);
  EXPECT_EQ(ErrorCode(refused), "auth.scope");

  // Listed with its last use, never with its secret.
  HttpResponse listed = WithToken(server, "GET", "/api/v1/tokens", admin.token);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(read_token.substr(20)), std::string::npos);
  bool found = false;
  json tokens = Body(listed)["tokens"];
  for (const auto& t : tokens) {
    if (t["id"] == Body(read)["id"]) {
      found = true;
      EXPECT_TRUE(t["last_used_at"].is_string()) << t.dump();
    }
  }
  EXPECT_TRUE(found) << listed.body;

  HttpResponse revoke = WithToken(server, "DELETE", "/api/v1/tokens/" + Body(read)["id"].get<std::string>(), admin.token);
  ASSERT_EQ(revoke.status, 200) << Show(revoke);
  HttpResponse revoked = WithToken(server, "GET", "/api/v1/auth/me", read_token);
  EXPECT_EQ(revoked.status, 401) << Show(revoked);
  EXPECT_EQ(ErrorCode(revoked), "auth.invalid_token");

  // A presented credential never falls back to anonymous.
  EXPECT_EQ(WithToken(server, "GET", "/api/v1/themes", "yg_0123456789abcdef_forged").status, 401);
  EXPECT_EQ(Call(server, "GET", "/api/v1/themes", {{"Authorization", "Basic cm9vdDpwdw=="}}).status, 401);
}

TEST(AuthHttp, AccountRoutesNeedTheRightRole) {
  AdminDir admin;
  TestServer server(admin.Serve());
  ASSERT_TRUE(server.ok());
  HttpResponse anonymous = server.Get("/api/v1/users");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(ErrorCode(anonymous), "auth.required");

  HttpResponse created = WithToken(server, "POST", "/api/v1/users", admin.token,
                                   R"({"username": "dev1", "roles": ["public_user"]})");
  ASSERT_EQ(created.status, 201) << Show(created);
  std::string password = Body(created)["password"];  // generated, shown once
  HttpResponse login =
      server.PostJson("/api/v1/auth/login", R"({"username": "dev1", "password": ")" + password + R"("})");
  ASSERT_EQ(login.status, 200) << Show(login);
  std::string cookie = CookiePair(SetCookie(login));
  HttpResponse forbidden = Call(server, "GET", "/api/v1/users", {{"Cookie", cookie}});
  EXPECT_EQ(forbidden.status, 403) << Show(forbidden);
  EXPECT_EQ(ErrorCode(forbidden), "auth.forbidden");

  HttpResponse listed = WithToken(server, "GET", "/api/v1/users", admin.token);
  ASSERT_EQ(listed.status, 200) << Show(listed);
  EXPECT_EQ(Body(listed)["total"], 2);
  EXPECT_EQ(listed.body.find("argon2"), std::string::npos);

  // Roles change, audited; the last admin cannot demote themselves.
  std::string root_id = Body(WithToken(server, "GET", "/api/v1/auth/me", admin.token))["user_id"];
  HttpResponse demote = WithToken(server, "PATCH", "/api/v1/users/" + root_id, admin.token, R"({"roles": ["auditor"]})");
  EXPECT_EQ(demote.status, 409) << Show(demote);
  EXPECT_EQ(ErrorCode(demote), "auth.last_admin");
}

TEST(AuthHttp, DemoAccountsArePrintedAtStartAndWork) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  fs::path file = server.data_dir() / "demo-accounts.txt";
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string out = server.Output();
  EXPECT_NE(out.find("Demo accounts"), std::string::npos) << out;
  EXPECT_EQ(out.find("bootstrap secret"), std::string::npos) << out;
  std::smatch m;
  std::string text = ReadFileBytes(file);
  ASSERT_TRUE(std::regex_search(text, m, std::regex("\\ngov_user +(\\S+) +government_user +SCJG"))) << text;
  HttpResponse login = server.SendAs("", {"POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                                         R"({"username": "gov_user", "password": ")" + m[1].str() + R"("})", true,
                                         false});
  ASSERT_EQ(login.status, 200) << Show(login);
  EXPECT_EQ(Body(login)["user"]["department"], "SCJG");
}

// ---------------------------------------------------------------------------
// In process: what the account routes append to the trace.

class RecordingLog final : public audit::AuditLog {
 public:
  Status Append(audit::AuditEvent event) override { return AppendDurable(std::move(event)); }
  Status AppendDurable(audit::AuditEvent event) override {
    events.push_back(std::move(event));
    return Status::Ok();
  }
  std::vector<audit::AuditEvent> events;
};

class AuthRoutesTrace : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(dir_.path() / "data");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->PutDepartment({"SCJG", "市场监管局", "", "", ""}).ok());
    access::IdentityOptions o;
    o.password_cost = access::PasswordCost::kFast;
    o.background_flush = false;
    identity_ = std::make_unique<access::IdentityService>(*store_, o);
    ctx_.services.store = store_.get();
    ctx_.services.identity = identity_.get();
    ctx_.services.audit = &log_;
    server::RegisterAuthRoutes(router_, ctx_);
    auto admin = identity_->CreateUser({"root", "", "", static_cast<uint32_t>(access::Role::kPlatformAdmin),
                                        "correct horse battery"});
    ASSERT_TRUE(admin.ok());
    admin_.via = access::Principal::Via::kToken;
    admin_.user_id = admin->id;
    admin_.username = admin->username;
    admin_.roles = admin->roles;
    admin_.scope = access::Scope::kAdmin;
    admin_.credential_id = "0123456789abcdef";
    admin_.client_address = "192.0.2.10";
  }

  Result<server::Response> Call(const std::string& method, const std::string& path, const std::string& body,
                                const access::Principal& as) {
    server::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.client_address = as.client_address.empty() ? "192.0.2.99" : as.client_address;
    req.principal = as;
    auto match = router_.Find(method, path, req.path_params);
    if (!match.route) return NotFound("test.no_route", method + " " + path);
    return match.route->handler(req);
  }

  TempDir dir_{"yungu_auth_trace"};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<access::IdentityService> identity_;
  RecordingLog log_;
  server::ApiContext ctx_;
  server::Router router_;
  access::Principal admin_;
};

TEST_F(AuthRoutesTrace, RoleChangesAreTracedWithOldAndNewRoles) {
  auto created = Call("POST", "/api/v1/users",
                      R"({"username": "zhang", "department": "SCJG", "roles": ["government_user"]})", admin_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  std::string id = json::parse(created->body)["id"];
  ASSERT_FALSE(log_.events.empty());
  EXPECT_EQ(log_.events.back().action, "user.create");
  EXPECT_EQ(log_.events.back().category, "admin");
  EXPECT_EQ(log_.events.back().target, id);

  auto changed = Call("PATCH", "/api/v1/users/" + id, R"({"roles": ["data_officer"]})", admin_);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  const audit::AuditEvent& e = log_.events.back();
  EXPECT_EQ(e.action, "user.roles");
  EXPECT_EQ(e.outcome, "ok");
  EXPECT_EQ(e.user_id, admin_.user_id);
  EXPECT_EQ(e.username, "root");
  EXPECT_EQ(e.via, "token");
  EXPECT_EQ(e.credential_id, "0123456789abcdef");
  EXPECT_EQ(e.client_address, "192.0.2.10");
  EXPECT_EQ(e.roles, std::vector<std::string>{"platform_admin"});
  EXPECT_EQ(e.target, id);
  EXPECT_EQ(e.detail["old_roles"], json::array({"government_user"}));
  EXPECT_EQ(e.detail["new_roles"], json::array({"data_officer"}));
}

TEST_F(AuthRoutesTrace, RefusedChangesAreTracedAsDenied) {
  access::Principal outsider = admin_;
  outsider.roles = static_cast<uint32_t>(access::Role::kGovernmentUser);
  outsider.department = "SCJG";
  auto refused = Call("POST", "/api/v1/users", R"({"username": "x1x", "roles": ["auditor"]})", outsider);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().error_code(), "auth.forbidden");
  ASSERT_FALSE(log_.events.empty());
  EXPECT_EQ(log_.events.back().action, "user.create");
  EXPECT_EQ(log_.events.back().outcome, "denied");
  EXPECT_EQ(log_.events.back().error_code, "auth.forbidden");
}

TEST_F(AuthRoutesTrace, LoginsFailuresAndLockoutsAreTracedAsAuth) {
  access::Principal anonymous = access::Principal::Anonymous("192.0.2.20");
  for (int i = 0; i < 5; ++i) {
    auto r = Call("POST", "/api/v1/auth/login", R"({"username": "root", "password": "wrong password"})", anonymous);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 401);
  }
  int failures = 0, lockouts = 0;
  for (const auto& e : log_.events) {
    EXPECT_EQ(e.category, "auth");
    if (e.action == "auth.login" && e.outcome == "denied") ++failures;
    if (e.action == "auth.lockout") ++lockouts;
  }
  EXPECT_EQ(failures, 5);
  EXPECT_EQ(lockouts, 1);
  auto ok = Call("POST", "/api/v1/auth/login", R"({"username": "root", "password": "correct horse battery"})",
                 access::Principal::Anonymous("192.0.2.21"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, 429);  // still locked
  EXPECT_EQ(log_.events.back().error_code, "auth.locked");
}

TEST_F(AuthRoutesTrace, TokenCreationAndRevocationAreTraced) {
  auto created = Call("POST", "/api/v1/tokens", R"({"name": "ci", "scope": "write"})", admin_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  json token = json::parse(created->body);
  EXPECT_EQ(log_.events.back().action, "token.create");
  EXPECT_EQ(log_.events.back().target, token["id"]);
  // The trace never holds the secret.
  EXPECT_EQ(log_.events.back().detail.dump().find(token["token"].get<std::string>()), std::string::npos);
  auto revoked = Call("DELETE", "/api/v1/tokens/" + token["id"].get<std::string>(), "", admin_);
  ASSERT_TRUE(revoked.ok()) << revoked.status().ToString();
  EXPECT_EQ(log_.events.back().action, "token.revoke");
}

}  // namespace
}  // namespace yungu::testing

// Accounts over HTTP: sign-in and sign-out, the caller's identity, the first
// admin's bootstrap, users, API tokens and app keys. Who may manage whose
// account is decided here (with the identity service's rules); every change
// is appended to the audit trace.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/api.h"
#include "server/error_mapping.h"
#include "server/handler_util.h"
#include "yungu/access/identity_service.h"
#include "yungu/audit/audit_log.h"

namespace yungu::server {
namespace {

using access::IdentityService;
using access::Principal;
using access::Role;
using access::Scope;
using nlohmann::json;

// ---- request fields ----

Result<std::optional<std::string>> OptionalString(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return InvalidArgument("auth.bad_field", std::string(key) + " must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> RequiredString(const json& body, const char* key) {
  YG_ASSIGN_OR_RETURN(auto value, OptionalString(body, key));
  if (!value || value->empty()) return InvalidArgument("auth.missing_field", std::string(key) + " is required");
  return *value;
}

Result<std::optional<uint32_t>> OptionalRoles(const json& body) {
  auto it = body.find("roles");
  if (it == body.end() || it->is_null()) return std::optional<uint32_t>();
  if (!it->is_array()) return InvalidArgument("auth.bad_field", "roles must be an array of role names");
  uint32_t roles = 0;
  for (const auto& name : *it) {
    auto role = name.is_string() ? access::ParseRole(name.get<std::string>()) : std::nullopt;
    if (!role) {
      return InvalidArgument("auth.bad_role", "roles are platform_admin, department_admin, data_officer, "
                                              "government_user, public_user and auditor");
    }
    roles |= static_cast<uint32_t>(*role);
  }
  return std::optional<uint32_t>(roles);
}

json Nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// ---- responses ----

json UserJson(const storage::UserRecord& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"department", Nullable(u.department)},
          {"roles", access::RoleNames(u.roles)},
          {"disabled", u.disabled},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at},
          {"locked_until", Nullable(u.locked_until)}};
}

json TokenJson(const storage::TokenRecord& t) {
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"name", t.name},
          {"scope", t.scope},
          {"created_at", t.created_at},
          {"expires_at", t.expires_at},
          {"revoked_at", Nullable(t.revoked_at)},
          {"last_used_at", Nullable(t.last_used_at)}};
}

json AppKeyJson(const storage::AppKeyRecord& k) {
  return {{"id", k.id},
          {"owner_id", k.owner_id},
          {"name", k.name},
          {"rate_per_second", k.rate_per_second},
          {"burst", k.burst},
          {"created_at", k.created_at},
          {"revoked_at", Nullable(k.revoked_at)},
          {"last_used_at", Nullable(k.last_used_at)}};
}

Response WithRetryAfter(const Status& status, const Request& req, int64_t seconds) {
  Response r = ErrorResponse(status, req.request_id);
  if (seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

// ---- who may ----

Status RequireUser(const Request& req) {
  if (!req.principal.authenticated()) return Unauthenticated("auth.required", "sign in or send an API token");
  return Status::Ok();
}

// Account management needs a session or an admin-scoped token.
Status RequireAdminScope(const Request& req) {
  YG_RETURN_IF_ERROR(RequireUser(req));
  if (!req.principal.Allows(Scope::kAdmin)) {
    return PermissionDenied("auth.scope", "managing accounts and credentials needs scope admin");
  }
  return Status::Ok();
}

bool IsPlatformAdmin(const Request& req) { return req.principal.Has(Role::kPlatformAdmin); }

// ---- the trace ----

struct Tracer {
  audit::AuditLog* log;

  void operator()(const Request& req, const char* category, std::string action, std::string target,
                  json detail = nullptr, const Status& outcome = Status::Ok()) const {
    if (log == nullptr) return;
    audit::AuditEvent e;
    e.category = category;
    e.action = std::move(action);
    if (!outcome.ok()) {
      e.outcome = outcome.code() == Code::kPermissionDenied || outcome.code() == Code::kUnauthenticated ||
                          outcome.code() == Code::kResourceExhausted
                      ? "denied"
                      : "error";
      e.error_code = outcome.error_code();
    }
    const Principal& p = req.principal;
    e.user_id = p.user_id;
    e.username = p.username;
    e.department = p.department;
    e.roles = access::RoleNames(p.roles);
    e.via = std::string(access::ViaName(p.via));
    e.credential_id = p.credential_id;
    e.client_address = req.client_address;
    e.target = std::move(target);
    e.detail = std::move(detail);
    std::string what = e.action;
    if (Status st = log->AppendDurable(std::move(e)); !st.ok()) {
      spdlog::error("audit: could not record {}: {}", what, st.ToString());
    }
  }
};

// Runs a state-changing handler; refusals are traced too (successes trace
// themselves, with their details).
Handler Traced(Tracer trace, const char* action, Handler handler) {
  return [trace, action, handler = std::move(handler)](Request& req) -> Result<Response> {
    Result<Response> r = handler(req);
    if (!r.ok() && (r.status().code() == Code::kPermissionDenied || r.status().code() == Code::kUnauthenticated)) {
      std::string target = req.path_params.count("id") ? req.path_params["id"] : std::string();
      trace(req, "admin", action, target, nullptr, r.status());
    }
    return r;
  };
}

// ---- routes ----

void AddSignInRoutes(Router& router, IdentityService* identity, Tracer trace) {
  router.Add({"POST", "/api/v1/auth/login", BodyKind::kJson,
              [identity, trace](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(std::string username, RequiredString(body, "username"));
                YG_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
                access::LoginResult login = identity->Login(username, password, req.client_address);
                std::string target = login.user_id.empty() ? username.substr(0, 64) : login.user_id;
                if (!login.status.ok()) {
                  trace(req, "auth", "auth.login", target, {{"username", username.substr(0, 64)}}, login.status);
                  if (login.lockout_started) {
                    trace(req, "auth", "auth.lockout", target, {{"username", username.substr(0, 64)}});
                  }
                  return WithRetryAfter(login.status, req, login.retry_after_seconds);
                }
                req.principal = access::Principal{};
                req.principal.via = Principal::Via::kSession;
                req.principal.user_id = login.user.id;
                req.principal.username = login.user.username;
                req.principal.department = login.user.department;
                req.principal.roles = login.user.roles;
                req.principal.credential_id = login.session.id;
                trace(req, "auth", "auth.login", login.user.id);
                Response r = Response::Json({{"user", UserJson(login.user)},
                                             {"csrf_token", login.session.csrf_token},
                                             {"session", {{"id", login.session.id}, {"expires_at", login.session.expires_at}}}});
                r.headers.emplace_back("Set-Cookie", identity->SessionCookie(login.session_secret));
                r.headers.emplace_back("Cache-Control", "no-store");
                return r;
              },
              "Sign in with a password (sets the session cookie)"});

  router.Add({"POST", "/api/v1/auth/logout", BodyKind::kJson,
              [identity, trace](Request& req) -> Result<Response> {
                bool ended = false;
                if (req.principal.via == Principal::Via::kSession) {
                  YG_RETURN_IF_ERROR(identity->Logout(req.principal.credential_id));
                  trace(req, "auth", "auth.logout", req.principal.user_id);
                  ended = true;
                }
                Response r = Response::Json({{"signed_out", ended}});
                r.headers.emplace_back("Set-Cookie", identity->ClearedSessionCookie());
                return r;
              },
              "Sign out (ends the session)"});

  router.Add({"GET", "/api/v1/auth/me", BodyKind::kNone,
              [identity](Request& req) -> Result<Response> {
                const Principal& p = req.principal;
                json out = {{"authenticated", p.authenticated()},
                            {"via", access::ViaName(p.via)},
                            {"user_id", Nullable(p.user_id)},
                            {"username", Nullable(p.username)},
                            {"department", Nullable(p.department)},
                            {"roles", access::RoleNames(p.roles)},
                            {"scope", p.authenticated() ? json(access::ScopeName(p.scope)) : json(nullptr)},
                            {"credential_id", Nullable(p.credential_id)}};
                if (p.authenticated()) {
                  if (auto user = identity->GetUser(p.user_id); user.ok()) out["display_name"] = user->display_name;
                }
                // A page reloaded in the browser gets its CSRF token back here
                // (the cookie itself is HttpOnly).
                if (p.via == Principal::Via::kSession) {
                  if (auto csrf = identity->SessionCsrfToken(p.credential_id)) out["csrf_token"] = *csrf;
                }
                Response r = Response::Json(out);
                r.headers.emplace_back("Cache-Control", "no-store");
                return r;
              },
              "Who is calling: user, department, roles, credential"});

  router.Add({"POST", "/api/v1/auth/password", BodyKind::kJson,
              Traced(trace, "user.password",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       YG_ASSIGN_OR_RETURN(std::string current, RequiredString(body, "current_password"));
                       YG_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "new_password"));
                       std::string keep = req.principal.via == Principal::Via::kSession ? req.principal.credential_id
                                                                                          : std::string();
                       YG_RETURN_IF_ERROR(identity->ChangePassword(req.principal.user_id, current, password, keep));
                       trace(req, "admin", "user.password", req.principal.user_id);
                       return Response::Json({{"changed", true}});
                     }),
              "Change your own password"});

  router.Add({"POST", "/api/v1/auth/bootstrap", BodyKind::kJson,
              [identity, trace](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(std::string secret, RequiredString(body, "secret"));
                access::NewUser admin;
                YG_ASSIGN_OR_RETURN(admin.username, RequiredString(body, "username"));
                YG_ASSIGN_OR_RETURN(admin.password, RequiredString(body, "password"));
                YG_ASSIGN_OR_RETURN(auto display_name, OptionalString(body, "display_name"));
                admin.display_name = display_name.value_or("");
                admin.roles = static_cast<uint32_t>(Role::kPlatformAdmin);
                auto user = identity->Bootstrap(secret, admin, req.client_address);
                if (!user.ok()) {
                  trace(req, "auth", "auth.bootstrap", admin.username.substr(0, 64), nullptr, user.status());
                  return user.status();
                }
                trace(req, "admin", "auth.bootstrap", user->id, {{"username", user->username}});
                return Response::Json(UserJson(*user), 201);
              },
              "Create the first platform admin with the bootstrap secret"});
}

void AddUserRoutes(Router& router, IdentityService* identity, Tracer trace) {
  router.Add({"GET", "/api/v1/users", BodyKind::kNone,
              [identity](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"department", "role"}));
                YG_RETURN_IF_ERROR(RequireUser(req));
                const Principal& p = req.principal;
                storage::UserFilter filter;
                if (auto role = req.query.find("role"); role != req.query.end() && !role->second.empty()) {
                  auto r = access::ParseRole(role->second);
                  if (!r) return InvalidArgument("auth.bad_role", "unknown role '" + role->second.substr(0, 64) + "'");
                  filter.any_role = static_cast<uint32_t>(*r);
                }
                std::string department = req.query.count("department") ? req.query["department"] : "";
                if (p.Has(Role::kPlatformAdmin) || p.Has(Role::kAuditor)) {
                  if (!department.empty()) filter.departments = {department};
                } else if (p.Has(Role::kDepartmentAdmin)) {
                  YG_ASSIGN_OR_RETURN(auto subtree, identity->DepartmentSubtree(p.department));
                  if (department.empty()) {
                    filter.departments = subtree;
                  } else if (std::find(subtree.begin(), subtree.end(), department) != subtree.end()) {
                    filter.departments = {department};
                  } else {
                    return PermissionDenied("auth.forbidden", "a department admin lists only their own departments");
                  }
                } else {
                  return PermissionDenied("auth.forbidden", "only administrators and auditors list users");
                }
                YG_ASSIGN_OR_RETURN(auto users, identity->ListUsers(filter));
                json out = json::array();
                for (const auto& u : users) out.push_back(UserJson(u));
                return Response::Json({{"users", out}, {"total", users.size()}});
              },
              "List users"});

  router.Add({"POST", "/api/v1/users", BodyKind::kJson,
              Traced(trace, "user.create",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       access::NewUser user;
                       YG_ASSIGN_OR_RETURN(user.username, RequiredString(body, "username"));
                       YG_ASSIGN_OR_RETURN(auto display_name, OptionalString(body, "display_name"));
                       YG_ASSIGN_OR_RETURN(auto department, OptionalString(body, "department"));
                       YG_ASSIGN_OR_RETURN(auto roles, OptionalRoles(body));
                       YG_ASSIGN_OR_RETURN(auto password, OptionalString(body, "password"));
                       user.display_name = display_name.value_or("");
                       user.department = department.value_or("");
                       user.roles = roles.value_or(0);
                       YG_RETURN_IF_ERROR(identity->CheckAssign(req.principal, user.department, user.roles));
                       bool generated = !password || password->empty();
                       user.password = generated ? access::GeneratePassword() : *password;
                       YG_ASSIGN_OR_RETURN(auto created, identity->CreateUser(user));
                       trace(req, "admin", "user.create", created.id,
                             {{"username", created.username},
                              {"department", created.department},
                              {"roles", access::RoleNames(created.roles)}});
                       json out = UserJson(created);
                       if (generated) out["password"] = user.password;  // shown once
                       Response r = Response::Json(out, 201);
                       r.headers.emplace_back("Location", "/api/v1/users/" + created.id);
                       return r;
                     }),
              "Create a user"});

  router.Add({"GET", "/api/v1/users/{id}", BodyKind::kNone,
              [identity](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(RequireUser(req));
                YG_ASSIGN_OR_RETURN(auto user, identity->GetUser(req.path_params["id"]));
                if (user.id != req.principal.user_id && !req.principal.Has(Role::kAuditor)) {
                  Status may = identity->CheckManage(req.principal, user);
                  // Users one may not manage do not exist, as far as one can tell.
                  if (!may.ok()) return NotFound("auth.user_not_found", "no such user");
                }
                return Response::Json(UserJson(user));
              },
              "Show a user"});

  router.Add({"PATCH", "/api/v1/users/{id}", BodyKind::kJson,
              Traced(trace, "user.update",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       for (const auto& [key, value] : body.items()) {
                         if (key != "display_name" && key != "department" && key != "roles" && key != "disabled") {
                           return InvalidArgument("auth.unknown_field", "users have no editable field '" +
                                                                            key.substr(0, 64) + "'");
                         }
                       }
                       YG_ASSIGN_OR_RETURN(auto before, identity->GetUser(req.path_params["id"]));
                       access::UserChange change;
                       YG_ASSIGN_OR_RETURN(change.display_name, OptionalString(body, "display_name"));
                       YG_ASSIGN_OR_RETURN(change.department, OptionalString(body, "department"));
                       YG_ASSIGN_OR_RETURN(change.roles, OptionalRoles(body));
                       if (body.contains("disabled")) {
                         if (!body["disabled"].is_boolean()) {
                           return InvalidArgument("auth.bad_field", "disabled must be true or false");
                         }
                         change.disabled = body["disabled"].get<bool>();
                       }
                       bool only_own_name = before.id == req.principal.user_id && !change.department && !change.roles &&
                                            !change.disabled;
                       if (!only_own_name) {
                         YG_RETURN_IF_ERROR(identity->CheckManage(req.principal, before));
                         if (change.department || change.roles) {
                           YG_RETURN_IF_ERROR(identity->CheckAssign(req.principal, change.department.value_or(before.department),
                                                                    change.roles.value_or(before.roles)));
                         }
                       }
                       YG_ASSIGN_OR_RETURN(auto after, identity->UpdateUser(before.id, change));
                       json detail = {{"username", after.username}};
                       if (after.roles != before.roles) {
                         detail["old_roles"] = access::RoleNames(before.roles);
                         detail["new_roles"] = access::RoleNames(after.roles);
                       }
                       if (after.department != before.department) {
                         detail["old_department"] = before.department;
                         detail["new_department"] = after.department;
                       }
                       if (after.disabled != before.disabled) detail["disabled"] = after.disabled;
                       if (after.display_name != before.display_name) detail["display_name"] = after.display_name;
                       trace(req, "admin", after.roles != before.roles ? "user.roles" : "user.update", after.id, detail);
                       return Response::Json(UserJson(after));
                     }),
              "Change a user's roles, department, name or status"});

  router.Add({"POST", "/api/v1/users/{id}/password", BodyKind::kJson,
              Traced(trace, "user.password_reset",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       YG_ASSIGN_OR_RETURN(auto password, OptionalString(body, "password"));
                       YG_ASSIGN_OR_RETURN(auto user, identity->GetUser(req.path_params["id"]));
                       YG_RETURN_IF_ERROR(identity->CheckManage(req.principal, user));
                       bool generated = !password || password->empty();
                       std::string chosen = generated ? access::GeneratePassword() : *password;
                       YG_RETURN_IF_ERROR(identity->SetPassword(user.id, chosen));
                       trace(req, "admin", "user.password_reset", user.id, {{"username", user.username}});
                       json out = {{"id", user.id}, {"reset", true}};
                       if (generated) out["password"] = chosen;  // shown once
                       return Response::Json(out);
                     }),
              "Reset a user's password"});
}

// The user whose credentials a request concerns: the caller, or (platform
// admins with an admin-scoped credential only) the one named.
Result<std::string> SubjectUser(const Request& req, const std::string& named) {
  YG_RETURN_IF_ERROR(RequireUser(req));
  if (named.empty() || named == req.principal.user_id) return req.principal.user_id;
  if (!IsPlatformAdmin(req)) return PermissionDenied("auth.forbidden", "only a platform admin manages others' credentials");
  YG_RETURN_IF_ERROR(RequireAdminScope(req));
  return named;
}

void AddTokenRoutes(Router& router, IdentityService* identity, Tracer trace) {
  router.Add({"GET", "/api/v1/tokens", BodyKind::kNone,
              [identity](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"user"}));
                std::string named = req.query.count("user") ? req.query["user"] : "";
                YG_ASSIGN_OR_RETURN(std::string user, SubjectUser(req, named == "*" ? "all" : named));
                YG_ASSIGN_OR_RETURN(auto tokens, identity->ListTokens(user == "all" ? "" : user));
                json out = json::array();
                for (const auto& t : tokens) out.push_back(TokenJson(t));
                return Response::Json({{"tokens", out}});
              },
              "List API tokens"});

  router.Add({"POST", "/api/v1/tokens", BodyKind::kJson,
              Traced(trace, "token.create",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       YG_ASSIGN_OR_RETURN(auto named, OptionalString(body, "user_id"));
                       YG_ASSIGN_OR_RETURN(std::string user, SubjectUser(req, named.value_or("")));
                       YG_ASSIGN_OR_RETURN(auto name, OptionalString(body, "name"));
                       YG_ASSIGN_OR_RETURN(auto scope_name, OptionalString(body, "scope"));
                       auto scope = access::ParseScope(scope_name.value_or("read"));
                       if (!scope) return InvalidArgument("auth.bad_scope", "scope is read, write or admin");
                       // A credential never mints a stronger one.
                       if (!req.principal.Allows(*scope)) {
                         return PermissionDenied("auth.scope", "a token cannot have more scope than the credential creating it");
                       }
                       int days = 0;
                       if (body.contains("days") && !body["days"].is_null()) {
                         if (!body["days"].is_number_integer()) return InvalidArgument("auth.bad_expiry", "days must be an integer");
                         int64_t d = body["days"].get<int64_t>();
                         if (d < 1 || d > 100000) return InvalidArgument("auth.bad_expiry", "days must be at least 1");
                         days = static_cast<int>(d);
                       }
                       YG_ASSIGN_OR_RETURN(auto issued, identity->CreateToken(user, name.value_or(""), *scope, days));
                       trace(req, "admin", "token.create", issued.record.id,
                             {{"user_id", user}, {"scope", issued.record.scope}, {"expires_at", issued.record.expires_at}});
                       json out = TokenJson(issued.record);
                       out["token"] = issued.token;  // shown once
                       Response r = Response::Json(out, 201);
                       r.headers.emplace_back("Cache-Control", "no-store");
                       return r;
                     }),
              "Create an API token (shown once)"});

  router.Add({"DELETE", "/api/v1/tokens/{id}", BodyKind::kNone,
              Traced(trace, "token.revoke",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireUser(req));
                       auto token = identity->GetToken(req.path_params["id"]);
                       if (!token.ok()) return token.status();
                       if (token->user_id != req.principal.user_id) {
                         // Others' tokens are not there for those who may not manage them.
                         if (!IsPlatformAdmin(req)) return NotFound("auth.token_not_found", "no such token");
                         YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       }
                       YG_RETURN_IF_ERROR(identity->RevokeToken(token->id));
                       trace(req, "admin", "token.revoke", token->id, {{"user_id", token->user_id}});
                       return Response::Json({{"revoked", token->id}});
                     }),
              "Revoke an API token"});
}

void AddAppKeyRoutes(Router& router, IdentityService* identity, Tracer trace) {
  router.Add({"GET", "/api/v1/app-keys", BodyKind::kNone,
              [identity](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(OnlyParams(req, {"owner"}));
                std::string named = req.query.count("owner") ? req.query["owner"] : "";
                YG_ASSIGN_OR_RETURN(std::string owner, SubjectUser(req, named == "*" ? "all" : named));
                YG_ASSIGN_OR_RETURN(auto keys, identity->ListAppKeys(owner == "all" ? "" : owner));
                json out = json::array();
                for (const auto& k : keys) out.push_back(AppKeyJson(k));
                return Response::Json({{"app_keys", out}});
              },
              "List app keys"});

  router.Add({"POST", "/api/v1/app-keys", BodyKind::kJson,
              Traced(trace, "app_key.create",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireUser(req));
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       YG_ASSIGN_OR_RETURN(auto name, OptionalString(body, "name"));
                       YG_ASSIGN_OR_RETURN(auto issued, identity->CreateAppKey(req.principal.user_id, name.value_or("")));
                       trace(req, "admin", "app_key.create", issued.record.id, {{"owner_id", issued.record.owner_id}});
                       json out = AppKeyJson(issued.record);
                       out["key"] = issued.key;  // shown once
                       Response r = Response::Json(out, 201);
                       r.headers.emplace_back("Cache-Control", "no-store");
                       return r;
                     }),
              "Create an app key (shown once)"});

  router.Add({"PATCH", "/api/v1/app-keys/{id}", BodyKind::kJson,
              Traced(trace, "app_key.rate",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       if (!IsPlatformAdmin(req)) {
                         return PermissionDenied("auth.forbidden", "only a platform admin sets app-key rates");
                       }
                       YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                       YG_ASSIGN_OR_RETURN(auto key, identity->GetAppKey(req.path_params["id"]));
                       double rate = key.rate_per_second, burst = key.burst;
                       if (body.contains("rate_per_second")) {
                         if (!body["rate_per_second"].is_number()) return InvalidArgument("auth.bad_rate", "rate_per_second must be a number");
                         rate = body["rate_per_second"].get<double>();
                       }
                       if (body.contains("burst")) {
                         if (!body["burst"].is_number()) return InvalidArgument("auth.bad_rate", "burst must be a number");
                         burst = body["burst"].get<double>();
                       }
                       YG_RETURN_IF_ERROR(identity->SetAppKeyRate(key.id, rate, burst));
                       YG_ASSIGN_OR_RETURN(auto updated, identity->GetAppKey(key.id));
                       trace(req, "admin", "app_key.rate", key.id,
                             {{"old", {{"rate_per_second", key.rate_per_second}, {"burst", key.burst}}},
                              {"new", {{"rate_per_second", rate}, {"burst", burst}}}});
                       return Response::Json(AppKeyJson(updated));
                     }),
              "Set an app key's rate limit"});

  router.Add({"DELETE", "/api/v1/app-keys/{id}", BodyKind::kNone,
              Traced(trace, "app_key.revoke",
                     [identity, trace](Request& req) -> Result<Response> {
                       YG_RETURN_IF_ERROR(RequireUser(req));
                       YG_ASSIGN_OR_RETURN(auto key, identity->GetAppKey(req.path_params["id"]));
                       if (key.owner_id != req.principal.user_id) {
                         if (!IsPlatformAdmin(req)) return NotFound("auth.app_key_not_found", "no such app key");
                         YG_RETURN_IF_ERROR(RequireAdminScope(req));
                       }
                       YG_RETURN_IF_ERROR(identity->RevokeAppKey(key.id));
                       trace(req, "admin", "app_key.revoke", key.id, {{"owner_id", key.owner_id}});
                       return Response::Json({{"revoked", key.id}});
                     }),
              "Revoke an app key"});
}

}  // namespace

void RegisterAuthRoutes(Router& router, ApiContext& ctx) {
  IdentityService* identity = ctx.services.identity;
  Tracer trace{ctx.services.audit};
  AddSignInRoutes(router, identity, trace);
  AddUserRoutes(router, identity, trace);
  AddTokenRoutes(router, identity, trace);
  AddAppKeyRoutes(router, identity, trace);
}

}  // namespace yungu::server

// Authentication of every request (see Authenticate in api.h): who is
// calling, by which credential, and whether their rate limit admits them.
#include "server/api.h"
#include "server/ckan/ckan_api.h"
#include "server/error_mapping.h"
#include "yungu/access/identity_service.h"

namespace yungu::server {
namespace {

// The yungu_session value from a Cookie header, if present.
std::optional<std::string_view> SessionCookie(std::string_view header) {
  constexpr std::string_view kName = access::IdentityService::kSessionCookie;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > kName.size() && pair.substr(0, kName.size()) == kName && pair[kName.size()] == '=') {
      return pair.substr(kName.size() + 1);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

bool StartsWithBearer(std::string_view value) {
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Signing in and out must work with a stale cookie in the browser.
bool IgnoresStaleSession(const std::string& path) {
  return path == "/api/v1/auth/login" || path == "/api/v1/auth/logout" || path == "/api/v1/auth/bootstrap";
}

Response Refusal(const ApiContext& ctx, const Status& status, const Request& req, int64_t retry_after = 0) {
  Response r = req.ckan_api ? ckan_api::ErrorResponse(status, ckan_api::HelpUrl(ctx, req), req.request_id)
                            : ErrorResponse(status, req.request_id);
  if (retry_after > 0) r.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return r;
}

}  // namespace

std::optional<Response> Authenticate(ApiContext& ctx, Request& req) {
  access::IdentityService* identity = ctx.services.identity;
  if (identity == nullptr) {
    req.principal = access::Principal::Anonymous(req.client_address);
    return std::nullopt;
  }

  auto authorization = req.headers.find("authorization");
  auto cookie_header = req.headers.find("cookie");
  auto app_key = req.headers.find("x-app-key");
  std::optional<std::string_view> cookie;
  if (cookie_header != req.headers.end()) cookie = SessionCookie(cookie_header->second);

  // CKAN's clients send the bare token, or the legacy X-CKAN-API-Key.
  auto ckan_key = req.ckan_api ? req.headers.find("x-ckan-api-key") : req.headers.end();
  if (authorization != req.headers.end() || ckan_key != req.headers.end()) {
    // A presented credential either works or is refused: never anonymous.
    std::string_view token;
    if (authorization != req.headers.end() && StartsWithBearer(authorization->second)) {
      token = std::string_view(authorization->second).substr(7);
    } else if (authorization != req.headers.end() && req.ckan_api) {
      token = authorization->second;
    } else if (authorization != req.headers.end()) {
      return Refusal(ctx, Unauthenticated("auth.invalid_token", "send API tokens as 'Authorization: Bearer <token>'"), req);
    } else {
      token = ckan_key->second;
    }
    auto principal = identity->AuthenticateToken(Trim(token), req.client_address);
    if (!principal.ok()) return Refusal(ctx, principal.status(), req);
    req.principal = std::move(principal).value();
  } else if (cookie && !(req.path == "/api/v1/auth/login" || req.path == "/api/v1/auth/bootstrap")) {
    auto session = identity->AuthenticateSession(*cookie, req.client_address);
    if (session.ok()) {
      req.principal = std::move(session->principal);
      if (Status st = access::CheckCsrf(req.method, session->csrf_token, req.Header("x-csrf-token")); !st.ok()) {
        return Refusal(ctx, st, req);
      }
    } else if (session.status().code() == Code::kUnauthenticated && IgnoresStaleSession(req.path)) {
      req.principal = access::Principal::Anonymous(req.client_address);
    } else {
      Response r = Refusal(ctx, session.status(), req);
      if (session.status().code() == Code::kUnauthenticated) {
        r.headers.emplace_back("Set-Cookie", identity->ClearedSessionCookie());
      }
      return r;
    }
  } else if (app_key != req.headers.end()) {
    auto principal = identity->AuthenticateAppKey(Trim(app_key->second), req.client_address);
    if (!principal.ok()) return Refusal(ctx, principal.status(), req);
    req.principal = std::move(principal).value();
  } else {
    req.principal = access::Principal::Anonymous(req.client_address);
  }

  if (auto admitted = identity->Admit(req.principal); !admitted.allowed) {
    return Refusal(ctx, ResourceExhausted("rate.limited", "too many requests; retry in " +
                                                         std::to_string(admitted.retry_after_seconds) + " s"),
                   req, admitted.retry_after_seconds);
  }
  if (Status st = access::CheckMethodScope(req.principal, req.reads_only ? "GET" : req.method); !st.ok()) {
    return Refusal(ctx, st, req);
  }
  return std::nullopt;
}

}  // namespace yungu::server

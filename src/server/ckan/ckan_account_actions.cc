// api_token_create: a Yungu API token, which CKAN clients send raw in the
// Authorization header (or as X-CKAN-API-Key).
#include "server/access_util.h"
#include "server/ckan/ckan_api.h"
#include "yungu/access/identity_service.h"
#include "yungu/ckan/ckan.h"

namespace yungu::server::ckan_api {
namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

Result<json> ApiTokenCreate(Call& call) {
  const auto& who = call.req.principal;
  auto* identity = call.ctx.services.identity;
  if (!identity || !who.authenticated()) {
    return PermissionDenied("auth.required", "Action api_token_create requires an authenticated user");
  }
  YG_ASSIGN_OR_RETURN(std::string user, RequiredString(call.data, "user"));
  YG_ASSIGN_OR_RETURN(std::string name, RequiredString(call.data, "name"));
  auto record = identity->FindUser(user);
  if (!record.ok()) record = identity->GetUser(user);
  if (!record.ok()) return NotFound("ckan.user_not_found", "User not found");
  // One's own tokens; a platform admin's credential (admin scope) may mint
  // them for others.
  if (record->id != who.user_id &&
      !(who.Has(access::Role::kPlatformAdmin) && who.Allows(access::Scope::kAdmin))) {
    return PermissionDenied("auth.forbidden", "User " + who.username + " not authorized to create tokens for " + user);
  }
  // CKAN's expires_in and unit (seconds per unit); Yungu counts whole days.
  YG_ASSIGN_OR_RETURN(int64_t expires_in, ck::IntParam(call.data, "expires_in", 0, 0, INT64_MAX / 2));
  YG_ASSIGN_OR_RETURN(int64_t unit, ck::IntParam(call.data, "unit", 86400, 1, 365LL * 86400 * 100));
  int days = 0;
  if (expires_in > 0) {
    int64_t seconds = expires_in > INT64_MAX / unit ? INT64_MAX : expires_in * unit;
    days = static_cast<int>(std::min<int64_t>(100000, std::max<int64_t>(1, (seconds + 86399) / 86400)));
  }
  // Never more than the credential creating it.
  access::Scope scope = who.scope;
  YG_ASSIGN_OR_RETURN(auto issued, identity->CreateToken(record->id, name, scope, days));
  auto event = EventFor(call.req, "admin", "token.create");
  event.target = issued.record.id;
  event.detail = {{"user_id", record->id}, {"scope", issued.record.scope}, {"via", "ckan"}};
  YG_RETURN_IF_ERROR(TraceAdmin(call.ctx, std::move(event)));
  return json{{"token", issued.token}};
}

}  // namespace

void AddAccountActions(std::vector<Action>& out) {
  out.push_back({"api_token_create", false,
                 "Create a new API token for a user.\n\n"
                 "    :param user: name or id of the user who owns the new token\n"
                 "    :param name: a distinctive name for the token\n"
                 "    :param expires_in: how long the token lives, in units (optional)\n"
                 "    :param unit: seconds per unit (default 86400, a day)\n\n"
                 "    :returns: {\"token\": the token, shown once}\n",
                 ApiTokenCreate});
}

}  // namespace yungu::server::ckan_api

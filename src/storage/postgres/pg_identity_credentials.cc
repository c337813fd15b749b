// Sessions, API tokens and app keys: credential records, each found by id or
// by the hash of its secret.
#include "storage/postgres/pg_identity_store.h"

namespace yungu::storage::pg {
namespace {

constexpr const char* kSessionColumns =
    "id, secret_hash, user_id, csrf_token, client_address, created_at, last_seen_at, expires_at";
constexpr const char* kTokenColumns =
    "id, user_id, name, scope, secret_hash, created_at, expires_at, revoked_at, last_used_at";
constexpr const char* kAppKeyColumns =
    "id, owner_id, name, secret_hash, rate_per_second, burst, created_at, revoked_at, last_used_at";

SessionRecord ReadSession(const PgResult& res, int r) {
  return SessionRecord{res.Text(r, 0), res.Text(r, 1), res.Text(r, 2), res.Text(r, 3),
                       res.Text(r, 4), res.Text(r, 5), res.Text(r, 6), res.Text(r, 7)};
}

TokenRecord ReadToken(const PgResult& res, int r) {
  return TokenRecord{res.Text(r, 0), res.Text(r, 1), res.Text(r, 2), res.Text(r, 3), res.Text(r, 4),
                     res.Text(r, 5), res.Text(r, 6), res.Text(r, 7), res.Text(r, 8)};
}

AppKeyRecord ReadAppKey(const PgResult& res, int r) {
  AppKeyRecord k;
  k.id = res.Text(r, 0);
  k.owner_id = res.Text(r, 1);
  k.name = res.Text(r, 2);
  k.secret_hash = res.Text(r, 3);
  k.rate_per_second = res.Double(r, 4);
  k.burst = res.Double(r, 5);
  k.created_at = res.Text(r, 6);
  k.revoked_at = res.Text(r, 7);
  k.last_used_at = res.Text(r, 8);
  return k;
}

template <typename Record, typename Reader>
std::vector<Record> ReadAll(const PgResult& res, Reader read) {
  std::vector<Record> out;
  out.reserve(res.rows());
  for (int r = 0; r < res.rows(); ++r) out.push_back(read(res, r));
  return out;
}

// "INSERT INTO table(columns) VALUES($1, ..., $n)".
std::string InsertSql(std::string_view table, std::string_view columns, int n) {
  std::string sql = "INSERT INTO " + std::string(table) + "(" + std::string(columns) + ") VALUES(";
  for (int i = 1; i <= n; ++i) sql += (i > 1 ? ", $" : "$") + std::to_string(i);
  return sql + ")";
}

Status Run(PgPool& pool, const std::string& sql, const Params& params) {
  YG_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
  return conn->Exec(sql, params).status();
}

// Sets revoked_at unless already revoked (the first revocation time stays)
// and tells every process whose credential it was.
std::string RevokeSql(std::string_view table, std::string_view user_column) {
  return "WITH c AS (UPDATE " + std::string(table) +
         " SET revoked_at = CASE WHEN revoked_at = '' THEN $2::text ELSE revoked_at END WHERE id = $1 RETURNING " +
         std::string(user_column) + " AS user_id) " + NotifySql("c.user_id") + " FROM c";
}

}  // namespace

// ---- sessions ----

Status PgIdentityStore::CreateSession(const SessionRecord& s) {
  return Run(pool_, InsertSql("sessions", kSessionColumns, 8),
             Params()
                 .Text(s.id)
                 .Text(s.secret_hash)
                 .Text(s.user_id)
                 .Text(s.csrf_token)
                 .Text(s.client_address)
                 .Text(s.created_at)
                 .Text(s.last_seen_at)
                 .Text(s.expires_at));
}

Result<SessionRecord> PgIdentityStore::FindSession(std::string_view secret_hash) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kSessionColumns +
                                                   " FROM sessions WHERE secret_hash = $1",
                                               Params().Text(secret_hash)));
  if (res.rows() == 0) return NotFound("auth.session_not_found", "no such session");
  return ReadSession(res, 0);
}

Status PgIdentityStore::DeleteSession(std::string_view id) {
  return RunNotifyingOne("WITH d AS (DELETE FROM sessions WHERE id = $1 RETURNING user_id) " +
                             NotifySql("d.user_id") + " FROM d",
                         Params().Text(id), "auth.session_not_found", "session", id);
}

Status PgIdentityStore::DeleteUserSessions(std::string_view user_id, std::string_view keep_id) {
  // The DELETE in WITH runs whether or not the notice reads it.
  return Run(pool_, "WITH d AS (DELETE FROM sessions WHERE user_id = $1 AND id <> $2) " + NotifySql("$1::text"),
             Params().Text(user_id).Text(keep_id));
}

Result<int64_t> PgIdentityStore::DeleteExpiredSessions(std::string_view now, std::string_view idle_cutoff) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2",
                                               Params().Text(now).Text(idle_cutoff)));
  return res.Affected();
}

Status PgIdentityStore::TouchSessions(const std::vector<std::pair<std::string, std::string>>& id_last_seen) {
  return TouchPairs("sessions", "last_seen_at", id_last_seen);
}

// ---- API tokens ----

Status PgIdentityStore::CreateToken(const TokenRecord& t) {
  return Run(pool_, InsertSql("api_tokens", kTokenColumns, 9),
             Params()
                 .Text(t.id)
                 .Text(t.user_id)
                 .Text(t.name)
                 .Text(t.scope)
                 .Text(t.secret_hash)
                 .Text(t.created_at)
                 .Text(t.expires_at)
                 .Text(t.revoked_at)
                 .Text(t.last_used_at));
}

Result<TokenRecord> PgIdentityStore::GetToken(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kTokenColumns +
                                                   " FROM api_tokens WHERE id = $1",
                                               Params().Text(id)));
  if (res.rows() == 0) return NotFound("auth.token_not_found", "no token '" + std::string(id) + "'");
  return ReadToken(res, 0);
}

Result<std::vector<TokenRecord>> PgIdentityStore::ListTokens(std::string_view user_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kTokenColumns +
                                                   " FROM api_tokens WHERE $1::text = '' OR user_id = $1 "
                                                   "ORDER BY created_at DESC, id",
                                               Params().Text(user_id)));
  return ReadAll<TokenRecord>(res, ReadToken);
}

Status PgIdentityStore::RevokeToken(std::string_view id, std::string_view at) {
  return RunNotifyingOne(RevokeSql("api_tokens", "user_id"), Params().Text(id).Text(at), "auth.token_not_found",
                         "token", id);
}

Status PgIdentityStore::TouchTokens(const std::vector<std::pair<std::string, std::string>>& id_last_used) {
  return TouchPairs("api_tokens", "last_used_at", id_last_used);
}

// ---- app keys ----

Status PgIdentityStore::CreateAppKey(const AppKeyRecord& k) {
  return Run(pool_, InsertSql("app_keys", kAppKeyColumns, 9),
             Params()
                 .Text(k.id)
                 .Text(k.owner_id)
                 .Text(k.name)
                 .Text(k.secret_hash)
                 .Double(k.rate_per_second)
                 .Double(k.burst)
                 .Text(k.created_at)
                 .Text(k.revoked_at)
                 .Text(k.last_used_at));
}

Result<AppKeyRecord> PgIdentityStore::GetAppKey(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kAppKeyColumns +
                                                   " FROM app_keys WHERE id = $1",
                                               Params().Text(id)));
  if (res.rows() == 0) return NotFound("auth.app_key_not_found", "no app key '" + std::string(id) + "'");
  return ReadAppKey(res, 0);
}

Result<std::vector<AppKeyRecord>> PgIdentityStore::ListAppKeys(std::string_view owner_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kAppKeyColumns +
                                                   " FROM app_keys WHERE $1::text = '' OR owner_id = $1 "
                                                   "ORDER BY created_at DESC, id",
                                               Params().Text(owner_id)));
  return ReadAll<AppKeyRecord>(res, ReadAppKey);
}

Status PgIdentityStore::RevokeAppKey(std::string_view id, std::string_view at) {
  return RunNotifyingOne(RevokeSql("app_keys", "owner_id"), Params().Text(id).Text(at), "auth.app_key_not_found",
                         "app key", id);
}

Status PgIdentityStore::SetAppKeyRate(std::string_view id, double rate_per_second, double burst) {
  return RunNotifyingOne("WITH k AS (UPDATE app_keys SET rate_per_second = $2, burst = $3 WHERE id = $1 "
                         "RETURNING owner_id) " +
                             NotifySql("k.owner_id") + " FROM k",
                         Params().Text(id).Double(rate_per_second).Double(burst), "auth.app_key_not_found", "app key",
                         id);
}

Status PgIdentityStore::TouchAppKeys(const std::vector<std::pair<std::string, std::string>>& id_last_used) {
  return TouchPairs("app_keys", "last_used_at", id_last_used);
}

}  // namespace yungu::storage::pg

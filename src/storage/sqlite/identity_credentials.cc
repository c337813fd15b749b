// Sessions, API tokens and app keys: credential records, each found by id or
// by the hash of its secret.
#include "storage/sqlite/identity_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {
namespace {

constexpr const char* kSessionColumns =
    "id, secret_hash, user_id, csrf_token, client_address, created_at, last_seen_at, expires_at";
constexpr const char* kTokenColumns =
    "id, user_id, name, scope, secret_hash, created_at, expires_at, revoked_at, last_used_at";
constexpr const char* kAppKeyColumns =
    "id, owner_id, name, secret_hash, rate_per_second, burst, created_at, revoked_at, last_used_at";

SessionRecord ReadSession(Statement& s) {
  return SessionRecord{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                       s.ColumnText(4), s.ColumnText(5), s.ColumnText(6), s.ColumnText(7)};
}

TokenRecord ReadToken(Statement& s) {
  return TokenRecord{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3), s.ColumnText(4),
                     s.ColumnText(5), s.ColumnText(6), s.ColumnText(7), s.ColumnText(8)};
}

AppKeyRecord ReadAppKey(Statement& s) {
  AppKeyRecord k;
  k.id = s.ColumnText(0);
  k.owner_id = s.ColumnText(1);
  k.name = s.ColumnText(2);
  k.secret_hash = s.ColumnText(3);
  k.rate_per_second = sqlite3_column_double(s.raw(), 4);
  k.burst = sqlite3_column_double(s.raw(), 5);
  k.created_at = s.ColumnText(6);
  k.revoked_at = s.ColumnText(7);
  k.last_used_at = s.ColumnText(8);
  return k;
}

template <typename Record, typename Reader>
Result<std::vector<Record>> ReadAll(Statement& stmt, Reader read) {
  std::vector<Record> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(read(stmt));
  }
  return out;
}

}  // namespace

// ---- sessions ----

Status SqliteIdentityStore::CreateSession(const SessionRecord& s) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("INSERT INTO sessions(") + kSessionColumns +
                                                    ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  stmt.BindText(1, s.id);
  stmt.BindText(2, s.secret_hash);
  stmt.BindText(3, s.user_id);
  stmt.BindText(4, s.csrf_token);
  stmt.BindText(5, s.client_address);
  stmt.BindText(6, s.created_at);
  stmt.BindText(7, s.last_seen_at);
  stmt.BindText(8, s.expires_at);
  return stmt.Run();
}

Result<SessionRecord> SqliteIdentityStore::FindSession(std::string_view secret_hash) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kSessionColumns +
                                                          " FROM sessions WHERE secret_hash = ?1"));
  stmt.BindText(1, secret_hash);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("auth.session_not_found", "no such session");
  return ReadSession(stmt);
}

Status SqliteIdentityStore::DeleteSession(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare("DELETE FROM sessions WHERE id = ?1"));
  stmt.BindText(1, id);
  return RunOnOne(stmt, "auth.session_not_found", "session", id);
}

Status SqliteIdentityStore::DeleteUserSessions(std::string_view user_id, std::string_view keep_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare("DELETE FROM sessions WHERE user_id = ?1 AND id != ?2"));
  stmt.BindText(1, user_id);
  stmt.BindText(2, keep_id);
  return stmt.Run();
}

Result<int64_t> SqliteIdentityStore::DeleteExpiredSessions(std::string_view now, std::string_view idle_cutoff) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at < ?2"));
  stmt.BindText(1, now);
  stmt.BindText(2, idle_cutoff);
  YG_RETURN_IF_ERROR(stmt.Run());
  return static_cast<int64_t>(conn->Changes());
}

Status SqliteIdentityStore::TouchSessions(const std::vector<std::pair<std::string, std::string>>& id_last_seen) {
  return UpdatePairs("UPDATE sessions SET last_seen_at = max(last_seen_at, ?2) WHERE id = ?1", id_last_seen);
}

// ---- API tokens ----

Status SqliteIdentityStore::CreateToken(const TokenRecord& t) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("INSERT INTO api_tokens(") + kTokenColumns +
                                                    ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  stmt.BindText(1, t.id);
  stmt.BindText(2, t.user_id);
  stmt.BindText(3, t.name);
  stmt.BindText(4, t.scope);
  stmt.BindText(5, t.secret_hash);
  stmt.BindText(6, t.created_at);
  stmt.BindText(7, t.expires_at);
  stmt.BindText(8, t.revoked_at);
  stmt.BindText(9, t.last_used_at);
  return stmt.Run();
}

Result<TokenRecord> SqliteIdentityStore::GetToken(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kTokenColumns +
                                                          " FROM api_tokens WHERE id = ?1"));
  stmt.BindText(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("auth.token_not_found", "no token '" + std::string(id) + "'");
  return ReadToken(stmt);
}

Result<std::vector<TokenRecord>> SqliteIdentityStore::ListTokens(std::string_view user_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("SELECT ") + kTokenColumns +
                                                    " FROM api_tokens WHERE ?1 = '' OR user_id = ?1 "
                                                    "ORDER BY created_at DESC, id"));
  stmt.BindText(1, user_id);
  return ReadAll<TokenRecord>(stmt, ReadToken);
}

Status SqliteIdentityStore::RevokeToken(std::string_view id, std::string_view at) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("UPDATE api_tokens SET revoked_at = CASE WHEN revoked_at = '' THEN ?2 "
                                    "ELSE revoked_at END WHERE id = ?1"));
  stmt.BindText(1, id);
  stmt.BindText(2, at);
  return RunOnOne(stmt, "auth.token_not_found", "token", id);
}

Status SqliteIdentityStore::TouchTokens(const std::vector<std::pair<std::string, std::string>>& id_last_used) {
  return UpdatePairs("UPDATE api_tokens SET last_used_at = max(last_used_at, ?2) WHERE id = ?1", id_last_used);
}

// ---- app keys ----

Status SqliteIdentityStore::CreateAppKey(const AppKeyRecord& k) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("INSERT INTO app_keys(") + kAppKeyColumns +
                                                    ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  stmt.BindText(1, k.id);
  stmt.BindText(2, k.owner_id);
  stmt.BindText(3, k.name);
  stmt.BindText(4, k.secret_hash);
  stmt.Bind(5, Value(k.rate_per_second));
  stmt.Bind(6, Value(k.burst));
  stmt.BindText(7, k.created_at);
  stmt.BindText(8, k.revoked_at);
  stmt.BindText(9, k.last_used_at);
  return stmt.Run();
}

Result<AppKeyRecord> SqliteIdentityStore::GetAppKey(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kAppKeyColumns +
                                                          " FROM app_keys WHERE id = ?1"));
  stmt.BindText(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("auth.app_key_not_found", "no app key '" + std::string(id) + "'");
  return ReadAppKey(stmt);
}

Result<std::vector<AppKeyRecord>> SqliteIdentityStore::ListAppKeys(std::string_view owner_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("SELECT ") + kAppKeyColumns +
                                                    " FROM app_keys WHERE ?1 = '' OR owner_id = ?1 "
                                                    "ORDER BY created_at DESC, id"));
  stmt.BindText(1, owner_id);
  return ReadAll<AppKeyRecord>(stmt, ReadAppKey);
}

Status SqliteIdentityStore::RevokeAppKey(std::string_view id, std::string_view at) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("UPDATE app_keys SET revoked_at = CASE WHEN revoked_at = '' THEN ?2 "
                                    "ELSE revoked_at END WHERE id = ?1"));
  stmt.BindText(1, id);
  stmt.BindText(2, at);
  return RunOnOne(stmt, "auth.app_key_not_found", "app key", id);
}

Status SqliteIdentityStore::SetAppKeyRate(std::string_view id, double rate_per_second, double burst) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("UPDATE app_keys SET rate_per_second = ?2, burst = ?3 WHERE id = ?1"));
  stmt.BindText(1, id);
  stmt.Bind(2, Value(rate_per_second));
  stmt.Bind(3, Value(burst));
  return RunOnOne(stmt, "auth.app_key_not_found", "app key", id);
}

Status SqliteIdentityStore::TouchAppKeys(const std::vector<std::pair<std::string, std::string>>& id_last_used) {
  return UpdatePairs("UPDATE app_keys SET last_used_at = max(last_used_at, ?2) WHERE id = ?1", id_last_used);
}

}  // namespace yungu::storage::sqlite

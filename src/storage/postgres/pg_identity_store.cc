// Users, and the helpers the session, token and app-key records share.
#include "storage/postgres/pg_identity_store.h"

namespace yungu::storage::pg {
namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, department, roles, password_hash, disabled, created_at, updated_at, "
    "failed_logins, locked_until";

UserRecord ReadUser(const PgResult& res, int r) {
  UserRecord u;
  u.id = res.Text(r, 0);
  u.username = res.Text(r, 1);
  u.display_name = res.Text(r, 2);
  u.department = res.Text(r, 3);
  u.roles = static_cast<uint32_t>(res.Int(r, 4));
  u.password_hash = res.Text(r, 5);
  u.disabled = res.Bool(r, 6);
  u.created_at = res.Text(r, 7);
  u.updated_at = res.Text(r, 8);
  u.failed_logins = res.Int(r, 9);
  u.locked_until = res.Text(r, 10);
  return u;
}

Result<UserRecord> OneUser(PgConnection& conn, std::string_view where, std::string_view key) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE " +
                                                  std::string(where),
                                              Params().Text(key)));
  if (res.rows() == 0) return NotFound("auth.user_not_found", "no such user");
  return ReadUser(res, 0);
}

// Usernames match ignoring ASCII case, as the unique index on lower(username)
// does: lower() under the "C" collation folds ASCII letters only.
constexpr const char* kUsernameMatches = "lower(username) = lower($1::text COLLATE \"C\")";

}  // namespace

std::string NotifySql(std::string_view user_id) {
  return std::string("SELECT pg_notify('") + kIdentityChannel + "', " + std::string(user_id) + ")";
}

Status PgIdentityStore::RunOnOne(std::string_view sql, const Params& params, const char* error_code,
                                 std::string_view what, std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, params));
  if (res.Affected() == 0) return NotFound(error_code, "no " + std::string(what) + " '" + std::string(id) + "'");
  return Status::Ok();
}

Status PgIdentityStore::RunNotifyingOne(std::string_view sql, const Params& params, const char* error_code,
                                        std::string_view what, std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, params));
  if (res.rows() == 0) return NotFound(error_code, "no " + std::string(what) + " '" + std::string(id) + "'");
  return Status::Ok();
}

Status PgIdentityStore::TouchPairs(std::string_view table, std::string_view column,
                                   const std::vector<std::pair<std::string, std::string>>& pairs) {
  if (pairs.empty()) return Status::Ok();
  std::vector<std::string> ids, times;
  ids.reserve(pairs.size());
  times.reserve(pairs.size());
  for (const auto& [id, time] : pairs) {
    ids.push_back(id);
    times.push_back(time);
  }
  const std::string t(table), c(column);
  // One statement, so one transaction. The latest time per id wins, as if
  // the pairs were applied one by one. The rows are locked in id order
  // before they change, so instances touching overlapping batches at once
  // wait for each other instead of deadlocking.
  const std::string sql = "UPDATE " + t + " t SET " + c + " = GREATEST(t." + c +
                          ", u.ts) FROM (SELECT l.id, p.ts FROM " + t +
                          " l JOIN (SELECT id, max(ts COLLATE \"C\") AS ts "
                          "FROM unnest($1::text[], $2::text[]) AS x(id, ts) GROUP BY id) p ON p.id = l.id "
                          "ORDER BY l.id FOR UPDATE OF l) u WHERE t.id = u.id";
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn->Exec(sql, Params().TextArray(ids).TextArray(times)).status();
}

Status PgIdentityStore::CreateUser(const UserRecord& u) {
  // The unique index decides, so two instances creating the same name at
  // once cannot both succeed.
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec(std::string("INSERT INTO users(") + kUserColumns +
                                     ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                                     "ON CONFLICT ((lower(username))) DO NOTHING",
                                 Params()
                                     .Text(u.id)
                                     .Text(u.username)
                                     .Text(u.display_name)
                                     .Text(u.department)
                                     .Int(u.roles)
                                     .Text(u.password_hash)
                                     .Bool(u.disabled)
                                     .Text(u.created_at)
                                     .Text(u.updated_at)
                                     .Int(u.failed_logins)
                                     .Text(u.locked_until)));
  if (res.Affected() == 0) return AlreadyExists("auth.username_taken", "the username '" + u.username + "' is taken");
  return Status::Ok();
}

Result<UserRecord> PgIdentityStore::GetUser(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return OneUser(*conn, "id = $1", id);
}

Result<UserRecord> PgIdentityStore::FindUserByName(std::string_view username) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return OneUser(*conn, kUsernameMatches, username);
}

Result<std::vector<UserRecord>> PgIdentityStore::ListUsers(const UserFilter& filter) {
  Params params;
  params.Int(filter.any_role);
  std::string sql = std::string("SELECT ") + kUserColumns +
                    " FROM users WHERE ($1::bigint = 0 OR (roles & $1::bigint) <> 0)";
  if (!filter.departments.empty()) {
    params.TextArray(filter.departments);
    sql += " AND department = ANY($2::text[])";
  }
  // The embedded store orders usernames ignoring ASCII case (NOCASE).
  sql += " ORDER BY lower(username)";
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, params));
  std::vector<UserRecord> out;
  out.reserve(res.rows());
  for (int r = 0; r < res.rows(); ++r) out.push_back(ReadUser(res, r));
  return out;
}

Status PgIdentityStore::UpdateUser(const UserRecord& u) {
  return RunNotifyingOne(std::string("WITH u AS (UPDATE users SET display_name = $2, department = $3, roles = $4, "
                                     "password_hash = $5, disabled = $6, updated_at = $7, failed_logins = $8, "
                                     "locked_until = $9 WHERE id = $1 RETURNING id) ") +
                             NotifySql("u.id") + " FROM u",
                         Params()
                             .Text(u.id)
                             .Text(u.display_name)
                             .Text(u.department)
                             .Int(u.roles)
                             .Text(u.password_hash)
                             .Bool(u.disabled)
                             .Text(u.updated_at)
                             .Int(u.failed_logins)
                             .Text(u.locked_until),
                         "auth.user_not_found", "user", u.id);
}

Result<UserRecord> PgIdentityStore::EditUser(std::string_view id, uint32_t count_roles, const UserEdit& edit) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  UserEditContext context;
  if (count_roles != 0) {
    // The holders first, in id order, then the user: every edit locks in
    // that order, so two edits never wait for each other in a cycle. A
    // holder changed by an edit that committed meanwhile is re-checked
    // when its lock is granted, so two edits cannot both count the other.
    YG_ASSIGN_OR_RETURN(PgResult holders,
                        conn->Exec("SELECT id FROM users WHERE NOT disabled AND (roles & $1::bigint) <> 0 "
                                   "ORDER BY id FOR UPDATE",
                                   Params().Int(count_roles)));
    for (int r = 0; r < holders.rows(); ++r) {
      if (holders.View(r, 0) != id) ++context.others_with_roles;
    }
  }
  YG_ASSIGN_OR_RETURN(PgResult row, conn->Exec(std::string("SELECT ") + kUserColumns +
                                                   " FROM users WHERE id = $1 FOR UPDATE",
                                               Params().Text(id)));
  if (row.rows() == 0) return NotFound("auth.user_not_found", "no such user");
  const UserRecord stored = ReadUser(row, 0);
  UserRecord user = stored;
  YG_RETURN_IF_ERROR(edit(user, context));
  user.id = stored.id;  // never changed by an edit
  user.username = stored.username;
  user.created_at = stored.created_at;
  YG_RETURN_IF_ERROR(conn->Exec("UPDATE users SET display_name = $2, department = $3, roles = $4, "
                                "password_hash = $5, disabled = $6, updated_at = $7, failed_logins = $8, "
                                "locked_until = $9 WHERE id = $1",
                                Params()
                                    .Text(id)
                                    .Text(user.display_name)
                                    .Text(user.department)
                                    .Int(user.roles)
                                    .Text(user.password_hash)
                                    .Bool(user.disabled)
                                    .Text(user.updated_at)
                                    .Int(user.failed_logins)
                                    .Text(user.locked_until))
                         .status());
  YG_RETURN_IF_ERROR(conn->Exec(NotifySql("$1::text"), Params().Text(id)).status());
  YG_RETURN_IF_ERROR(tx.Commit());
  return user;
}

Status PgIdentityStore::SetLoginFailures(std::string_view user_id, int64_t failed_logins,
                                         std::string_view locked_until) {
  return RunOnOne("UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1",
                  Params().Text(user_id).Int(failed_logins).Text(locked_until), "auth.user_not_found", "user",
                  user_id);
}

Result<UserRecord> PgIdentityStore::RecordLoginFailure(std::string_view user_id, const LockoutRule& lockout) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  // The increment locks the row until the lock end is written: concurrent
  // failures wait here and then count on top of this one.
  YG_ASSIGN_OR_RETURN(PgResult counted,
                      conn->Exec("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 "
                                 "RETURNING failed_logins",
                                 Params().Text(user_id)));
  if (counted.rows() == 0) return NotFound("auth.user_not_found", "no user '" + std::string(user_id) + "'");
  std::string locked_until = lockout(counted.Int(0, 0));
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("UPDATE users SET locked_until = $2 WHERE id = $1 "
                                                           "RETURNING ") +
                                                   kUserColumns,
                                               Params().Text(user_id).Text(locked_until)));
  UserRecord user = ReadUser(res, 0);
  YG_RETURN_IF_ERROR(tx.Commit());
  return user;
}

Result<int64_t> PgIdentityStore::CountActiveUsersWithRole(uint32_t roles) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec("SELECT count(*) FROM users WHERE NOT disabled AND "
                                               "(roles & $1::bigint) <> 0",
                                               Params().Int(roles)));
  return res.rows() ? res.Int(0, 0) : 0;
}

}  // namespace yungu::storage::pg

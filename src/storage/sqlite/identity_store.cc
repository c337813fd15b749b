// Users, and the helpers the session, token and app-key records share.
#include "storage/sqlite/identity_store.h"

#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {
namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, department, roles, password_hash, disabled, created_at, updated_at, "
    "failed_logins, locked_until";

UserRecord ReadUser(Statement& stmt) {
  UserRecord u;
  u.id = stmt.ColumnText(0);
  u.username = stmt.ColumnText(1);
  u.display_name = stmt.ColumnText(2);
  u.department = stmt.ColumnText(3);
  u.roles = static_cast<uint32_t>(stmt.ColumnInt(4));
  u.password_hash = stmt.ColumnText(5);
  u.disabled = stmt.ColumnInt(6) != 0;
  u.created_at = stmt.ColumnText(7);
  u.updated_at = stmt.ColumnText(8);
  u.failed_logins = stmt.ColumnInt(9);
  u.locked_until = stmt.ColumnText(10);
  return u;
}

Result<UserRecord> OneUser(Connection& conn, const std::string& where, std::string_view key) {
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn.PrepareCached(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where));
  stmt.BindText(1, key);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("auth.user_not_found", "no such user");
  return ReadUser(stmt);
}

// Writes everything but id, username and created_at.
Status WriteUser(Connection& conn, const UserRecord& u) {
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn.PrepareCached("UPDATE users SET display_name = ?2, department = ?3, roles = ?4, "
                                         "password_hash = ?5, disabled = ?6, updated_at = ?7, failed_logins = ?8, "
                                         "locked_until = ?9 WHERE id = ?1"));
  stmt.BindText(1, u.id);
  stmt.BindText(2, u.display_name);
  stmt.BindText(3, u.department);
  stmt.BindInt(4, u.roles);
  stmt.BindText(5, u.password_hash);
  stmt.BindInt(6, u.disabled ? 1 : 0);
  stmt.BindText(7, u.updated_at);
  stmt.BindInt(8, u.failed_logins);
  stmt.BindText(9, u.locked_until);
  YG_RETURN_IF_ERROR(stmt.Run());
  if (conn.Changes() == 0) return NotFound("auth.user_not_found", "no user '" + u.id + "'");
  return Status::Ok();
}

}  // namespace

Status SqliteIdentityStore::RunOnOne(Statement& stmt, const char* error_code, std::string_view what,
                                     std::string_view id) {
  YG_RETURN_IF_ERROR(stmt.Run());
  if (sqlite3_changes64(sqlite3_db_handle(stmt.raw())) == 0) {
    return NotFound(error_code, "no " + std::string(what) + " '" + std::string(id) + "'");
  }
  return Status::Ok();
}

Status SqliteIdentityStore::UpdatePairs(const char* sql,
                                        const std::vector<std::pair<std::string, std::string>>& pairs) {
  if (pairs.empty()) return Status::Ok();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(sql));
  for (const auto& [id, time] : pairs) {
    stmt.Reset();
    stmt.BindText(1, id);
    stmt.BindText(2, time);
    YG_RETURN_IF_ERROR(stmt.Run());
  }
  return tx.Commit();
}

Status SqliteIdentityStore::CreateUser(const UserRecord& u) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  if (OneUser(*conn, "username = ?1", u.username).ok()) {
    return AlreadyExists("auth.username_taken", "the username '" + u.username + "' is taken");
  }
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("INSERT INTO users(") + kUserColumns +
                                                    ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  stmt.BindText(1, u.id);
  stmt.BindText(2, u.username);
  stmt.BindText(3, u.display_name);
  stmt.BindText(4, u.department);
  stmt.BindInt(5, u.roles);
  stmt.BindText(6, u.password_hash);
  stmt.BindInt(7, u.disabled ? 1 : 0);
  stmt.BindText(8, u.created_at);
  stmt.BindText(9, u.updated_at);
  stmt.BindInt(10, u.failed_logins);
  stmt.BindText(11, u.locked_until);
  YG_RETURN_IF_ERROR(stmt.Run());
  return tx.Commit();
}

Result<UserRecord> SqliteIdentityStore::GetUser(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return OneUser(*conn, "id = ?1", id);
}

Result<UserRecord> SqliteIdentityStore::FindUserByName(std::string_view username) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return OneUser(*conn, "username = ?1", username);
}

Result<std::vector<UserRecord>> SqliteIdentityStore::ListUsers(const UserFilter& filter) {
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE (?1 = 0 OR (roles & ?1) != 0)";
  if (!filter.departments.empty()) {
    sql += " AND department IN (";
    for (size_t i = 0; i < filter.departments.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(i + 2);
    sql += ")";
  }
  sql += " ORDER BY username";
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(sql));
  stmt.BindInt(1, filter.any_role);
  for (size_t i = 0; i < filter.departments.size(); ++i) stmt.BindText(static_cast<int>(i + 2), filter.departments[i]);
  std::vector<UserRecord> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadUser(stmt));
  }
  return out;
}

Status SqliteIdentityStore::UpdateUser(const UserRecord& u) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return WriteUser(*conn, u);
}

Result<UserRecord> SqliteIdentityStore::EditUser(std::string_view id, uint32_t count_roles, const UserEdit& edit) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // BEGIN IMMEDIATE: the read, the count and the write form one unit that
  // no other writer can interleave with.
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  UserEditContext context;
  if (count_roles != 0) {
    YG_ASSIGN_OR_RETURN(Statement count,
                        conn->PrepareCached("SELECT count(*) FROM users WHERE disabled = 0 AND (roles & ?1) != 0 "
                                            "AND id != ?2"));
    count.BindInt(1, count_roles);
    count.BindText(2, id);
    YG_ASSIGN_OR_RETURN(bool row, count.Step());
    context.others_with_roles = row ? count.ColumnInt(0) : 0;
  }
  YG_ASSIGN_OR_RETURN(const UserRecord stored, OneUser(*conn, "id = ?1", id));
  UserRecord user = stored;
  YG_RETURN_IF_ERROR(edit(user, context));
  user.id = stored.id;  // never changed by an edit
  user.username = stored.username;
  user.created_at = stored.created_at;
  YG_RETURN_IF_ERROR(WriteUser(*conn, user));
  YG_RETURN_IF_ERROR(tx.Commit());
  return user;
}

Status SqliteIdentityStore::SetLoginFailures(std::string_view user_id, int64_t failed_logins,
                                             std::string_view locked_until) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1"));
  stmt.BindText(1, user_id);
  stmt.BindInt(2, failed_logins);
  stmt.BindText(3, locked_until);
  return RunOnOne(stmt, "auth.user_not_found", "user", user_id);
}

Result<UserRecord> SqliteIdentityStore::RecordLoginFailure(std::string_view user_id, const LockoutRule& lockout) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(UserRecord user, OneUser(*conn, "id = ?1", user_id));
  user.failed_logins += 1;
  user.locked_until = lockout(user.failed_logins);
  {
    YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached("UPDATE users SET failed_logins = ?2, locked_until = ?3 "
                                                            "WHERE id = ?1"));
    stmt.BindText(1, user.id);
    stmt.BindInt(2, user.failed_logins);
    stmt.BindText(3, user.locked_until);
    YG_RETURN_IF_ERROR(stmt.Run());
  }
  YG_RETURN_IF_ERROR(tx.Commit());
  return user;
}

Result<int64_t> SqliteIdentityStore::CountActiveUsersWithRole(uint32_t roles) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("SELECT count(*) FROM users WHERE disabled = 0 AND (roles & ?1) != 0"));
  stmt.BindInt(1, roles);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

}  // namespace yungu::storage::sqlite

// The IdentityStore interface on the SQLite database (tables of migration 2).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yungu/storage/identity_store.h"

namespace yungu::storage::sqlite {

class ConnectionPool;
class Statement;

class SqliteIdentityStore final : public IdentityStore {
 public:
  explicit SqliteIdentityStore(ConnectionPool& pool) : pool_(pool) {}

  Status CreateUser(const UserRecord& user) override;
  Result<UserRecord> GetUser(std::string_view id) override;
  Result<UserRecord> FindUserByName(std::string_view username) override;
  Result<std::vector<UserRecord>> ListUsers(const UserFilter& filter) override;
  Status UpdateUser(const UserRecord& user) override;
  Result<UserRecord> EditUser(std::string_view id, uint32_t count_roles, const UserEdit& edit) override;
  Status SetLoginFailures(std::string_view user_id, int64_t failed_logins, std::string_view locked_until) override;
  Result<UserRecord> RecordLoginFailure(std::string_view user_id, const LockoutRule& lockout) override;
  Result<int64_t> CountActiveUsersWithRole(uint32_t roles) override;

  Status CreateSession(const SessionRecord& session) override;
  Result<SessionRecord> FindSession(std::string_view secret_hash) override;
  Status DeleteSession(std::string_view id) override;
  Status DeleteUserSessions(std::string_view user_id, std::string_view keep_id) override;
  Result<int64_t> DeleteExpiredSessions(std::string_view now, std::string_view idle_cutoff) override;
  Status TouchSessions(const std::vector<std::pair<std::string, std::string>>& id_last_seen) override;

  Status CreateToken(const TokenRecord& token) override;
  Result<TokenRecord> GetToken(std::string_view id) override;
  Result<std::vector<TokenRecord>> ListTokens(std::string_view user_id) override;
  Status RevokeToken(std::string_view id, std::string_view at) override;
  Status TouchTokens(const std::vector<std::pair<std::string, std::string>>& id_last_used) override;

  Status CreateAppKey(const AppKeyRecord& key) override;
  Result<AppKeyRecord> GetAppKey(std::string_view id) override;
  Result<std::vector<AppKeyRecord>> ListAppKeys(std::string_view owner_id) override;
  Status RevokeAppKey(std::string_view id, std::string_view at) override;
  Status SetAppKeyRate(std::string_view id, double rate_per_second, double burst) override;
  Status TouchAppKeys(const std::vector<std::pair<std::string, std::string>>& id_last_used) override;

 private:
  // Runs `sql` with each (id, time) pair bound as ?1, ?2 in one transaction.
  Status UpdatePairs(const char* sql, const std::vector<std::pair<std::string, std::string>>& pairs);
  // Runs a one-row UPDATE/DELETE; NotFound(`error_code`) when no row changed.
  Status RunOnOne(Statement& stmt, const char* error_code, std::string_view what, std::string_view id);

  ConnectionPool& pool_;
};

}  // namespace yungu::storage::sqlite

// PgIdentityStore: accounts, sessions, API tokens and app keys in the
// PostgreSQL database (tables of migration 2 in pg_migrations.cc), and the
// state the hub's processes share: rate-limit buckets (migration 6) and
// change notices on the channel kIdentityChannel.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/postgres/pg_pool.h"
#include "yungu/storage/identity_store.h"

namespace yungu::storage::pg {

// LISTEN/NOTIFY channel of identity changes; the payload is a user id.
inline constexpr const char* kIdentityChannel = "yungu_identity";
// "SELECT pg_notify(<channel>, <user_id>)": a notice delivered when the
// transaction commits. `user_id` is an SQL expression.
std::string NotifySql(std::string_view user_id);

class PgIdentityStore final : public IdentityStore {
 public:
  explicit PgIdentityStore(PgPool& pool);
  ~PgIdentityStore() override;  // stops the change listener

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

  bool shares_state() const override { return true; }
  Result<RateDecision> TakeRateToken(std::string_view key, double per_second, double burst, bool take) override;
  Result<int64_t> DeleteFullRateBuckets() override;
  std::unique_ptr<IdentityChangeWatch> WatchChanges(IdentityChangeHandler on_change) override;

  // Listens on kIdentityChannel on a connection of its own (pg_identity_watch.cc).
  class ChangeListener;

 private:
  // Runs a statement that notifies per changed row (SELECT pg_notify(...)
  // FROM a data-changing WITH); NotFound(`error_code`) when none changed.
  Status RunNotifyingOne(std::string_view sql, const Params& params, const char* error_code, std::string_view what,
                         std::string_view id);
  // Runs a one-row UPDATE/DELETE; NotFound(`error_code`) when no row changed.
  Status RunOnOne(std::string_view sql, const Params& params, const char* error_code, std::string_view what,
                  std::string_view id);
  // Raises `column` of the `table` rows named by each (id, time) pair to that
  // time (never lowers it), in one statement.
  Status TouchPairs(std::string_view table, std::string_view column,
                    const std::vector<std::pair<std::string, std::string>>& pairs);

  PgPool& pool_;
  std::mutex listener_mu_;
  std::shared_ptr<ChangeListener> listener_;  // started by the first WatchChanges
};

}  // namespace yungu::storage::pg

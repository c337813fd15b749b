// PgGrantStore: the workflow's records (applications, grants, grant usage,
// notifications) in the PostgreSQL database (tables of migration 3).
#pragma once

#include "storage/postgres/pg_pool.h"
#include "yungu/storage/grant_store.h"

namespace yungu::storage::pg {

class PgGrantStore final : public GrantStore {
 public:
  explicit PgGrantStore(PgPool& pool) : pool_(pool) {}

  Result<Application> CreateApplication(Application application, std::vector<Notification> notices) override;
  Result<Application> GetApplication(int64_t id) override;
  Result<ApplicationPage> ListApplications(const ApplicationQuery& query) override;
  Result<Application> CloseApplication(int64_t id, const Decision& decision,
                                       std::vector<Notification> notices) override;
  Result<StoredGrant> ApproveApplication(int64_t id, const Decision& decision, StoredGrant grant,
                                         std::vector<Notification> notices) override;
  Result<std::vector<Application>> UnflaggedOverdue(std::string_view day) override;
  Result<bool> FlagOverdue(int64_t id, std::string_view at, std::vector<Notification> notices) override;

  Result<StoredGrant> GetGrant(int64_t id) override;
  Result<GrantPage> ListGrants(const GrantQuery& query) override;
  Result<std::vector<model::Grant>> UnrevokedGrantsOf(std::string_view user_id) override;
  Result<StoredGrant> RevokeGrant(int64_t id, std::string_view at, std::string_view by, std::string_view reason,
                                  std::vector<Notification> notices) override;
  Result<std::vector<StoredGrant>> ExpiringUnnotified(std::string_view from, std::string_view until) override;
  Result<bool> MarkExpiryNotified(int64_t grant_id, std::string_view at, std::vector<Notification> notices) override;

  Result<int64_t> RowsUsed(int64_t grant_id, std::string_view day) override;
  Result<int64_t> AddRowsUsed(int64_t grant_id, std::string_view day, int64_t rows) override;

  Result<InboxPage> Inbox(const InboxQuery& reader) override;
  Status MarkRead(const InboxQuery& reader, int64_t notification_id, std::string_view at) override;
  Result<int64_t> MarkAllRead(const InboxQuery& reader, std::string_view at) override;

 private:
  PgPool& pool_;
};

}  // namespace yungu::storage::pg

// AuditTrail over an AuditStore: what the API and the CLI read.
#pragma once

#include <memory>

#include "audit/stored_tree.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/storage/audit_store.h"

namespace yungu::audit {

class StoredTrail final : public AuditTrail {
 public:
  StoredTrail(std::shared_ptr<storage::AuditStore> store, PublicKey key)
      : store_(std::move(store)), tree_(*store_), key_(key) {}

  Result<int64_t> Size() override { return store_->Size(); }
  Result<AuditEntry> Entry(int64_t index) override;
  Result<AuditPage> Search(const AuditQuery& query) override;
  const PublicKey& public_key() const override { return key_; }
  Result<std::optional<SignedTreeHead>> LatestTreeHead() override;
  Result<std::vector<SignedTreeHead>> TreeHeads(int64_t limit, int64_t before_id) override;
  Result<Hash> RootAt(int64_t size) override;
  Result<std::vector<Hash>> InclusionProof(int64_t index, int64_t size) override;
  Result<std::vector<Hash>> ConsistencyProof(int64_t first, int64_t second) override;
  Result<std::vector<AuditAlert>> Alerts(int64_t limit, int64_t before_id) override;

 private:
  // Fails unless the log has at least `size` entries.
  Status CheckSize(int64_t size);

  std::shared_ptr<storage::AuditStore> store_;
  StoredTree tree_;
  PublicKey key_;
};

// A stored record as an entry (decoding its canonical bytes).
Result<AuditEntry> EntryFromRecord(storage::AuditEntryRecord record);
Result<SignedTreeHead> HeadFromRecord(const storage::TreeHeadRecord& record);

}  // namespace yungu::audit

#include "audit/stored_trail.h"

#include <cstring>

#include "yungu/audit/audit_time.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"

namespace yungu::audit {

Result<AuditEntry> EntryFromRecord(storage::AuditEntryRecord record) {
  AuditEntry entry;
  entry.index = record.index;
  auto leaf = HashFromBytes(record.leaf_hash);
  if (!leaf) return Corruption("audit.bad_entry", "entry " + std::to_string(record.index) + " has no valid leaf hash");
  entry.leaf_hash = *leaf;
  auto decoded = DecodeEntry(record.bytes);
  if (!decoded.ok()) return decoded.status().WithContext("entry " + std::to_string(record.index));
  entry.event = std::move(decoded->event);
  entry.canonical = std::move(record.bytes);
  return entry;
}

Result<SignedTreeHead> HeadFromRecord(const storage::TreeHeadRecord& record) {
  SignedTreeHead head;
  head.id = record.id;
  head.size = record.size;
  head.timestamp_us = record.timestamp_us;
  auto root = HashFromBytes(record.root);
  if (!root || record.signature.size() != head.signature.size()) {
    return Corruption("audit.bad_tree_head", "tree head " + std::to_string(record.id) + " is malformed");
  }
  head.root = *root;
  std::memcpy(head.signature.data(), record.signature.data(), head.signature.size());
  return head;
}

Result<AuditEntry> StoredTrail::Entry(int64_t index) {
  YG_ASSIGN_OR_RETURN(auto record, store_->GetEntry(index));
  return EntryFromRecord(std::move(record));
}

Result<AuditPage> StoredTrail::Search(const AuditQuery& q) {
  storage::AuditEntryFilter f;
  f.user_id = q.user_id;
  f.department = q.department;
  f.dataset_id = q.dataset_id;
  f.field = q.field;
  f.action = q.action;
  f.category = q.category;
  f.outcome = q.outcome;
  if (q.since_us) f.since = FormatTimeMicros(*q.since_us);
  if (q.until_us) f.until = FormatTimeMicros(*q.until_us);
  f.before = q.before;
  f.limit = q.limit + 1;  // one more tells whether another page follows
  YG_ASSIGN_OR_RETURN(auto records, store_->FindEntries(f));
  AuditPage page;
  bool more = static_cast<int64_t>(records.size()) > q.limit;
  if (more) records.resize(static_cast<size_t>(q.limit));
  for (auto& r : records) {
    YG_ASSIGN_OR_RETURN(AuditEntry e, EntryFromRecord(std::move(r)));
    page.entries.push_back(std::move(e));
  }
  if (more && !page.entries.empty()) page.next_before = page.entries.back().index;
  return page;
}

Result<std::optional<SignedTreeHead>> StoredTrail::LatestTreeHead() {
  YG_ASSIGN_OR_RETURN(auto record, store_->LatestTreeHead());
  if (!record) return std::optional<SignedTreeHead>();
  YG_ASSIGN_OR_RETURN(SignedTreeHead head, HeadFromRecord(*record));
  return std::optional<SignedTreeHead>(head);
}

Result<std::vector<SignedTreeHead>> StoredTrail::TreeHeads(int64_t limit, int64_t before_id) {
  YG_ASSIGN_OR_RETURN(auto records, store_->ListTreeHeads(limit, before_id));
  std::vector<SignedTreeHead> out;
  for (const auto& r : records) {
    YG_ASSIGN_OR_RETURN(SignedTreeHead head, HeadFromRecord(r));
    out.push_back(head);
  }
  return out;
}

Status StoredTrail::CheckSize(int64_t size) {
  YG_ASSIGN_OR_RETURN(int64_t have, store_->Size());
  if (size > have) {
    return InvalidArgument("audit.bad_proof_range", "the log has " + std::to_string(have) + " entries, not " +
                                                        std::to_string(size));
  }
  return Status::Ok();
}

Result<Hash> StoredTrail::RootAt(int64_t size) {
  if (size < 0) return InvalidArgument("audit.bad_proof_range", "a tree size is at least 0");
  YG_RETURN_IF_ERROR(CheckSize(size));
  return tree_.Range(0, size);
}

Result<std::vector<Hash>> StoredTrail::InclusionProof(int64_t index, int64_t size) {
  YG_RETURN_IF_ERROR(CheckSize(size));
  return audit::InclusionProof(index, size, tree_.AsRangeHash());
}

Result<std::vector<Hash>> StoredTrail::ConsistencyProof(int64_t first, int64_t second) {
  YG_RETURN_IF_ERROR(CheckSize(second));
  return audit::ConsistencyProof(first, second, tree_.AsRangeHash());
}

Result<std::vector<AuditAlert>> StoredTrail::Alerts(int64_t limit, int64_t before_id) {
  YG_ASSIGN_OR_RETURN(auto records, store_->ListAlerts(limit, before_id));
  std::vector<AuditAlert> out;
  for (auto& r : records) {
    out.push_back({r.id, std::move(r.kind), std::move(r.user_id), std::move(r.username), std::move(r.department),
                   std::move(r.day), r.count, r.threshold, std::move(r.time), r.entry_index, r.trigger_index});
  }
  return out;
}

Result<std::unique_ptr<AuditTrail>> OpenAuditTrail(const std::filesystem::path& data_dir,
                                                   const std::string& store_url) {
  storage::AuditStoreOptions options;
  options.create = false;
  YG_ASSIGN_OR_RETURN(auto store, OpenLogStore(data_dir, store_url, options));
  YG_ASSIGN_OR_RETURN(PublicKey key, LoadPublicKey(AuditKeysDir(data_dir)));
  std::shared_ptr<storage::AuditStore> shared(std::move(store));
  return std::unique_ptr<AuditTrail>(new StoredTrail(std::move(shared), key));
}

}  // namespace yungu::audit

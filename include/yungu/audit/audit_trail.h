// AuditTrail: the reading side of the trace — search, entries with their
// leaf hashes, signed tree heads, inclusion and consistency proofs, alerts.
// Nothing here edits or deletes an entry.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "yungu/audit/audit_event.h"
#include "yungu/audit/merkle.h"
#include "yungu/audit/tree_head.h"
#include "yungu/core/result.h"

namespace yungu::audit {

struct AuditEntry {
  int64_t index = 0;
  AuditEvent event;       // decoded from `canonical`, with its time
  std::string canonical;  // the bytes the leaf hash covers
  Hash leaf_hash{};
};

// Search conditions; empty strings match everything. Newest first.
struct AuditQuery {
  std::string user_id;
  std::string department;
  std::string dataset_id;
  std::string field;
  std::string action;
  std::string category;
  std::string outcome;
  std::optional<int64_t> since_us;  // time >= since
  std::optional<int64_t> until_us;  // time < until
  int64_t before = -1;              // index < before (paging); -1: from the newest
  int64_t limit = 100;
};

constexpr int64_t kMaxAuditPage = 1000;

// Reads the conditions from URL or command-line parameters: user, department,
// dataset, field, action, category, outcome, since, until (see
// ParseTimeBound), before, limit (1..1000). Unknown names are refused.
Result<AuditQuery> AuditQueryFromParams(const std::map<std::string, std::string>& params);

struct AuditPage {
  std::vector<AuditEntry> entries;
  int64_t next_before = -1;  // pass as `before` for the next page; -1: no more
};

struct AuditAlert {
  int64_t id = 0;
  std::string kind;
  std::string user_id;
  std::string username;
  std::string department;
  std::string day;  // China-time date
  int64_t count = 0;
  int64_t threshold = 0;
  std::string time;
  int64_t entry_index = -1;
  int64_t trigger_index = -1;
};

class AuditTrail {
 public:
  virtual ~AuditTrail() = default;

  // Entries committed so far.
  virtual Result<int64_t> Size() = 0;
  virtual Result<AuditEntry> Entry(int64_t index) = 0;  // NotFound "audit.no_entry"
  virtual Result<AuditPage> Search(const AuditQuery& query) = 0;

  virtual const PublicKey& public_key() const = 0;
  virtual Result<std::optional<SignedTreeHead>> LatestTreeHead() = 0;
  // Newest first; before_id -1: from the newest.
  virtual Result<std::vector<SignedTreeHead>> TreeHeads(int64_t limit, int64_t before_id) = 0;

  // MTH of the first `size` committed entries.
  virtual Result<Hash> RootAt(int64_t size) = 0;
  virtual Result<std::vector<Hash>> InclusionProof(int64_t index, int64_t size) = 0;
  virtual Result<std::vector<Hash>> ConsistencyProof(int64_t first, int64_t second) = 0;

  // Newest first; before_id -1: from the newest.
  virtual Result<std::vector<AuditAlert>> Alerts(int64_t limit, int64_t before_id) = 0;
};

// Opens the trail of DATA/audit.db for reading only (no writer, no lock; it
// may be read while a server appends). NotFound "audit.no_log" when there is
// no log in `data_dir`.
// With `store_url` naming a PostgreSQL database, the log kept there.
Result<std::unique_ptr<AuditTrail>> OpenAuditTrail(const std::filesystem::path& data_dir,
                                                   const std::string& store_url = "");

}  // namespace yungu::audit

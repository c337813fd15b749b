#include "yungu/audit/verifier.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>

#include "audit/stored_trail.h"
#include "yungu/audit/compact_range.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/storage/audit_store.h"

namespace yungu::audit {
namespace {

using storage::AuditEntryRecord;
using storage::AuditNodeRecord;

// One stored level's nodes, read in step with the recomputed tree.
struct NodeCursor {
  std::unique_ptr<storage::AuditScan<AuditNodeRecord>> scan;
  AuditNodeRecord current;
  bool has = false;
  Status Advance() {
    YG_ASSIGN_OR_RETURN(has, scan->Next(current));
    return Status::Ok();
  }
};

struct HeadCheck {
  SignedTreeHead head;
  bool usable = false;  // well-formed
  bool good = true;     // signature and root verified so far
};

class Verifier {
 public:
  Verifier(storage::AuditStore& store, const PublicKey& key) : store_(store), key_(key) {}

  Result<VerifyReport> Run() {
    YG_ASSIGN_OR_RETURN(auto snapshot, store_.OpenSnapshot());
    YG_RETURN_IF_ERROR(CheckHeadsAlone(*snapshot));
    YG_RETURN_IF_ERROR(OpenNodeCursors(*snapshot));
    YG_RETURN_IF_ERROR(StreamEntries(*snapshot));
    YG_RETURN_IF_ERROR(Finish());
    cursors_.clear();  // the scans go before their snapshot
    return std::move(report_);
  }

 private:
  // Signatures, well-formedness and numbering of the heads.
  Status CheckHeadsAlone(storage::AuditSnapshot& snapshot) {
    YG_ASSIGN_OR_RETURN(auto records, snapshot.AllTreeHeads());
    report_.tree_heads = static_cast<int64_t>(records.size());
    int64_t expected_id = 1;
    for (const auto& r : records) {
      for (; expected_id < r.id; ++expected_id) {
        BadHead(expected_id, -1, "missing", "tree head " + std::to_string(expected_id) + " was removed");
      }
      expected_id = r.id + 1;
      HeadCheck check;
      auto head = HeadFromRecord(r);
      if (!head.ok()) {
        BadHead(r.id, r.size, "malformed", "its root or signature has the wrong length");
        check.good = false;
      } else {
        check.head = *head;
        check.usable = true;
        if (!VerifyTreeHead(check.head, key_)) {
          BadHead(r.id, r.size, "bad_signature", "its signature does not verify with the hub's public key");
          check.good = false;
        }
      }
      check.head.id = r.id;
      check.head.size = r.size;
      heads_.push_back(check);
    }
    std::stable_sort(heads_.begin(), heads_.end(),
                     [](const HeadCheck& a, const HeadCheck& b) { return a.head.size < b.head.size; });
    return Status::Ok();
  }

  Status OpenNodeCursors(storage::AuditSnapshot& snapshot) {
    YG_ASSIGN_OR_RETURN(auto levels, snapshot.StoredNodeLevels());
    int stride = store_.node_stride();
    for (int level : levels) {
      if (level <= 0 || level % stride != 0) {
        BadNodeSeen(level, 0, "nodes are stored at level " + std::to_string(level) + ", which this log never writes");
        continue;
      }
      NodeCursor cursor;
      YG_ASSIGN_OR_RETURN(cursor.scan, snapshot.ScanNodes(level));
      YG_RETURN_IF_ERROR(cursor.Advance());
      cursors_.emplace(level, std::move(cursor));
    }
    return Status::Ok();
  }

  // Reads the entries in batches; hashing, the bulk of the work, is split
  // between this thread and a helper, then each batch is checked in order.
  Status StreamEntries(storage::AuditSnapshot& snapshot) {
    constexpr size_t kBatch = 4096;
    CheckHeadsAt(0);
    YG_ASSIGN_OR_RETURN(auto scan, snapshot.ScanEntries());
    std::vector<AuditEntryRecord> rows(kBatch);
    std::vector<Hash> leaves(kBatch);
    Status node_status = Status::Ok();
    for (;;) {
      size_t n = 0;
      while (n < kBatch) {
        YG_ASSIGN_OR_RETURN(bool more, scan->Next(rows[n]));
        if (!more) break;
        ++n;
      }
      if (n == 0) break;
      auto hash = [&](size_t from, size_t to) {
        for (size_t i = from; i < to; ++i) leaves[i] = LeafHash(rows[i].bytes);
      };
      auto helper = std::async(std::launch::async, hash, n / 2, n);
      hash(0, n / 2);
      helper.get();
      for (size_t i = 0; i < n; ++i) {
        if (!report_.first_bad_entry) Classify(rows[i], leaves[i]);
        tree_.Append(leaves[i], [&](int level, int64_t index, const Hash& h) {
          if (node_status.ok()) node_status = CheckNode(level, index, h);
        });
        YG_RETURN_IF_ERROR(node_status);
        CheckHeadsAt(tree_.size());
        previous_bytes_ = rows[i].bytes;
      }
      if (n < kBatch) break;
    }
    report_.entries = tree_.size();
    return Status::Ok();
  }

  // The row-level checks, until the first bad entry is found.
  void Classify(const AuditEntryRecord& row, const Hash& leaf) {
    int64_t pos = tree_.size();
    if (row.index > pos) {
      return BadEntryAt(pos, "deleted", "entries " + std::to_string(pos) + ".." + std::to_string(row.index - 1) +
                                            " are missing (the next stored entry is " + std::to_string(row.index) +
                                            ")");
    }
    if (row.index < pos) {
      return BadEntryAt(row.index, "inserted", "a row numbered " + std::to_string(row.index) + " precedes the log");
    }
    bool leaf_matches = HashBytes(leaf) == row.leaf_hash;
    auto embedded = EmbeddedIndex(row.bytes);
    if (!embedded) return BadEntryAt(pos, "modified", "its bytes are no longer an audit entry");
    if (*embedded > pos) {
      auto other = store_.GetEntry(*embedded);
      if (other.ok() && EmbeddedIndex(other->bytes) == pos) {
        return BadEntryAt(pos, "reordered", "entries " + std::to_string(pos) + " and " + std::to_string(*embedded) +
                                                " exchanged places");
      }
      if (!leaf_matches) return BadEntryAt(pos, "modified", "its bytes no longer match its leaf hash");
      return BadEntryAt(pos, "deleted", "entry " + std::to_string(pos) + " is missing: its row holds entry " +
                                            std::to_string(*embedded));
    }
    if (*embedded < pos) {
      if (!leaf_matches) return BadEntryAt(pos, "modified", "its bytes no longer match its leaf hash");
      if (*embedded == pos - 1 && row.bytes != previous_bytes_) {
        return BadEntryAt(pos - 1, "inserted", "the row at " + std::to_string(pos - 1) + " does not belong: entry " +
                                                   std::to_string(pos - 1) + " follows it");
      }
      return BadEntryAt(pos, "inserted", "the row repeats entry " + std::to_string(*embedded));
    }
    if (!leaf_matches) BadEntryAt(pos, "modified", "its bytes no longer match its leaf hash");
  }

  Status CheckNode(int level, int64_t index, const Hash& hash) {
    auto it = cursors_.find(level);
    if (it == cursors_.end()) {
      if (level % store_.node_stride() == 0) {
        BadNodeSeen(level, index, "the hash of this complete subtree is not stored");
      }
      return Status::Ok();
    }
    NodeCursor& c = it->second;
    if (!c.has || c.current.index > index) {
      BadNodeSeen(level, index, "the hash of this complete subtree is not stored");
      return Status::Ok();
    }
    ++report_.nodes_checked;
    if (c.current.hash != HashBytes(hash)) {
      BadNodeSeen(level, index, "the stored hash differs from the entries' hash");
    }
    return c.Advance();
  }

  void CheckHeadsAt(int64_t size) {
    while (next_head_ < heads_.size() && heads_[next_head_].head.size <= size) {
      HeadCheck& h = heads_[next_head_++];
      if (h.head.size < size) continue;  // negative sizes: already reported as malformed or beyond
      if (h.usable && tree_.Root() != h.head.root) {
        BadHead(h.head.id, h.head.size, "root_mismatch",
                "its root is not the root of the first " + std::to_string(size) + " entries");
        h.good = false;
      }
      if (h.good) report_.signed_size = std::max(report_.signed_size, h.head.size);
    }
  }

  Status Finish() {
    int64_t n = tree_.size();
    for (; next_head_ < heads_.size(); ++next_head_) {
      HeadCheck& h = heads_[next_head_];
      BadHead(h.head.id, h.head.size, "beyond_log",
              "it covers " + std::to_string(h.head.size) + " entries but the log holds " + std::to_string(n));
      h.good = false;
      if (!report_.first_bad_entry) {
        BadEntryAt(n, "deleted", "the log ends at " + std::to_string(n) + " entries but tree head " +
                                     std::to_string(h.head.id) + " covers " + std::to_string(h.head.size));
      }
    }
    for (auto& [level, c] : cursors_) {
      if (c.has) {
        BadNodeSeen(level, c.current.index, "a stored node covers entries that do not exist");
      }
    }
    if (!report_.first_bad_entry) {
      // No single row stands out: the hashes were rewritten with it. The
      // stored nodes and signed heads still bound where.
      if (report_.first_bad_node && report_.first_bad_node->index >= 0) {
        const BadNode& b = *report_.first_bad_node;
        int64_t begin = b.index << b.level;
        if (begin < n) report_.altered_range = {begin, std::min(n, (b.index + 1) << b.level)};
      }
      for (const auto& h : heads_) {
        if (h.usable && !h.good && h.head.size <= n) {
          int64_t begin = 0;
          for (const auto& g : heads_) {
            if (g.good && g.head.size < h.head.size) begin = std::max(begin, g.head.size);
          }
          if (!report_.altered_range || h.head.size < report_.altered_range->second) {
            report_.altered_range = {begin, h.head.size};
          }
          break;
        }
      }
    }
    return Status::Ok();
  }

  void BadEntryAt(int64_t index, std::string kind, std::string detail) {
    if (!report_.first_bad_entry) report_.first_bad_entry = BadEntry{index, std::move(kind), std::move(detail)};
  }
  void BadNodeSeen(int level, int64_t index, std::string detail) {
    if (!report_.first_bad_node) report_.first_bad_node = BadNode{level, index, std::move(detail)};
  }
  void BadHead(int64_t id, int64_t size, std::string problem, std::string detail) {
    report_.bad_tree_heads.push_back({id, size, std::move(problem), std::move(detail)});
  }

  storage::AuditStore& store_;
  PublicKey key_;
  VerifyReport report_;
  std::vector<HeadCheck> heads_;  // by size
  size_t next_head_ = 0;
  std::map<int, NodeCursor> cursors_;
  CompactRange tree_;
  std::string previous_bytes_;
};

}  // namespace

Result<VerifyReport> VerifyAuditLog(const std::filesystem::path& data_dir, const VerifyOptions& options) {
  auto started = std::chrono::steady_clock::now();
  storage::AuditStoreOptions store_options;
  store_options.create = false;
  YG_ASSIGN_OR_RETURN(auto store, OpenLogStore(data_dir, options.store_url, store_options));
  PublicKey key;
  if (options.public_key) {
    key = *options.public_key;
  } else {
    YG_ASSIGN_OR_RETURN(key, LoadPublicKey(AuditKeysDir(data_dir)));
  }
  Verifier verifier(*store, key);
  YG_ASSIGN_OR_RETURN(VerifyReport report, verifier.Run());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace yungu::audit

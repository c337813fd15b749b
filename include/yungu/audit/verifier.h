// `yungu audit verify`: recomputes the whole log from its stored entries and
// checks it against everything stored beside it.
//
// Entries are streamed once, in index order (memory stays O(log n)). For
// each one: its row follows the previous without a gap, the index it embeds
// is its row's, and its bytes hash to the stored leaf hash. The recomputed
// tree is compared with every stored node hash and, at each signed tree
// head's size, with the head's root; every head's signature is checked with
// the public key. The first bad entry is named with what happened to it:
//   modified  — its bytes changed (no longer its leaf hash, or not an entry)
//   deleted   — it is missing (a gap, later entries moved down, or the log
//               ends before a signed head's size)
//   inserted  — a row that does not belong (a copy of an earlier entry, or a
//               forged entry pushing the rightful one down)
//   reordered — it sits at another entry's position and that entry at its own
// An attacker who also rewrites leaf and node hashes is still caught by the
// signed heads; the entries before the first failing head's size are then
// reported as the altered range.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "yungu/audit/tree_head.h"
#include "yungu/core/result.h"

namespace yungu::audit {

struct VerifyOptions {
  // The key the heads must be signed with; default DATA/keys/audit_ed25519.pub.
  std::optional<PublicKey> public_key;
  // The hub's PostgreSQL database when the log is kept there.
  std::string store_url;
};

struct BadEntry {
  int64_t index = 0;
  std::string kind;  // modified | deleted | inserted | reordered
  std::string detail;
};

struct BadTreeHead {
  int64_t id = 0;
  int64_t size = 0;
  std::string problem;  // bad_signature | root_mismatch | beyond_log | missing | malformed
  std::string detail;
};

struct BadNode {
  int level = 0;
  int64_t index = 0;
  std::string detail;
};

struct VerifyReport {
  int64_t entries = 0;      // rows read
  int64_t tree_heads = 0;   // heads read
  int64_t nodes_checked = 0;
  int64_t signed_size = 0;  // the largest size whose head verified
  std::optional<BadEntry> first_bad_entry;
  std::optional<BadNode> first_bad_node;
  std::vector<BadTreeHead> bad_tree_heads;
  // When hashes were rewritten so that no single entry stands out: the
  // entries in [begin, end) hold the alteration.
  std::optional<std::pair<int64_t, int64_t>> altered_range;
  double seconds = 0;

  bool ok() const {
    return !first_bad_entry && !first_bad_node && bad_tree_heads.empty() && !altered_range;
  }
};

// Verifies DATA/audit.db. Fails (rather than reporting) only when the log
// cannot be read at all: NotFound "audit.no_log", I/O errors.
Result<VerifyReport> VerifyAuditLog(const std::filesystem::path& data_dir, const VerifyOptions& options = {});

}  // namespace yungu::audit

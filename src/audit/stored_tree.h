// Hashes of any part of a stored log's Merkle tree, from the leaf hashes
// and the node hashes kept at every `node_stride`-th level: a complete
// subtree at another level costs at most 2^(stride-1) stored reads, so a
// proof needs O(log n) of them and never reads all leaves.
#pragma once

#include "yungu/audit/compact_range.h"
#include "yungu/audit/merkle.h"
#include "yungu/storage/audit_store.h"

namespace yungu::audit {

class StoredTree {
 public:
  explicit StoredTree(storage::AuditStore& store) : store_(store), stride_(store.node_stride()) {}

  // The complete subtree over leaves [index << level, (index + 1) << level).
  Result<Hash> Subtree(int level, int64_t index);
  // MTH(D[begin:end]).
  Result<Hash> Range(int64_t begin, int64_t end);
  // The right edge of the tree of the first `size` leaves.
  Result<CompactRange> Frontier(int64_t size);
  RangeHash AsRangeHash() {
    return [this](int64_t begin, int64_t end) { return Range(begin, end); };
  }

 private:
  storage::AuditStore& store_;
  int stride_;
};

}  // namespace yungu::audit

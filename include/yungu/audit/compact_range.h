// The right edge of a Merkle tree: the roots of the complete subtrees that
// make up a tree of `size` leaves, largest first (one per set bit of size).
// That is all an appender needs: a new leaf merges with the equal-sized
// subtrees at the end, and the root of the whole tree folds them together.
#pragma once

#include <cstdint>
#include <vector>

#include "yungu/audit/merkle.h"

namespace yungu::audit {

class CompactRange {
 public:
  CompactRange() = default;
  // From the roots of size's complete subtrees, largest first.
  static Result<CompactRange> FromHashes(int64_t size, std::vector<Hash> hashes);

  int64_t size() const { return size_; }
  const std::vector<Hash>& hashes() const { return hashes_; }

  // Appends one leaf hash. `completed(level, index, hash)` is called for
  // every subtree the leaf completes (level >= 1): the subtree over leaves
  // [index << level, (index + 1) << level).
  template <typename OnCompleted>
  void Append(const Hash& leaf, OnCompleted&& completed) {
    hashes_.push_back(leaf);
    int64_t position = size_;  // the leaf's index
    int level = 0;
    // Each trailing 1 bit of the old size is a subtree of the new leaf's size
    // waiting for its right sibling.
    while (position & 1) {
      Hash right = hashes_.back();
      hashes_.pop_back();
      Hash merged = NodeHash(hashes_.back(), right);
      hashes_.back() = merged;
      ++level;
      position >>= 1;
      completed(level, position, merged);
    }
    ++size_;
  }
  void Append(const Hash& leaf) {
    Append(leaf, [](int, int64_t, const Hash&) {});
  }

  // MTH of the whole tree (EmptyRoot() when it has no leaves).
  Hash Root() const;

 private:
  int64_t size_ = 0;
  std::vector<Hash> hashes_;
};

}  // namespace yungu::audit

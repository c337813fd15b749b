#include "yungu/audit/compact_range.h"

#include <bit>

namespace yungu::audit {

Result<CompactRange> CompactRange::FromHashes(int64_t size, std::vector<Hash> hashes) {
  if (size < 0 || static_cast<int64_t>(hashes.size()) != std::popcount(static_cast<uint64_t>(size))) {
    return InvalidArgument("audit.bad_compact_range",
                           "a tree of " + std::to_string(size) + " leaves has one subtree per set bit of its size");
  }
  CompactRange range;
  range.size_ = size;
  range.hashes_ = std::move(hashes);
  return range;
}

Hash CompactRange::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  // The subtrees shrink from left to right; MTH splits off the largest first,
  // so the root folds them from the right.
  Hash root = hashes_.back();
  for (size_t i = hashes_.size() - 1; i-- > 0;) root = NodeHash(hashes_[i], root);
  return root;
}

}  // namespace yungu::audit

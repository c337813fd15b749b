#include "audit/stored_tree.h"

namespace yungu::audit {

Result<Hash> StoredTree::Subtree(int level, int64_t index) {
  int base = level - level % stride_;
  int up = level - base;
  int64_t count = int64_t{1} << up;
  YG_ASSIGN_OR_RETURN(auto stored, store_.NodeHashes(base, index << up, count));
  std::vector<Hash> hashes;
  hashes.reserve(stored.size());
  for (const auto& bytes : stored) {
    auto h = HashFromBytes(bytes);
    if (!h) {
      return Corruption("audit.bad_node", "a stored hash at level " + std::to_string(base) + " is not 32 bytes");
    }
    hashes.push_back(*h);
  }
  // Pairs up the stored level until one hash is left.
  while (hashes.size() > 1) {
    for (size_t i = 0; i < hashes.size() / 2; ++i) hashes[i] = NodeHash(hashes[2 * i], hashes[2 * i + 1]);
    hashes.resize(hashes.size() / 2);
  }
  return hashes.front();
}

Result<Hash> StoredTree::Range(int64_t begin, int64_t end) {
  int64_t n = end - begin;
  if (n <= 0) return EmptyRoot();
  bool power_of_two = (n & (n - 1)) == 0;
  if (power_of_two && begin % n == 0) {
    int level = 0;
    while ((int64_t{1} << level) < n) ++level;
    return Subtree(level, begin >> level);
  }
  int64_t k = SplitPoint(n);
  YG_ASSIGN_OR_RETURN(Hash left, Range(begin, begin + k));
  YG_ASSIGN_OR_RETURN(Hash right, Range(begin + k, end));
  return NodeHash(left, right);
}

Result<CompactRange> StoredTree::Frontier(int64_t size) {
  std::vector<Hash> hashes;
  int64_t start = 0;
  for (int level = 62; level >= 0; --level) {
    int64_t width = int64_t{1} << level;
    if ((size & width) == 0) continue;
    YG_ASSIGN_OR_RETURN(Hash h, Subtree(level, start >> level));
    hashes.push_back(h);
    start += width;
  }
  return CompactRange::FromHashes(size, std::move(hashes));
}

}  // namespace yungu::audit

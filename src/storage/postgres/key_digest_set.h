// The set of primary-key digests a PostgreSQL version writer has seen, to
// refuse a duplicate key on the row that repeats it.
//
// An open-addressing table of the 16-byte digests themselves (no node per
// key): 16 bytes a slot at most 75% full, about 1 GiB for 50M keys where a
// std::unordered_set took 3.4 GiB. Digests are BLAKE2b output, so their low
// bits already spread evenly and serve as the slot index.
#pragma once

#include <cstdint>
#include <vector>

namespace yungu::storage::pg {

struct KeyDigest {
  uint64_t hi = 0, lo = 0;
  bool operator==(const KeyDigest& o) const { return hi == o.hi && lo == o.lo; }
};

class KeyDigestSet {
 public:
  // Adds `key`; false when it was already there.
  bool Insert(KeyDigest key) {
    // All-zero marks an empty slot; a digest that is all zero (chance 2^-128)
    // is stored as another value, as good as any.
    if (key.hi == 0 && key.lo == 0) key.lo = 1;
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    if (!Place(slots_, key)) return false;
    ++size_;
    return true;
  }
  size_t size() const { return size_; }

 private:
  static bool Place(std::vector<KeyDigest>& slots, const KeyDigest& key) {
    size_t mask = slots.size() - 1;
    for (size_t i = static_cast<size_t>(key.lo) & mask;; i = (i + 1) & mask) {
      if (slots[i] == key) return false;
      if (slots[i].hi == 0 && slots[i].lo == 0) {
        slots[i] = key;
        return true;
      }
    }
  }
  void Grow() {
    std::vector<KeyDigest> bigger(slots_.empty() ? 1024 : slots_.size() * 2);
    for (const auto& k : slots_) {
      if (k.hi != 0 || k.lo != 0) Place(bigger, k);
    }
    slots_.swap(bigger);
  }

  std::vector<KeyDigest> slots_;
  size_t size_ = 0;
};

}  // namespace yungu::storage::pg

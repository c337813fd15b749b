// The set of keys seen so far, for unique rules and duplicate primary keys.
//
// Each key is kept as a 128-bit SipHash of its bytes plus the row it was
// first seen in: 24 bytes a slot, 32-64 bytes a key with the table's load
// between 3/8 and 3/4, whatever the key's length. A set of the key texts
// themselves would be exact but cost the text plus some 60 bytes of node
// and bucket overhead a key (about 100 bytes for an 18-digit ID). Two
// distinct keys share a hash with probability about n^2 / 2^129 (1.5e-27
// for a million keys), so a false duplicate is not a practical concern.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace yungu::quality::internal {

class KeyHashSet {
 public:
  // `expected_keys` sizes the table once (0: start small and grow).
  explicit KeyHashSet(size_t expected_keys = 0);

  // Adds `key` first seen at `row`. Returns 0 when the key is new, else the
  // row it was first seen at (rows are >= 1).
  int64_t Insert(std::string_view key, int64_t row);

  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t high = 0;  // high == low == 0: empty
    uint64_t low = 0;
    int64_t row = 0;
  };
  void Grow();
  // Index of the slot holding (high, low), or of the empty slot where it goes.
  size_t Find(uint64_t high, uint64_t low) const;

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace yungu::quality::internal

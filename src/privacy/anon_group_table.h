// A flat open-addressing table that numbers distinct 64-bit keys densely in
// order of first insertion. It is the one hashing primitive of the
// anonymiser: collapsing rows into tuples, grouping tuples into equivalence
// classes, counting distinct sensitive values per class.
//
// Reset is O(1): slots carry the generation that filled them, so a table
// sized once for the largest input serves every later check without being
// cleared.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace yungu::privacy::internal {

class GroupTable {
 public:
  // Prepares for at most `max_keys` distinct keys; forgets all keys.
  void Reset(size_t max_keys) {
    const size_t wanted = std::bit_ceil(std::max<size_t>(16, max_keys * 2));
    if (wanted > slots_.size()) {
      slots_.assign(wanted, Slot{});
      generation_ = 0;
    }
    capacity_bits_ = std::countr_zero(wanted);
    mask_ = wanted - 1;
    if (++generation_ == 0) {  // wrapped: old stamps could look current
      for (Slot& s : slots_) s.generation = 0;
      generation_ = 1;
    }
    size_ = 0;
  }

  // The dense id of `key`, assigning the next id to a new key.
  uint32_t Insert(uint64_t key) {
    size_t i = Home(key);
    while (true) {
      Slot& s = slots_[i];
      if (s.generation != generation_) {
        s.generation = generation_;
        s.key = key;
        s.id = size_;
        return size_++;
      }
      if (s.key == key) return s.id;
      i = (i + 1) & mask_;
    }
  }

  // Like Insert, and tells whether the key was new.
  uint32_t Insert(uint64_t key, bool& inserted) {
    const uint32_t before = size_;
    const uint32_t id = Insert(key);
    inserted = size_ != before;
    return id;
  }

  uint32_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t id = 0;
    uint32_t generation = 0;
  };

  // Fibonacci hashing: keys are packed bit fields with most of their entropy
  // in the low bits; the multiply spreads it into the high bits we keep.
  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - capacity_bits_));
  }

  std::vector<Slot> slots_;
  int capacity_bits_ = 4;
  size_t mask_ = 15;
  uint32_t generation_ = 0;
  uint32_t size_ = 0;
};

}  // namespace yungu::privacy::internal

#include "quality/key_hash_set.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace yungu::quality::internal {
namespace {

constexpr size_t kInitialSlots = 1024;  // a power of two
// A wrong hint must not reserve gigabytes up front; past this the table grows.
constexpr size_t kMaxPresizedKeys = size_t{1} << 24;

// A fixed key keeps reports reproducible. SipHash is keyed against
// adversarial collisions; crafting two values that collide in 128 bits
// would still take some 2^64 work.
constexpr unsigned char kHashKey[crypto_shorthash_siphashx24_KEYBYTES] = {
    'y', 'u', 'n', 'g', 'u', '.', 'q', 'u', 'a', 'l', 'i', 't', 'y', '.', 'k', '1'};

}  // namespace

KeyHashSet::KeyHashSet(size_t expected_keys) {
  expected_keys = std::min(expected_keys, kMaxPresizedKeys);
  size_t slots = kInitialSlots;
  while (slots / 4 * 3 < expected_keys) slots *= 2;
  slots_.resize(slots);
}

size_t KeyHashSet::Find(uint64_t high, uint64_t low) const {
  const size_t mask = slots_.size() - 1;
  // The hash is uniform, so its low bits index well and linear probing
  // stays short at this load.
  size_t i = static_cast<size_t>(low) & mask;
  while (true) {
    const Slot& slot = slots_[i];
    if ((slot.high == 0 && slot.low == 0) || (slot.high == high && slot.low == low)) return i;
    i = (i + 1) & mask;
  }
}

int64_t KeyHashSet::Insert(std::string_view key, int64_t row) {
  unsigned char digest[crypto_shorthash_siphashx24_BYTES];
  crypto_shorthash_siphashx24(digest, reinterpret_cast<const unsigned char*>(key.data()), key.size(), kHashKey);
  uint64_t high = 0;
  uint64_t low = 0;
  std::memcpy(&high, digest, sizeof high);
  std::memcpy(&low, digest + sizeof high, sizeof low);
  if (high == 0 && low == 0) low = 1;  // (0, 0) marks an empty slot
  Slot& slot = slots_[Find(high, low)];
  if (slot.high != 0 || slot.low != 0) return slot.row;
  slot = Slot{high, low, row};
  if (++size_ * 4 > slots_.size() * 3) Grow();
  return 0;
}

void KeyHashSet::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  for (const Slot& slot : old) {
    if (slot.high != 0 || slot.low != 0) slots_[Find(slot.high, slot.low)] = slot;
  }
}

}  // namespace yungu::quality::internal

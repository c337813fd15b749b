#include <limits>

#include "identifiers/internal.h"

namespace yungu::identifiers::internal {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ParseDigits(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

uint64_t RandomBelow(Rng& rng, uint64_t n) {
  if (n <= 1) return 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  // Rejecting the top partial block makes every residue equally likely.
  const uint64_t limit = kMax - kMax % n;
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % n;
}

char RandomDigit(Rng& rng) { return static_cast<char>('0' + RandomBelow(rng, 10)); }

}  // namespace yungu::identifiers::internal

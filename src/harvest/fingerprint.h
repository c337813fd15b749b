// A stable 64-bit hash of text (FNV-1a): the same on every machine and run,
// so codes and markers derived from it never change.
#pragma once

#include <cstdint>
#include <string_view>

namespace yungu::harvest {

inline uint64_t Fingerprint(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace yungu::harvest

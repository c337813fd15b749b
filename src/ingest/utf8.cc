#include "ingest/utf8.h"

#include <cstdint>
#include <cstring>

namespace yungu::ingest::internal {
namespace {

enum class SeqResult { kValid, kInvalid, kTruncated };

// Length of the sequence at s[i] (set in len): 1 for invalid, so the scan
// resynchronises on the next byte.
SeqResult CheckSequence(const unsigned char* s, size_t n, size_t i, size_t& len) {
  unsigned char c = s[i];
  len = 1;
  if (c < 0x80) return SeqResult::kValid;
  size_t need;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return SeqResult::kInvalid;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= n) return SeqResult::kTruncated;
    unsigned char b = s[i + k];
    unsigned char min = k == 1 ? lo : 0x80;
    unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return SeqResult::kInvalid;
  }
  len = need + 1;
  return SeqResult::kValid;
}

}  // namespace

bool IsValidUtf8(std::string_view sv) {
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  size_t n = sv.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time, the common case for data files.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    size_t len;
    if (CheckSequence(s, n, i, len) != SeqResult::kValid) return false;
    i += len;
  }
  return true;
}

Utf8Stats ScanUtf8(std::string_view sv) {
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  size_t n = sv.size();
  Utf8Stats stats;
  size_t i = 0;
  while (i < n) {
    size_t len;
    switch (CheckSequence(s, n, i, len)) {
      case SeqResult::kValid:
        if (len > 1) ++stats.valid_multibyte;
        i += len;
        break;
      case SeqResult::kInvalid:
        ++stats.invalid;
        i += len;
        break;
      case SeqResult::kTruncated:
        stats.truncated_tail = n - i;
        i = n;
        break;
    }
  }
  return stats;
}

}  // namespace yungu::ingest::internal

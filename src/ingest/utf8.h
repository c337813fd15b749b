// UTF-8 validation (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
#pragma once

#include <cstddef>
#include <string_view>

namespace yungu::ingest::internal {

bool IsValidUtf8(std::string_view s);

struct Utf8Stats {
  size_t invalid = 0;          // maximal invalid subsequences
  size_t valid_multibyte = 0;  // well-formed sequences of 2-4 bytes
  size_t truncated_tail = 0;   // bytes of a sequence cut off by the end of s
};

// Classifies every sequence of s; a sequence cut off by the end of s is
// counted in truncated_tail, not invalid (s may be a sample of a file).
Utf8Stats ScanUtf8(std::string_view s);

}  // namespace yungu::ingest::internal

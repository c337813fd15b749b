// Cutting text for messages and examples without splitting a character.
#pragma once

#include <string>
#include <string_view>

namespace yungu {

// `text` when it fits in `max_bytes`, else its longest prefix of whole UTF-8
// characters within them followed by `ellipsis`.
inline std::string ShortenUtf8(std::string_view text, size_t max_bytes, std::string_view ellipsis) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a continuation byte
  return std::string(text.substr(0, cut)) + std::string(ellipsis);
}

}  // namespace yungu

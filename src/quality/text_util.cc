#include "quality/text_util.h"

#include <cstdint>

#include "yungu/core/shorten.h"

namespace yungu::quality::internal {

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    int length = 0;
    uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;  // a continuation byte, C0/C1 (overlong) or F5+
    }
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) return false;
    if (length == 4 && (code < 0x10000 || code > 0x10FFFF)) return false;
    p += length;
  }
  return true;
}

bool IsBlankText(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
      ++pos;
    } else if (text.substr(pos, kIdeographicSpace.size()) == kIdeographicSpace) {
      pos += kIdeographicSpace.size();
    } else {
      return false;
    }
  }
  return true;
}

std::string ShortenForExample(std::string_view text, size_t max_bytes) {
  return ShortenUtf8(text, max_bytes, "\xE2\x80\xA6");  // …
}

}  // namespace yungu::quality::internal

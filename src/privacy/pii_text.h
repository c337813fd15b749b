// UTF-8 and character-class helpers for the personal-data recognisers.
// Malformed UTF-8 never fails: a bad byte decodes as U+FFFD and advances one
// byte, so hostile input cannot stall a scan.
#pragma once

#include <cstddef>
#include <string_view>

namespace yungu::privacy::internal {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point at `pos` and advances `pos` past it. `pos` must be
// < text.size().
char32_t DecodeAt(std::string_view text, size_t& pos);

// The code point that ends just before byte `end` (0 when end == 0); its
// first byte is stored in `start`.
char32_t DecodeBefore(std::string_view text, size_t end, size_t& start);

// The code point starting at byte `pos` (0 when pos >= text.size()).
inline char32_t CodePointAt(std::string_view text, size_t pos) {
  return pos < text.size() ? DecodeAt(text, pos) : 0;
}

size_t CountCodePoints(std::string_view text);

// CJK unified ideographs (U+4E00..U+9FFF) and extension A (U+3400..U+4DBF).
inline bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiLetter(c); }

// Removes ASCII whitespace, no-break spaces (U+00A0) and ideographic spaces
// (U+3000) from both ends.
std::string_view TrimSpaces(std::string_view text);

// Byte `pos` of `text`, or '\0' outside it: lets boundary checks look one or
// two bytes past either end without bounds arithmetic at every call site.
inline char ByteAt(std::string_view text, size_t pos) {
  return pos < text.size() ? text[pos] : '\0';
}
inline char ByteBefore(std::string_view text, size_t pos, size_t back = 1) {
  return pos >= back ? text[pos - back] : '\0';
}

}  // namespace yungu::privacy::internal

#include "privacy/pii_text.h"

namespace yungu::privacy::internal {
namespace {

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

}  // namespace

char32_t DecodeAt(std::string_view text, size_t& pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  size_t length;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    ++pos;
    return kReplacementChar;
  }
  if (pos + length > text.size()) {
    ++pos;
    return kReplacementChar;
  }
  for (size_t i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if (!IsContinuation(b)) {
      ++pos;
      return kReplacementChar;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return kReplacementChar;
  }
  pos += length;
  return cp;
}

char32_t DecodeBefore(std::string_view text, size_t end, size_t& start) {
  if (end == 0 || end > text.size()) {
    start = end;
    return 0;
  }
  // Walk back over at most three continuation bytes to a lead byte, then
  // decode forwards; if that does not land exactly on `end`, the last byte
  // stands alone.
  size_t lead = end - 1;
  while (lead > 0 && end - lead < 4 && IsContinuation(static_cast<unsigned char>(text[lead]))) {
    --lead;
  }
  size_t pos = lead;
  const char32_t cp = DecodeAt(text, pos);
  if (pos == end) {
    start = lead;
    return cp;
  }
  start = end - 1;
  return kReplacementChar;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) DecodeAt(text, pos);
  return count;
}

std::string_view TrimSpaces(std::string_view text) {
  auto is_ascii_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
  auto strip_front = [&](std::string_view prefix) {
    if (!text.starts_with(prefix)) return false;
    text.remove_prefix(prefix.size());
    return true;
  };
  auto strip_back = [&](std::string_view suffix) {
    if (!text.ends_with(suffix)) return false;
    text.remove_suffix(suffix.size());
    return true;
  };
  while (!text.empty()) {
    if (is_ascii_space(text.front())) {
      text.remove_prefix(1);
    } else if (!strip_front(kIdeographicSpace) && !strip_front(kNoBreakSpace)) {
      break;
    }
  }
  while (!text.empty()) {
    if (is_ascii_space(text.back())) {
      text.remove_suffix(1);
    } else if (!strip_back(kIdeographicSpace) && !strip_back(kNoBreakSpace)) {
      break;
    }
  }
  return text;
}

}  // namespace yungu::privacy::internal

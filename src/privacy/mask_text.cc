// Canonical text of values, UTF-8 character counting, and the keep mask.
#include <charconv>
#include <cmath>

#include "privacy/mask_methods.h"

namespace yungu::privacy::internal {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Bytes of the character starting at text[i]: the length of a well-formed
// UTF-8 sequence, or 1 for a byte that does not start one (so masking
// garbage never keeps more bytes than characters it claims to keep).
size_t CharLength(std::string_view text, size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return 1;
  const size_t left = text.size() - i;
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (b0 >= 0xC2 && b0 <= 0xDF) return left >= 2 && IsContinuation(at(1)) ? 2 : 1;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !IsContinuation(at(1)) || !IsContinuation(at(2))) return 1;
    if (b0 == 0xE0 && at(1) < 0xA0) return 1;  // overlong
    if (b0 == 0xED && at(1) > 0x9F) return 1;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !IsContinuation(at(1)) || !IsContinuation(at(2)) || !IsContinuation(at(3))) return 1;
    if (b0 == 0xF0 && at(1) < 0x90) return 1;  // overlong
    if (b0 == 0xF4 && at(1) > 0x8F) return 1;  // above U+10FFFF
    return 4;
  }
  return 1;
}

// Byte offset just past the first `count` characters of `text`.
size_t PrefixBytes(std::string_view text, size_t count) {
  size_t i = 0;
  for (size_t n = 0; n < count && i < text.size(); ++n) i += CharLength(text, i);
  return i;
}

}  // namespace

std::string_view CanonicalText(const Value& value, TextBuffer& buffer) {
  char* const begin = buffer.data;
  char* const end = buffer.data + sizeof buffer.data;
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* i = std::get_if<int64_t>(&value)) {
    auto res = std::to_chars(begin, end, *i);
    return std::string_view(begin, static_cast<size_t>(res.ptr - begin));
  }
  if (const auto* d = std::get_if<double>(&value)) {
    if (!std::isfinite(*d)) return {};
    auto res = std::to_chars(begin, end, *d);
    return std::string_view(begin, static_cast<size_t>(res.ptr - begin));
  }
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* date = std::get_if<Date>(&value)) return date->iso;
  if (const auto* date_time = std::get_if<DateTime>(&value)) return date_time->iso;
  return {};  // null
}

size_t CountCharacters(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); i += CharLength(text, i)) ++count;
  return count;
}

void StarsInto(std::string_view text, std::string& out) { out.assign(CountCharacters(text), '*'); }

void KeepInto(std::string_view text, int keep_first, int keep_last, std::string& out) {
  const size_t total = CountCharacters(text);
  size_t first = keep_first > 0 ? static_cast<size_t>(keep_first) : 0;
  size_t last = keep_last > 0 ? static_cast<size_t>(keep_last) : 0;
  if (first + last >= total) {
    // Nothing would be masked: show at most half, the start before the end.
    const size_t shown = total / 2;
    first = std::min(first, shown);
    last = std::min(last, shown - first);
  }
  const size_t head_bytes = PrefixBytes(text, first);
  const size_t tail_start = PrefixBytes(text, total - last);
  out.assign(text.substr(0, head_bytes));
  out.append(total - first - last, '*');
  out.append(text.substr(tail_start));
}

}  // namespace yungu::privacy::internal

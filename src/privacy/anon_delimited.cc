#include "privacy/anon_delimited.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

namespace yungu::privacy::internal {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Detection order: ARX writes ';' by default; tab next, because a comma is
// the separator most likely to also occur inside values ("0,5", "A, B").
constexpr std::array<char, 3> kSeparators = {';', '\t', ','};

// A line of the text's own mutable copy, without its line end.
struct Line {
  char* data;
  size_t size;
  size_t number;  // 1-based
  std::string_view text() const { return {data, size}; }
};

std::vector<Line> SplitLines(char* text, size_t size) {
  std::vector<Line> lines;
  size_t number = 0;
  size_t start = 0;
  while (start < size) {
    const char* found = static_cast<const char*>(std::memchr(text + start, '\n', size - start));
    const size_t end = found ? static_cast<size_t>(found - text) : size;
    size_t length = end - start;
    if (length > 0 && text[start + length - 1] == '\r') --length;
    ++number;
    if (length > 0) lines.push_back({text + start, length, number});
    start = end + 1;
  }
  return lines;
}

// Occurrences of `sep` outside double quotes. Quotes are simply toggled here:
// a stray literal quote can only make a candidate look inconsistent, which
// then falls back to the first line's counts.
size_t CountOutsideQuotes(std::string_view line, char sep) {
  size_t count = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == sep && !quoted) {
      ++count;
    }
  }
  return count;
}

char DetectSeparator(const std::vector<Line>& lines) {
  if (lines.empty()) return kSeparators[0];
  for (char sep : kSeparators) {
    const size_t first = CountOutsideQuotes(lines[0].text(), sep);
    if (first == 0) continue;
    bool consistent = true;
    for (size_t i = 1; i < lines.size() && consistent; ++i) {
      consistent = CountOutsideQuotes(lines[i].text(), sep) == first;
    }
    if (consistent) return sep;
  }
  char best = kSeparators[0];
  size_t best_count = 0;
  for (char sep : kSeparators) {
    const size_t count = CountOutsideQuotes(lines[0].text(), sep);
    if (count > best_count) {
      best = sep;
      best_count = count;
    }
  }
  return best;
}

Status LineError(const char* error_code, size_t line, std::string_view what) {
  return InvalidArgument(error_code, "line " + std::to_string(line) + ": " + std::string(what));
}

// Splits one line of `base` into cells, appending their offsets and
// lengths. A quoted cell is unescaped in place: its text never grows, so it
// is rewritten from the opening quote onwards without overtaking what is
// still to be read.
template <typename Cells>
Status SplitCells(const char* base, const Line& line, char sep, const char* error_code, Cells& cells) {
  char* const s = line.data;
  const size_t n = line.size;
  auto add = [&](const char* begin, size_t length) {
    cells.push_back({static_cast<uint32_t>(begin - base), static_cast<uint32_t>(length)});
  };
  size_t i = 0;
  while (true) {
    if (i < n && s[i] == '"') {
      char* const out = s + i;
      size_t written = 0;
      ++i;
      bool closed = false;
      while (i < n) {
        if (s[i] == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            out[written++] = '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        out[written++] = s[i++];
      }
      if (!closed) return LineError(error_code, line.number, "unterminated quoted value");
      if (i < n && s[i] != sep) return LineError(error_code, line.number, "text after the closing quote of a value");
      add(out, written);
    } else {
      const char* found = static_cast<const char*>(std::memchr(s + i, sep, n - i));
      const size_t end = found ? static_cast<size_t>(found - s) : n;
      add(s + i, end - i);
      i = end;
    }
    if (i >= n) break;
    ++i;  // the separator
    if (i == n) {  // a trailing separator ends with an empty cell
      add(s + n, 0);
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

size_t ValidUtf8Prefix(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

Result<DelimitedText> SplitDelimited(std::string text, const char* error_code) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument(error_code, "the text is 4 GiB or larger");
  }
  const size_t skip = std::string_view(text).starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
  const std::string_view body = std::string_view(text).substr(skip);
  const size_t valid = ValidUtf8Prefix(body);
  if (valid != body.size()) {
    const size_t line = 1 + static_cast<size_t>(std::count(body.begin(), body.begin() + valid, '\n'));
    return LineError(error_code, line, "not valid UTF-8");
  }
  DelimitedText out;
  out.text_ = std::move(text);
  char* const base = out.text_.data();
  const std::vector<Line> lines = SplitLines(base + skip, out.text_.size() - skip);
  out.separator_ = DetectSeparator(lines);
  out.row_begin_.reserve(lines.size());
  out.line_numbers_.reserve(lines.size());
  // Rows usually have the first row's width.
  if (!lines.empty()) out.cells_.reserve(lines.size() * (CountOutsideQuotes(lines[0].text(), out.separator_) + 1));
  for (const Line& line : lines) {
    out.row_begin_.push_back(static_cast<uint32_t>(out.cells_.size()));
    out.line_numbers_.push_back(static_cast<uint32_t>(line.number));
    YG_RETURN_IF_ERROR(SplitCells(base, line, out.separator_, error_code, out.cells_));
  }
  return out;
}

}  // namespace yungu::privacy::internal

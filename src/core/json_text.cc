// JSON text encoding of strings and values: the hot path of every query
// answer, also used by the readers and the writers.
#include <charconv>
#include <cmath>
#include <variant>

#include "yungu/core/json_text.h"

namespace yungu {

// Decodes the code point starting at s[i] and returns how many bytes it used
// (at least 1). An invalid sequence yields kBadUtf8 and uses its longest
// valid-looking prefix, so each broken sequence becomes one U+FFFD (the
// "maximal subpart" practice of Unicode ch. 3). Also used by the XLSX writer.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t& cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  int trail = 0;
  char32_t value = 0;
  // Range of the first trail byte; narrower after E0/ED/F0/F4 to reject
  // overlong forms, UTF-16 surrogates and values above U+10FFFF.
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    trail = 1;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    trail = 2;
    value = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    trail = 3;
    value = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    cp = kBadUtf8;
    return 1;
  }
  size_t used = 1;
  for (int k = 0; k < trail; ++k, ++used) {
    if (i + used >= s.size() || byte(i + used) < lo || byte(i + used) > hi) {
      cp = kBadUtf8;
      return used;
    }
    value = (value << 6) | (byte(i + used) & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  cp = value;
  return used;
}

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// True for bytes that go into a JSON string untouched.
constexpr bool IsPlainAscii(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

}  // namespace

void AppendJsonString(std::string& out, std::string_view utf8) {
  out += '"';
  size_t run = 0;  // start of bytes not yet copied; copied in one go for speed
  size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (IsPlainAscii(c)) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      // Fast path for the common three-byte characters (all of CJK): leads
      // E1-EC and EE-EF take any two continuation bytes.
      if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && i + 2 < utf8.size() &&
          (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80 &&
          (static_cast<unsigned char>(utf8[i + 2]) & 0xC0) == 0x80) {
        i += 3;
        continue;
      }
      char32_t cp;
      const size_t used = DecodeUtf8(utf8, i, cp);
      if (cp != kBadUtf8) {
        i += used;  // valid non-ASCII text stays as is
        continue;
      }
      out.append(utf8, run, i - run);
      out += kReplacement;
      i += used;
      run = i;
      continue;
    }
    out.append(utf8, run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
    ++i;
    run = i;
  }
  out.append(utf8, run, utf8.size() - run);
  out += '"';
}

void AppendJsonValue(std::string& out, const Value& v) {
  char buf[32];
  if (const auto* i = std::get_if<int64_t>(&v)) {
    auto res = std::to_chars(buf, buf + sizeof buf, *i);
    out.append(buf, res.ptr);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) {
      out += "null";  // JSON has no NaN or Infinity
      return;
    }
    // Shortest form that parses back to the same double, e.g. 0.1 -> "0.1".
    auto res = std::to_chars(buf, buf + sizeof buf, *d);
    out.append(buf, res.ptr);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    out += *b ? "true" : "false";
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    AppendJsonString(out, *s);
  } else if (const auto* date = std::get_if<Date>(&v)) {
    AppendJsonString(out, date->iso);
  } else if (const auto* dt = std::get_if<DateTime>(&v)) {
    AppendJsonString(out, dt->iso);
  } else {
    out += "null";
  }
}

}  // namespace yungu

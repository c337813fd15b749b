// JSON text of strings and typed values, written straight into a buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "yungu/core/value.h"

namespace yungu {

// DecodeUtf8's mark for a byte sequence that is not valid UTF-8.
inline constexpr char32_t kBadUtf8 = 0x110000;

// Decodes the code point starting at s[i] into `cp` and returns how many
// bytes it used (at least 1). An invalid sequence yields kBadUtf8 and uses its
// longest valid-looking prefix, so each broken sequence counts once.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t& cp);

// Appends `utf8` as a JSON string literal: quotes, escapes '"', '\\' and the
// control characters (\n, \t, ... else \u00XX), leaves other non-ASCII text
// as is and replaces each invalid UTF-8 sequence with U+FFFD.
void AppendJsonString(std::string& out, std::string_view utf8);

// Appends a JSON value: null, integers exactly, doubles in the shortest form
// that round-trips (non-finite -> null), true/false, dates and text as strings.
void AppendJsonValue(std::string& out, const Value& v);

}  // namespace yungu

// Byte-level text checks used on every value the rules look at.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yungu::quality::internal {

// True for well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
// The pattern engine scans in UTF-8 mode, where malformed input is not
// allowed, so every value is checked first.
bool IsValidUtf8(std::string_view text);

// True for "" and text made only of ASCII white space and the ideographic
// space U+3000 (全角空格), which forms often leave in "empty" cells.
bool IsBlankText(std::string_view text);

// At most `max_bytes` of text, cut at a character boundary, with "…" added
// when something was cut.
std::string ShortenForExample(std::string_view text, size_t max_bytes);

}  // namespace yungu::quality::internal

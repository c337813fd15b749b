// Splitting delimited text (ARX's CSV form) into rows of cells, shared by the
// public ParseDelimitedText and Hierarchy::Parse, which report errors under
// different codes. SplitDelimited itself is declared in hierarchy.h, where
// DelimitedText names it as the one function that fills it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "yungu/privacy/hierarchy.h"

namespace yungu::privacy::internal {

// Length of the longest valid UTF-8 prefix of `text` (== size when valid).
size_t ValidUtf8Prefix(std::string_view text);

}  // namespace yungu::privacy::internal

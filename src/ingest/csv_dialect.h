// CSV delimiter detection.
#pragma once

#include <string_view>

namespace yungu::ingest::internal {

// Picks among ',', '\t', ';', '|' the delimiter that splits the sample's
// records into the most consistent field count greater than one (quote-aware,
// so delimiters inside quoted fields do not count). Ties go to the larger
// field count, then to the order above. ',' when no candidate splits
// anything. `complete` says the sample ends at end of file; otherwise its
// last, possibly cut, record is ignored.
char DetectDelimiter(std::string_view sample, bool complete);

}  // namespace yungu::ingest::internal

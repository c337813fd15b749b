// Header rules shared by all readers: every column needs a distinct,
// non-empty name, since names become column identifiers in the catalog.
#pragma once

#include <string>
#include <vector>

#include "yungu/core/status.h"

namespace yungu::ingest::internal {

// Trims ASCII whitespace and ideographic spaces (U+3000) from every name,
// then fails with "ingest.bad_header" naming the first empty, duplicate or
// non-UTF-8 column. An empty list is an error too.
Status NormalizeHeader(std::vector<std::string>& names);

// column_1 .. column_n, for files read without a header row.
std::vector<std::string> GeneratedHeader(size_t n);

}  // namespace yungu::ingest::internal

// What both backends share about catalog searches: the facet keys and the
// ORDER BY of each sort.
#pragma once

#include <set>
#include <string>

#include "yungu/core/result.h"

namespace yungu::storage::sql {

// The facets a catalog search may filter on and counts.
const std::set<std::string>& CatalogFacetKeys();

// Whether `sort` orders by the text match's score (so the score is needed).
bool OrdersByRelevance(const std::string& sort, bool has_text);

// The ORDER BY clause (over `datasets d`) for `sort`; with text, relevance
// orders by `relevance` (the backend's score expression and direction).
Result<std::string> CatalogOrderBy(const std::string& sort, bool has_text, const std::string& relevance);

}  // namespace yungu::storage::sql

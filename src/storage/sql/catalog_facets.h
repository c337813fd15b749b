// Counting a catalog search's facets in one pass, for both backends.
//
// Instead of one GROUP BY per facet (each re-running the text match and the
// filters), a search runs one statement grouped by all five column facets
// together; its few rows (one per combination that occurs) are folded here
// into the total, the usage sums and the five facet lists.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "yungu/storage/store.h"

namespace yungu::storage::sql {

constexpr std::array<const char*, 5> kColumnFacets = {"department", "sharing_type", "opening_type", "format",
                                                      "update_cycle"};

// "SELECT d.department, ..., count(*)[, with_data, reads, downloads]": the
// select list of the combined facet statement; the caller appends its FROM
// and filters, then " GROUP BY 1, 2, 3, 4, 5".
std::string FacetRollupSelect(bool usage_totals);
inline constexpr const char* kFacetRollupGroupBy = " GROUP BY 1, 2, 3, 4, 5";

class FacetRollup {
 public:
  // One row of the combined statement: the five facet values, its count
  // and (with usage totals) the three sums.
  void Add(const std::array<std::string, 5>& values, int64_t count, int64_t with_data = 0, int64_t reads = 0,
           int64_t downloads = 0);
  // Writes the total, the sums and the five facets (most frequent first,
  // then by value) into `page`.
  void Finish(CatalogPage& page, bool usage_totals) const;

 private:
  std::array<std::map<std::string, int64_t>, 5> counts_;
  int64_t total_ = 0, with_data_ = 0, reads_ = 0, downloads_ = 0;
};

}  // namespace yungu::storage::sql

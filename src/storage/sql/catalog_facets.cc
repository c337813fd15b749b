#include "storage/sql/catalog_facets.h"

#include <algorithm>

namespace yungu::storage::sql {

std::string FacetRollupSelect(bool usage_totals) {
  std::string select = "SELECT";
  for (const char* facet : kColumnFacets) select += std::string(" d.") + facet + ",";
  select += " count(*)";
  if (usage_totals) {
    select += ", sum(CASE WHEN d.current_version > 0 THEN 1 ELSE 0 END), sum(d.reads), sum(d.downloads)";
  }
  return select;
}

void FacetRollup::Add(const std::array<std::string, 5>& values, int64_t count, int64_t with_data, int64_t reads,
                      int64_t downloads) {
  for (size_t i = 0; i < values.size(); ++i) counts_[i][values[i]] += count;
  total_ += count;
  with_data_ += with_data;
  reads_ += reads;
  downloads_ += downloads;
}

void FacetRollup::Finish(CatalogPage& page, bool usage_totals) const {
  page.total = total_;
  if (usage_totals) {
    page.with_data = with_data_;
    page.reads = reads_;
    page.downloads = downloads_;
  }
  for (size_t i = 0; i < kColumnFacets.size(); ++i) {
    auto& list = page.facets[kColumnFacets[i]];
    list.clear();
    for (const auto& [value, n] : counts_[i]) list.push_back({value, n});
    // std::map iterates values in byte order, so a stable sort by count
    // leaves equal counts ordered by value.
    std::stable_sort(list.begin(), list.end(), [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  }
}

}  // namespace yungu::storage::sql

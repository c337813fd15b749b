// Hierarchy mask: the lookup table from a value to the ancestor shown.
#include <algorithm>

#include "privacy/mask_methods.h"

namespace yungu::privacy::internal {

std::optional<AncestorMap> BuildAncestorMap(const std::vector<std::vector<std::string>>& hierarchy, int level,
                                            std::string& conflict) {
  AncestorMap ancestors;
  ancestors.reserve(hierarchy.size());
  const size_t wanted = level > 0 ? static_cast<size_t>(level) : 0;
  for (const auto& row : hierarchy) {
    if (row.empty()) continue;
    const std::string& ancestor = row[std::min(wanted, row.size() - 1)];
    auto [it, inserted] = ancestors.try_emplace(row.front(), ancestor);
    if (!inserted && it->second != ancestor) {
      conflict = row.front();
      return std::nullopt;
    }
  }
  return ancestors;
}

}  // namespace yungu::privacy::internal

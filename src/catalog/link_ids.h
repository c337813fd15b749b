// Link ids are "<dataset id>.<n>": numbered per dataset by the catalog.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yungu::catalog {

// n, when `link_id` is one of `dataset_id`'s link ids (1 to 9 digits).
inline std::optional<int64_t> LinkNumber(std::string_view dataset_id, std::string_view link_id) {
  if (link_id.size() <= dataset_id.size() + 1 || link_id.size() - dataset_id.size() - 1 > 9 ||
      link_id.substr(0, dataset_id.size()) != dataset_id || link_id[dataset_id.size()] != '.') {
    return std::nullopt;
  }
  int64_t n = 0;
  for (char c : link_id.substr(dataset_id.size() + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace yungu::catalog

// The catalog's entries from one source.
#include "harvest/local_index.h"

#include "yungu/harvest/harvest.h"

namespace yungu::harvest {
namespace {

constexpr int64_t kPageSize = 100;

}  // namespace

std::string Extra(const model::DatasetMeta& meta, std::string_view key) {
  auto it = meta.extras.find(std::string(key));
  return it == meta.extras.end() ? std::string() : it->second;
}

Result<LocalIndex> IndexLocal(storage::Store& store, const std::string& source) {
  LocalIndex index;
  storage::CatalogQuery query;
  query.sort = "id";
  query.limit = kPageSize;
  query.visibility.everything = true;
  for (query.offset = 0;; query.offset += kPageSize) {
    YG_ASSIGN_OR_RETURN(storage::CatalogPage page, store.SearchCatalog(query));
    for (auto& meta : page.datasets) {
      if (Extra(meta, kSourceKey) != source) continue;
      std::string modified = Extra(meta, kRemoteModifiedKey);
      if (modified > index.since) index.since = modified;
      std::string id = meta.id;
      index.from_source.emplace(std::move(id), std::move(meta));
    }
    if (page.datasets.empty() || query.offset + kPageSize >= page.total) break;
  }
  return index;
}

}  // namespace yungu::harvest

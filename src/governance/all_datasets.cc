#include "yungu/governance/source_registry.h"

namespace yungu::governance {

Result<std::vector<model::DatasetMeta>> AllDatasets(storage::Store& store) {
  std::vector<model::DatasetMeta> out;
  storage::CatalogQuery q;
  q.sort = "name";
  q.limit = 1000;
  for (;;) {
    YG_ASSIGN_OR_RETURN(storage::CatalogPage page, store.SearchCatalog(q));
    const size_t got = page.datasets.size();
    for (auto& d : page.datasets) out.push_back(std::move(d));
    if (got < static_cast<size_t>(q.limit)) break;
    q.offset += q.limit;
  }
  return out;
}

}  // namespace yungu::governance

// What this catalog already holds from a source, found from the catalog
// itself (the harvest_* extras), so that no other state is needed.
#pragma once

#include <map>
#include <string>

#include "yungu/storage/store.h"

namespace yungu::harvest {

struct LocalIndex {
  std::map<std::string, model::DatasetMeta> from_source;  // by local dataset id
  // The largest harvest_remote_modified among them: the next run asks for
  // changes from there on. Empty when nothing was harvested yet.
  std::string since;
};

// Lists the whole catalog (every entry, whatever its opening type) page by
// page and keeps the entries whose harvest_source is `source`.
Result<LocalIndex> IndexLocal(storage::Store& store, const std::string& source);

// The extra `key` of a dataset, or "".
std::string Extra(const model::DatasetMeta& meta, std::string_view key);

}  // namespace yungu::harvest

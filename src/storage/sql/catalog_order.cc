#include "storage/sql/catalog_order.h"

namespace yungu::storage::sql {

const std::set<std::string>& CatalogFacetKeys() {
  static const std::set<std::string> kKeys = {"department",   "theme",        "sharing_type", "opening_type",
                                              "format",       "update_cycle", "tag"};
  return kKeys;
}

namespace {

// `sort` without its leading '-'.
std::string SortKey(const std::string& sort) { return !sort.empty() && sort[0] == '-' ? sort.substr(1) : sort; }

}  // namespace

bool OrdersByRelevance(const std::string& sort, bool has_text) {
  std::string key = SortKey(sort);
  return has_text && (key.empty() || key == "relevance");
}

Result<std::string> CatalogOrderBy(const std::string& sort, bool has_text, const std::string& relevance) {
  bool desc = !sort.empty() && sort[0] == '-';
  std::string key = SortKey(sort);
  std::string dir = desc ? " DESC" : " ASC";
  if (key.empty() || key == "relevance") {
    return OrdersByRelevance(sort, has_text) ? relevance + ", d.seq ASC" : std::string("d.updated_at DESC, d.seq ASC");
  }
  if (key == "name") return "d.name" + dir + ", d.seq ASC";
  if (key == "id") return "d.id" + dir;
  // The later of the two changes, as CKAN's metadata_modified.
  if (key == "modified") {
    return "CASE WHEN d.data_updated_at > d.updated_at THEN d.data_updated_at ELSE d.updated_at END" + dir +
           ", d.seq ASC";
  }
  if (key == "updated") return "d.data_updated_at" + dir + ", d.updated_at" + dir + ", d.seq ASC";
  if (key == "published") return "d.publish_date" + dir + ", d.seq ASC";
  if (key == "rows") return "d.row_count" + dir + ", d.seq ASC";
  if (key == "created") return "d.created_at" + dir + ", d.seq ASC";
  // Most used first unless '-' says otherwise: "popular" reads as a ranking.
  if (key == "popular") return std::string("d.reads + d.downloads") + (desc ? " ASC" : " DESC") + ", d.seq ASC";
  return InvalidArgument("catalog.bad_sort", "cannot sort the catalog by '" + sort +
                                                 "' (relevance, name, id, updated, modified, published, rows, created, popular)");
}

}  // namespace yungu::storage::sql

// Catalog search: full-text match, facet filters, facet counts, sort, paging.

#include "storage/sqlite/sqlite_store.h"
#include "storage/sql/catalog_facets.h"
#include "storage/sql/catalog_order.h"
#include "yungu/core/search_tokens.h"

namespace yungu::storage::sqlite {
namespace {

struct Sql {
  std::string text;
  std::vector<std::string> params;
  void Bind(Statement& stmt) const {
    for (size_t i = 0; i < params.size(); ++i) stmt.BindText(static_cast<int>(i + 1), params[i]);
  }
};


// Appends "AND <filters>" for every facet filter.
Status AppendFilters(const CatalogQuery& q, Sql& sql) {
  for (const auto& [key, values] : q.filters) {
    if (!sql::CatalogFacetKeys().count(key)) {
      return InvalidArgument("catalog.unknown_facet", "cannot filter the catalog by '" + key + "'");
    }
    if (values.empty()) continue;
    std::string placeholders;
    for (const auto& v : values) {
      if (!placeholders.empty()) placeholders += ", ";
      sql.params.push_back(v);
      placeholders += "?" + std::to_string(sql.params.size());
    }
    if (key == "theme") {
      sql.text += " AND d.seq IN (SELECT dataset_seq FROM dataset_themes WHERE theme IN (" + placeholders + "))";
    } else if (key == "tag") {
      sql.text += " AND d.seq IN (SELECT dataset_seq FROM dataset_tags WHERE tag IN (" + placeholders + "))";
    } else {
      // key is one of a fixed set of column names, never user text.
      sql.text += " AND d." + key + " IN (" + placeholders + ")";
    }
  }
  if (!q.modified_since.empty()) {
    sql.params.push_back(q.modified_since);
    std::string p = "?" + std::to_string(sql.params.size());
    sql.text += " AND (d.updated_at >= " + p + " OR d.data_updated_at >= " + p + ")";
  }
  return Status::Ok();
}


}  // namespace

Result<CatalogPage> SqliteStore::SearchCatalog(const CatalogQuery& q) {
  std::string match = text::BuildFtsQuery(q.text);
  bool has_text = !match.empty();
  if (!q.text.empty() && !has_text) {
    // Only punctuation: nothing can match.
    CatalogPage empty;
    empty.limit = q.limit;
    empty.offset = q.offset;
    return empty;
  }

  // The conditions after the text match; the match itself is ?1.
  Sql where;
  if (has_text) where.params.push_back(match);
  YG_RETURN_IF_ERROR(AppendFilters(q, where));
  if (!q.visibility.everything) {
    std::string placeholders;
    for (const auto& t : q.visibility.opening_types) {
      where.params.push_back(t);
      placeholders += (placeholders.empty() ? "?" : ", ?") + std::to_string(where.params.size());
    }
    where.text += placeholders.empty() ? " AND 0" : " AND d.opening_type IN (" + placeholders + ")";
  }
  // Counting needs only which entries match; the page also needs the score
  // when it is ordered by relevance (bm25 costs per matching entry).
  Sql filtered = where;
  filtered.text = (has_text ? " FROM datasets d WHERE d.seq IN (SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH ?1)"
                            : " FROM datasets d WHERE 1") + where.text;
  Sql list_from = filtered;
  if (sql::OrdersByRelevance(q.sort, has_text)) {
    list_from.text = " FROM datasets d JOIN (SELECT rowid AS r, bm25(catalog_fts, 10.0, 5.0, 2.0, 1.0) AS score "
                     "FROM catalog_fts WHERE catalog_fts MATCH ?1) f ON f.r = d.seq WHERE 1" + where.text;
  }
  YG_ASSIGN_OR_RETURN(std::string order, sql::CatalogOrderBy(q.sort, has_text, "f.score ASC"));

  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  CatalogPage page;
  page.limit = q.limit;
  page.offset = q.offset;

  // The total, the usage sums and five facets from one grouped scan.
  YG_ASSIGN_OR_RETURN(Statement rollup, conn->Prepare(sql::FacetRollupSelect(q.usage_totals) + filtered.text +
                                                      sql::kFacetRollupGroupBy));
  filtered.Bind(rollup);
  sql::FacetRollup facets;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, rollup.Step());
    if (!row) break;
    std::array<std::string, 5> values;
    for (int i = 0; i < 5; ++i) values[i] = rollup.ColumnText(i);
    if (q.usage_totals) {
      facets.Add(values, rollup.ColumnInt(5), rollup.ColumnInt(6), rollup.ColumnInt(7), rollup.ColumnInt(8));
    } else {
      facets.Add(values, rollup.ColumnInt(5));
    }
  }
  facets.Finish(page, q.usage_totals);

  std::string list_sql = std::string("SELECT ") + "d.seq, d.meta, d.created_at, d.updated_at, "
                         "d.data_updated_at, d.current_version, d.row_count, d.metadata_revision, d.reads, d.downloads" +
                         list_from.text + " ORDER BY " + order + " LIMIT " + std::to_string(q.limit) +
                         " OFFSET " + std::to_string(q.offset);
  YG_ASSIGN_OR_RETURN(Statement list, conn->Prepare(list_sql));
  list_from.Bind(list);
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, list.Step());
    if (!row) break;
    YG_ASSIGN_OR_RETURN(auto meta, ReadDatasetRow(list));
    page.datasets.push_back(std::move(meta));
  }

  // Themes and tags are many-to-one: their table joined into the filtered set.
  auto count_joined = [&](const std::string& table, const std::string& column, const char* facet) -> Status {
    YG_ASSIGN_OR_RETURN(Statement counted,
                        conn->Prepare("SELECT t." + column + ", count(*) FROM " + table + " t JOIN (SELECT d.seq AS s" +
                                      filtered.text + ") m ON m.s = t.dataset_seq GROUP BY 1 ORDER BY 2 DESC, 1 ASC"));
    filtered.Bind(counted);
    auto& counts = page.facets[facet];
    for (;;) {
      YG_ASSIGN_OR_RETURN(bool row, counted.Step());
      if (!row) break;
      counts.push_back({counted.ColumnText(0), counted.ColumnInt(1)});
    }
    return Status::Ok();
  };
  YG_RETURN_IF_ERROR(count_joined("dataset_themes", "theme", "theme"));
  if (q.tag_facet) YG_RETURN_IF_ERROR(count_joined("dataset_tags", "tag", "tag"));
  return page;
}

}  // namespace yungu::storage::sqlite

// Catalog search: full-text match, facet filters, facet counts, sort, paging.

#include "storage/sqlite/sqlite_store.h"
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

  Sql from;
  if (has_text) {
    from.params.push_back(match);
    from.text = " FROM datasets d JOIN (SELECT rowid AS r, bm25(catalog_fts, 10.0, 5.0, 2.0, 1.0) AS score "
                "FROM catalog_fts WHERE catalog_fts MATCH ?1) f ON f.r = d.seq WHERE 1";
  } else {
    from.text = " FROM datasets d WHERE 1";
  }
  YG_RETURN_IF_ERROR(AppendFilters(q, from));
  if (!q.visibility.everything) {
    std::string placeholders;
    for (const auto& t : q.visibility.opening_types) {
      from.params.push_back(t);
      placeholders += (placeholders.empty() ? "?" : ", ?") + std::to_string(from.params.size());
    }
    from.text += placeholders.empty() ? " AND 0" : " AND d.opening_type IN (" + placeholders + ")";
  }
  YG_ASSIGN_OR_RETURN(std::string order, sql::CatalogOrderBy(q.sort, has_text, "f.score ASC"));

  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  CatalogPage page;
  page.limit = q.limit;
  page.offset = q.offset;

  // The sums read every matching row; a plain count can use an index.
  const char* sums = q.usage_totals ? ", coalesce(sum(d.current_version > 0), 0), coalesce(sum(d.reads), 0), "
                                      "coalesce(sum(d.downloads), 0)"
                                    : "";
  YG_ASSIGN_OR_RETURN(Statement count, conn->Prepare(std::string("SELECT count(*)") + sums + from.text));
  from.Bind(count);
  YG_ASSIGN_OR_RETURN(bool has_count, count.Step());
  if (!has_count) return Internal("storage.count", "count returned no row");
  page.total = count.ColumnInt(0);
  if (q.usage_totals) {
    page.with_data = count.ColumnInt(1);
    page.reads = count.ColumnInt(2);
    page.downloads = count.ColumnInt(3);
  }

  std::string list_sql = std::string("SELECT ") + "d.seq, d.meta, d.created_at, d.updated_at, "
                         "d.data_updated_at, d.current_version, d.row_count, d.metadata_revision, d.reads, d.downloads" +
                         from.text + " ORDER BY " + order + " LIMIT " + std::to_string(q.limit) +
                         " OFFSET " + std::to_string(q.offset);
  YG_ASSIGN_OR_RETURN(Statement list, conn->Prepare(list_sql));
  from.Bind(list);
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, list.Step());
    if (!row) break;
    YG_ASSIGN_OR_RETURN(auto meta, ReadDatasetRow(list));
    page.datasets.push_back(std::move(meta));
  }

  struct FacetSql {
    const char* name;
    std::string select;
  };
  const std::vector<FacetSql> facets = {
      {"department", "SELECT d.department, count(*)" + from.text + " GROUP BY 1"},
      {"sharing_type", "SELECT d.sharing_type, count(*)" + from.text + " GROUP BY 1"},
      {"opening_type", "SELECT d.opening_type, count(*)" + from.text + " GROUP BY 1"},
      {"format", "SELECT d.format, count(*)" + from.text + " GROUP BY 1"},
      {"update_cycle", "SELECT d.update_cycle, count(*)" + from.text + " GROUP BY 1"},
      // Themes are many-to-one: join the theme table into the filtered set.
      {"theme", "SELECT t.theme, count(*) FROM dataset_themes t JOIN (SELECT d.seq AS s" + from.text +
                    ") m ON m.s = t.dataset_seq GROUP BY 1"},
  };
  for (const auto& facet : facets) {
    std::string sql = "SELECT * FROM (" + facet.select + ") ORDER BY 2 DESC, 1 ASC";
    YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(sql));
    from.Bind(stmt);
    auto& counts = page.facets[facet.name];
    for (;;) {
      YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      counts.push_back({stmt.ColumnText(0), stmt.ColumnInt(1)});
    }
  }
  return page;
}

}  // namespace yungu::storage::sqlite

// Catalog search: full-text match, facet filters, facet counts, sort, paging.
//
// The search document of each entry is a tsvector of the hub's own tokens
// (pg_dataset_records.cc); a query becomes a tsquery of the same tokens, so
// Chinese text is found by its bigrams exactly as in the embedded store.

#include "storage/postgres/pg_store.h"
#include "storage/sql/catalog_facets.h"
#include "storage/sql/catalog_order.h"
#include "yungu/core/search_tokens.h"

namespace yungu::storage::pg {
namespace {


struct Sql {
  std::string text;
  Params params;
};

Status AppendFilters(const CatalogQuery& q, Sql& sql) {
  for (const auto& [key, values] : q.filters) {
    if (!sql::CatalogFacetKeys().count(key)) {
      return InvalidArgument("catalog.unknown_facet", "cannot filter the catalog by '" + key + "'");
    }
    if (values.empty()) continue;
    sql.params.TextArray(values);
    std::string any = " = ANY(" + sql.params.Last() + "::text[])";
    if (key == "theme") {
      sql.text += " AND d.seq IN (SELECT dataset_seq FROM dataset_themes WHERE theme" + any + ")";
    } else if (key == "tag") {
      sql.text += " AND d.seq IN (SELECT dataset_seq FROM dataset_tags WHERE tag" + any + ")";
    } else {
      // key is one of a fixed set of column names, never user text.
      sql.text += " AND d." + key + any;
    }
  }
  if (!q.modified_since.empty()) {
    sql.params.Text(q.modified_since);
    sql.text += " AND (d.updated_at >= " + sql.params.Last() + " OR d.data_updated_at >= " + sql.params.Last() + ")";
  }
  return Status::Ok();
}


}  // namespace

Result<CatalogPage> PgStore::SearchCatalog(const CatalogQuery& q) {
  return ReadRouted<CatalogPage>([&](PgPool& pool) { return SearchCatalogOn(pool, q); });
}

Result<CatalogPage> PgStore::SearchCatalogOn(PgPool& pool, const CatalogQuery& q) {
  std::string match = text::BuildTsQuery(q.text);
  bool has_text = !match.empty();
  CatalogPage page;
  page.limit = q.limit;
  page.offset = q.offset;
  if (!q.text.empty() && !has_text) return page;  // only punctuation: nothing can match

  Sql from;
  // The score only where the order needs it: ts_rank costs per matching entry.
  std::string score = "0";
  if (has_text) {
    from.params.Text(match);
    from.text = " FROM datasets d WHERE d.search @@ $1::tsquery";
    // Name, tags, summary, fields: weights as in the embedded store's bm25.
    if (sql::OrdersByRelevance(q.sort, has_text)) score = "ts_rank('{0.1, 0.2, 0.5, 1.0}', d.search, $1::tsquery)";
  } else {
    from.text = " FROM datasets d WHERE true";
  }
  YG_RETURN_IF_ERROR(AppendFilters(q, from));
  if (!q.visibility.everything) {
    if (q.visibility.opening_types.empty()) {
      from.text += " AND false";
    } else {
      from.params.TextArray(q.visibility.opening_types);
      from.text += " AND d.opening_type = ANY(" + from.params.Last() + "::text[])";
    }
  }
  YG_ASSIGN_OR_RETURN(std::string order, sql::CatalogOrderBy(q.sort, has_text, "score DESC"));

  YG_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
  // One snapshot for the facets and the page.
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  // The total, the usage sums and five facets from one grouped scan.
  YG_ASSIGN_OR_RETURN(PgResult rollup, conn->Exec(sql::FacetRollupSelect(q.usage_totals) + from.text +
                                                      sql::kFacetRollupGroupBy,
                                                  from.params));
  sql::FacetRollup facets;
  for (int r = 0; r < rollup.rows(); ++r) {
    std::array<std::string, 5> values;
    for (int i = 0; i < 5; ++i) values[i] = rollup.Text(r, i);
    if (q.usage_totals) {
      facets.Add(values, rollup.Int(r, 5), rollup.Int(r, 6), rollup.Int(r, 7), rollup.Int(r, 8));
    } else {
      facets.Add(values, rollup.Int(r, 5));
    }
  }
  facets.Finish(page, q.usage_totals);

  std::string list_sql = "SELECT d.seq, d.meta, d.created_at, d.updated_at, d.data_updated_at, d.current_version, "
                         "d.row_count, d.metadata_revision, d.reads, d.downloads, " +
                         score + " AS score" + from.text + " ORDER BY " + order + " LIMIT " +
                         std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
  YG_ASSIGN_OR_RETURN(PgResult list, conn->Exec(list_sql, from.params));
  for (int r = 0; r < list.rows(); ++r) {
    YG_ASSIGN_OR_RETURN(auto meta, ReadDatasetRow(list, r));
    page.datasets.push_back(std::move(meta));
  }

  // Themes and tags are many-to-one: their table joined into the filtered set.
  auto count_joined = [&](const std::string& table, const std::string& column, const char* facet) -> Status {
    YG_ASSIGN_OR_RETURN(PgResult counted,
                        conn->Exec("SELECT t." + column + " AS v, count(*) AS n FROM " + table +
                                       " t JOIN (SELECT d.seq AS s" + from.text +
                                       ") m ON m.s = t.dataset_seq GROUP BY 1 ORDER BY n DESC, v ASC",
                                   from.params));
    auto& counts = page.facets[facet];
    for (int r = 0; r < counted.rows(); ++r) counts.push_back({counted.Text(r, 0), counted.Int(r, 1)});
    return Status::Ok();
  };
  YG_RETURN_IF_ERROR(count_joined("dataset_themes", "theme", "theme"));
  if (q.tag_facet) YG_RETURN_IF_ERROR(count_joined("dataset_tags", "tag", "tag"));
  YG_RETURN_IF_ERROR(tx.Commit());
  return page;
}

}  // namespace yungu::storage::pg

// Listing, reading and pruning dataset versions, and their full-text index.
#include <nlohmann/json.hpp>

#include "storage/postgres/pg_store.h"
#include "storage/postgres/pg_version_rows.h"
#include "yungu/core/search_tokens.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage::pg {

std::string HostTag() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  // FNV-1a: stable across builds, unlike std::hash.
  uint64_t h = 1469598103934665603ull;
  for (const char* p = host; *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 1099511628211ull;
  return std::to_string(h % 100000);
}


std::string Convert(const std::string& expr, ColumnType from, ColumnType to) {
  if (from == to || std::string(ColumnSqlType(from)) == ColumnSqlType(to)) {
    // Dates become datetimes at midnight; other text stays as it is.
    if (from == ColumnType::kDate && to == ColumnType::kDateTime) {
      return "CASE WHEN length(" + expr + ") = 10 THEN " + expr + " || 'T00:00:00' ELSE " + expr + " END";
    }
    return expr;
  }
  if (from == ColumnType::kDecimal && to == ColumnType::kText) {
    // Whole decimals keep their ".0", as SQLite writes them (2.0, not 2).
    return "CASE WHEN " + expr + " = trunc(" + expr + ") AND abs(" + expr + ") < 1e15 THEN trunc(" + expr +
           ")::bigint::text || '.0' ELSE " + expr + "::text END";
  }
  if (to == ColumnType::kText || to == ColumnType::kDate || to == ColumnType::kDateTime) return expr + "::text";
  return expr + "::text::" + ColumnSqlType(to);
}

Status Widen(PgConnection& conn, const std::string& table, const std::string& column, ColumnType from,
             ColumnType to) {
  if (std::string(ColumnSqlType(from)) == ColumnSqlType(to)) {
    if (from == ColumnType::kDate && to == ColumnType::kDateTime) {
      return conn.Script("UPDATE " + QuoteIdent(table) + " SET " + column + " = " + column +
                         " || 'T00:00:00' WHERE length(" + column + ") = 10");
    }
    return Status::Ok();
  }
  return conn.Script("ALTER TABLE " + QuoteIdent(table) + " ALTER COLUMN " + column + " TYPE " + ColumnSqlType(to) +
                     " USING " + Convert(column, from, to));
}

namespace {

const char* kVersionColumns =
    "v.version, v.created_at, v.row_count, v.mode, v.source, v.fields, v.table_name, v.fts_ready";

Result<model::VersionInfo> ReadVersion(const PgResult& res, int r, std::string_view dataset_id) {
  model::VersionInfo v;
  v.dataset_id = std::string(dataset_id);
  v.version = res.Int(r, 0);
  v.created_at = res.Text(r, 1);
  v.row_count = res.Int(r, 2);
  v.mode = res.Text(r, 3);
  v.source = res.Text(r, 4);
  YG_ASSIGN_OR_RETURN(v.fields, ParseFields(res.Text(r, 5)));
  v.table = res.Text(r, 6);
  v.search_ready = res.Bool(r, 7);
  return v;
}

// A tsvector literal of the lexemes of `text`: each quoted, no positions.
void AppendTsVector(std::string& out, const std::string& text) {
  text::SearchTokenizer tokens(text, text::TokenMode::kDocument);
  text::SearchToken t;
  bool first = true;
  while (tokens.Next(t)) {
    if (!first) out += ' ';
    first = false;
    out += '\'';
    for (char c : t.text) {
      if (c == '\'') out += "''";
      else if (c == '\\') out += "\\\\";
      else out += c;
    }
    out += '\'';
  }
}

}  // namespace

Result<std::vector<model::VersionInfo>> PgStore::ListVersions(std::string_view dataset_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(int64_t seq, DatasetSeq(*conn, dataset_id));
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kVersionColumns +
                                                   " FROM versions v WHERE v.dataset_seq = $1 ORDER BY v.version DESC",
                                               Params().Int(seq)));
  std::vector<model::VersionInfo> out;
  for (int r = 0; r < res.rows(); ++r) {
    YG_ASSIGN_OR_RETURN(auto v, ReadVersion(res, r, dataset_id));
    out.push_back(std::move(v));
  }
  return out;
}

Result<model::VersionInfo> PgStore::GetVersion(std::string_view dataset_id, int64_t version) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kVersionColumns +
                                                   " FROM versions v JOIN datasets d ON d.seq = v.dataset_seq "
                                                   "WHERE d.id = $1 AND v.version = $2",
                                               Params().Text(dataset_id).Int(version)));
  if (res.rows() == 0) {
    return NotFound("catalog.version_not_found",
                    "dataset '" + std::string(dataset_id) + "' has no version " + std::to_string(version));
  }
  return ReadVersion(res, 0, dataset_id);
}

Result<int64_t> PgStore::PruneVersions(std::string_view dataset_id, int64_t keep) {
  if (keep < 1) return InvalidArgument("catalog.bad_keep", "keep at least one version");
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(PgResult ds, conn->Exec("SELECT seq, current_version FROM datasets WHERE id = $1 FOR UPDATE",
                                              Params().Text(dataset_id)));
  if (ds.rows() == 0) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(dataset_id) + "'");
  int64_t seq = ds.Int(0, 0);
  YG_ASSIGN_OR_RETURN(PgResult doomed, conn->Exec("SELECT version, table_name FROM versions WHERE dataset_seq = $1 "
                                                  "AND version <> $2 ORDER BY version DESC OFFSET $3",
                                                  Params().Int(seq).Int(ds.Int(0, 1)).Int(keep - 1)));
  for (int r = 0; r < doomed.rows(); ++r) {
    std::string table = doomed.Text(r, 1);
    YG_RETURN_IF_ERROR(conn->Script("DROP TABLE IF EXISTS " + QuoteIdent(table) + " CASCADE"));
    YG_RETURN_IF_ERROR(conn->Script("DROP TABLE IF EXISTS " + QuoteIdent(table + "_fts")));
    YG_RETURN_IF_ERROR(conn->Exec("DELETE FROM versions WHERE dataset_seq = $1 AND version = $2",
                                  Params().Int(seq).Int(doomed.Int(r, 0)))
                           .status());
  }
  YG_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(doomed.rows());
}

// The index is a side table of (row id, tsvector of the row's text columns)
// with a GIN index, filled from the hub's own tokenizer so that it matches
// exactly what the embedded store's FTS5 index matches.
Status PgStore::BuildSearchIndex(const model::VersionInfo& version) {
  std::vector<size_t> text_columns;
  for (size_t i = 0; i < version.fields.size(); ++i) {
    if (version.fields[i].type == ColumnType::kText) text_columns.push_back(i);
  }
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  std::string fts = QuoteIdent(version.table + "_fts");
  YG_RETURN_IF_ERROR(conn->Script("DROP TABLE IF EXISTS " + fts));
  if (!text_columns.empty()) {
    YG_RETURN_IF_ERROR(conn->Script("CREATE TABLE " + fts + " (rid BIGINT PRIMARY KEY, doc tsvector NOT NULL)"));
    // Read through a cursor on one connection, write through COPY on another.
    YG_ASSIGN_OR_RETURN(auto writer, pool_.Acquire());
    YG_RETURN_IF_ERROR(writer->CopyIn("COPY " + fts + " (rid, doc) FROM STDIN"));
    std::string select = "SELECT _rid";
    for (size_t i : text_columns) select += ", " + ColumnName(i);
    YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    YG_RETURN_IF_ERROR(conn->Script("DECLARE index_rows NO SCROLL CURSOR FOR " + select + " FROM " +
                                    QuoteIdent(version.table)));
    std::string buffer, doc, row_text;
    Status st = Status::Ok();
    for (;;) {
      auto page = conn->Exec("FETCH 5000 FROM index_rows");
      if (!page.ok()) {
        st = page.status();
        break;
      }
      for (int r = 0; r < page->rows(); ++r) {
        row_text.clear();
        for (size_t c = 0; c < text_columns.size(); ++c) {
          if (!page->IsNull(r, static_cast<int>(c + 1))) row_text.append(page->View(r, static_cast<int>(c + 1))) += ' ';
        }
        doc.clear();
        AppendTsVector(doc, row_text);
        buffer.append(page->View(r, 0)) += '\t';
        AppendCopyText(buffer, doc);
        buffer += '\n';
      }
      if (buffer.size() > (1 << 20) || page->rows() < 5000) {
        st = writer->CopyData(buffer);
        buffer.clear();
      }
      if (!st.ok() || page->rows() < 5000) break;
    }
    Status end = writer->CopyEnd();
    if (!st.ok()) return st;
    YG_RETURN_IF_ERROR(end);
    YG_RETURN_IF_ERROR(tx.Commit());
    YG_RETURN_IF_ERROR(conn->Script("CREATE INDEX " + QuoteIdent(version.table + "_fts_doc") + " ON " + fts +
                                    " USING gin(doc)"));
  }
  return conn->Exec("UPDATE versions SET fts_ready = true WHERE table_name = $1", Params().Text(version.table))
      .status();
}

}  // namespace yungu::storage::pg

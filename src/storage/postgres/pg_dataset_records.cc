// Dataset metadata rows, their revision history and their search documents.
#include <nlohmann/json.hpp>

#include "storage/postgres/pg_store.h"
#include "yungu/core/search_tokens.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage::pg {

const char* const kDatasetColumns =
    "seq, meta, created_at, updated_at, data_updated_at, current_version, row_count, "
    "metadata_revision, reads, downloads";

Result<model::DatasetMeta> ReadDatasetRow(const PgResult& res, int r) {
  nlohmann::json j = nlohmann::json::parse(res.View(r, 1), nullptr, false);
  if (j.is_discarded()) return Corruption("storage.bad_metadata", "stored metadata is not JSON");
  auto meta = model::DatasetFromJson(j);
  if (!meta.ok()) return Corruption("storage.bad_metadata", meta.status().message());
  model::DatasetMeta m = std::move(meta).value();
  m.created_at = res.Text(r, 2);
  m.updated_at = res.Text(r, 3);
  m.data_updated_at = res.Text(r, 4);
  m.current_version = res.Int(r, 5);
  m.row_count = res.Int(r, 6);
  m.metadata_revision = res.Int(r, 7);
  m.reads = res.Int(r, 8);
  m.downloads = res.Int(r, 9);
  return m;
}

Result<int64_t> DatasetSeq(PgConnection& conn, std::string_view id) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec("SELECT seq FROM datasets WHERE id = $1", Params().Text(id)));
  if (res.rows() == 0) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  return res.Int(0, 0);
}

namespace {

// Only the caller-editable part is stored as JSON; the hub's own counters
// live in columns.
std::string EditableJson(const model::DatasetMeta& meta) {
  nlohmann::json j = model::ToJson(meta);
  for (const char* key : {"created_at", "updated_at", "data_updated_at", "current_version", "row_count",
                          "metadata_revision", "sharing_type_label", "opening_type_label", "usage"}) {
    j.erase(key);
  }
  return j.dump();
}

// $1..$9: id, department, name, format, sharing, opening, cycle, publish date, meta.
Params DatasetColumns(const model::DatasetMeta& m) {
  Params p;
  p.Text(m.id).Text(m.department).Text(m.name).Text(m.format);
  p.Text(model::SharingTypeName(m.sharing_type)).Text(model::OpeningTypeName(m.opening_type));
  p.Text(model::UpdateCycleName(m.update_cycle)).Text(m.publish_date).Text(EditableJson(m));
  return p;
}

Status AddRevision(PgConnection& conn, const model::DatasetMeta& m, int64_t revision, const std::string& now,
                   std::string_view note) {
  return conn
      .Exec("INSERT INTO dataset_revisions(dataset_id, revision, changed_at, note, meta) VALUES($1, $2, $3, $4, $5)",
            Params().Text(m.id).Int(revision).Text(now).Text(note).Text(EditableJson(m)))
      .status();
}

// The lexemes of `text`, as the embedded store's search tokenizer makes them
// (CJK bigrams, lower-cased words), so both backends find the same entries.
std::vector<std::string> Lexemes(const std::string& text) {
  std::vector<std::string> out;
  text::SearchTokenizer tokens(text, text::TokenMode::kDocument);
  text::SearchToken t;
  while (tokens.Next(t)) out.push_back(t.text);
  return out;
}

}  // namespace

Status WriteThemesAndTags(PgConnection& conn, int64_t seq, const model::DatasetMeta& meta) {
  YG_RETURN_IF_ERROR(conn.Exec("DELETE FROM dataset_themes WHERE dataset_seq = $1", Params().Int(seq)).status());
  YG_RETURN_IF_ERROR(conn.Exec("DELETE FROM dataset_tags WHERE dataset_seq = $1", Params().Int(seq)).status());
  YG_RETURN_IF_ERROR(conn.Exec("INSERT INTO dataset_themes SELECT $1, t FROM unnest($2::text[]) t "
                               "ON CONFLICT DO NOTHING",
                               Params().Int(seq).TextArray(meta.themes))
                         .status());
  return conn
      .Exec("INSERT INTO dataset_tags SELECT $1, t FROM unnest($2::text[]) t ON CONFLICT DO NOTHING",
            Params().Int(seq).TextArray(meta.tags))
      .status();
}

Status IndexDatasetForSearch(PgConnection& conn, int64_t seq, const model::DatasetMeta& m) {
  std::string name = m.name + " " + m.name_en + " " + m.resource_code + " " + m.id;
  std::string tags;
  for (const auto& t : m.tags) tags += t + " ";
  for (const auto& key : m.themes) {
    if (const auto* theme = model::FindTheme(key)) {
      tags += std::string(theme->label_zh) + " " + std::string(theme->label_en) + " ";
    }
  }
  std::string fields;
  for (const auto& f : m.fields) fields += f.name + " " + f.title + " " + f.description + " ";
  std::string summary = m.summary + " " + m.sharing_conditions;
  // The department's names are searchable too (市环保局 finds its datasets).
  YG_ASSIGN_OR_RETURN(PgResult dept, conn.Exec("SELECT name, name_en FROM departments WHERE code = $1",
                                               Params().Text(m.department)));
  if (dept.rows()) tags += dept.Text(0, 0) + " " + dept.Text(0, 1);
  // Weights rank a match in the name above one in the tags, the summary and
  // the field list, in that order.
  return conn
      .Exec("UPDATE datasets SET search = setweight(array_to_tsvector($2::text[]), 'A') || "
            "setweight(array_to_tsvector($3::text[]), 'B') || setweight(array_to_tsvector($4::text[]), 'C') || "
            "setweight(array_to_tsvector($5::text[]), 'D') WHERE seq = $1",
            Params().Int(seq).TextArray(Lexemes(name)).TextArray(Lexemes(tags)).TextArray(Lexemes(summary))
                .TextArray(Lexemes(fields)))
      .status();
}

Status PgStore::CreateDataset(const model::DatasetMeta& meta) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  std::string now = Now();
  // The revisions of a deleted dataset with this id stay; number after them.
  YG_ASSIGN_OR_RETURN(PgResult last, conn->Exec("SELECT coalesce(max(revision), 0) + 1 FROM dataset_revisions "
                                                "WHERE dataset_id = $1",
                                                Params().Text(meta.id)));
  int64_t revision = last.Int(0, 0);
  YG_ASSIGN_OR_RETURN(PgResult dept, conn->Exec("SELECT 1 FROM departments WHERE code = $1 FOR SHARE",
                                                Params().Text(meta.department)));
  if (dept.rows() == 0) {
    return InvalidArgument("catalog.unknown_department", "department '" + meta.department + "' does not exist");
  }
  Params p = DatasetColumns(meta);
  p.Text(now).Int(revision);
  auto inserted = conn->Exec("INSERT INTO datasets(id, department, name, format, sharing_type, opening_type, "
                             "update_cycle, publish_date, meta, created_at, updated_at, metadata_revision) "
                             "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) "
                             "ON CONFLICT(id) DO NOTHING RETURNING seq",
                             p);
  if (!inserted.ok()) return inserted.status();
  if (inserted->rows() == 0) {
    return AlreadyExists("catalog.dataset_exists", "a dataset with id '" + meta.id + "' already exists");
  }
  int64_t seq = inserted->Int(0, 0);
  YG_RETURN_IF_ERROR(WriteThemesAndTags(*conn, seq, meta));
  YG_RETURN_IF_ERROR(IndexDatasetForSearch(*conn, seq, meta));
  YG_RETURN_IF_ERROR(AddRevision(*conn, meta, revision, now, "created"));
  return tx.Commit();
}

Status PgStore::UpdateDataset(const model::DatasetMeta& meta, std::string_view note) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  std::string now = Now();
  Params p = DatasetColumns(meta);
  p.Text(now);
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("UPDATE datasets SET department=$2, name=$3, format=$4, sharing_type=$5, "
                                 "opening_type=$6, update_cycle=$7, publish_date=$8, meta=$9, updated_at=$10, "
                                 "metadata_revision = metadata_revision + 1 WHERE id = $1 "
                                 "RETURNING seq, metadata_revision",
                                 p));
  if (res.rows() == 0) return NotFound("catalog.dataset_not_found", "no dataset '" + meta.id + "'");
  int64_t seq = res.Int(0, 0);
  int64_t revision = res.Int(0, 1);
  YG_RETURN_IF_ERROR(WriteThemesAndTags(*conn, seq, meta));
  YG_RETURN_IF_ERROR(IndexDatasetForSearch(*conn, seq, meta));
  YG_RETURN_IF_ERROR(AddRevision(*conn, meta, revision, now, note));
  return tx.Commit();
}

Result<model::DatasetMeta> PgStore::GetDataset(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kDatasetColumns +
                                                   " FROM datasets WHERE id = $1",
                                               Params().Text(id)));
  if (res.rows() == 0) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  return ReadDatasetRow(res, 0);
}

Result<Store::DatasetStamp> PgStore::GetDatasetStamp(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec("SELECT current_version, metadata_revision FROM datasets "
                                               "WHERE id = $1",
                                               Params().Text(id)));
  if (res.rows() == 0) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  return DatasetStamp{res.Int(0, 0), res.Int(0, 1)};
}

Status PgStore::DeleteDataset(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(PgResult row,
                      conn->Exec("SELECT seq FROM datasets WHERE id = $1 FOR UPDATE", Params().Text(id)));
  if (row.rows() == 0) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  int64_t seq = row.Int(0, 0);
  YG_ASSIGN_OR_RETURN(PgResult tables,
                      conn->Exec("SELECT table_name FROM versions WHERE dataset_seq = $1", Params().Int(seq)));
  for (int r = 0; r < tables.rows(); ++r) {
    YG_RETURN_IF_ERROR(conn->Script("DROP TABLE IF EXISTS " + QuoteIdent(tables.Text(r, 0)) + " CASCADE"));
    YG_RETURN_IF_ERROR(conn->Script("DROP TABLE IF EXISTS " + QuoteIdent(tables.Text(r, 0) + "_fts")));
  }
  YG_RETURN_IF_ERROR(conn->Exec("DELETE FROM datasets WHERE seq = $1", Params().Int(seq)).status());
  // A dataset re-created under this id starts its versions at 1 again, so
  // reports and source declarations about the old one must go with it.
  for (const char* sql :
       {"DELETE FROM version_reports WHERE dataset_id = $1", "DELETE FROM data_elements WHERE dataset_id = $1"}) {
    YG_RETURN_IF_ERROR(conn->Exec(sql, Params().Text(id)).status());
  }
  // The revision history stays: it records that the dataset existed.
  return tx.Commit();
}

Result<std::vector<model::MetadataRevision>> PgStore::ListRevisions(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_RETURN_IF_ERROR(DatasetSeq(*conn, id).status());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec("SELECT revision, changed_at, note, meta FROM dataset_revisions "
                                               "WHERE dataset_id = $1 ORDER BY revision DESC",
                                               Params().Text(id)));
  std::vector<model::MetadataRevision> out;
  for (int r = 0; r < res.rows(); ++r) out.push_back({res.Int(r, 0), res.Text(r, 1), res.Text(r, 2), res.Text(r, 3)});
  return out;
}

Status PgStore::AddUsage(const std::vector<DatasetUsage>& usage) {
  if (usage.empty()) return Status::Ok();
  std::vector<std::string> ids, reads, downloads;
  for (const auto& u : usage) {
    ids.push_back(u.dataset_id);
    reads.push_back(std::to_string(u.reads));
    downloads.push_back(std::to_string(u.downloads));
  }
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // One statement: the counters of several instances add up, never overwrite.
  return conn
      ->Exec("UPDATE datasets d SET reads = d.reads + u.r, downloads = d.downloads + u.w "
             "FROM (SELECT id, sum(r::bigint) AS r, sum(w::bigint) AS w "
             "      FROM unnest($1::text[], $2::text[], $3::text[]) AS x(id, r, w) GROUP BY id) u "
             "WHERE d.id = u.id",
             Params().TextArray(ids).TextArray(reads).TextArray(downloads))
      .status();
}

}  // namespace yungu::storage::pg

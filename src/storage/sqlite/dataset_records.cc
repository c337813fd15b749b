// Dataset metadata rows, their revision history and their search documents.
#include <nlohmann/json.hpp>

#include "storage/sqlite/sqlite_store.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage::sqlite {

const char* const kDatasetColumns =
    "seq, meta, created_at, updated_at, data_updated_at, current_version, row_count, "
    "metadata_revision, reads, downloads";

Result<model::DatasetMeta> ReadDatasetRow(Statement& stmt) {
  nlohmann::json j = nlohmann::json::parse(stmt.ColumnText(1), nullptr, false);
  if (j.is_discarded()) return Corruption("storage.bad_metadata", "stored metadata is not JSON");
  auto meta = model::DatasetFromJson(j);
  if (!meta.ok()) return Corruption("storage.bad_metadata", meta.status().message());
  model::DatasetMeta m = std::move(meta).value();
  m.created_at = stmt.ColumnText(2);
  m.updated_at = stmt.ColumnText(3);
  m.data_updated_at = stmt.ColumnText(4);
  m.current_version = stmt.ColumnInt(5);
  m.row_count = stmt.ColumnInt(6);
  m.metadata_revision = stmt.ColumnInt(7);
  m.reads = stmt.ColumnInt(8);
  m.downloads = stmt.ColumnInt(9);
  return m;
}

Result<int64_t> DatasetSeq(Connection& conn, std::string_view id) {
  YG_ASSIGN_OR_RETURN(Statement stmt, conn.PrepareCached("SELECT seq FROM datasets WHERE id = ?1"));
  stmt.BindText(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  return stmt.ColumnInt(0);
}

namespace {

// Only the caller-editable part is stored as JSON; the hub's own counters
// live in columns.
std::string EditableJson(const model::DatasetMeta& meta) {
  nlohmann::json j = model::ToJson(meta);
  for (const char* key : {"created_at", "updated_at", "data_updated_at", "current_version",
                          "row_count", "metadata_revision", "sharing_type_label",
                          "opening_type_label", "usage"}) {
    j.erase(key);
  }
  return j.dump();
}

Status BindDatasetColumns(Statement& stmt, const model::DatasetMeta& m) {
  stmt.BindText(1, m.id);
  stmt.BindText(2, m.department);
  stmt.BindText(3, m.name);
  stmt.BindText(4, m.format);
  stmt.BindText(5, model::SharingTypeName(m.sharing_type));
  stmt.BindText(6, model::OpeningTypeName(m.opening_type));
  stmt.BindText(7, model::UpdateCycleName(m.update_cycle));
  stmt.BindText(8, m.publish_date);
  stmt.BindText(9, EditableJson(m));
  return Status::Ok();
}

Status AddRevision(Connection& conn, const model::DatasetMeta& m, int64_t revision,
                   const std::string& now, std::string_view note) {
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn.Prepare("INSERT INTO dataset_revisions(dataset_id, revision, changed_at, "
                                   "note, meta) VALUES(?1, ?2, ?3, ?4, ?5)"));
  stmt.BindText(1, m.id);
  stmt.BindInt(2, revision);
  stmt.BindText(3, now);
  stmt.BindText(4, note);
  stmt.BindText(5, EditableJson(m));
  return stmt.Run();
}

}  // namespace

Status WriteThemesAndTags(Connection& conn, int64_t seq, const model::DatasetMeta& meta) {
  YG_ASSIGN_OR_RETURN(Statement del_themes,
                      conn.Prepare("DELETE FROM dataset_themes WHERE dataset_seq = ?1"));
  del_themes.BindInt(1, seq);
  YG_RETURN_IF_ERROR(del_themes.Run());
  YG_ASSIGN_OR_RETURN(Statement del_tags, conn.Prepare("DELETE FROM dataset_tags WHERE dataset_seq = ?1"));
  del_tags.BindInt(1, seq);
  YG_RETURN_IF_ERROR(del_tags.Run());
  YG_ASSIGN_OR_RETURN(Statement theme, conn.Prepare("INSERT OR IGNORE INTO dataset_themes VALUES(?1, ?2)"));
  for (const auto& t : meta.themes) {
    theme.Reset();
    theme.BindInt(1, seq);
    theme.BindText(2, t);
    YG_RETURN_IF_ERROR(theme.Run());
  }
  YG_ASSIGN_OR_RETURN(Statement tag, conn.Prepare("INSERT OR IGNORE INTO dataset_tags VALUES(?1, ?2)"));
  for (const auto& t : meta.tags) {
    tag.Reset();
    tag.BindInt(1, seq);
    tag.BindText(2, t);
    YG_RETURN_IF_ERROR(tag.Run());
  }
  return Status::Ok();
}

Status IndexDatasetForSearch(Connection& conn, int64_t seq, const model::DatasetMeta& m) {
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
  YG_ASSIGN_OR_RETURN(Statement dept, conn.Prepare("SELECT name, name_en FROM departments WHERE code = ?1"));
  dept.BindText(1, m.department);
  YG_ASSIGN_OR_RETURN(bool has_dept, dept.Step());
  if (has_dept) tags += dept.ColumnText(0) + " " + dept.ColumnText(1);

  YG_ASSIGN_OR_RETURN(Statement del, conn.Prepare("DELETE FROM catalog_fts WHERE rowid = ?1"));
  del.BindInt(1, seq);
  YG_RETURN_IF_ERROR(del.Run());
  YG_ASSIGN_OR_RETURN(Statement ins, conn.Prepare("INSERT INTO catalog_fts(rowid, name, tags, summary, "
                                                  "fields) VALUES(?1, ?2, ?3, ?4, ?5)"));
  ins.BindInt(1, seq);
  ins.BindText(2, name);
  ins.BindText(3, tags);
  ins.BindText(4, summary);
  ins.BindText(5, fields);
  return ins.Run();
}

Status SqliteStore::CreateDataset(const model::DatasetMeta& meta) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  std::string now = Now();
  // The revisions of a deleted dataset with this id stay; number after them.
  YG_ASSIGN_OR_RETURN(Statement last, conn->Prepare("SELECT coalesce(max(revision), 0) + 1 FROM "
                                                    "dataset_revisions WHERE dataset_id = ?1"));
  last.BindText(1, meta.id);
  YG_ASSIGN_OR_RETURN(bool has_last, last.Step());
  int64_t revision = has_last ? last.ColumnInt(0) : 1;
  last = Statement();
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn->Prepare("INSERT INTO datasets(id, department, name, format, sharing_type, opening_type, "
                    "update_cycle, publish_date, meta, created_at, updated_at, metadata_revision) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)"));
  YG_RETURN_IF_ERROR(BindDatasetColumns(stmt, meta));
  stmt.BindText(10, now);
  stmt.BindInt(11, revision);
  Status st = stmt.Run();
  if (st.code() == Code::kConflict) {
    // Either the id is taken or the department (a foreign key) does not exist.
    if (!DatasetSeq(*conn, meta.id).ok()) {
      return InvalidArgument("catalog.unknown_department", "department '" + meta.department + "' does not exist");
    }
    return AlreadyExists("catalog.dataset_exists", "a dataset with id '" + meta.id + "' already exists");
  }
  YG_RETURN_IF_ERROR(st);
  int64_t seq = sqlite3_last_insert_rowid(conn->raw());
  YG_RETURN_IF_ERROR(WriteThemesAndTags(*conn, seq, meta));
  YG_RETURN_IF_ERROR(IndexDatasetForSearch(*conn, seq, meta));
  YG_RETURN_IF_ERROR(AddRevision(*conn, meta, revision, now, "created"));
  return tx.Commit();
}

Status SqliteStore::UpdateDataset(const model::DatasetMeta& meta, std::string_view note) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(int64_t seq, DatasetSeq(*conn, meta.id));
  std::string now = Now();
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn->Prepare("UPDATE datasets SET department=?2, name=?3, format=?4, sharing_type=?5, "
                    "opening_type=?6, update_cycle=?7, publish_date=?8, meta=?9, updated_at=?10, "
                    "metadata_revision = metadata_revision + 1 WHERE id = ?1 "
                    "RETURNING metadata_revision"));
  YG_RETURN_IF_ERROR(BindDatasetColumns(stmt, meta));
  stmt.BindText(10, now);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("catalog.dataset_not_found", "no dataset '" + meta.id + "'");
  int64_t revision = stmt.ColumnInt(0);
  YG_RETURN_IF_ERROR(stmt.Run());
  YG_RETURN_IF_ERROR(WriteThemesAndTags(*conn, seq, meta));
  YG_RETURN_IF_ERROR(IndexDatasetForSearch(*conn, seq, meta));
  YG_RETURN_IF_ERROR(AddRevision(*conn, meta, revision, now, note));
  return tx.Commit();
}

Result<model::DatasetMeta> SqliteStore::GetDataset(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kDatasetColumns +
                                                          " FROM datasets WHERE id = ?1"));
  stmt.BindText(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  return ReadDatasetRow(stmt);
}

Result<Store::DatasetStamp> SqliteStore::GetDatasetStamp(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached("SELECT current_version, metadata_revision "
                                                          "FROM datasets WHERE id = ?1"));
  stmt.BindText(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
  return DatasetStamp{stmt.ColumnInt(0), stmt.ColumnInt(1)};
}

Status SqliteStore::DeleteDataset(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(int64_t seq, DatasetSeq(*conn, id));
  YG_ASSIGN_OR_RETURN(Statement tables,
                      conn->Prepare("SELECT table_name FROM versions WHERE dataset_seq = ?1"));
  tables.BindInt(1, seq);
  std::vector<std::string> names;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (!row) break;
    names.push_back(tables.ColumnText(0));
  }
  for (const auto& name : names) {
    YG_RETURN_IF_ERROR(conn->Exec("DROP TABLE IF EXISTS " + QuoteIdent(name)));
    YG_RETURN_IF_ERROR(conn->Exec("DROP TABLE IF EXISTS " + QuoteIdent(name + "_fts")));
  }
  YG_ASSIGN_OR_RETURN(Statement fts, conn->Prepare("DELETE FROM catalog_fts WHERE rowid = ?1"));
  fts.BindInt(1, seq);
  YG_RETURN_IF_ERROR(fts.Run());
  YG_ASSIGN_OR_RETURN(Statement del, conn->Prepare("DELETE FROM datasets WHERE seq = ?1"));
  del.BindInt(1, seq);
  YG_RETURN_IF_ERROR(del.Run());
  // A dataset re-created under this id starts its versions at 1 again, so
  // reports and source declarations about the old one must go with it.
  for (const char* sql : {"DELETE FROM version_reports WHERE dataset_id = ?1",
                          "DELETE FROM data_elements WHERE dataset_id = ?1"}) {
    YG_ASSIGN_OR_RETURN(Statement gone, conn->Prepare(sql));
    gone.BindText(1, id);
    YG_RETURN_IF_ERROR(gone.Run());
  }
  // The revision history stays: it records that the dataset existed.
  return tx.Commit();
}

Result<std::vector<model::MetadataRevision>> SqliteStore::ListRevisions(std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  if (auto seq = DatasetSeq(*conn, id); !seq.ok()) return seq.status();
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("SELECT revision, changed_at, note, meta FROM dataset_revisions "
                                    "WHERE dataset_id = ?1 ORDER BY revision DESC"));
  stmt.BindText(1, id);
  std::vector<model::MetadataRevision> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back({stmt.ColumnInt(0), stmt.ColumnText(1), stmt.ColumnText(2), stmt.ColumnText(3)});
  }
  return out;
}

}  // namespace yungu::storage::sqlite

// Writing, listing and pruning dataset versions.
//
// Each version is its own table "d<seq>_v<n>" with columns c0..cN (user field
// names never become SQL identifiers). A new version is written into a
// staging table in batches, so memory and the WAL stay bounded, and becomes
// visible only in the short transaction that renames it and records it.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <random>

#include "storage/sql/version_keys.h"

#include "storage/sqlite/sqlite_store.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage::sqlite {
namespace {

using sql::FieldsJson;
using sql::ParseFields;

std::string Col(size_t i) { return "c" + std::to_string(i); }


std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

const char* kVersionColumns =
    "v.version, v.created_at, v.row_count, v.mode, v.source, v.fields, v.table_name, v.fts_ready";

Result<model::VersionInfo> ReadVersion(Statement& stmt, std::string_view dataset_id) {
  model::VersionInfo v;
  v.dataset_id = std::string(dataset_id);
  v.version = stmt.ColumnInt(0);
  v.created_at = stmt.ColumnText(1);
  v.row_count = stmt.ColumnInt(2);
  v.mode = stmt.ColumnText(3);
  v.source = stmt.ColumnText(4);
  YG_ASSIGN_OR_RETURN(v.fields, ParseFields(stmt.ColumnText(5)));
  v.table = stmt.ColumnText(6);
  v.search_ready = stmt.ColumnInt(7) != 0;
  return v;
}

class SqliteVersionWriter final : public VersionWriter {
 public:
  SqliteVersionWriter(SqliteStore* store, ConnectionPool::Lease conn, VersionSpec spec, int64_t seq,
                      int64_t base_version)
      : store_(store), conn_(std::move(conn)), spec_(std::move(spec)), seq_(seq),
        base_version_(base_version),
        staging_("d" + std::to_string(seq) + "_s" + std::to_string(getpid()) + "_" + RandomSuffix()) {}

  ~SqliteVersionWriter() override {
    insert_ = Statement();
    if (in_tx_) {
      (void)conn_->Exec("ROLLBACK");
      if (conn_->write_gate()) conn_->write_gate()->Unlock();
    }
    if (!committed_ && created_) (void)conn_->Exec("DROP TABLE IF EXISTS " + QuoteIdent(staging_));
  }

  Status Start() {
    std::string cols;
    for (size_t i = 0; i < spec_.fields.size(); ++i) cols += ", " + Col(i);
    YG_RETURN_IF_ERROR(conn_->Exec("CREATE TABLE " + QuoteIdent(staging_) +
                                   " (_rid INTEGER PRIMARY KEY" + cols + ")"));
    created_ = true;
    key_columns_ = sql::KeyColumns(spec_);
    if (spec_.mode == WriteMode::kUpsert && key_columns_.empty()) {
      return InvalidArgument("ingest.no_key", "upsert needs key fields (a primary key)");
    }
    if (!key_columns_.empty()) {
      std::string list;
      for (size_t k : key_columns_) list += (list.empty() ? "" : ", ") + Col(k);
      YG_RETURN_IF_ERROR(conn_->Exec("CREATE UNIQUE INDEX " + QuoteIdent(staging_ + "_key") + " ON " +
                                     QuoteIdent(staging_) + "(" + list + ")"));
    }
    if (spec_.mode != WriteMode::kReplace && base_version_ > 0) YG_RETURN_IF_ERROR(CopyBase());
    YG_RETURN_IF_ERROR(PrepareInsert());
    return BeginBatch();
  }

  Status Append(const Row& row) override {
    if (row.size() != spec_.fields.size()) {
      return Internal("storage.row_width", "row has " + std::to_string(row.size()) + " values, schema has " +
                                               std::to_string(spec_.fields.size()));
    }
    insert_.Rewind();
    // The row outlives the step, so text is bound without a copy.
    for (size_t i = 0; i < row.size(); ++i) insert_.BindNoCopy(static_cast<int>(i + 1), row[i]);
    Status st = insert_.Run();
    if (!st.ok()) {
      insert_.Rewind();
      if (st.code() == Code::kConflict) {
        return Conflict("ingest.duplicate_key", "duplicate value of the primary key");
      }
      return st;
    }
    ++rows_;
    if (++batch_ >= store_->options().batch_rows) {
      YG_RETURN_IF_ERROR(EndBatch());
      YG_RETURN_IF_ERROR(BeginBatch());
    }
    return Status::Ok();
  }

  Status ChangeColumnType(size_t column, ColumnType type) override {
    if (column >= spec_.fields.size()) return Internal("storage.bad_column", "no such column");
    spec_.fields[column].type = type;
    if (type == ColumnType::kText) {
      // Earlier rows were stored as numbers; text columns hold text.
      std::string c = Col(column);
      YG_RETURN_IF_ERROR(conn_->Exec("UPDATE " + QuoteIdent(staging_) + " SET " + c + " = CAST(" + c +
                                     " AS TEXT) WHERE typeof(" + c + ") IN ('integer', 'real')"));
    }
    if (type == ColumnType::kDateTime) {
      // Earlier rows were dates (YYYY-MM-DD); as datetimes they are midnight.
      std::string c = Col(column);
      YG_RETURN_IF_ERROR(conn_->Exec("UPDATE " + QuoteIdent(staging_) + " SET " + c + " = " + c +
                                     " || 'T00:00:00' WHERE typeof(" + c + ") = 'text' AND length(" + c + ") = 10"));
    }
    return Status::Ok();
  }

  int64_t rows_written() const override { return rows_; }

  Result<model::VersionInfo> Commit() override {
    insert_ = Statement();
    YG_RETURN_IF_ERROR(EndBatch());
    // Secondary indexes are cheaper to build once than to maintain per row.
    for (size_t i = 0; i < spec_.fields.size(); ++i) {
      const auto& f = spec_.fields[i];
      bool is_key = std::find(key_columns_.begin(), key_columns_.end(), i) != key_columns_.end();
      if (f.indexed && !is_key) {
        YG_RETURN_IF_ERROR(conn_->Exec("CREATE INDEX " + QuoteIdent(staging_ + "_" + Col(i)) + " ON " +
                                       QuoteIdent(staging_) + "(" + Col(i) + ")"));
      }
    }
    YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn_));
    YG_ASSIGN_OR_RETURN(Statement state,
                        conn_->Prepare("SELECT d.current_version, d.meta, d.metadata_revision, "
                                       "(SELECT coalesce(max(version), 0) FROM versions WHERE dataset_seq = d.seq) "
                                       "FROM datasets d WHERE d.seq = ?1"));
    state.BindInt(1, seq_);
    YG_ASSIGN_OR_RETURN(bool exists, state.Step());
    if (!exists) return NotFound("catalog.dataset_not_found", "the dataset was deleted during the ingest");
    if (spec_.mode != WriteMode::kReplace && state.ColumnInt(0) != base_version_) {
      return Conflict("ingest.concurrent_change",
                      "another ingest changed the dataset meanwhile; retry the " +
                          std::string(WriteModeName(spec_.mode)));
    }
    int64_t version = std::max(state.ColumnInt(0), state.ColumnInt(3)) + 1;
    std::string meta_text = state.ColumnText(1);
    int64_t revision = state.ColumnInt(2);
    state = Statement();

    int64_t row_count = rows_;
    if (spec_.mode != WriteMode::kReplace) {
      YG_ASSIGN_OR_RETURN(Statement count, conn_->Prepare("SELECT count(*) FROM " + QuoteIdent(staging_)));
      YG_ASSIGN_OR_RETURN(bool has, count.Step());
      if (has) row_count = count.ColumnInt(0);
    }
    std::string table = "d" + std::to_string(seq_) + "_v" + std::to_string(version);
    YG_RETURN_IF_ERROR(conn_->Exec("DROP TABLE IF EXISTS " + QuoteIdent(table)));
    YG_RETURN_IF_ERROR(conn_->Exec("DROP TABLE IF EXISTS " + QuoteIdent(table + "_fts")));
    YG_RETURN_IF_ERROR(conn_->Exec("ALTER TABLE " + QuoteIdent(staging_) + " RENAME TO " + QuoteIdent(table)));

    std::string now = store_->Now();
    YG_ASSIGN_OR_RETURN(Statement ins,
                        conn_->Prepare("INSERT INTO versions(dataset_seq, version, created_at, row_count, mode, "
                                       "source, fields, table_name) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    ins.BindInt(1, seq_);
    ins.BindInt(2, version);
    ins.BindText(3, now);
    ins.BindInt(4, row_count);
    ins.BindText(5, WriteModeName(spec_.mode));
    ins.BindText(6, spec_.source);
    ins.BindText(7, FieldsJson(spec_.fields));
    ins.BindText(8, table);
    YG_RETURN_IF_ERROR(ins.Run());

    YG_ASSIGN_OR_RETURN(Statement upd,
                        conn_->Prepare("UPDATE datasets SET current_version = ?2, row_count = ?3, "
                                       "data_updated_at = ?4, meta = ?5, metadata_revision = ?6, "
                                       "updated_at = CASE WHEN ?7 THEN ?4 ELSE updated_at END WHERE seq = ?1"));
    bool fields_changed = false;
    if (spec_.update_metadata_fields) {
      nlohmann::json meta = nlohmann::json::parse(meta_text, nullptr, false);
      if (meta.is_discarded()) return Corruption("storage.bad_metadata", "stored metadata is not JSON");
      meta["fields"] = nlohmann::json::parse(FieldsJson(spec_.fields));
      meta_text = meta.dump();
      fields_changed = true;
      ++revision;
    }
    upd.BindInt(1, seq_);
    upd.BindInt(2, version);
    upd.BindInt(3, row_count);
    upd.BindText(4, now);
    upd.BindText(5, meta_text);
    upd.BindInt(6, revision);
    upd.BindInt(7, fields_changed ? 1 : 0);
    YG_RETURN_IF_ERROR(upd.Run());
    if (fields_changed) {
      YG_ASSIGN_OR_RETURN(Statement rev,
                          conn_->Prepare("INSERT INTO dataset_revisions(dataset_id, revision, changed_at, note, "
                                         "meta) VALUES(?1, ?2, ?3, ?4, ?5)"));
      rev.BindText(1, spec_.dataset_id);
      rev.BindInt(2, revision);
      rev.BindText(3, now);
      rev.BindText(4, "fields set from ingested version " + std::to_string(version));
      rev.BindText(5, meta_text);
      YG_RETURN_IF_ERROR(rev.Run());
    }
    YG_RETURN_IF_ERROR(tx.Commit());
    committed_ = true;

    model::VersionInfo info;
    info.dataset_id = spec_.dataset_id;
    info.version = version;
    info.created_at = now;
    info.row_count = row_count;
    info.mode = std::string(WriteModeName(spec_.mode));
    info.source = spec_.source;
    info.fields = spec_.fields;
    info.table = table;
    return info;
  }

 private:

  // Copies the base version's rows into the staging table, matching columns
  // by field name (new fields start empty, dropped fields are left behind).
  Status CopyBase() {
    YG_ASSIGN_OR_RETURN(Statement stmt,
                        conn_->Prepare("SELECT fields, table_name FROM versions WHERE dataset_seq = ?1 "
                                       "AND version = ?2"));
    stmt.BindInt(1, seq_);
    stmt.BindInt(2, base_version_);
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    YG_ASSIGN_OR_RETURN(auto base_fields, ParseFields(stmt.ColumnText(0)));
    std::string base_table = stmt.ColumnText(1);
    std::string targets, sources;
    for (size_t i = 0; i < spec_.fields.size(); ++i) {
      for (size_t j = 0; j < base_fields.size(); ++j) {
        if (base_fields[j].name != spec_.fields[i].name) continue;
        targets += (targets.empty() ? "" : ", ") + Col(i);
        sources += (sources.empty() ? "" : ", ") + Col(j);
      }
    }
    if (targets.empty()) return Status::Ok();
    return conn_->Exec("INSERT INTO " + QuoteIdent(staging_) + "(" + targets + ") SELECT " + sources +
                       " FROM " + QuoteIdent(base_table) + " ORDER BY _rid");
  }

  Status PrepareInsert() {
    std::string cols, params, updates;
    for (size_t i = 0; i < spec_.fields.size(); ++i) {
      cols += (i ? ", " : "") + Col(i);
      params += (i ? ", ?" : "?") + std::to_string(i + 1);
      updates += (i ? ", " : "") + Col(i) + " = excluded." + Col(i);
    }
    std::string sql = "INSERT INTO " + QuoteIdent(staging_) + "(" + cols + ") VALUES(" + params + ")";
    if (spec_.mode == WriteMode::kUpsert) {
      std::string keys;
      for (size_t k : key_columns_) keys += (keys.empty() ? "" : ", ") + Col(k);
      sql += " ON CONFLICT(" + keys + ") DO UPDATE SET " + updates;
    }
    YG_ASSIGN_OR_RETURN(insert_, conn_->Prepare(sql));
    return Status::Ok();
  }

  Status BeginBatch() {
    if (conn_->write_gate()) conn_->write_gate()->Lock();
    Status st = conn_->Exec("BEGIN IMMEDIATE");
    if (!st.ok()) {
      if (conn_->write_gate()) conn_->write_gate()->Unlock();
      return st;
    }
    in_tx_ = true;
    batch_ = 0;
    return Status::Ok();
  }

  Status EndBatch() {
    if (!in_tx_) return Status::Ok();
    in_tx_ = false;
    Status st = conn_->Exec("COMMIT");
    if (!st.ok()) {
      (void)conn_->Exec("ROLLBACK");
    }
    if (conn_->write_gate()) conn_->write_gate()->Unlock();
    return st;
  }

  SqliteStore* store_;
  ConnectionPool::Lease conn_;
  VersionSpec spec_;
  int64_t seq_;
  int64_t base_version_;
  std::string staging_;
  std::vector<size_t> key_columns_;
  Statement insert_;
  bool created_ = false;
  bool in_tx_ = false;
  bool committed_ = false;
  int64_t rows_ = 0;
  int64_t batch_ = 0;
};

}  // namespace

Result<std::unique_ptr<VersionWriter>> SqliteStore::BeginVersion(const VersionSpec& spec) {
  if (spec.fields.empty()) return InvalidArgument("ingest.no_fields", "a version needs at least one field");
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare("SELECT seq, current_version FROM datasets WHERE id = ?1"));
  stmt.BindText(1, spec.dataset_id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("catalog.dataset_not_found", "no dataset '" + spec.dataset_id + "'");
  int64_t seq = stmt.ColumnInt(0);
  int64_t base = stmt.ColumnInt(1);
  stmt = Statement();
  auto writer = std::make_unique<SqliteVersionWriter>(this, std::move(conn), spec, seq, base);
  YG_RETURN_IF_ERROR(writer->Start());
  return std::unique_ptr<VersionWriter>(std::move(writer));
}

Result<std::vector<model::VersionInfo>> SqliteStore::ListVersions(std::string_view dataset_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(int64_t seq, DatasetSeq(*conn, dataset_id));
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->Prepare(std::string("SELECT ") + kVersionColumns +
                                                    " FROM versions v WHERE v.dataset_seq = ?1 "
                                                    "ORDER BY v.version DESC"));
  stmt.BindInt(1, seq);
  std::vector<model::VersionInfo> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    YG_ASSIGN_OR_RETURN(auto v, ReadVersion(stmt, dataset_id));
    out.push_back(std::move(v));
  }
  return out;
}

Result<model::VersionInfo> SqliteStore::GetVersion(std::string_view dataset_id, int64_t version) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("SELECT ") + kVersionColumns +
                                          " FROM versions v JOIN datasets d ON d.seq = v.dataset_seq "
                                          "WHERE d.id = ?1 AND v.version = ?2"));
  stmt.BindText(1, dataset_id);
  stmt.BindInt(2, version);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return NotFound("catalog.version_not_found", "dataset '" + std::string(dataset_id) + "' has no version " +
                                                     std::to_string(version));
  }
  return ReadVersion(stmt, dataset_id);
}

Result<int64_t> SqliteStore::PruneVersions(std::string_view dataset_id, int64_t keep) {
  if (keep < 1) return InvalidArgument("catalog.bad_keep", "keep at least one version");
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(int64_t seq, DatasetSeq(*conn, dataset_id));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("SELECT version, table_name FROM versions WHERE dataset_seq = ?1 "
                                    "AND version <> (SELECT current_version FROM datasets WHERE seq = ?1) "
                                    "ORDER BY version DESC LIMIT -1 OFFSET ?2"));
  stmt.BindInt(1, seq);
  stmt.BindInt(2, keep - 1);
  std::vector<std::pair<int64_t, std::string>> doomed;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    doomed.emplace_back(stmt.ColumnInt(0), stmt.ColumnText(1));
  }
  stmt = Statement();
  for (const auto& [version, table] : doomed) {
    YG_RETURN_IF_ERROR(conn->Exec("DROP TABLE IF EXISTS " + QuoteIdent(table)));
    YG_RETURN_IF_ERROR(conn->Exec("DROP TABLE IF EXISTS " + QuoteIdent(table + "_fts")));
    YG_ASSIGN_OR_RETURN(Statement del, conn->Prepare("DELETE FROM versions WHERE dataset_seq = ?1 AND version = ?2"));
    del.BindInt(1, seq);
    del.BindInt(2, version);
    YG_RETURN_IF_ERROR(del.Run());
  }
  YG_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(doomed.size());
}

Status SqliteStore::BuildSearchIndex(const model::VersionInfo& version) {
  std::string body;
  for (size_t i = 0; i < version.fields.size(); ++i) {
    if (version.fields[i].type != ColumnType::kText) continue;
    body += (body.empty() ? "" : " || ' ' || ") + std::string("coalesce(") + Col(i) + ", '')";
  }
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  std::string fts = QuoteIdent(version.table + "_fts");
  {
    YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
    YG_RETURN_IF_ERROR(conn->Exec("DROP TABLE IF EXISTS " + fts));
    if (!body.empty()) {
      YG_RETURN_IF_ERROR(conn->Exec("CREATE VIRTUAL TABLE " + fts +
                                    " USING fts5(body, content='', columnsize=0, detail=none, tokenize='yungu')"));
    }
    YG_RETURN_IF_ERROR(tx.Commit());
  }
  // In slices, so other writers get their turn; the index is only used once
  // fts_ready is set below.
  constexpr int64_t kSliceRows = 100000;
  for (int64_t from = 0; !body.empty();) {
    YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
    YG_ASSIGN_OR_RETURN(Statement bound,
                        conn->Prepare("SELECT max(_rid), count(*) FROM (SELECT _rid FROM " + QuoteIdent(version.table) +
                                      " WHERE _rid > ?1 ORDER BY _rid LIMIT " + std::to_string(kSliceRows) + ")"));
    bound.BindInt(1, from);
    YG_ASSIGN_OR_RETURN(bool has, bound.Step());
    int64_t upto = has ? bound.ColumnInt(0) : 0;
    int64_t rows = has ? bound.ColumnInt(1) : 0;
    bound = Statement();
    if (rows > 0) {
      YG_ASSIGN_OR_RETURN(Statement slice,
                          conn->Prepare("INSERT INTO " + fts + "(rowid, body) SELECT _rid, " + body + " FROM " +
                                        QuoteIdent(version.table) + " WHERE _rid > ?1 AND _rid <= ?2"));
      slice.BindInt(1, from);
      slice.BindInt(2, upto);
      YG_RETURN_IF_ERROR(slice.Run());
    }
    YG_RETURN_IF_ERROR(tx.Commit());
    if (rows < kSliceRows) break;
    from = upto;
  }
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement mark, conn->Prepare("UPDATE versions SET fts_ready = 1 WHERE table_name = ?1"));
  mark.BindText(1, version.table);
  YG_RETURN_IF_ERROR(mark.Run());
  return tx.Commit();
}

}  // namespace yungu::storage::sqlite

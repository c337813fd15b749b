#include "storage/sqlite/migrations.h"

#include <string>
#include <vector>

namespace yungu::storage::sqlite {
namespace {

// Migration N takes the schema from version N-1 to N. Never edit a released
// migration; add a new one.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: catalog, versions, search.
      R"sql(
CREATE TABLE departments (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  parent_code TEXT NOT NULL DEFAULT '',
  division_code TEXT NOT NULL DEFAULT ''
);
CREATE TABLE datasets (
  -- AUTOINCREMENT: a re-created dataset never reuses an old seq, so its
  -- version tables never reuse an old name.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  department TEXT NOT NULL REFERENCES departments(code),
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  sharing_type TEXT NOT NULL,
  opening_type TEXT NOT NULL,
  update_cycle TEXT NOT NULL,
  publish_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data_updated_at TEXT NOT NULL DEFAULT '',
  current_version INTEGER NOT NULL DEFAULT 0,
  row_count INTEGER NOT NULL DEFAULT 0,
  metadata_revision INTEGER NOT NULL DEFAULT 1,
  meta TEXT NOT NULL
);
CREATE INDEX datasets_department ON datasets(department);
CREATE TABLE dataset_themes (
  dataset_seq INTEGER NOT NULL REFERENCES datasets(seq) ON DELETE CASCADE,
  theme TEXT NOT NULL,
  PRIMARY KEY (dataset_seq, theme)
) WITHOUT ROWID;
CREATE TABLE dataset_tags (
  dataset_seq INTEGER NOT NULL REFERENCES datasets(seq) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (dataset_seq, tag)
) WITHOUT ROWID;
CREATE TABLE dataset_revisions (
  dataset_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  note TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY (dataset_id, revision)
) WITHOUT ROWID;
CREATE TABLE versions (
  dataset_seq INTEGER NOT NULL REFERENCES datasets(seq) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  mode TEXT NOT NULL,
  source TEXT NOT NULL,
  fields TEXT NOT NULL,
  table_name TEXT NOT NULL,
  fts_ready INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dataset_seq, version)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE catalog_fts USING fts5(name, tags, summary, fields, tokenize='yungu');
)sql",
      // 2: identity: users, sessions, API tokens, app keys, login failures.
      R"sql(
SELECT 1;
)sql",
      // 3: workflow: applications, grants, grant usage, notifications.
      R"sql(
SELECT 1;
)sql",
  };
  return kMigrations;
}

}  // namespace

Status Migrate(Connection& conn) {
  YG_ASSIGN_OR_RETURN(Statement get, conn.Prepare("PRAGMA user_version"));
  YG_ASSIGN_OR_RETURN(bool has_row, get.Step());
  int current = has_row ? static_cast<int>(get.ColumnInt(0)) : 0;
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size())) {
    return FailedPrecondition("storage.schema_too_new",
                              "the data directory was written by a newer Yungu (schema " +
                                  std::to_string(current) + ")");
  }
  for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
    YG_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
    Status st = conn.Exec(migrations[v - 1]);
    if (st.ok()) st = conn.Exec("PRAGMA user_version=" + std::to_string(v));
    if (!st.ok()) {
      (void)conn.Exec("ROLLBACK");
      return st.WithContext("migration " + std::to_string(v));
    }
    YG_RETURN_IF_ERROR(conn.Exec("COMMIT"));
  }
  return Status::Ok();
}

}  // namespace yungu::storage::sqlite

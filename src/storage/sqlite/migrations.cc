#include "storage/sqlite/migrations.h"

#include <algorithm>
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
      // Sessions, tokens and app keys keep only a hash of their secret.
      R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  roles INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT ''
);
CREATE INDEX users_department ON users(department);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  client_address TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT '',
  last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE TABLE app_keys (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  rate_per_second REAL NOT NULL,
  burst REAL NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT '',
  last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX app_keys_owner ON app_keys(owner_id);
)sql",
      // 3: workflow: applications, grants, grant usage, notifications.
      // Times are ISO 8601 UTC text; due dates and usage days are China dates.
      R"sql(
CREATE TABLE applications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id TEXT NOT NULL,
  provider_department TEXT NOT NULL,
  applicant_id TEXT NOT NULL,
  applicant_name TEXT NOT NULL DEFAULT '',
  applicant_department TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  row_filter TEXT NOT NULL DEFAULT 'null',
  duration_days INTEGER NOT NULL,
  status TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  due_date TEXT NOT NULL,
  decided_at TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  grant_id INTEGER NOT NULL DEFAULT 0,
  overdue_flagged_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_applicant ON applications(applicant_id);
CREATE INDEX applications_provider ON applications(provider_department);
CREATE INDEX applications_due ON applications(status, due_date);
CREATE TABLE grants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id INTEGER NOT NULL REFERENCES applications(id),
  dataset_id TEXT NOT NULL,
  provider_department TEXT NOT NULL,
  grantee_id TEXT NOT NULL,
  grantee_department TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  row_filter TEXT NOT NULL DEFAULT 'null',
  daily_row_quota INTEGER NOT NULL DEFAULT 0,
  purpose TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT '',
  revoked_by TEXT NOT NULL DEFAULT '',
  revoke_reason TEXT NOT NULL DEFAULT '',
  expiry_notified_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grants_grantee ON grants(grantee_id);
CREATE INDEX grants_provider ON grants(provider_department);
CREATE INDEX grants_expiry ON grants(expires_at);
CREATE TABLE grant_usage (
  grant_id INTEGER NOT NULL REFERENCES grants(id),
  day TEXT NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (grant_id, day)
) WITHOUT ROWID;
-- Addressed to user_id, or (user_id = '') to the holders of any role in the
-- bit set audience_roles within audience_department ('' = any department).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  user_id TEXT NOT NULL DEFAULT '',
  audience_department TEXT NOT NULL DEFAULT '',
  audience_roles INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL,
  application_id INTEGER NOT NULL DEFAULT 0,
  grant_id INTEGER NOT NULL DEFAULT 0,
  dataset_id TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notifications_user ON notifications(user_id);
CREATE TABLE notification_reads (
  user_id TEXT NOT NULL,
  notification_id INTEGER NOT NULL REFERENCES notifications(id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (user_id, notification_id)
) WITHOUT ROWID;
)sql",
      // 4: data governance — per-version reports, 一数一源 registry,
      // cross-source verification runs; masks chosen when granting.
      R"sql(
CREATE TABLE version_reports (
  dataset_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  score REAL NOT NULL DEFAULT 0,
  report TEXT NOT NULL,
  PRIMARY KEY (dataset_id, kind, version)
) WITHOUT ROWID;
CREATE TABLE data_elements (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  entity_kind TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  field TEXT NOT NULL,
  key_field TEXT NOT NULL,
  declared_by TEXT NOT NULL DEFAULT '',
  declared_at TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX data_elements_dataset ON data_elements(dataset_id);
CREATE TABLE verification_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  element TEXT NOT NULL,
  run_at TEXT NOT NULL,
  trigger TEXT NOT NULL,
  agreements INTEGER NOT NULL,
  disagreements INTEGER NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX verification_runs_element ON verification_runs(element, id);
ALTER TABLE grants ADD COLUMN masks TEXT NOT NULL DEFAULT '{}';
)sql",
      // 5: usage counters (query answers served, exports downloaded).
      R"sql(
ALTER TABLE datasets ADD COLUMN reads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE datasets ADD COLUMN downloads INTEGER NOT NULL DEFAULT 0;
)sql",
  };
  return kMigrations;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Status Migrate(Connection& conn, int upto) {
  YG_ASSIGN_OR_RETURN(Statement get, conn.Prepare("PRAGMA user_version"));
  YG_ASSIGN_OR_RETURN(bool has_row, get.Step());
  int current = has_row ? static_cast<int>(get.ColumnInt(0)) : 0;
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size())) {
    return FailedPrecondition("storage.schema_too_new",
                              "the data directory was written by a newer Yungu (schema " +
                                  std::to_string(current) + ")");
  }
  int target = upto < 0 ? static_cast<int>(migrations.size()) : std::min(upto, static_cast<int>(migrations.size()));
  for (int v = current + 1; v <= target; ++v) {
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

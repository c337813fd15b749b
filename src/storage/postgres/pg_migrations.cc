#include "storage/postgres/pg_migrations.h"

#include "storage/postgres/pg_pool.h"

namespace yungu::storage::pg {

// Never edit a released migration; add a new one. Text that is sorted or
// compared is COLLATE "C" so that order is byte order, as in the embedded
// store, whatever the database's locale.
const std::vector<const char*>& HubMigrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: catalog, versions, catalog search.
      R"sql(
CREATE TABLE departments (
  code TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  parent_code TEXT NOT NULL DEFAULT '',
  division_code TEXT NOT NULL DEFAULT ''
);
CREATE TABLE datasets (
  -- never reused: a re-created dataset's version tables get new names
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  department TEXT COLLATE "C" NOT NULL REFERENCES departments(code),
  name TEXT COLLATE "C" NOT NULL,
  format TEXT COLLATE "C" NOT NULL,
  sharing_type TEXT COLLATE "C" NOT NULL,
  opening_type TEXT COLLATE "C" NOT NULL,
  update_cycle TEXT COLLATE "C" NOT NULL,
  publish_date TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  data_updated_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  current_version BIGINT NOT NULL DEFAULT 0,
  row_count BIGINT NOT NULL DEFAULT 0,
  metadata_revision BIGINT NOT NULL DEFAULT 1,
  meta TEXT NOT NULL,
  -- the search document: name (A), tags/themes/department (B), summary (C),
  -- fields (D), tokenised by the hub (CJK bigrams) into lexemes
  search tsvector NOT NULL DEFAULT ''::tsvector
);
CREATE INDEX datasets_department ON datasets(department);
CREATE INDEX datasets_search ON datasets USING gin(search);
CREATE TABLE dataset_themes (
  dataset_seq BIGINT NOT NULL REFERENCES datasets(seq) ON DELETE CASCADE,
  theme TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (dataset_seq, theme)
);
CREATE TABLE dataset_tags (
  dataset_seq BIGINT NOT NULL REFERENCES datasets(seq) ON DELETE CASCADE,
  tag TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (dataset_seq, tag)
);
CREATE TABLE dataset_revisions (
  dataset_id TEXT COLLATE "C" NOT NULL,
  revision BIGINT NOT NULL,
  changed_at TEXT NOT NULL,
  note TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY (dataset_id, revision)
);
CREATE TABLE versions (
  dataset_seq BIGINT NOT NULL REFERENCES datasets(seq) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  row_count BIGINT NOT NULL,
  mode TEXT NOT NULL,
  source TEXT NOT NULL,
  fields TEXT NOT NULL,
  table_name TEXT NOT NULL,
  fts_ready BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (dataset_seq, version)
);
)sql",
      // 2: identity: users, sessions, API tokens, app keys, login failures.
      // Sessions, tokens and app keys keep only a hash of their secret.
      R"sql(
CREATE TABLE users (
  id TEXT COLLATE "C" PRIMARY KEY,
  username TEXT COLLATE "C" NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  department TEXT COLLATE "C" NOT NULL DEFAULT '',
  roles BIGINT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX users_username ON users(lower(username));
CREATE INDEX users_department ON users(department);
CREATE TABLE sessions (
  id TEXT COLLATE "C" PRIMARY KEY,
  secret_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  client_address TEXT NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL,
  last_seen_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  id TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  last_used_at TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE TABLE app_keys (
  id TEXT COLLATE "C" PRIMARY KEY,
  owner_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  rate_per_second DOUBLE PRECISION NOT NULL,
  burst DOUBLE PRECISION NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  last_used_at TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX app_keys_owner ON app_keys(owner_id);
)sql",
      // 3: workflow: applications, grants, grant usage, notifications.
      // Times are ISO 8601 UTC text; due dates and usage days are China dates.
      R"sql(
CREATE TABLE applications (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  dataset_id TEXT COLLATE "C" NOT NULL,
  provider_department TEXT COLLATE "C" NOT NULL,
  applicant_id TEXT COLLATE "C" NOT NULL,
  applicant_name TEXT NOT NULL DEFAULT '',
  applicant_department TEXT COLLATE "C" NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  row_filter TEXT NOT NULL DEFAULT 'null',
  duration_days BIGINT NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  submitted_at TEXT COLLATE "C" NOT NULL,
  due_date TEXT COLLATE "C" NOT NULL,
  decided_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  grant_id BIGINT NOT NULL DEFAULT 0,
  overdue_flagged_at TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX applications_applicant ON applications(applicant_id);
CREATE INDEX applications_provider ON applications(provider_department);
CREATE INDEX applications_due ON applications(status, due_date);
CREATE TABLE grants (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES applications(id),
  dataset_id TEXT COLLATE "C" NOT NULL,
  provider_department TEXT COLLATE "C" NOT NULL,
  grantee_id TEXT COLLATE "C" NOT NULL,
  grantee_department TEXT COLLATE "C" NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  row_filter TEXT NOT NULL DEFAULT 'null',
  daily_row_quota BIGINT NOT NULL DEFAULT 0,
  purpose TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  granted_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  revoked_by TEXT NOT NULL DEFAULT '',
  revoke_reason TEXT NOT NULL DEFAULT '',
  expiry_notified_at TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX grants_grantee ON grants(grantee_id);
CREATE INDEX grants_provider ON grants(provider_department);
CREATE INDEX grants_expiry ON grants(expires_at);
CREATE TABLE grant_usage (
  grant_id BIGINT NOT NULL REFERENCES grants(id),
  day TEXT COLLATE "C" NOT NULL,
  rows BIGINT NOT NULL,
  PRIMARY KEY (grant_id, day)
);
-- Addressed to user_id, or (user_id = '') to the holders of any role in the
-- bit set audience_roles within audience_department ('' = any department).
CREATE TABLE notifications (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  created_at TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  audience_department TEXT COLLATE "C" NOT NULL DEFAULT '',
  audience_roles BIGINT NOT NULL DEFAULT 0,
  kind TEXT NOT NULL,
  application_id BIGINT NOT NULL DEFAULT 0,
  grant_id BIGINT NOT NULL DEFAULT 0,
  dataset_id TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notifications_user ON notifications(user_id);
CREATE TABLE notification_reads (
  user_id TEXT COLLATE "C" NOT NULL,
  notification_id BIGINT NOT NULL REFERENCES notifications(id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (user_id, notification_id)
);
)sql",
      // 4: data governance: per-version reports, the 一数一源 registry,
      // cross-source verification runs; masks chosen when granting.
      R"sql(
CREATE TABLE version_reports (
  dataset_id TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  computed_at TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL DEFAULT 0,
  report TEXT NOT NULL,
  PRIMARY KEY (dataset_id, kind, version)
);
CREATE TABLE data_elements (
  code TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  entity_kind TEXT NOT NULL,
  dataset_id TEXT COLLATE "C" NOT NULL,
  field TEXT NOT NULL,
  key_field TEXT NOT NULL,
  declared_by TEXT NOT NULL DEFAULT '',
  declared_at TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX data_elements_dataset ON data_elements(dataset_id);
CREATE TABLE verification_runs (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  element TEXT COLLATE "C" NOT NULL,
  run_at TEXT NOT NULL,
  trigger TEXT NOT NULL,
  agreements BIGINT NOT NULL,
  disagreements BIGINT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX verification_runs_element ON verification_runs(element, id);
ALTER TABLE grants ADD COLUMN masks TEXT NOT NULL DEFAULT '{}';
)sql",
      // 5: usage counters (query answers served, exports downloaded).
      R"sql(
ALTER TABLE datasets ADD COLUMN reads BIGINT NOT NULL DEFAULT 0;
ALTER TABLE datasets ADD COLUMN downloads BIGINT NOT NULL DEFAULT 0;
)sql",
      // 6: rate-limit token buckets shared by the hub's processes. Times are
      // the database's clock in seconds since the epoch. UNLOGGED: every
      // request writes here, and a bucket lost in a crash just starts full.
      R"sql(
CREATE UNLOGGED TABLE rate_buckets (
  key TEXT COLLATE "C" PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  per_second DOUBLE PRECISION NOT NULL,
  burst DOUBLE PRECISION NOT NULL,
  updated_at DOUBLE PRECISION NOT NULL,
  taken BOOLEAN NOT NULL DEFAULT true  -- whether the last step found a token
);
)sql",
  };
  return kMigrations;
}

namespace {

// Serialises schema changes of every process on this database.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7340031)";

Status EnsureVersionTable(PgConnection& conn) {
  return conn.Script(
      "CREATE TABLE IF NOT EXISTS yungu_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
}

}  // namespace

Result<int> SchemaVersion(PgConnection& conn, const std::string& component) {
  YG_ASSIGN_OR_RETURN(PgResult exists, conn.Exec("SELECT to_regclass('yungu_schema') IS NOT NULL"));
  if (!exists.Bool(0, 0)) return 0;
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn.Exec("SELECT version FROM yungu_schema WHERE component = $1", Params().Text(component)));
  return res.rows() ? static_cast<int>(res.Int(0, 0)) : 0;
}

Status Migrate(PgConnection& conn, const std::string& component, const std::vector<const char*>& migrations,
               int upto) {
  int target = upto >= 0 ? std::min(upto, static_cast<int>(migrations.size())) : static_cast<int>(migrations.size());
  for (;;) {
    YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(conn));
    YG_RETURN_IF_ERROR(conn.Script(kMigrationLock));
    YG_RETURN_IF_ERROR(EnsureVersionTable(conn));
    YG_ASSIGN_OR_RETURN(int current, SchemaVersion(conn, component));
    if (current > static_cast<int>(migrations.size())) {
      return FailedPrecondition("storage.schema_too_new", "the database was written by a newer Yungu (" + component +
                                                              " schema " + std::to_string(current) + ")");
    }
    if (current >= target) return tx.Commit();
    int next = current + 1;
    Status st = conn.Script(migrations[next - 1]);
    if (st.ok()) {
      auto rec = conn.Exec("INSERT INTO yungu_schema(component, version) VALUES($1, $2) "
                           "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                           Params().Text(component).Int(next));
      st = rec.status();
    }
    if (!st.ok()) return st.WithContext(component + " migration " + std::to_string(next));
    YG_RETURN_IF_ERROR(tx.Commit());
  }
}

}  // namespace yungu::storage::pg

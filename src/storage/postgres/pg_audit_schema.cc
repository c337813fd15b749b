// The audit log's PostgreSQL schema and the small conversions its store and
// snapshot share.
#include "storage/postgres/pg_audit_store.h"

namespace yungu::storage::pg {

// Never edit a released migration; add a new one. Text that is compared
// (times as ISO 8601 text) is COLLATE "C": byte order, as in the embedded
// store. Secondary indexes end with idx because searches return the newest
// matches first (SQLite's carry the rowid implicitly).
const std::vector<const char*>& AuditMigrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: entries, search columns, Merkle nodes, tree heads, alerts.
      R"sql(
CREATE TABLE audit_meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE audit_entries (
  idx BIGINT PRIMARY KEY,         -- position in the log, from 0
  entry BYTEA NOT NULL,           -- canonical bytes; the leaf is SHA-256(0x00 || entry)
  leaf_hash BYTEA NOT NULL,
  time TEXT COLLATE "C" NOT NULL, -- never decreases with idx: time ranges are found by bisection
  user_id TEXT COLLATE "C" NOT NULL,
  department TEXT COLLATE "C" NOT NULL,
  dataset_id TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  outcome TEXT COLLATE "C" NOT NULL
);
CREATE INDEX audit_entries_user ON audit_entries(user_id, idx) WHERE user_id <> '';
CREATE INDEX audit_entries_department ON audit_entries(department, idx) WHERE department <> '';
CREATE INDEX audit_entries_dataset ON audit_entries(dataset_id, idx) WHERE dataset_id <> '';
CREATE INDEX audit_entries_action ON audit_entries(action, idx);
CREATE INDEX audit_entries_category ON audit_entries(category, idx);
CREATE INDEX audit_entries_outcome ON audit_entries(outcome, idx) WHERE outcome <> 'ok';
CREATE TABLE audit_entry_fields (
  field TEXT COLLATE "C" NOT NULL,
  idx BIGINT NOT NULL,
  PRIMARY KEY (field, idx)
);
-- Hashes of complete subtrees at the stored levels (see audit_meta.node_stride).
CREATE TABLE audit_nodes (
  level INTEGER NOT NULL,
  idx BIGINT NOT NULL,
  hash BYTEA NOT NULL,
  PRIMARY KEY (level, idx)
);
-- Ids are max(id) + 1 under the audit write lock: no gaps.
CREATE TABLE audit_tree_heads (
  id BIGINT PRIMARY KEY,
  size BIGINT NOT NULL,
  timestamp_us BIGINT NOT NULL,
  root BYTEA NOT NULL,
  signature BYTEA NOT NULL
);
CREATE TABLE audit_alerts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL,
  username TEXT NOT NULL,
  department TEXT COLLATE "C" NOT NULL,
  day TEXT COLLATE "C" NOT NULL,
  count BIGINT NOT NULL,
  threshold BIGINT NOT NULL,
  time TEXT COLLATE "C" NOT NULL,
  entry_index BIGINT NOT NULL,
  trigger_index BIGINT NOT NULL,
  UNIQUE (kind, user_id, day)
);
-- Append-only: nothing in Yungu updates, deletes or truncates these rows.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_nodes_append_only BEFORE UPDATE OR DELETE ON audit_nodes
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_nodes_no_truncate BEFORE TRUNCATE ON audit_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_heads_append_only BEFORE UPDATE OR DELETE ON audit_tree_heads
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_heads_no_truncate BEFORE TRUNCATE ON audit_tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
)sql",
  };
  return kMigrations;
}

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// bytea_output = 'escape': printable bytes as themselves, "\\" for a
// backslash, "\ooo" (octal) for the rest.
bool ReadEscapedBytea(std::string_view text, std::string& out) {
  out.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (i + 3 < text.size() && IsOctal(text[i + 1]) && IsOctal(text[i + 2]) && IsOctal(text[i + 3])) {
      out += static_cast<char>(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0'));
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string ByteaParam(std::string_view bytes) {
  std::string out;
  out.reserve(2 + bytes.size() * 2);
  out += "\\x";
  for (unsigned char b : bytes) {
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 0xf];
  }
  return out;
}

bool ReadBytea(std::string_view text, std::string& out) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return ReadEscapedBytea(text, out);
  if (text.size() % 2 != 0) return false;
  out.resize((text.size() - 2) / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(text[2 + 2 * i]), lo = HexValue(text[3 + 2 * i]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return true;
}

const char* const kTreeHeadColumns = "id, size, timestamp_us, root, signature";

Result<std::vector<TreeHeadRecord>> ReadTreeHeads(const PgResult& res) {
  std::vector<TreeHeadRecord> out(static_cast<size_t>(res.rows()));
  for (int row = 0; row < res.rows(); ++row) {
    TreeHeadRecord& h = out[static_cast<size_t>(row)];
    h.id = res.Int(row, 0);
    h.size = res.Int(row, 1);
    h.timestamp_us = res.Int(row, 2);
    if (!ReadBytea(res.View(row, 3), h.root) || !ReadBytea(res.View(row, 4), h.signature)) {
      return Internal("storage.bad_bytea", "tree head " + std::to_string(h.id) + " has unreadable bytes");
    }
  }
  return out;
}

}  // namespace yungu::storage::pg

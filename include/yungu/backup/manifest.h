// The manifest of a backup (BACKUP_DIR/manifest.json): what was copied, with
// each file's size and SHA-256, and the figures of the hub at the backup's
// moment, to compare after a restore.
//
// A backup directory holds:
//   manifest.json
//   database/yungu.db, database/audit.db   SQLite: consistent copies (rollback-journal mode)
//   database/hub.dump                      PostgreSQL: pg_dump --format=custom of the database
//   files/...                              every other file of the data directory (keys/ included)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"

namespace yungu::backup {

inline constexpr int kManifestFormatVersion = 1;
inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kBackendSqlite = "sqlite";
inline constexpr const char* kBackendPostgres = "postgresql";

// What a file of the backup is.
enum class FileRole {
  kData,           // files/<path>: a file of the data directory
  kDatabase,       // database/yungu.db
  kAuditDatabase,  // database/audit.db
  kDump,           // database/hub.dump
};
std::string_view FileRoleName(FileRole role);

struct FileEntry {
  std::string path;    // relative to the backup directory, '/'-separated
  int64_t size = 0;
  std::string sha256;  // lower-case hex
  uint32_t mode = 0600;  // permission bits, restored with the file
  FileRole role = FileRole::kData;
};

// A signed tree head; hashes and the signature in lower-case hex.
struct TreeHeadFigures {
  int64_t id = 0;
  int64_t size = 0;
  int64_t timestamp_us = 0;
  std::string root;
  std::string signature;
  bool operator==(const TreeHeadFigures&) const = default;
};

struct AuditFigures {
  int64_t size = 0;    // entries in the log
  std::string root;    // hex Merkle root (RFC 6962) of all `size` entries
  std::optional<TreeHeadFigures> latest_head;
};

struct DatasetFigures {
  std::string id;
  int64_t current_version = 0;
  int64_t rows = 0;  // rows of the current version
  bool operator==(const DatasetFigures&) const = default;
};

// What a restore must find again.
struct Figures {
  int64_t datasets = 0;
  int64_t versions = 0;
  int64_t users = 0;
  int64_t current_rows = 0;  // sum of the rows of every dataset's current version
  std::vector<DatasetFigures> per_dataset;  // sorted by id
  AuditFigures audit;
};

struct Manifest {
  int format_version = kManifestFormatVersion;
  std::string yungu_version;
  std::string created_at;  // ISO 8601 UTC
  std::string backend;     // kBackendSqlite or kBackendPostgres
  // Component -> schema version: "hub" (yungu.db / the hub's tables) and
  // "audit" (audit.db / the audit_* tables).
  std::map<std::string, int> schema_versions;
  std::string source_data_dir;
  std::string source_store;     // PostgreSQL: the URL without its password
  std::string pg_dump_version;  // PostgreSQL: `pg_dump --version`
  std::vector<FileEntry> files;  // sorted by path
  Figures figures;
};

nlohmann::json ManifestToJson(const Manifest& manifest);
// Fails with InvalidArgument "backup.bad_manifest" naming what is wrong.
Result<Manifest> ManifestFromJson(const nlohmann::json& json);

// BACKUP_DIR/manifest.json; NotFound "backup.no_manifest" when missing.
Result<Manifest> ReadManifest(const std::filesystem::path& backup_dir);
// Written to a temporary file, synced and renamed into place.
Status WriteManifest(const std::filesystem::path& backup_dir, const Manifest& manifest);

// Every difference between the figures a backup recorded and the figures
// found (after a restore, or recomputed from a copy), one line each; empty
// when they match. `audit` also compares the audit figures.
std::vector<std::string> CompareFigures(const Figures& expected, const Figures& found, bool audit = true);

// One step of a backup, verification or restore, and how long it took.
struct StepTime {
  std::string name;
  double seconds = 0;
};
using StepCallback = std::function<void(const StepTime&)>;

}  // namespace yungu::backup

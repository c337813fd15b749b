// The ingest pipeline: file -> records -> typed rows -> a new dataset version.
//
// Atomic: the new version becomes visible only if the whole file was read
// and the bad rows stayed within the caller's allowance; otherwise nothing
// changes and the previous version stays current.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "yungu/ingest/reader.h"
#include "yungu/storage/store.h"

namespace yungu::ingest {

// Something that must agree before a version is committed: it sees the
// version's columns, then every row as it is written, and may refuse the
// commit (the staged rows are then dropped, as on any other failure). The
// release check of datasets open to the public is one.
class CommitGate {
 public:
  virtual ~CommitGate() = default;
  // The new version's columns, before the first row.
  virtual Status Start(const std::vector<model::FieldDef>& fields) = 0;
  // One row as converted (values may still widen to text afterwards).
  virtual void Observe(const Row& row) = 0;
  // After the last row: non-ok refuses the commit with that status.
  virtual Status BeforeCommit() = 0;
};

struct IngestOptions {
  storage::WriteMode mode = storage::WriteMode::kReplace;
  ReaderOptions reader;
  // Bad rows allowed before the ingest fails; 0 rejects the file at the
  // first bad row.
  int64_t max_bad_rows = 0;
  // Upsert keys; empty means the dataset's primary-key fields.
  std::vector<std::string> key_fields;
  // Infer the schema from the file even though the dataset declares fields
  // (replace mode only: a deliberate schema change).
  bool infer_schema = false;
  std::string source_name;  // shown in the version history
  bool build_search_index = true;
  size_t max_reported_bad_rows = 100;
  // Consulted before the version is committed (not owned; may be null).
  CommitGate* gate = nullptr;
  // Called every few thousand rows: bytes read, total bytes, rows read.
  std::function<void(uint64_t, uint64_t, int64_t)> progress;
};

struct BadRow {
  int64_t line = 0;
  std::string code;
  std::string message;
};

struct IngestReport {
  Status status;  // ok, or why nothing was committed
  model::VersionInfo version;
  int64_t rows_read = 0;
  int64_t rows_written = 0;
  int64_t rows_rejected = 0;
  std::vector<BadRow> bad_rows;  // the first max_reported_bad_rows
  SourceInfo source;
  std::vector<std::string> header;
  double seconds = 0;
  double index_seconds = 0;  // full-text index build, after the commit
};

IngestReport IngestFile(storage::Store& store, const std::string& dataset_id, const std::filesystem::path& file,
                        const IngestOptions& options);

}  // namespace yungu::ingest

// Streaming writers for query exports (CSV, TSV, JSON, NDJSON, XLSX).
//
// A writer is fed one Row at a time and hands its output to a Sink in pieces
// of about 64 KiB, so an export of any size runs in constant memory. XLSX is
// spooled to a temp file (a zip's central directory comes last) and streamed
// to the sink on Finish.
//
// Format choices, fixed so that exports are stable for API clients:
// - CSV/TSV follow RFC 4180: CRLF line ends (what Excel writes and expects),
//   a field is quoted when it contains the delimiter, '"', CR or LF, and a
//   quote inside is doubled. TSV uses the same rules with a tab delimiter.
//   The header row carries column names (stable identifiers that match the
//   JSON keys); values use ValueToText, so null is an empty field.
// - JSON is one top-level array of objects keyed by column name; NDJSON is one
//   such object per line, each line ending in "\n".
// - XLSX has one sheet whose first row holds the column titles (or names when
//   a title is empty); dates become real Excel dates when Excel can show them.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/json_text.h"
#include "yungu/core/result.h"
#include "yungu/core/status.h"
#include "yungu/core/value.h"

namespace yungu::output {

enum class ExportFormat { kCsv, kTsv, kJson, kNdjson, kXlsx };

// Accepts "csv", "tsv", "json", "ndjson" (or "jsonl"), "xlsx", in any ASCII case.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
// The HTTP Content-Type of an export, e.g. "text/csv; charset=utf-8".
std::string_view ContentType(ExportFormat format);
// The file extension without the dot ("csv"); ParseExportFormat accepts it back.
std::string_view FileExtension(ExportFormat format);

struct Column {
  std::string name;   // stable identifier: CSV header and JSON key
  std::string title;  // human label: XLSX header (falls back to name)
  ColumnType type = ColumnType::kText;
};

struct WriterOptions {
  bool bom = false;                 // csv/tsv: prefix a UTF-8 BOM so Excel opens Chinese text
  bool header = true;               // csv/tsv/xlsx: write the header row
  std::string sheet_name = "data";  // xlsx; made legal for Excel if it is not
  std::filesystem::path temp_dir;   // xlsx spools here; empty = system temp dir
};

// Receives output bytes in pieces; returns false if the consumer went away,
// after which the writer fails with IoError "output.sink_closed".
using Sink = std::function<bool(std::string_view)>;

// Call Begin once, Write per row, then Finish once. After any error the writer
// is spent and every later call returns that error again.
// Error codes: "output.bad_state" (calls out of order), "output.row_width"
// (row size differs from the columns), "output.sink_closed", "output.io"
// (temp file trouble), "output.xlsx_limit" (beyond what Excel can open).
class RowWriter {
 public:
  virtual ~RowWriter() = default;
  virtual Status Begin(const std::vector<Column>& columns) = 0;
  virtual Status Write(const Row& row) = 0;
  virtual Status Finish() = 0;  // flushes everything to the sink
};

Result<std::unique_ptr<RowWriter>> MakeWriter(ExportFormat format, const WriterOptions& options, Sink sink);

// JSON text helpers, from core (kept here for the writers' callers).
using ::yungu::AppendJsonString;
using ::yungu::AppendJsonValue;

}  // namespace yungu::output

// Streaming record readers for uploaded files: CSV/TSV, JSON arrays, NDJSON
// and XLSX, in any common Chinese or Unicode encoding, yielding UTF-8 text
// fields in bounded memory whatever the file size.
//
// Error model: OpenReader and Next return a non-ok Status only for problems
// that make the rest of the file unreadable (unterminated quote at EOF,
// malformed JSON, corrupt zip, bad header). A problem confined to one record
// (invalid UTF-8, an oversized field, an unknown JSON key) is reported on that
// Record, and reading continues with the next one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/status.h"

namespace yungu::ingest {

enum class Format { kAuto, kCsv, kJson, kNdjson, kXlsx };

// "csv", "tsv" (CSV with a tab delimiter), "json", "ndjson"/"jsonl", "xlsx",
// "auto"; case-insensitive. Returns nullopt for anything else.
std::optional<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);  // "csv", "json", ...

struct ReaderOptions {
  // kAuto: from the extension of name_hint (or of the file itself), else by
  // sniffing the content: a zip signature means xlsx, a first non-space '['
  // json, '{' ndjson, anything else csv. A zip or OLE2 signature always wins
  // over a text extension, and a ".json" file whose content starts with '{'
  // is read as NDJSON.
  Format format = Format::kAuto;
  std::string name_hint;          // original file name, for extension-based detection
  std::optional<char> delimiter;  // csv; auto-detected among , \t ; | when empty
  // "auto", "utf-8", "gbk"/"gb2312"/"gb18030" (all decoded as GB18030, the
  // superset), or any other name iconv knows ("big5", "utf-16le", ...).
  std::string encoding = "auto";
  bool header = true;                 // csv: first record is the header (else column_1..column_N)
  std::string sheet;                  // xlsx: sheet name; empty = first sheet
  size_t max_field_bytes = 16 << 20;  // a longer field is an error for that record
  size_t max_record_bytes = 64 << 20;
};

// Sets options.format (and the tab delimiter for "tsv") from a format name.
// Returns false for an unknown name.
bool ApplyFormatName(std::string_view name, ReaderOptions& options);

struct Record {
  // UTF-8. CSV: the fields as they appear (a ragged row keeps its own width).
  // JSON/NDJSON: aligned to header() order. XLSX: aligned to header() order,
  // wider than the header only when the row has values beyond it.
  std::vector<std::string> fields;
  // 1-based: the line where the record starts (csv/ndjson), the array element
  // index + 1 (json), the sheet row number (xlsx).
  int64_t line = 0;
  // Non-empty: this record is bad and should be reported and skipped; fields
  // may then be incomplete (empty for oversized records).
  std::string error;
  std::string error_code;  // stable, e.g. "ingest.invalid_utf8"
  // Per-field null flags (1 = null: JSON null, a missing key, an empty or
  // absent cell), set by the JSON/NDJSON/XLSX readers. Empty for CSV, where an
  // empty field is the only null marker.
  std::vector<uint8_t> nulls;

  bool ok() const { return error_code.empty(); }
  // Null: flagged in nulls, or (no flags) an empty or absent field.
  bool is_null(size_t i) const {
    if (i < nulls.size()) return nulls[i] != 0;
    return i >= fields.size() || fields[i].empty();
  }
};

struct SourceInfo {
  Format format = Format::kCsv;
  std::string encoding;  // of the file: "utf-8", "gb18030", "utf-16le", ...
  char delimiter = 0;    // csv only; 0 otherwise
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Column names: trimmed, non-empty, unique.
  virtual const std::vector<std::string>& header() const = 0;
  virtual const SourceInfo& info() const = 0;
  // Fills `out` with the next record; false at the end. Reusing one Record
  // across calls lets the reader reuse its string buffers. A non-ok Status is
  // fatal for the whole file.
  virtual Result<bool> Next(Record& out) = 0;
  virtual uint64_t bytes_consumed() const = 0;  // of the input file, for progress
  virtual uint64_t total_bytes() const = 0;     // file size (0 if unknown)
};

// Fatal Statuses (error code, category): ingest.file_not_found (NotFound),
// ingest.io_error (IoError), ingest.unsupported_encoding and
// ingest.unsupported_format (Unsupported), xlsx.sheet_not_found (NotFound);
// InvalidArgument for what is wrong with the upload itself:
// ingest.empty_file, ingest.bad_header, ingest.bad_option,
// csv.unterminated_quote, json.malformed, xlsx.corrupt.
// Record error codes: ingest.invalid_utf8, ingest.field_too_large,
// ingest.record_too_large, ingest.unknown_field, ingest.malformed_json,
// ingest.not_an_object, xlsx.bad_cell.
Result<std::unique_ptr<RecordReader>> OpenReader(const std::filesystem::path& file, const ReaderOptions& options);

}  // namespace yungu::ingest

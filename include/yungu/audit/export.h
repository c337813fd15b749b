// Streamed exports of the trace, newest entry first, read page by page (no
// read transaction stays open while a slow client reads).
//   ndjson — one canonical entry per line: the exact bytes the leaf hashes
//            cover, so each line's leaf hash can be recomputed
//   csv    — RFC 4180, one column per entry key (lists joined with ';',
//            filter and detail as JSON); text cells starting with = + - @
//            are prefixed with ' so spreadsheets show them as text
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "yungu/audit/audit_trail.h"

namespace yungu::audit {

enum class ExportFormat { kNdjson, kCsv };
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
std::string_view ExportContentType(ExportFormat format);

class EntryExport {
 public:
  // Exports what matches `query`, from query.before down; at most
  // `max_entries` entries (< 0: all).
  EntryExport(AuditTrail& trail, AuditQuery query, ExportFormat format, int64_t max_entries = -1);
  // Appends the next ~64 KiB to `chunk`; false when everything was written.
  Result<bool> Next(std::string& chunk);

 private:
  AuditTrail& trail_;
  AuditQuery query_;
  ExportFormat format_;
  int64_t left_;
  bool header_done_ = false;
  bool finished_ = false;
};

// One CSV row of an entry (with its line end).
std::string CsvRow(const AuditEntry& entry);
std::string CsvHeader();

}  // namespace yungu::audit

// A dataset scan: rows from a callback, one FieldScanner per field.
#include <chrono>
#include <string>

#include "yungu/privacy/discovery.h"

namespace yungu::privacy {

Result<DiscoveryReport> ScanRows(const std::vector<model::FieldDef>& fields,
                                 const RowSource& next_row, const ScanOptions& options) {
  YG_ASSIGN_OR_RETURN(const Detector* detector, SharedDetector());
  return ScanRows(*detector, fields, next_row, options);
}

Result<DiscoveryReport> ScanRows(const Detector& detector,
                                 const std::vector<model::FieldDef>& fields,
                                 const RowSource& next_row, const ScanOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ScanOptions resolved = options;
  if (!resolved.today) resolved.today = TodayInChina();  // one date for every field
  std::vector<FieldScanner> scanners;
  scanners.reserve(fields.size());
  for (const model::FieldDef& field : fields) {
    scanners.emplace_back(detector, field.name, field.title, resolved);
  }
  DiscoveryReport report;
  Row row;
  while (true) {
    if (options.max_rows > 0 && report.rows_scanned >= options.max_rows) {
      report.row_limit_reached = true;
      break;
    }
    if (!next_row(row)) break;
    if (row.size() != fields.size()) {
      return InvalidArgument("discovery.row_width",
                             "row " + std::to_string(report.rows_scanned + 1) + " has " +
                                 std::to_string(row.size()) + " values but there are " +
                                 std::to_string(fields.size()) + " fields");
    }
    for (size_t i = 0; i < fields.size(); ++i) YG_RETURN_IF_ERROR(scanners[i].Add(row[i]));
    ++report.rows_scanned;
  }
  report.fields.reserve(scanners.size());
  for (const FieldScanner& scanner : scanners) {
    report.fields.push_back(scanner.Finish());
    report.bytes_scanned += scanner.bytes_scanned();
  }
  report.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace yungu::privacy

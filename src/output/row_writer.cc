// Format names, content types and the writer factory.
#include "yungu/output/row_writer.h"

#include "output/writer_internal.h"

#include <utility>

namespace yungu::output {

namespace {

bool EqualsAsciiNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (EqualsAsciiNoCase(name, "csv")) return ExportFormat::kCsv;
  if (EqualsAsciiNoCase(name, "tsv")) return ExportFormat::kTsv;
  if (EqualsAsciiNoCase(name, "json")) return ExportFormat::kJson;
  if (EqualsAsciiNoCase(name, "ndjson") || EqualsAsciiNoCase(name, "jsonl")) return ExportFormat::kNdjson;
  if (EqualsAsciiNoCase(name, "xlsx")) return ExportFormat::kXlsx;
  return std::nullopt;
}

std::string_view ContentType(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
      return "text/csv; charset=utf-8";
    case ExportFormat::kTsv:
      return "text/tab-separated-values; charset=utf-8";
    case ExportFormat::kJson:
      return "application/json; charset=utf-8";
    case ExportFormat::kNdjson:
      return "application/x-ndjson; charset=utf-8";
    case ExportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view FileExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
      return "csv";
    case ExportFormat::kTsv:
      return "tsv";
    case ExportFormat::kJson:
      return "json";
    case ExportFormat::kNdjson:
      return "ndjson";
    case ExportFormat::kXlsx:
      return "xlsx";
  }
  return "bin";
}

Result<std::unique_ptr<RowWriter>> MakeWriter(ExportFormat format, const WriterOptions& options, Sink sink) {
  if (!sink) return InvalidArgument("output.no_sink", "a writer needs a sink");
  switch (format) {
    case ExportFormat::kCsv:
      return internal::MakeDelimitedWriter(',', options, std::move(sink));
    case ExportFormat::kTsv:
      return internal::MakeDelimitedWriter('\t', options, std::move(sink));
    case ExportFormat::kJson:
      return internal::MakeJsonWriter(false, std::move(sink));
    case ExportFormat::kNdjson:
      return internal::MakeJsonWriter(true, std::move(sink));
    case ExportFormat::kXlsx:
      return internal::MakeXlsxWriter(options, std::move(sink));
  }
  return Unsupported("output.unknown_format", "unknown export format");
}

}  // namespace yungu::output

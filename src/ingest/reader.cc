// OpenReader: picks the format and encoding, then hands over to the reader.
#include "yungu/ingest/reader.h"

#include "ingest/byte_source.h"
#include "ingest/csv_reader.h"
#include "ingest/format_sniff.h"
#include "ingest/json_reader.h"
#include "ingest/text_stream.h"
#include "ingest/xlsx_reader.h"

namespace yungu::ingest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status LegacyXls() {
  return Unsupported("ingest.unsupported_format",
                     "legacy Excel .xls files are not supported; save the sheet as .xlsx or CSV");
}

}  // namespace

std::optional<Format> ParseFormat(std::string_view name) {
  std::string n = Lower(name);
  if (n == "auto") return Format::kAuto;
  if (n == "csv" || n == "tsv") return Format::kCsv;
  if (n == "json") return Format::kJson;
  if (n == "ndjson" || n == "jsonl") return Format::kNdjson;
  if (n == "xlsx") return Format::kXlsx;
  return std::nullopt;
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kCsv:
      return "csv";
    case Format::kJson:
      return "json";
    case Format::kNdjson:
      return "ndjson";
    case Format::kXlsx:
      return "xlsx";
  }
  return "auto";
}

bool ApplyFormatName(std::string_view name, ReaderOptions& options) {
  std::optional<Format> format = ParseFormat(name);
  if (!format) return false;
  options.format = *format;
  if (Lower(name) == "tsv") options.delimiter = '\t';
  return true;
}

Result<std::unique_ptr<RecordReader>> OpenReader(const std::filesystem::path& file, const ReaderOptions& options) {
  YG_ASSIGN_OR_RETURN(std::unique_ptr<internal::ByteSource> source, internal::ByteSource::Open(file));
  YG_ASSIGN_OR_RETURN(std::string_view head, source->Peek(internal::kSampleBytes));
  if (head.empty()) return InvalidArgument("ingest.empty_file", "the file is empty");

  Format format = options.format;
  std::optional<char> delimiter = options.delimiter;
  if (format == Format::kAuto) {
    internal::Signature signature = internal::DetectSignature(head);
    internal::ExtensionFormat by_name =
        internal::FormatFromName(options.name_hint.empty() ? file.filename().string() : options.name_hint);
    if (signature == internal::Signature::kOle2 || (by_name.legacy_xls && signature != internal::Signature::kZip)) {
      return LegacyXls();
    }
    if (signature == internal::Signature::kZip) {
      format = Format::kXlsx;  // no text format starts with a zip header
    } else if (by_name.format == Format::kJson || by_name.format == Format::kNdjson) {
      // .json holding one object per line is common; the content decides.
      char first = internal::FirstSignificantChar(head);
      format = first == '{' ? Format::kNdjson : first == '[' ? Format::kJson : by_name.format;
    } else if (by_name.format != Format::kAuto) {
      format = by_name.format;
      if (!delimiter) delimiter = by_name.delimiter;
    } else {
      format = internal::SniffFormat(head);
    }
  }

  if (format == Format::kXlsx) {
    source.reset();
    return internal::OpenXlsxReader(file, options);
  }
  YG_ASSIGN_OR_RETURN(std::unique_ptr<internal::TextStream> text,
                      internal::TextStream::Open(std::move(source), options.encoding));
  switch (format) {
    case Format::kJson:
      return internal::OpenJsonReader(std::move(text), options);
    case Format::kNdjson:
      return internal::OpenNdjsonReader(std::move(text), options);
    default:
      return internal::OpenCsvReader(std::move(text), options, delimiter);
  }
}

}  // namespace yungu::ingest

#include "ingest/xlsx_reader.h"

#include <system_error>

#include "ingest/header.h"
#include "ingest/xlsx_sheet_handler.h"
#include "ingest/xlsx_workbook.h"
#include "ingest/zip_archive.h"

namespace yungu::ingest::internal {
namespace {

// Rows are parsed ahead in units of one decompressed chunk; the queue holds
// at most the rows of one chunk.
constexpr size_t kXmlChunkBytes = 64 * 1024;

class XlsxReader final : public RecordReader {
 public:
  XlsxReader(std::unique_ptr<ZipArchive> zip, uint64_t total) : zip_(std::move(zip)), total_(total) {
    info_.format = Format::kXlsx;
    info_.encoding = "utf-8";
    info_.delimiter = 0;
  }

  Status Init(const ReaderOptions& options);

  const std::vector<std::string>& header() const override { return header_; }
  const SourceInfo& info() const override { return info_; }
  Result<bool> Next(Record& out) override;
  uint64_t bytes_consumed() const override { return done_ ? total_ : position_; }
  uint64_t total_bytes() const override { return total_; }

 private:
  // Parses more of the sheet until a row is queued or the sheet ends.
  Result<bool> Pump();

  std::unique_ptr<ZipArchive> zip_;
  uint64_t total_;
  uint64_t position_ = 0;
  SourceInfo info_;
  std::vector<std::string> header_;
  std::vector<std::string> shared_strings_;
  std::vector<uint8_t> date_styles_;
  std::unique_ptr<XlsxSheetHandler> handler_;
  std::unique_ptr<XmlParser> parser_;
  std::string chunk_;
  bool done_ = false;
};

Status XlsxReader::Init(const ReaderOptions& options) {
  YG_ASSIGN_OR_RETURN(XlsxWorkbook workbook, LoadWorkbook(*zip_));
  if (workbook.sheets.empty()) return InvalidArgument("xlsx.corrupt", "the workbook lists no sheets");
  const XlsxSheetRef* sheet = &workbook.sheets.front();
  if (!options.sheet.empty()) {
    sheet = nullptr;
    std::string names;
    for (const auto& s : workbook.sheets) {
      if (s.name == options.sheet) sheet = &s;
      names += names.empty() ? "'" : ", '";
      names += s.name + "'";
    }
    if (sheet == nullptr) {
      return NotFound("xlsx.sheet_not_found", "no sheet named '" + options.sheet + "' (sheets: " + names + ")");
    }
  }
  if (!zip_->Contains(sheet->path)) {
    return InvalidArgument("xlsx.corrupt", "sheet '" + sheet->name + "' has no part " + sheet->path);
  }
  YG_ASSIGN_OR_RETURN(date_styles_, LoadDateStyles(*zip_, workbook.styles_path));
  YG_ASSIGN_OR_RETURN(shared_strings_, LoadSharedStrings(*zip_, workbook.shared_strings_path));

  XlsxCellContext ctx;
  ctx.shared_strings = &shared_strings_;
  ctx.date_styles = &date_styles_;
  ctx.date1904 = workbook.date1904;
  ctx.max_field_bytes = options.max_field_bytes;
  handler_ = std::make_unique<XlsxSheetHandler>(ctx);
  parser_ = std::make_unique<XmlParser>(handler_.get(), sheet->path);
  YG_RETURN_IF_ERROR(zip_->OpenEntry(sheet->path));
  chunk_.resize(kXmlChunkBytes);

  // The first non-empty row is the header.
  YG_ASSIGN_OR_RETURN(bool got, Pump());
  if (!got) return InvalidArgument("ingest.empty_file", "sheet '" + sheet->name + "' has no rows");
  Record first = std::move(handler_->rows().front());
  handler_->rows().pop_front();
  if (!first.ok()) {
    return InvalidArgument("ingest.bad_header", "header row (row " + std::to_string(first.line) + "): " + first.error);
  }
  // Gaps in the header are empty names: NormalizeHeader names the column.
  header_ = std::move(first.fields);
  return NormalizeHeader(header_);
}

Result<bool> XlsxReader::Pump() {
  auto& rows = handler_->rows();
  while (rows.empty() && !done_) {
    YG_ASSIGN_OR_RETURN(size_t got, zip_->Read(chunk_.data(), chunk_.size()));
    position_ = zip_->position();
    if (got == 0) {
      done_ = true;
      zip_->CloseEntry();
    }
    YG_RETURN_IF_ERROR(parser_->Feed(chunk_.data(), got, got == 0));
    YG_RETURN_IF_ERROR(handler_->fatal());
  }
  return !rows.empty();
}

Result<bool> XlsxReader::Next(Record& out) {
  YG_ASSIGN_OR_RETURN(bool got, Pump());
  if (!got) return false;
  out = std::move(handler_->rows().front());
  handler_->rows().pop_front();
  // Align to the header: missing trailing cells are nulls.
  if (out.fields.size() < header_.size()) {
    out.fields.resize(header_.size());
    out.nulls.resize(header_.size(), 1);
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenXlsxReader(const std::filesystem::path& path, const ReaderOptions& options) {
  std::error_code ec;
  uint64_t total = std::filesystem::file_size(path, ec);
  if (ec) total = 0;
  YG_ASSIGN_OR_RETURN(std::unique_ptr<ZipArchive> zip, ZipArchive::Open(path));
  auto reader = std::make_unique<XlsxReader>(std::move(zip), total);
  YG_RETURN_IF_ERROR(reader->Init(options));
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace yungu::ingest::internal

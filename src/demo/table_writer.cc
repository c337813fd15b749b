// Streaming writer for the demo's CSV, TSV and JSON files. Rows go to disk as
// they are produced, so a full-scale demo never sits in memory.
#include <iconv.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

bool NeedsQuotes(const std::string& cell) {
  return cell.find_first_of(",\"\r\n") != std::string::npos;
}

void AppendCsvCell(std::string& line, const std::string& cell) {
  if (!NeedsQuotes(cell)) {
    line += cell;
    return;
  }
  line += '"';
  for (char c : cell) {
    if (c == '"') line += '"';  // RFC 4180: a quote inside is doubled
    line += c;
  }
  line += '"';
}

void AppendTsvCell(std::string& line, const std::string& cell) {
  for (char c : cell) line += (c == '\t' || c == '\r' || c == '\n') ? ' ' : c;
}

void AppendJsonCell(std::string& line, const model::FieldDef& field, const std::string& cell) {
  line += nlohmann::json(field.name).dump();
  line += ':';
  if (cell.empty()) {
    line += "null";
  } else if (field.type == ColumnType::kInteger || field.type == ColumnType::kDecimal ||
             field.type == ColumnType::kBoolean) {
    line += cell;  // the generators write these as valid JSON literals
  } else {
    line += nlohmann::json(cell).dump(-1, ' ', false);
  }
}

}  // namespace

TableWriter::~TableWriter() {
  if (iconv_ != nullptr) iconv_close(static_cast<iconv_t>(iconv_));
}

Status TableWriter::Open(const std::filesystem::path& path, FileFormat format,
                         const std::vector<model::FieldDef>& fields, std::string_view encoding,
                         bool crlf) {
  path_ = path;
  format_ = format;
  fields_ = fields;
  crlf_ = crlf;
  rows_ = 0;
  if (encoding == "gbk") {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      return Unsupported("demo.iconv_unavailable", "iconv cannot convert UTF-8 to GBK");
    }
    iconv_ = cd;
  } else if (encoding != "utf-8") {
    return InvalidArgument("demo.encoding", "unsupported encoding: " + std::string(encoding));
  }
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_) return IoError("demo.open_failed", "cannot write " + path.string());

  std::string header;
  if (format_ == FileFormat::kJson) {
    header = "[";
  } else {
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (i > 0) header += format_ == FileFormat::kCsv ? ',' : '\t';
      header += fields_[i].name;
    }
    header += crlf_ ? "\r\n" : "\n";
  }
  return Emit(header);
}

Status TableWriter::Write(const std::vector<std::string>& cells) {
  if (cells.size() != fields_.size()) {
    return Internal("demo.row_width", path_.filename().string() + ": row has " +
                                          std::to_string(cells.size()) + " cells, expected " +
                                          std::to_string(fields_.size()));
  }
  line_.clear();
  if (format_ == FileFormat::kJson) {
    line_ += rows_ == 0 ? "\n{" : ",\n{";
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) line_ += ',';
      AppendJsonCell(line_, fields_[i], cells[i]);
    }
    line_ += '}';
  } else {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (format_ == FileFormat::kCsv) {
        if (i > 0) line_ += ',';
        AppendCsvCell(line_, cells[i]);
      } else {
        if (i > 0) line_ += '\t';
        AppendTsvCell(line_, cells[i]);
      }
    }
    line_ += crlf_ ? "\r\n" : "\n";
  }
  ++rows_;
  return Emit(line_);
}

Status TableWriter::Close() {
  if (!out_.is_open()) return Status::Ok();
  if (format_ == FileFormat::kJson) YG_RETURN_IF_ERROR(Emit("\n]\n"));
  out_.close();
  if (!out_) return IoError("demo.write_failed", "cannot finish " + path_.string());
  return Status::Ok();
}

Status TableWriter::Emit(const std::string& text) {
  if (iconv_ == nullptr) {
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  } else {
    // GBK never needs more bytes than UTF-8 for the same text.
    std::string converted(text.size() + 8, '\0');
    char* in = const_cast<char*>(text.data());
    size_t in_left = text.size();
    char* out = converted.data();
    size_t out_left = converted.size();
    if (iconv(static_cast<iconv_t>(iconv_), &in, &in_left, &out, &out_left) ==
        static_cast<size_t>(-1)) {
      return Internal("demo.gbk_unmappable",
                      "text not representable in GBK: " + text.substr(0, 80));
    }
    converted.resize(converted.size() - out_left);
    out_.write(converted.data(), static_cast<std::streamsize>(converted.size()));
  }
  if (!out_) return IoError("demo.write_failed", "cannot write " + path_.string());
  return Status::Ok();
}

}  // namespace yungu::demo::internal

#include "ingest/xlsx_sheet_handler.h"

#include <charconv>
#include <cstdlib>

#include "ingest/excel_number.h"
#include "ingest/record_error.h"

namespace yungu::ingest::internal {
namespace {

constexpr int kMaxColumns = 16384;

int64_t ParseInt(const char* s, int64_t fallback) {
  if (s == nullptr) return fallback;
  int64_t v = 0;
  std::string_view sv(s);
  auto [ptr, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), v);
  if (ec != std::errc() || ptr == sv.data()) return fallback;
  return v;
}

}  // namespace

int ColumnFromRef(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size(); ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    if (col > kMaxColumns) return -1;
  }
  if (i == 0) return -1;
  for (size_t k = i; k < ref.size(); ++k) {
    if (ref[k] < '0' || ref[k] > '9') return -1;
  }
  return col - 1;
}

void XlsxSheetHandler::OnStart(std::string_view name, const char** attrs) {
  if (in_cell_) {
    if (name == "v") {
      in_value_ = true;
      has_value_ = true;
    } else if (name == "is") {
      in_inline_ = true;
      has_value_ = true;
    } else if (name == "t" && in_inline_) {
      in_text_ = true;
    } else if (name == "rPh") {
      in_phonetic_ = true;
    }
    return;
  }
  if (name == "c" && in_row_) {
    in_cell_ = true;
    has_value_ = false;
    value_oversize_ = false;
    value_.clear();
    const char* t = XmlAttr(attrs, "t");
    type_ = t != nullptr ? t : "n";
    style_ = static_cast<int>(ParseInt(XmlAttr(attrs, "s"), 0));
    const char* ref = XmlAttr(attrs, "r");
    if (ref != nullptr) {
      int col = ColumnFromRef(ref);
      if (col < 0) {
        SetRecordError(row_, "xlsx.bad_cell", std::string("bad cell reference '") + ref + "'");
        column_ = kMaxColumns;  // dropped by FinishCell
        return;
      }
      column_ = static_cast<size_t>(col);
    } else {
      column_ = next_column_;
    }
    next_column_ = column_ + 1;
  } else if (name == "row") {
    in_row_ = true;
    ClearRecord(row_);
    row_.fields.clear();
    row_number_ = ParseInt(XmlAttr(attrs, "r"), row_number_ + 1);
    row_.line = row_number_;
    next_column_ = 0;
  }
}

void XlsxSheetHandler::OnText(std::string_view text) {
  bool collect = in_value_ || (in_text_ && !in_phonetic_);
  if (!collect || value_oversize_) return;
  if (value_.size() + text.size() > ctx_.max_field_bytes) {
    value_oversize_ = true;
    SetRecordError(row_, "ingest.field_too_large",
                   "cell in column " + std::to_string(column_ + 1) + " exceeds " +
                       std::to_string(ctx_.max_field_bytes) + " bytes");
    value_.clear();
    return;
  }
  value_.append(text);
}

void XlsxSheetHandler::OnEnd(std::string_view name) {
  if (in_cell_) {
    if (name == "c") {
      FinishCell();
      in_cell_ = false;
    } else if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      in_phonetic_ = false;
    }
    return;
  }
  if (name == "row" && in_row_) {
    FinishRow();
    in_row_ = false;
  }
}

void XlsxSheetHandler::FinishCell() {
  if (column_ >= static_cast<size_t>(kMaxColumns) || !has_value_ || value_oversize_) return;
  std::string text;
  if (type_ == "s") {
    int64_t index = ParseInt(value_.c_str(), -1);
    if (index < 0 || static_cast<size_t>(index) >= ctx_.shared_strings->size()) {
      if (fatal_.ok()) {
        fatal_ = InvalidArgument("xlsx.corrupt", "row " + std::to_string(row_number_) + " refers to shared string " +
                                                     value_ + ", beyond the table");
      }
      return;
    }
    text = (*ctx_.shared_strings)[static_cast<size_t>(index)];
  } else if (type_ == "inlineStr") {
    text = std::move(value_);
    DecodeExcelEscapes(text);
  } else if (type_ == "str" || type_ == "d") {
    text = std::move(value_);  // formula string result; ISO date text
  } else if (type_ == "b") {
    text = value_ == "1" || value_ == "true" ? "true" : "false";
  } else if (type_ == "e") {
    return;  // #N/A, #DIV/0! ...: no value, read as null
  } else {   // "n": a number, maybe shown as a date
    if (value_.empty()) return;
    bool is_date = style_ >= 0 && static_cast<size_t>(style_) < ctx_.date_styles->size() &&
                   (*ctx_.date_styles)[static_cast<size_t>(style_)] != 0;
    if (is_date) {
      double serial = std::strtod(value_.c_str(), nullptr);
      if (!ExcelSerialToIso(serial, ctx_.date1904, text)) text = ShortestNumberText(value_);
    } else {
      text = ShortestNumberText(value_);
    }
  }
  if (row_.fields.size() <= column_) {
    row_.fields.resize(column_ + 1);
    row_.nulls.resize(column_ + 1, 1);
  }
  row_.fields[column_] = std::move(text);
  row_.nulls[column_] = 0;
}

void XlsxSheetHandler::FinishRow() {
  // Trailing cells that exist only for their formatting carry no value.
  while (!row_.nulls.empty() && row_.nulls.back() != 0) {
    row_.nulls.pop_back();
    row_.fields.pop_back();
  }
  if (row_.fields.empty() && row_.ok()) return;  // empty row
  rows_.push_back(std::move(row_));
  row_ = Record();
}

}  // namespace yungu::ingest::internal

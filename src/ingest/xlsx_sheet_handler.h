// Turns the SAX events of a worksheet part into Records, one per non-empty
// <row>, queued for the reader. Cells are placed by their r="C5" reference
// (sparse rows leave gaps, filled with nulls).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "ingest/xml_parser.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

struct XlsxCellContext {
  const std::vector<std::string>* shared_strings = nullptr;
  const std::vector<uint8_t>* date_styles = nullptr;  // per style index
  bool date1904 = false;
  size_t max_field_bytes = 16 << 20;
};

class XlsxSheetHandler final : public XmlHandler {
 public:
  explicit XlsxSheetHandler(XlsxCellContext ctx) : ctx_(ctx) {}

  void OnStart(std::string_view name, const char** attrs) override;
  void OnEnd(std::string_view name) override;
  void OnText(std::string_view text) override;

  // Completed rows, oldest first. fields are as wide as the last non-null
  // cell; the reader pads them to the header.
  std::deque<Record>& rows() { return rows_; }
  // A problem that makes the sheet unreadable (e.g. a shared string index
  // beyond the table); checked by the reader after each chunk.
  const Status& fatal() const { return fatal_; }

 private:
  void FinishCell();
  void FinishRow();

  XlsxCellContext ctx_;
  std::deque<Record> rows_;
  Status fatal_;

  Record row_;
  int64_t row_number_ = 0;
  size_t next_column_ = 0;  // for cells without an r attribute
  bool in_row_ = false;

  bool in_cell_ = false;
  size_t column_ = 0;
  std::string type_;  // the cell's t attribute
  int style_ = 0;
  bool in_value_ = false;   // <v>
  bool in_inline_ = false;  // <is>
  bool in_text_ = false;    // <t> inside <is>
  bool in_phonetic_ = false;
  bool has_value_ = false;
  bool value_oversize_ = false;
  std::string value_;
};

// Zero-based column of a cell reference ("A1" -> 0, "AB7" -> 27); -1 when
// malformed or beyond XFD (16384 columns).
int ColumnFromRef(std::string_view ref);

}  // namespace yungu::ingest::internal

// Splits a TextStream into lines (LF or CRLF), with a cap on line length so a
// file without newlines cannot exhaust memory.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/text_stream.h"
#include "yungu/core/result.h"

namespace yungu::ingest::internal {

class LineReader {
 public:
  LineReader(TextStream* text, size_t max_line_bytes) : text_(text), max_line_bytes_(max_line_bytes) {}

  struct Line {
    std::string text;       // without the line ending
    bool oversize = false;  // cut off at max_line_bytes; the rest was skipped
    int64_t number = 0;     // 1-based
  };

  // False at end of input. A last line without a newline still counts.
  Result<bool> Next(Line& out);

 private:
  TextStream* text_;
  size_t max_line_bytes_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int64_t line_ = 0;
};

}  // namespace yungu::ingest::internal

// Cuts a top-level JSON array into the texts of its elements as the file
// streams by, so each element can be parsed on its own (nlohmann cannot be
// fed chunk by chunk). Only the structure is checked here: strings, escapes
// and bracket depth. Each element's own syntax is checked by its parser.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/text_stream.h"
#include "yungu/core/result.h"

namespace yungu::ingest::internal {

class JsonArraySplitter {
 public:
  JsonArraySplitter(TextStream* text, size_t max_element_bytes) : text_(text), max_element_bytes_(max_element_bytes) {}

  struct Element {
    std::string text;
    bool oversize = false;  // text was cut off at max_element_bytes
    int64_t index = 0;      // 0-based position in the array
    int64_t line = 0;       // line where the element starts
  };

  // The next element; false after the closing ']' (and nothing but
  // whitespace after it). Structural problems are fatal "json.malformed";
  // a file with nothing but whitespace is "ingest.empty_file".
  Result<bool> Next(Element& out);

 private:
  Result<bool> Fill();
  // Skips whitespace; the next char, or -1 at end of input.
  Result<int> PeekSignificant();
  Status ScanElement(Element& out);
  Status CheckTrailing();
  Status Malformed(const std::string& what) const;

  TextStream* text_;
  size_t max_element_bytes_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;
  int64_t next_index_ = 0;
  bool started_ = false;  // '[' consumed
  bool done_ = false;     // ']' consumed
};

}  // namespace yungu::ingest::internal

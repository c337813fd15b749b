// A file as a stream of UTF-8 text: detects or applies the encoding, converts
// chunk by chunk, and drops a leading byte order mark.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/iconv_converter.h"
#include "yungu/core/result.h"

namespace yungu::ingest::internal {

class TextStream {
 public:
  // encoding_option: "auto" or a name accepted by CanonicalEncodingName.
  static Result<std::unique_ptr<TextStream>> Open(std::unique_ptr<ByteSource> source, std::string_view encoding_option);

  // Appends the next piece of text (about one chunk) to out. Returns false,
  // appending nothing, at the end of the input.
  Result<bool> Read(std::string& out);

  // Canonical name of the file's encoding ("utf-8", "gb18030", ...).
  const std::string& encoding() const { return encoding_; }
  uint64_t bytes_consumed() const { return source_->bytes_consumed(); }
  uint64_t total_bytes() const { return source_->total_bytes(); }

 private:
  TextStream(std::unique_ptr<ByteSource> source, std::string encoding, std::unique_ptr<IconvConverter> converter)
      : source_(std::move(source)), encoding_(std::move(encoding)), converter_(std::move(converter)) {}

  std::unique_ptr<ByteSource> source_;
  std::string encoding_;
  std::unique_ptr<IconvConverter> converter_;  // null for UTF-8 input
  std::string raw_;                            // input chunk for the converter
  bool at_start_ = true;
  bool done_ = false;
};

}  // namespace yungu::ingest::internal

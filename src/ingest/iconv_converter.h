// Streaming conversion of one legacy encoding to UTF-8 with iconv.
#pragma once

#include <iconv.h>

#include <memory>
#include <string>
#include <string_view>

#include "yungu/core/result.h"

namespace yungu::ingest::internal {

class IconvConverter {
 public:
  static Result<std::unique_ptr<IconvConverter>> Open(const std::string& from_encoding);
  ~IconvConverter();
  IconvConverter(const IconvConverter&) = delete;
  IconvConverter& operator=(const IconvConverter&) = delete;

  // Converts `in`, appending UTF-8 to `out`. A multi-byte character cut by
  // the end of `in` is carried over to the next call (chunk boundaries fall
  // anywhere). Undecodable bytes become 0xFF, a byte that is never valid
  // UTF-8, so the record holding them is flagged downstream rather than
  // silently altered. `final` flushes: a sequence still incomplete at end of
  // input is undecodable too.
  void Convert(std::string_view in, bool final, std::string& out);

 private:
  explicit IconvConverter(iconv_t cd) : cd_(cd) {}
  void Run(char* in, size_t in_left, bool final, std::string& out);

  iconv_t cd_;
  std::string carry_;
  std::string joined_;  // carry_ + next input, reused
};

}  // namespace yungu::ingest::internal

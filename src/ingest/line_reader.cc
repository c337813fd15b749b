#include "ingest/line_reader.h"

#include <cstring>

namespace yungu::ingest::internal {

Result<bool> LineReader::Next(Line& out) {
  out.text.clear();
  out.oversize = false;
  bool any = false;
  for (;;) {
    if (pos_ >= buf_.size()) {
      buf_.clear();
      pos_ = 0;
      bool more = false;
      if (!eof_) {
        YG_ASSIGN_OR_RETURN(more, text_->Read(buf_));
        if (!more) eof_ = true;
      }
      if (!more) {
        if (!any) return false;
        break;
      }
    }
    any = true;
    const char* start = buf_.data() + pos_;
    const void* nl = std::memchr(start, '\n', buf_.size() - pos_);
    size_t n = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : buf_.size() - pos_;
    if (!out.oversize) {
      if (out.text.size() + n > max_line_bytes_) {
        out.oversize = true;
        out.text.clear();
      } else {
        out.text.append(start, n);
      }
    }
    pos_ += n;
    if (nl) {
      ++pos_;
      break;
    }
  }
  if (!out.text.empty() && out.text.back() == '\r') out.text.pop_back();
  out.number = ++line_;
  return true;
}

}  // namespace yungu::ingest::internal

#include "ingest/iconv_converter.h"

#include <algorithm>
#include <cerrno>

namespace yungu::ingest::internal {

Result<std::unique_ptr<IconvConverter>> IconvConverter::Open(const std::string& from_encoding) {
  iconv_t cd = iconv_open("UTF-8", from_encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Unsupported("ingest.unsupported_encoding", "unsupported character encoding '" + from_encoding + "'");
  }
  return std::unique_ptr<IconvConverter>(new IconvConverter(cd));
}

IconvConverter::~IconvConverter() { iconv_close(cd_); }

void IconvConverter::Convert(std::string_view in, bool final, std::string& out) {
  if (carry_.empty()) {
    // iconv takes a non-const input pointer but never writes through it.
    Run(const_cast<char*>(in.data()), in.size(), final, out);
    return;
  }
  joined_.assign(carry_);
  joined_.append(in);
  carry_.clear();
  Run(joined_.data(), joined_.size(), final, out);
}

void IconvConverter::Run(char* in, size_t in_left, bool final, std::string& out) {
  while (in_left > 0) {
    // GB18030 and UTF-16 expand at most 3 bytes per 2 in; 2x plus slack
    // usually finishes in one call, E2BIG loops otherwise.
    size_t old = out.size();
    size_t room = std::max<size_t>(in_left * 2, 64);
    out.resize(old + room);
    char* dst = out.data() + old;
    size_t dst_left = room;
    size_t rc = iconv(cd_, &in, &in_left, &dst, &dst_left);
    int err = errno;
    out.resize(old + (room - dst_left));
    if (rc != static_cast<size_t>(-1)) break;
    if (err == E2BIG) continue;
    if (err == EINVAL && !final) {
      carry_.assign(in, in_left);
      return;
    }
    // EILSEQ, or EINVAL at end of input: skip one byte and mark it.
    out += '\xFF';
    ++in;
    --in_left;
  }
  if (final) {
    // Lets stateful encodings (ISO-2022-*) emit their pending output.
    char buf[64];
    char* dst = buf;
    size_t dst_left = sizeof buf;
    iconv(cd_, nullptr, nullptr, &dst, &dst_left);
    out.append(buf, sizeof buf - dst_left);
  }
}

}  // namespace yungu::ingest::internal

#include "ingest/json_array_splitter.h"

namespace yungu::ingest::internal {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Status JsonArraySplitter::Malformed(const std::string& what) const {
  return InvalidArgument("json.malformed", "line " + std::to_string(line_) + ": " + what);
}

Result<bool> JsonArraySplitter::Fill() {
  if (eof_) return false;
  buf_.clear();
  pos_ = 0;
  YG_ASSIGN_OR_RETURN(bool more, text_->Read(buf_));
  if (!more) eof_ = true;
  return more;
}

Result<int> JsonArraySplitter::PeekSignificant() {
  for (;;) {
    while (pos_ < buf_.size() && IsJsonSpace(buf_[pos_])) {
      if (buf_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ < buf_.size()) return static_cast<int>(static_cast<unsigned char>(buf_[pos_]));
    YG_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) return -1;
  }
}

Status JsonArraySplitter::CheckTrailing() {
  YG_ASSIGN_OR_RETURN(int c, PeekSignificant());
  if (c != -1) return Malformed("unexpected text after the closing ']' of the top-level array");
  return Status::Ok();
}

Result<bool> JsonArraySplitter::Next(Element& out) {
  out.text.clear();
  out.oversize = false;
  if (done_) return false;
  YG_ASSIGN_OR_RETURN(int c, PeekSignificant());
  if (!started_) {
    if (c == -1) return InvalidArgument("ingest.empty_file", "the file is empty");
    if (c != '[') {
      return Malformed("expected '[' at the start of a JSON array (for one object per line, use the ndjson format)");
    }
    ++pos_;
    started_ = true;
    YG_ASSIGN_OR_RETURN(c, PeekSignificant());
    if (c == ']') {
      ++pos_;
      done_ = true;
      YG_RETURN_IF_ERROR(CheckTrailing());
      return false;
    }
  } else {
    if (c == -1) return Malformed("unexpected end of file: the top-level JSON array is not closed");
    if (c == ']') {
      ++pos_;
      done_ = true;
      YG_RETURN_IF_ERROR(CheckTrailing());
      return false;
    }
    if (c != ',') {
      return Malformed("expected ',' or ']' after array element " + std::to_string(next_index_));
    }
    ++pos_;
    YG_ASSIGN_OR_RETURN(c, PeekSignificant());
  }
  if (c == -1) return Malformed("unexpected end of file: the top-level JSON array is not closed");
  if (c == ',' || c == ']') return Malformed("missing array element " + std::to_string(next_index_ + 1));
  out.index = next_index_++;
  out.line = line_;
  YG_RETURN_IF_ERROR(ScanElement(out));
  return true;
}

Status JsonArraySplitter::ScanElement(Element& out) {
  int depth = 0;
  bool in_string = false;
  bool escape = false;
  size_t start = pos_;  // start of the not-yet-copied part of buf_
  auto flush = [&](size_t end) {
    if (out.oversize || end <= start) return;
    if (out.text.size() + (end - start) > max_element_bytes_) {
      out.oversize = true;
      return;
    }
    out.text.append(buf_, start, end - start);
  };
  for (;;) {
    if (pos_ >= buf_.size()) {
      flush(pos_);
      YG_ASSIGN_OR_RETURN(bool more, Fill());
      start = 0;
      if (!more) {
        if (depth == 0 && !in_string) return Status::Ok();  // a bare scalar ended by EOF
        return Malformed("unexpected end of file inside array element " + std::to_string(out.index + 1) +
                         " (started on line " + std::to_string(out.line) + ")");
      }
    }
    char ch = buf_[pos_];
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (ch == '\\') {
        escape = true;
      } else if (ch == '"') {
        in_string = false;
        if (depth == 0) {
          ++pos_;
          flush(pos_);
          return Status::Ok();
        }
      } else if (ch == '\n') {
        ++line_;
      }
      ++pos_;
      continue;
    }
    switch (ch) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        ++depth;
        break;
      case '}':
      case ']':
        if (depth == 0) {  // the array's own ']' ends a scalar element
          flush(pos_);
          return Status::Ok();
        }
        if (--depth == 0) {
          ++pos_;
          flush(pos_);
          return Status::Ok();
        }
        break;
      case ',':
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        if (depth == 0) {
          flush(pos_);
          return Status::Ok();
        }
        if (ch == '\n') ++line_;
        break;
      default:
        break;
    }
    ++pos_;
  }
}

}  // namespace yungu::ingest::internal

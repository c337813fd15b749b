// multipart/form-data scanning over a spooled body file.
//
// The scanner reads the file in chunks into a small window and searches it
// for the delimiter "CRLF--boundary". The window starts with a virtual CRLF at
// offset -2 so that a boundary on the very first line (no preamble) is found
// by the same search; every offset reported is a real file offset.
#include "yungu/core/multipart.h"

#include <stdio.h>  // fseeko

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>

namespace yungu::multipart {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kMaxHeaderBytes = 16 * 1024;  // per part; real ones are a few hundred
constexpr size_t kMaxParts = 10000;
constexpr size_t kMaxPaddingBytes = 256;  // spaces/tabs allowed after a boundary
// Window::Find's "no match"; -1 cannot be used, the virtual CRLF sits at -2.
constexpr int64_t kNotFound = INT64_MIN;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

Status Malformed(std::string message) { return InvalidArgument("multipart.malformed", std::move(message)); }

Status IoFailure(const std::filesystem::path& path, std::string_view what) {
  return IoError("multipart.io", std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

Result<File> OpenAt(const std::filesystem::path& path, const char* mode, uint64_t offset) {
  File file(std::fopen(path.c_str(), mode), &std::fclose);
  if (!file) return IoFailure(path, "cannot open");
  if (offset > 0 && fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) {
    return IoFailure(path, "cannot seek in");
  }
  return file;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct Param {
  std::string name;  // lower-cased
  std::string value;
};

// A header value "main; a=b; c="d \"e\""" split into its main value and
// parameters. Returns nothing for an unterminated quoted string.
struct HeaderValue {
  std::string_view main;
  std::vector<Param> params;

  const std::string* Find(std::string_view name) const {
    for (const Param& p : params) {
      if (p.name == name) return &p.value;
    }
    return nullptr;
  }
};

std::optional<HeaderValue> ParseHeaderValue(std::string_view s) {
  HeaderValue out;
  size_t i = s.find(';');
  out.main = Trim(s.substr(0, i));
  while (i < s.size()) {
    ++i;  // past ';'
    const size_t eq = s.find_first_of("=;", i);
    if (eq == std::string_view::npos || s[eq] == ';') {  // a parameter without value: skip it
      i = eq;
      continue;
    }
    Param param;
    for (char c : Trim(s.substr(i, eq - i))) param.name += Lower(c);
    i = eq + 1;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i < s.size() && s[i] == '"') {
      // Quoted string. Only \" and \\ are taken as escapes: browsers do not
      // escape, and old ones send Windows paths such as "C:\dir\a.txt".
      for (++i;; ++i) {
        if (i >= s.size()) return std::nullopt;
        if (s[i] == '"') break;
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        param.value += s[i];
      }
      i = s.find(';', i);  // ignore anything between the closing quote and ';'
    } else {
      const size_t end = s.find(';', i);
      param.value = std::string(Trim(s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
      i = end;
    }
    if (!param.name.empty()) out.params.push_back(std::move(param));
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = Lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 5987 ext-value "UTF-8'lang'percent%20encoded"; nothing if it is not
// UTF-8 or is badly encoded.
std::optional<std::string> DecodeExtValue(std::string_view v) {
  const size_t q1 = v.find('\'');
  const size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos || !EqualsNoCase(v.substr(0, q1), "utf-8")) return std::nullopt;
  std::string out;
  for (size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] != '%') {
      out += v[i];
      continue;
    }
    if (i + 2 >= v.size()) return std::nullopt;
    const int hi = HexValue(v[i + 1]), lo = HexValue(v[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// RFC 7578 4.2: a filename may carry a client path; keep only its last part,
// and never "." or "..", so it is safe as a single path component.
std::string BaseName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  if (name == "." || name == "..") return "_";
  return std::string(name);
}

// Parses a part's header block (lines joined by CRLF, no final CRLF).
Status ParsePartHeaders(std::string_view block, Part& part) {
  // Unfold obsolete continuation lines (starting with SP/HT) into one line each.
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find("\r\n", start);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(start, end - start);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty()) {
      lines.back() += ' ';
      lines.back() += Trim(line);
    } else {
      lines.emplace_back(line);
    }
    start = end + 2;
  }

  bool has_disposition = false;
  for (const std::string& line : lines) {
    const size_t colon = line.find(':');
    const std::string_view name =
        colon == std::string::npos ? std::string_view() : Trim(std::string_view(line).substr(0, colon));
    if (name.empty() || name.find_first_of(" \t") != std::string_view::npos) {
      return Malformed("bad part header line \"" + line.substr(0, 80) + "\"");
    }
    const std::string_view value = Trim(std::string_view(line).substr(colon + 1));
    if (EqualsNoCase(name, "content-type")) {
      part.content_type = std::string(value);
    } else if (EqualsNoCase(name, "content-disposition")) {
      const auto parsed = ParseHeaderValue(value);
      if (!parsed) return Malformed("unterminated quote in Content-Disposition");
      if (!EqualsNoCase(parsed->main, "form-data")) {
        return Malformed("part disposition is \"" + std::string(parsed->main) + "\", not form-data");
      }
      const std::string* field = parsed->Find("name");
      if (field == nullptr) return Malformed("part Content-Disposition has no name");
      part.name = *field;
      std::optional<std::string> filename;
      if (const std::string* ext = parsed->Find("filename*")) filename = DecodeExtValue(*ext);
      if (!filename) {
        if (const std::string* plain = parsed->Find("filename")) filename = *plain;
      }
      if (filename) part.filename = BaseName(*filename);
      has_disposition = true;
    }
  }
  if (!has_disposition) return Malformed("part without Content-Disposition");
  return Status::Ok();
}

// A sliding window over the body file, addressed by file offsets.
class Window {
 public:
  explicit Window(std::FILE* file) : file_(file) {}

  // Makes bytes [pos, pos + n) available; false if the file ends first.
  Result<bool> Have(int64_t pos, size_t n) {
    while (pos + static_cast<int64_t>(n) > End()) {
      YG_ASSIGN_OR_RETURN(bool more, ReadMore());
      if (!more) return false;
    }
    return true;
  }

  char At(int64_t pos) const { return buf_[static_cast<size_t>(pos - base_)]; }

  std::string_view View(int64_t pos, size_t n) const {
    return std::string_view(buf_).substr(static_cast<size_t>(pos - base_), n);
  }

  // Offset of the first match of `find` (a string_view -> position callback
  // over a pattern of `pattern_size` bytes) at or after `from` and starting
  // before `limit`; kNotFound when none. When `discard` is set, bytes that can no
  // longer be part of a match are dropped, keeping memory bounded.
  template <typename Finder>
  Result<int64_t> Find(const Finder& find, size_t pattern_size, int64_t from, int64_t limit, bool discard) {
    for (;;) {
      const size_t at = find(std::string_view(buf_).substr(static_cast<size_t>(from - base_)));
      if (at != std::string_view::npos) {
        const int64_t found = from + static_cast<int64_t>(at);
        return found < limit ? found : kNotFound;
      }
      from = std::max(from, End() - static_cast<int64_t>(pattern_size) + 1);
      if (from >= limit) return kNotFound;
      if (discard) Discard(from);
      YG_ASSIGN_OR_RETURN(bool more, ReadMore());
      if (!more) return kNotFound;
    }
  }

  // Forgets the bytes before `pos`. Compacts only once they are at least
  // half the buffer, so the copying stays linear in the file size.
  void Discard(int64_t pos) {
    const auto dead = static_cast<size_t>(std::max<int64_t>(pos - base_, 0));
    if (dead == 0 || dead < buf_.size() / 2) return;
    buf_.erase(0, dead);
    base_ = pos;
  }

 private:
  int64_t End() const { return base_ + static_cast<int64_t>(buf_.size()); }

  Result<bool> ReadMore() {
    const size_t old = buf_.size();
    buf_.resize(old + kChunkBytes);
    const size_t n = std::fread(buf_.data() + old, 1, kChunkBytes, file_);
    buf_.resize(old + n);
    if (n == 0 && std::ferror(file_)) return IoError("multipart.io", "cannot read the request body file");
    return n > 0;
  }

  std::FILE* file_;
  std::string buf_ = "\r\n";  // the virtual CRLF before the first byte
  int64_t base_ = -2;
};

enum class Delimiter { kNone, kOpen, kClose };

// Looks at what follows "CRLF--boundary" at `after`: "--" closes, optional
// padding then CRLF opens a part, anything else means the bytes only looked
// like a delimiter (e.g. "--boundaryX"). For kOpen, *line_end is the CRLF.
Result<Delimiter> Classify(Window& window, int64_t after, int64_t* line_end) {
  YG_ASSIGN_OR_RETURN(bool have, window.Have(after, 2));
  if (!have) return Delimiter::kNone;
  if (window.At(after) == '-' && window.At(after + 1) == '-') return Delimiter::kClose;
  for (int64_t pos = after; pos < after + static_cast<int64_t>(kMaxPaddingBytes); ++pos) {
    YG_ASSIGN_OR_RETURN(bool more, window.Have(pos, 2));
    if (!more) return Delimiter::kNone;
    if (window.At(pos) == '\r' && window.At(pos + 1) == '\n') {
      *line_end = pos;
      return Delimiter::kOpen;
    }
    if (window.At(pos) != ' ' && window.At(pos) != '\t') return Delimiter::kNone;
  }
  return Delimiter::kNone;
}

}  // namespace

Result<std::string> BoundaryFromContentType(std::string_view content_type) {
  const auto parsed = ParseHeaderValue(content_type);
  if (!parsed) return InvalidArgument("multipart.no_boundary", "unterminated quote in Content-Type");
  if (parsed->main.size() < 10 || !EqualsNoCase(parsed->main.substr(0, 10), "multipart/")) {
    return InvalidArgument("multipart.no_boundary", "Content-Type is not multipart");
  }
  const std::string* boundary = parsed->Find("boundary");
  if (boundary == nullptr || boundary->empty()) {
    return InvalidArgument("multipart.no_boundary", "Content-Type has no boundary parameter");
  }
  // RFC 2046 5.1.1: 1 to 70 characters, not ending in a space.
  if (boundary->size() > 70 || boundary->back() == ' ' ||
      std::any_of(boundary->begin(), boundary->end(), [](char c) { return c < 0x20 || c > 0x7E; })) {
    return InvalidArgument("multipart.no_boundary", "the multipart boundary is not valid");
  }
  return *boundary;
}

Result<std::vector<Part>> ScanMultipartFile(const std::filesystem::path& body_file, std::string_view boundary) {
  if (boundary.empty()) return InvalidArgument("multipart.no_boundary", "empty multipart boundary");
  YG_ASSIGN_OR_RETURN(File file, OpenAt(body_file, "rb", 0));
  Window window(file.get());

  const std::string delimiter = "\r\n--" + std::string(boundary);
  const std::boyer_moore_horspool_searcher searcher(delimiter.begin(), delimiter.end());
  const auto find_delimiter = [&](std::string_view hay) -> size_t {
    const auto [first, last] = searcher(hay.begin(), hay.end());
    return first == hay.end() ? std::string_view::npos : static_cast<size_t>(first - hay.begin());
  };
  const auto find_blank_line = [](std::string_view hay) { return hay.find("\r\n\r\n"); };
  constexpr int64_t kNoLimit = INT64_MAX;

  std::vector<Part> parts;
  std::optional<Part> open;  // the part whose body is being scanned
  int64_t pos = -2;          // where the next delimiter search starts
  for (;;) {
    YG_ASSIGN_OR_RETURN(int64_t found, window.Find(find_delimiter, delimiter.size(), pos, kNoLimit, true));
    if (found == kNotFound) {
      return Malformed(open ? "missing closing boundary" : "no boundary line \"--" + std::string(boundary) + "\"");
    }
    int64_t line_end = 0;
    YG_ASSIGN_OR_RETURN(Delimiter kind, Classify(window, found + static_cast<int64_t>(delimiter.size()), &line_end));
    if (kind == Delimiter::kNone) {
      pos = found + 1;  // text that only resembles the boundary: part of the body
      continue;
    }
    if (open) {
      // A body may end right where its header block does (no CRLF *OCTET).
      open->offset = std::min(open->offset, static_cast<uint64_t>(found));
      open->length = static_cast<uint64_t>(found) - open->offset;
      parts.push_back(std::move(*open));
      open.reset();
    }
    if (kind == Delimiter::kClose) return parts;  // the epilogue is ignored
    if (parts.size() >= kMaxParts) {
      return PayloadTooLarge("multipart.too_many_parts",
                             "more than " + std::to_string(kMaxParts) + " parts in one request");
    }

    // The header block runs from the delimiter line's CRLF to the first blank
    // line; starting at that CRLF also finds an empty block.
    window.Discard(line_end);
    YG_ASSIGN_OR_RETURN(int64_t blank, window.Find(find_blank_line, 4, line_end,
                                                   line_end + static_cast<int64_t>(kMaxHeaderBytes), false));
    if (blank == kNotFound) {
      return Malformed("part " + std::to_string(parts.size() + 1) + ": headers unterminated or over " +
                       std::to_string(kMaxHeaderBytes) + " bytes");
    }
    Part part;
    const std::string_view block =
        blank == line_end ? std::string_view() : window.View(line_end + 2, static_cast<size_t>(blank - line_end - 2));
    if (Status s = ParsePartHeaders(block, part); !s.ok()) {
      return s.WithContext("part " + std::to_string(parts.size() + 1));
    }
    part.offset = static_cast<uint64_t>(blank + 4);
    open = std::move(part);
    pos = blank + 2;  // the blank line's CRLF can be the next delimiter's
  }
}

Result<std::string> ReadPart(const std::filesystem::path& body_file, const Part& part, size_t max_bytes) {
  if (part.length > max_bytes) {
    return PayloadTooLarge("multipart.part_too_large",
                           "form field \"" + part.name + "\" is longer than " + std::to_string(max_bytes) + " bytes");
  }
  YG_ASSIGN_OR_RETURN(File file, OpenAt(body_file, "rb", part.offset));
  std::string out(static_cast<size_t>(part.length), '\0');
  if (std::fread(out.data(), 1, out.size(), file.get()) != out.size()) {
    return IoError("multipart.io", "the request body file ends inside part \"" + part.name + "\"");
  }
  return out;
}

Status CopyPartToFile(const std::filesystem::path& body_file, const Part& part, const std::filesystem::path& dest) {
  YG_ASSIGN_OR_RETURN(File in, OpenAt(body_file, "rb", part.offset));
  Status status = [&]() -> Status {
    File out(std::fopen(dest.c_str(), "wb"), &std::fclose);
    if (!out) return IoFailure(dest, "cannot create");
    std::string buf(kChunkBytes, '\0');
    for (uint64_t left = part.length; left > 0;) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(left, buf.size()));
      if (std::fread(buf.data(), 1, want, in.get()) != want) {
        return IoError("multipart.io", "the request body file ends inside part \"" + part.name + "\"");
      }
      if (std::fwrite(buf.data(), 1, want, out.get()) != want) return IoFailure(dest, "cannot write");
      left -= want;
    }
    if (std::fclose(out.release()) != 0) return IoFailure(dest, "cannot write");
    return Status::Ok();
  }();
  if (!status.ok()) {
    std::error_code ec;
    std::filesystem::remove(dest, ec);  // no half-written upload left behind
  }
  return status;
}

}  // namespace yungu::multipart

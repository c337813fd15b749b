#include "ingest/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace yungu::ingest::internal {

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::filesystem::path& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return NotFound("ingest.file_not_found", "file not found: " + path.string());
  }
  if (std::filesystem::is_directory(status)) {
    return InvalidArgument("ingest.io_error", path.string() + " is a directory");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return IoError("ingest.io_error", "cannot open " + path.string() + ": " + std::strerror(errno));
  }
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) size = 0;  // e.g. a pipe: progress is unknown, reading still works
  return std::unique_ptr<ByteSource>(new ByteSource(f, path, size));
}

ByteSource::~ByteSource() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<size_t> ByteSource::ReadFile(char* dst, size_t n) {
  if (eof_ || n == 0) return size_t{0};
  size_t got = std::fread(dst, 1, n, file_);
  if (got < n) {
    if (std::ferror(file_)) {
      return IoError("ingest.io_error", "read failed on " + path_.string() + ": " + std::strerror(errno));
    }
    eof_ = true;
  }
  return got;
}

Result<std::string_view> ByteSource::Peek(size_t n) {
  while (prefix_.size() < n && !eof_) {
    size_t old = prefix_.size();
    prefix_.resize(n);
    YG_ASSIGN_OR_RETURN(size_t got, ReadFile(prefix_.data() + old, n - old));
    prefix_.resize(old + got);
  }
  return std::string_view(prefix_).substr(0, std::min(n, prefix_.size()));
}

Result<size_t> ByteSource::Read(char* dst, size_t n) {
  size_t done = 0;
  if (prefix_pos_ < prefix_.size()) {
    done = std::min(n, prefix_.size() - prefix_pos_);
    std::memcpy(dst, prefix_.data() + prefix_pos_, done);
    prefix_pos_ += done;
    if (prefix_pos_ == prefix_.size()) {
      prefix_.clear();
      prefix_.shrink_to_fit();
      prefix_pos_ = 0;
    }
  }
  if (done < n && prefix_.empty()) {
    YG_ASSIGN_OR_RETURN(size_t got, ReadFile(dst + done, n - done));
    done += got;
  }
  consumed_ += done;
  return done;
}

}  // namespace yungu::ingest::internal

// Sequential reads of an input file with a re-readable prefix, so format
// sniffing and encoding detection can look at the start of the file before a
// reader consumes it from byte 0.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "yungu/core/result.h"

namespace yungu::ingest::internal {

inline constexpr size_t kChunkBytes = 256 * 1024;
inline constexpr size_t kSampleBytes = 64 * 1024;

class ByteSource {
 public:
  static Result<std::unique_ptr<ByteSource>> Open(const std::filesystem::path& path);
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // The first min(n, file size) bytes, without consuming them. Only valid
  // before the first Read.
  Result<std::string_view> Peek(size_t n);
  // True when Peek has seen the whole file.
  bool PeekedAll() const { return eof_ || (total_ != 0 && prefix_.size() == total_); }

  // Reads up to n bytes into dst (peeked bytes first); 0 at end of file.
  Result<size_t> Read(char* dst, size_t n);

  uint64_t bytes_consumed() const { return consumed_; }
  uint64_t total_bytes() const { return total_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  ByteSource(std::FILE* file, std::filesystem::path path, uint64_t total)
      : file_(file), path_(std::move(path)), total_(total) {}
  Result<size_t> ReadFile(char* dst, size_t n);

  std::FILE* file_;
  std::filesystem::path path_;
  uint64_t total_;
  uint64_t consumed_ = 0;
  std::string prefix_;  // peeked, not yet returned by Read
  size_t prefix_pos_ = 0;
  bool eof_ = false;
};

}  // namespace yungu::ingest::internal

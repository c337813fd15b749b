// Read access to the entries of a zip file (minizip), one open entry at a
// time, streamed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "yungu/core/result.h"

namespace yungu::ingest::internal {

class ZipArchive {
 public:
  // Fails with "xlsx.corrupt" when the file is not a readable zip.
  static Result<std::unique_ptr<ZipArchive>> Open(const std::filesystem::path& path);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool Contains(const std::string& name);  // case-insensitive, like Excel
  // Whole entry, for the small XML parts; "xlsx.corrupt" beyond max_bytes.
  Result<std::string> ReadAll(const std::string& name, size_t max_bytes);

  // Streaming: OpenEntry, then Read until it returns 0.
  Status OpenEntry(const std::string& name);
  Result<size_t> Read(char* dst, size_t n);
  void CloseEntry();

  // Offset in the zip file of the compressed data read so far.
  uint64_t position();

 private:
  explicit ZipArchive(void* handle) : zip_(handle) {}
  void* zip_;  // unzFile
  bool entry_open_ = false;
  std::string entry_name_;
};

}  // namespace yungu::ingest::internal

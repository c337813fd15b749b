// Files of a backup: copying with a running SHA-256, checksums, durable
// writes, the data directory's file list, and staging directories that are
// renamed into place only when complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::backup {

namespace fs = std::filesystem;

struct FileDigest {
  int64_t size = 0;
  std::string sha256;  // lower-case hex
  uint32_t mode = 0;   // permission bits of the source
};

// SHA-256 (libsodium) and size of a file.
Result<FileDigest> HashFile(const fs::path& path);

// Copies `from` to the new file `to` (which must not exist) with the same
// permission bits, hashing the bytes as they are written, and syncs it. The
// digest describes the copy even if `from` changes meanwhile.
Result<FileDigest> CopyFileHashed(const fs::path& from, const fs::path& to);

// Writes `bytes` to `path` through a temporary file, synced and renamed.
Status WriteFileDurably(const fs::path& path, std::string_view bytes, uint32_t mode);

// fsync of a directory (its entries), so renames and new files persist.
Status SyncDirectory(const fs::path& dir);

// What a backup copies from a data directory: every regular file and
// directory, recursively, except the live databases (yungu.db*, audit.db*),
// audit.lock and spool/ at the top level. Paths relative to `data_dir`,
// sorted; directories before their contents.
struct DataTree {
  std::vector<fs::path> directories;
  std::vector<fs::path> files;
};
Result<DataTree> ListDataTree(const fs::path& data_dir);
// True for the top-level names ListDataTree leaves out.
bool IsLiveStoreName(std::string_view top_level_name);

// The permission bits of a path (0 when it cannot be read).
uint32_t ModeOf(const fs::path& path);

// True when `path` does not exist or is an empty directory.
Result<bool> IsAbsentOrEmptyDir(const fs::path& path);

// A temporary directory next to `target` (".<name>.partial-XXXXXX", mode
// 0700), removed with everything in it unless Commit() renamed it to
// `target`.
class StagingDir {
 public:
  static Result<StagingDir> Create(const fs::path& target);
  StagingDir(StagingDir&& other) noexcept;
  StagingDir& operator=(StagingDir&&) = delete;
  ~StagingDir();

  const fs::path& path() const { return path_; }
  // Syncs the directory tree and renames it to the target (which must not
  // exist or be an empty directory: otherwise backup.target_not_empty).
  Status Commit();

 private:
  StagingDir(fs::path path, fs::path target) : path_(std::move(path)), target_(std::move(target)) {}
  fs::path path_;
  fs::path target_;
  bool done_ = false;
};

// `a` is `b` or lies inside it (after making both absolute and normal).
bool IsWithin(const fs::path& a, const fs::path& b);

}  // namespace yungu::backup

#include "backup/file_copy.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "yungu/audit/merkle.h"

namespace yungu::backup {
namespace {

constexpr size_t kBufferSize = 1 << 20;

Status Errno(const std::string& what, const fs::path& path) {
  return IoError("backup.io", what + " " + path.string() + ": " + std::strerror(errno));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error close() may give.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string Hex(const unsigned char* bytes, size_t n) {
  return audit::ToHex(std::string_view(reinterpret_cast<const char*>(bytes), n));
}

Status WriteAll(int fd, const char* data, size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot write", path);
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

void SyncTree(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec)) (void)SyncDirectory(it->path());
  }
  (void)SyncDirectory(dir);
}

}  // namespace

Result<FileDigest> HashFile(const fs::path& path) {
  if (sodium_init() < 0) return Internal("backup.sodium", "libsodium could not be initialised");
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Errno("cannot open", path);
  struct stat st {};
  if (::fstat(in.get(), &st) != 0) return Errno("cannot stat", path);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::unique_ptr<unsigned char[]> buf(new unsigned char[kBufferSize]);
  FileDigest d;
  d.mode = st.st_mode & 07777;
  for (;;) {
    ssize_t n = ::read(in.get(), buf.get(), kBufferSize);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot read", path);
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, buf.get(), static_cast<unsigned long long>(n));
    d.size += n;
  }
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, out);
  d.sha256 = Hex(out, sizeof out);
  return d;
}

Result<FileDigest> CopyFileHashed(const fs::path& from, const fs::path& to) {
  if (sodium_init() < 0) return Internal("backup.sodium", "libsodium could not be initialised");
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Errno("cannot open", from);
  struct stat st {};
  if (::fstat(in.get(), &st) != 0) return Errno("cannot stat", from);
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (out.get() < 0) return Errno("cannot create", to);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::unique_ptr<unsigned char[]> buf(new unsigned char[kBufferSize]);
  FileDigest d;
  d.mode = st.st_mode & 07777;
  for (;;) {
    ssize_t n = ::read(in.get(), buf.get(), kBufferSize);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot read", from);
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, buf.get(), static_cast<unsigned long long>(n));
    YG_RETURN_IF_ERROR(WriteAll(out.get(), reinterpret_cast<const char*>(buf.get()), static_cast<size_t>(n), to));
    d.size += n;
  }
  if (::fchmod(out.get(), d.mode) != 0) return Errno("cannot set the permissions of", to);
  if (::fsync(out.get()) != 0) return Errno("cannot sync", to);
  if (out.Close() != 0) return Errno("cannot close", to);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  d.sha256 = Hex(digest, sizeof digest);
  return d;
}

Status WriteFileDurably(const fs::path& path, std::string_view bytes, uint32_t mode) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (out.get() < 0) return Errno("cannot create", tmp);
    YG_RETURN_IF_ERROR(WriteAll(out.get(), bytes.data(), bytes.size(), tmp));
    if (::fchmod(out.get(), mode) != 0) return Errno("cannot set the permissions of", tmp);
    if (::fsync(out.get()) != 0) return Errno("cannot sync", tmp);
    if (out.Close() != 0) return Errno("cannot close", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = Errno("cannot rename", tmp);
    ::unlink(tmp.c_str());
    return st;
  }
  return SyncDirectory(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

Status SyncDirectory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Errno("cannot open", dir);
  if (::fsync(fd.get()) != 0 && errno != EINVAL) return Errno("cannot sync", dir);
  return Status::Ok();
}

bool IsLiveStoreName(std::string_view name) {
  auto starts = [&](std::string_view prefix) { return name.substr(0, prefix.size()) == prefix; };
  return name == "yungu.db" || starts("yungu.db-") || name == "audit.db" || starts("audit.db-") ||
         name == "audit.lock" || name == "spool";
}

Result<DataTree> ListDataTree(const fs::path& data_dir) {
  DataTree tree;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(data_dir, fs::directory_options::none, ec);
  if (ec) return IoError("backup.io", "cannot list " + data_dir.string() + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return IoError("backup.io", "cannot list " + data_dir.string() + ": " + ec.message());
    fs::path rel = it->path().lexically_relative(data_dir);
    if (it.depth() == 0 && IsLiveStoreName(rel.string())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code sec;
    if (it->is_directory(sec)) {
      tree.directories.push_back(rel);
    } else if (it->is_regular_file(sec)) {
      tree.files.push_back(rel);
    }
    // Sockets, pipes and broken links are not data.
  }
  std::sort(tree.directories.begin(), tree.directories.end());
  std::sort(tree.files.begin(), tree.files.end());
  return tree;
}

uint32_t ModeOf(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

Result<bool> IsAbsentOrEmptyDir(const fs::path& path) {
  std::error_code ec;
  auto status = fs::symlink_status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return IoError("backup.io", "cannot examine " + path.string() + ": " + ec.message());
  }
  if (!fs::exists(status)) return true;
  if (!fs::is_directory(status)) return false;
  bool empty = fs::is_empty(path, ec);
  if (ec) return IoError("backup.io", "cannot list " + path.string() + ": " + ec.message());
  return empty;
}

Result<StagingDir> StagingDir::Create(const fs::path& target) {
  fs::path absolute = fs::absolute(target).lexically_normal();
  if (absolute.filename().empty()) absolute = absolute.parent_path();
  fs::path parent = absolute.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return IoError("backup.io", "cannot create " + parent.string() + ": " + ec.message());
  std::string tmpl = (parent / ("." + absolute.filename().string() + ".partial-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Errno("cannot create a directory in", parent);
  ::chmod(tmpl.c_str(), 0700);
  return StagingDir(fs::path(tmpl), absolute);
}

StagingDir::StagingDir(StagingDir&& other) noexcept
    : path_(std::move(other.path_)), target_(std::move(other.target_)), done_(other.done_) {
  other.done_ = true;
}

StagingDir::~StagingDir() {
  if (done_) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Status StagingDir::Commit() {
  SyncTree(path_);
  if (::rename(path_.c_str(), target_.c_str()) != 0) {
    if (errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR) {
      return AlreadyExists("backup.target_not_empty",
                           target_.string() + " appeared while the work was in progress and is not empty");
    }
    return Errno("cannot rename the finished directory to", target_);
  }
  done_ = true;
  return SyncDirectory(target_.parent_path());
}

bool IsWithin(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  fs::path pa = fs::weakly_canonical(fs::absolute(a), ec);
  if (ec) pa = fs::absolute(a).lexically_normal();
  fs::path pb = fs::weakly_canonical(fs::absolute(b), ec);
  if (ec) pb = fs::absolute(b).lexically_normal();
  auto ia = pa.begin();
  for (auto ib = pb.begin(); ib != pb.end(); ++ib, ++ia) {
    if (ib->empty()) continue;  // a trailing separator
    if (ia == pa.end() || *ia != *ib) return false;
  }
  return true;
}

}  // namespace yungu::backup

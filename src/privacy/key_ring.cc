// KeyRing: the versioned pseudonym keys and their file.
#include "yungu/privacy/key_ring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace yungu::privacy {
namespace {

// A key file is a few lines; anything much larger is not one.
constexpr size_t kMaxKeyFileBytes = 1 << 20;
constexpr mode_t kKeyFileMode = 0600;
constexpr mode_t kKeyDirMode = 0700;

Status IoFailure(const std::string& what, const std::filesystem::path& path) {
  return IoError("privacy.key_ring_io", what + " " + path.string() + ": " + std::strerror(errno));
}

// Wipes a string that held key material before it is freed.
struct WipedText {
  std::string text;
  ~WipedText() { sodium_memzero(text.data(), text.size()); }
};

PseudonymKey RandomKey() {
  PseudonymKey key;
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string EncodeKeys(const std::vector<PseudonymKey>& keys) {
  std::string text;
  const size_t line_chars = sodium_base64_encoded_len(sizeof(PseudonymKey), sodium_base64_VARIANT_ORIGINAL);
  std::string line(line_chars, '\0');
  for (const auto& key : keys) {
    sodium_bin2base64(line.data(), line.size(), key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
    text.append(line.c_str());  // up to the terminating NUL
    text += '\n';
  }
  sodium_memzero(line.data(), line.size());
  return text;
}

Result<std::vector<PseudonymKey>> DecodeKeys(std::string_view text, const std::filesystem::path& path) {
  std::vector<PseudonymKey> keys;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    PseudonymKey key;
    size_t decoded = 0;
    if (sodium_base642bin(key.data(), key.size(), line.data(), line.size(), nullptr, &decoded, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        decoded != key.size()) {
      return Corruption("privacy.key_ring_corrupt", path.string() + " line " + std::to_string(line_no) +
                                                        " is not a 32-byte key in base64");
    }
    keys.push_back(key);
  }
  if (keys.empty()) return Corruption("privacy.key_ring_corrupt", path.string() + " holds no key");
  return keys;
}

// Reads the ring at `path`. Sets `missing` (and returns an error) when the
// file does not exist.
Result<std::vector<PseudonymKey>> ReadKeyFile(const std::filesystem::path& path, bool& missing) {
  missing = false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    missing = errno == ENOENT;
    return IoFailure("cannot open", path);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status failure = IoFailure("cannot stat", path);
    ::close(fd);
    return failure;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Corruption("privacy.key_ring_corrupt", path.string() + " is not a regular file");
  }
  if ((st.st_mode & 0077) != 0) {
    ::close(fd);
    return FailedPrecondition("privacy.key_ring_exposed",
                              path.string() + " can be accessed by group or others; its keys must be replaced");
  }
  if (static_cast<size_t>(st.st_size) > kMaxKeyFileBytes) {
    ::close(fd);
    return Corruption("privacy.key_ring_corrupt", path.string() + " is too large to be a key ring");
  }
  WipedText content;
  content.text.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < content.text.size()) {
    ssize_t n = ::read(fd, content.text.data() + done, content.text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status failure = IoFailure("cannot read", path);
      ::close(fd);
      return failure;
    }
    if (n == 0) break;  // shrank while reading; parse what is there
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return DecodeKeys(std::string_view(content.text).substr(0, done), path);
}

Status WriteAll(int fd, std::string_view text, const std::filesystem::path& path) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoFailure("cannot write", path);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoFailure("cannot open directory", dir);
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return IoFailure("cannot sync directory", dir);
  return Status::Ok();
}

std::filesystem::path DirectoryOf(const std::filesystem::path& file) {
  auto parent = file.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

enum class Publish {
  kReplace,    // rename over whatever is there
  kCreateNew,  // link, failing with EEXIST when the file already exists
};

// Writes `keys` to a temporary file next to `path`, syncs it, and puts it in
// place. With kCreateNew, sets `existed` instead of replacing a file another
// process created in the meantime.
Status WriteKeyFile(const std::filesystem::path& path, const std::vector<PseudonymKey>& keys, Publish publish,
                    bool& existed) {
  existed = false;
  const auto dir = DirectoryOf(path);
  std::string temp = (dir / (path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(temp.data());  // created 0600
  if (fd < 0) return IoFailure("cannot create a temporary file in", dir);
  WipedText content{EncodeKeys(keys)};
  Status written = ::fchmod(fd, kKeyFileMode) == 0 ? WriteAll(fd, content.text, temp)
                                                   : IoFailure("cannot set the mode of", temp);
  if (written.ok() && ::fsync(fd) != 0) written = IoFailure("cannot sync", temp);
  ::close(fd);
  if (written.ok()) {
    if (publish == Publish::kReplace) {
      if (::rename(temp.c_str(), path.c_str()) != 0) written = IoFailure("cannot rename onto", path);
    } else if (::link(temp.c_str(), path.c_str()) != 0) {
      existed = errno == EEXIST;
      if (!existed) written = IoFailure("cannot create", path);
    }
  }
  // After a rename the temporary name is gone; after a link (or a failure) it remains.
  if (publish == Publish::kCreateNew || !written.ok()) ::unlink(temp.c_str());
  YG_RETURN_IF_ERROR(written);
  if (existed) return Status::Ok();
  return SyncDirectory(dir);
}

Status EnsureDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) return Status::Ok();
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("privacy.key_ring_io", "cannot create " + dir.string() + ": " + ec.message());
  if (::chmod(dir.c_str(), kKeyDirMode) != 0) return IoFailure("cannot set the mode of", dir);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<KeyRing>> KeyRing::Open(const std::filesystem::path& file) {
  if (sodium_init() < 0) return Internal("privacy.sodium", "libsodium could not be initialised");
  std::unique_ptr<KeyRing> ring(new KeyRing());
  ring->file_ = file;
  bool missing = false;
  auto keys = ReadKeyFile(file, missing);
  if (!keys.ok() && !missing) return keys.status();
  if (missing) {
    YG_RETURN_IF_ERROR(EnsureDirectory(DirectoryOf(file)));
    std::vector<PseudonymKey> fresh{RandomKey()};
    bool existed = false;
    Status written = WriteKeyFile(file, fresh, Publish::kCreateNew, existed);
    sodium_memzero(fresh.data(), fresh.size() * sizeof(PseudonymKey));
    YG_RETURN_IF_ERROR(written);
    keys = ReadKeyFile(file, missing);  // ours, or the one another process created first
    if (!keys.ok()) return keys.status();
  }
  ring->keys_ = std::move(keys).value();
  return ring;
}

std::unique_ptr<KeyRing> KeyRing::InMemory(std::vector<PseudonymKey> keys) {
  if (sodium_init() < 0) std::abort();  // only fails without a usable random source
  std::unique_ptr<KeyRing> ring(new KeyRing());
  ring->keys_ = std::move(keys);
  if (ring->keys_.empty()) ring->keys_.push_back(RandomKey());
  return ring;
}

std::unique_ptr<KeyRing> KeyRing::InMemory() { return InMemory({}); }

KeyRing::~KeyRing() { sodium_memzero(keys_.data(), keys_.size() * sizeof(PseudonymKey)); }

int KeyRing::current_version() const {
  std::shared_lock lock(mutex_);
  return static_cast<int>(keys_.size());
}

Result<int> KeyRing::Rotate() {
  std::lock_guard rotation(rotate_mutex_);
  std::vector<PseudonymKey> next;
  {
    std::shared_lock lock(mutex_);
    next = keys_;
  }
  if (!file_.empty()) {
    // Keep versions another process added since this ring was read.
    bool missing = false;
    auto on_disk = ReadKeyFile(file_, missing);
    if (!on_disk.ok()) {
      sodium_memzero(next.data(), next.size() * sizeof(PseudonymKey));
      return on_disk.status();
    }
    const bool extends_ours =
        on_disk->size() >= next.size() &&
        sodium_memcmp(on_disk->data(), next.data(), next.size() * sizeof(PseudonymKey)) == 0;
    sodium_memzero(next.data(), next.size() * sizeof(PseudonymKey));
    next = std::move(on_disk).value();
    if (!extends_ours) {
      sodium_memzero(next.data(), next.size() * sizeof(PseudonymKey));
      return Conflict("privacy.key_ring_changed",
                      file_.string() + " no longer starts with the keys this process uses; reopen it");
    }
  }
  next.push_back(RandomKey());
  Status written = Status::Ok();
  if (!file_.empty()) {
    bool existed = false;
    written = WriteKeyFile(file_, next, Publish::kReplace, existed);
  }
  if (written.ok()) {
    std::unique_lock lock(mutex_);
    keys_.swap(next);  // `next` now holds the previous keys, wiped below
  }
  sodium_memzero(next.data(), next.size() * sizeof(PseudonymKey));
  YG_RETURN_IF_ERROR(written);
  return current_version();
}

Result<Pseudonymiser> KeyRing::ForDomain(std::string_view domain, int version) const {
  if (domain.find('\0') != std::string_view::npos) {
    return InvalidArgument("privacy.bad_domain", "a pseudonym domain must not contain a 0 byte");
  }
  if (domain.empty()) domain = kDefaultPseudonymDomain;
  std::shared_lock lock(mutex_);
  const int current = static_cast<int>(keys_.size());
  if (version == 0) version = current;
  if (version < 1 || version > current) {
    return NotFound("privacy.unknown_key_version",
                    "pseudonym key version " + std::to_string(version) + " does not exist (current: " +
                        std::to_string(current) + ")");
  }
  return Pseudonymiser(keys_[static_cast<size_t>(version - 1)], version, domain);
}

bool KeyRing::IsPseudonymOf(std::string_view pseudonym, std::string_view domain, const Value& value) const {
  if (IsNull(value)) return false;
  auto version = PseudonymVersion(pseudonym);
  if (!version) return false;
  auto pseudonymiser = ForDomain(domain, *version);
  if (!pseudonymiser.ok()) return false;
  auto expected = pseudonymiser->PseudonymOf(value);
  return expected && expected->size() == pseudonym.size() &&
         sodium_memcmp(expected->data(), pseudonym.data(), pseudonym.size()) == 0;
}

}  // namespace yungu::privacy

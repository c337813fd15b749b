#include "yungu/audit/tree_head.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace yungu::audit {
namespace {

void PutBigEndian(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.erase(0, 1);
  return s;
}

Result<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("audit.no_key", "cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return Trim(s.str());
}

// Writes a new file that nobody else may read; fails if it exists.
Status WriteNewFile(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return IoError("audit.key_write", "cannot create " + path.string() + ": " + std::strerror(errno));
  fchmod(fd, mode);  // the umask must not widen or narrow it
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return IoError("audit.key_write", "cannot write " + path.string() + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return IoError("audit.key_write", "cannot sync " + path.string());
  return Status::Ok();
}

template <size_t N>
Result<std::array<uint8_t, N>> DecodeKey(const std::string& text, const std::string& what) {
  auto bin = FromBase64(text);
  if (!bin || bin->size() != N) {
    return Corruption("audit.bad_key", what + " is not " + std::to_string(N) + " bytes of base64");
  }
  std::array<uint8_t, N> out;
  std::memcpy(out.data(), bin->data(), N);
  return out;
}

}  // namespace

std::string TreeHeadMessage(int64_t size, int64_t timestamp_us, const Hash& root) {
  std::string m(kTreeHeadContext);
  PutBigEndian(m, static_cast<uint64_t>(size));
  PutBigEndian(m, static_cast<uint64_t>(timestamp_us));
  m.append(HashBytes(root));
  return m;
}

bool VerifyTreeHead(const SignedTreeHead& head, const PublicKey& key) {
  std::string m = TreeHeadMessage(head.size, head.timestamp_us, head.root);
  return crypto_sign_verify_detached(head.signature.data(), reinterpret_cast<const unsigned char*>(m.data()),
                                     m.size(), key.data()) == 0;
}

std::filesystem::path SecretKeyPath(const std::filesystem::path& keys_dir) { return keys_dir / "audit_ed25519.key"; }
std::filesystem::path PublicKeyPath(const std::filesystem::path& keys_dir) { return keys_dir / "audit_ed25519.pub"; }

SigningKey::SigningKey(SigningKey&& other) noexcept : secret_(other.secret_), public_key_(other.public_key_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Result<SigningKey> SigningKey::LoadOrCreate(const std::filesystem::path& keys_dir) {
  if (sodium_init() < 0) return Internal("audit.sodium", "libsodium could not be initialised");
  std::error_code ec;
  if (!std::filesystem::exists(keys_dir, ec)) {
    std::filesystem::create_directories(keys_dir, ec);
    if (ec) return IoError("audit.key_dir", "cannot create " + keys_dir.string() + ": " + ec.message());
    ::chmod(keys_dir.c_str(), 0700);
  }
  SigningKey key;
  auto secret_path = SecretKeyPath(keys_dir);
  if (std::filesystem::exists(secret_path, ec)) {
    YG_ASSIGN_OR_RETURN(std::string text, ReadText(secret_path));
    YG_ASSIGN_OR_RETURN(key.secret_, DecodeKey<64>(text, secret_path.string()));
    crypto_sign_ed25519_sk_to_pk(key.public_key_.data(), key.secret_.data());
  } else {
    crypto_sign_keypair(key.public_key_.data(), key.secret_.data());
    std::string encoded = ToBase64(std::string_view(reinterpret_cast<const char*>(key.secret_.data()), 64)) + "\n";
    Status st = WriteNewFile(secret_path, encoded, 0600);
    sodium_memzero(encoded.data(), encoded.size());
    YG_RETURN_IF_ERROR(st);
  }
  auto public_path = PublicKeyPath(keys_dir);
  std::string pub_text =
      ToBase64(std::string_view(reinterpret_cast<const char*>(key.public_key_.data()), key.public_key_.size()));
  if (!std::filesystem::exists(public_path, ec)) {
    YG_RETURN_IF_ERROR(WriteNewFile(public_path, pub_text + "\n", 0644));
  } else {
    YG_ASSIGN_OR_RETURN(std::string stored, ReadText(public_path));
    if (stored != pub_text) {
      return Corruption("audit.key_mismatch", public_path.string() + " is not the public key of " +
                                                  secret_path.string());
    }
  }
  return key;
}

void SigningKey::Sign(SignedTreeHead& head) const {
  std::string m = TreeHeadMessage(head.size, head.timestamp_us, head.root);
  crypto_sign_detached(head.signature.data(), nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       secret_.data());
}

Result<PublicKey> LoadPublicKey(const std::filesystem::path& keys_dir) {
  auto path = PublicKeyPath(keys_dir);
  YG_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  return DecodeKey<32>(text, path.string());
}

Result<PublicKey> ParsePublicKey(std::string_view base64_or_path) {
  std::string text(base64_or_path);
  std::error_code ec;
  if (std::filesystem::is_regular_file(text, ec)) {
    YG_ASSIGN_OR_RETURN(text, ReadText(text));
  }
  auto key = DecodeKey<32>(Trim(text), "the public key");
  if (!key.ok()) return InvalidArgument("audit.bad_public_key", "the public key must be 32 bytes of base64");
  return key;
}

}  // namespace yungu::audit

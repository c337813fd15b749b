// Signed tree heads: the hub's Ed25519 signature over (size, time, root).
//
// The signed message is 66 bytes:
//   "yungu-tree-head-v1"          18 ASCII bytes
//   size                          8 bytes, unsigned big-endian
//   timestamp                     8 bytes, microseconds since 1970-01-01 UTC, big-endian
//   root                          32 bytes, MTH of the first `size` entries
// The key pair lives in DATA/keys/audit_ed25519.key (the 64-byte libsodium
// secret key, base64, mode 0600) and DATA/keys/audit_ed25519.pub (the 32-byte
// public key, base64), created on first open.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "yungu/audit/merkle.h"

namespace yungu::audit {

using PublicKey = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;

struct SignedTreeHead {
  int64_t id = 0;  // the stored head's number
  int64_t size = 0;
  int64_t timestamp_us = 0;
  Hash root{};
  Signature signature{};
};

constexpr std::string_view kTreeHeadContext = "yungu-tree-head-v1";

std::string TreeHeadMessage(int64_t size, int64_t timestamp_us, const Hash& root);
bool VerifyTreeHead(const SignedTreeHead& head, const PublicKey& key);

class SigningKey {
 public:
  // Reads the key pair in `keys_dir`, or creates it (and the directory) when
  // there is none. Re-exports the public key file when it is missing.
  static Result<SigningKey> LoadOrCreate(const std::filesystem::path& keys_dir);
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  SigningKey(SigningKey&& other) noexcept;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  void Sign(SignedTreeHead& head) const;  // fills head.signature

 private:
  SigningKey() = default;
  std::array<uint8_t, 64> secret_{};
  PublicKey public_key_{};
};

std::filesystem::path SecretKeyPath(const std::filesystem::path& keys_dir);
std::filesystem::path PublicKeyPath(const std::filesystem::path& keys_dir);
// The public key from DATA/keys/audit_ed25519.pub.
Result<PublicKey> LoadPublicKey(const std::filesystem::path& keys_dir);
// A public key given as base64 text, or as a file holding it.
Result<PublicKey> ParsePublicKey(std::string_view base64_or_path);

}  // namespace yungu::audit

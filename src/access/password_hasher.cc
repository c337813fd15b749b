// argon2id password hashing (libsodium's crypto_pwhash_str).
#include <sodium.h>

#include "access/identity_internal.h"

namespace yungu::access {

std::optional<PasswordCost> ParsePasswordCost(std::string_view name) {
  if (name == "interactive") return PasswordCost::kInteractive;
  if (name == "moderate") return PasswordCost::kModerate;
  if (name == "fast") return PasswordCost::kFast;
  return std::nullopt;
}

namespace internal {

PasswordHasher::PasswordHasher(PasswordCost cost) {
  if (sodium_init() < 0) std::abort();  // no usable random source: nothing here can be safe
  switch (cost) {
    case PasswordCost::kInteractive:
      opslimit_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      memlimit_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case PasswordCost::kModerate:
      opslimit_ = crypto_pwhash_OPSLIMIT_MODERATE;
      memlimit_ = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case PasswordCost::kFast:
      opslimit_ = crypto_pwhash_OPSLIMIT_MIN;
      memlimit_ = crypto_pwhash_MEMLIMIT_MIN;
      break;
  }
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  slots_.acquire();
  int rc = crypto_pwhash_str(out, password.data(), password.size(), opslimit_, memlimit_);
  slots_.release();
  if (rc != 0) return Internal("auth.hash_failed", "password hashing ran out of memory");
  return std::string(out);
}

bool PasswordHasher::Verify(const std::string& hash, std::string_view password) const {
  if (hash.empty()) return false;
  slots_.acquire();
  int rc = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
  slots_.release();
  return rc == 0;
}

const std::string& PasswordHasher::DummyHash() const {
  std::call_once(dummy_once_, [this] {
    auto h = Hash(RandomBase64Url(24));
    if (h.ok()) dummy_ = *h;
  });
  return dummy_;
}

}  // namespace internal
}  // namespace yungu::access

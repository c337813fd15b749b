// Keyed pseudonyms and the versioned secrets behind them.
//
// A pseudonym is "P<version>-" followed by the first 16 bytes of
// HMAC-SHA-256(key[version], domain || 0x00 || text) in lowercase base32
// (RFC 4648 alphabet, no padding: 26 characters), e.g.
// "P1-3xq2m7...". `text` is the value's canonical text (yungu::ValueToText),
// so the integer 42 and the text "42" map alike and a join across datasets
// of different column types still matches.
//
// Why 16 bytes: 128 bits keep accidental collisions out of reach for any
// population a hub holds (about 1e-21 for a billion distinct values), while
// 8 bytes would collide after a few billion (the birthday bound, 2^32) and
// the full 32 bytes add length without adding anything useful. Base32
// rather than hex: 26 characters instead of 32, still case-insensitive and
// free of punctuation, so pseudonyms survive spreadsheets and URLs.
//
// Domains separate uses of the same value: a citizen ID pseudonymised in
// domain "person" and in domain "patient" gives unrelated pseudonyms, so
// only releases that agree on a domain can be joined.
//
// Rotation: KeyRing::Rotate adds a new key version and makes it current;
// the old versions stay. New releases then carry pseudonyms that cannot be
// linked to those of earlier releases (which is the point: it limits how
// much a recipient can accumulate about one person across releases), while
// a pseudonym from an earlier release can still be recognised, because its
// prefix names the version that made it.
//
// The key file (e.g. DATA/keys/pseudonym.keys) holds one version per line,
// version 1 first: the 32-byte key in standard base64 with padding. It is
// mode 0600 in a directory created 0700, and is only ever replaced whole
// (temporary file, fsync, rename, fsync of the directory), so a crash
// leaves either the old ring or the new one.
#pragma once

#include <sodium/crypto_auth_hmacsha256.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/value.h"

namespace yungu::privacy {

using PseudonymKey = std::array<uint8_t, crypto_auth_hmacsha256_KEYBYTES>;

// Bytes of the MAC a pseudonym shows, and the length of a pseudonym's body.
inline constexpr size_t kPseudonymBytes = 16;
inline constexpr size_t kPseudonymBodyChars = 26;  // ceil(16 * 8 / 5)

// The domain used when a mask names none.
inline constexpr std::string_view kDefaultPseudonymDomain = "default";

// The key version a pseudonym names ("P3-..." -> 3); nullopt when the text
// does not have the shape of a pseudonym.
std::optional<int> PseudonymVersion(std::string_view pseudonym);

// Computes the pseudonyms of one domain under one key version. It holds the
// HMAC state after the key, the domain and the separator byte, so each
// value costs only the hashing of its own text. Copyable; the copy is
// independent of the KeyRing it came from (it keeps working after a
// rotation, with the version it was made for). Const methods are safe to
// call from several threads. The state is wiped on destruction.
class Pseudonymiser {
 public:
  Pseudonymiser(const Pseudonymiser& other);
  Pseudonymiser& operator=(const Pseudonymiser& other);
  ~Pseudonymiser();

  int version() const { return version_; }
  const std::string& domain() const { return domain_; }

  // Replaces `out` with the pseudonym of `text`; reuses out's capacity.
  void PseudonymInto(std::string_view text, std::string& out) const;
  std::string Pseudonym(std::string_view text) const;
  // The pseudonym of the value's canonical text. Null has no pseudonym:
  // returns nullopt.
  std::optional<std::string> PseudonymOf(const Value& value) const;

 private:
  friend class KeyRing;
  Pseudonymiser(const PseudonymKey& key, int version, std::string_view domain);

  crypto_auth_hmacsha256_state keyed_;
  int version_ = 0;
  std::string domain_;
  std::string prefix_;  // "P<version>-"
};

// The versioned pseudonym keys. Versions are numbered from 1; the highest
// is current.
//
// Thread-safety: every const method may run concurrently with any other
// method, Rotate included. Rotate calls are serialised with each other; a
// reader sees either the ring before a rotation or after it, never a ring
// whose current version is not yet on disk. Across processes sharing one
// file, a rotation keeps the versions others added before it (see Rotate),
// but two rotations at the same instant are not locked against each other:
// one of the two new keys may be lost before anything used it. Other
// processes see a new version only when they rotate or reopen the file.
class KeyRing {
 public:
  // Reads the ring at `file`, or creates it with one fresh random key when
  // it does not exist (and its parent directory, mode 0700, when missing).
  // Errors: IoError "privacy.key_ring_io" when the file or directory cannot
  // be read or written; Corruption "privacy.key_ring_corrupt" when a line
  // is not 32 bytes of base64 or the file has no key; FailedPrecondition
  // "privacy.key_ring_exposed" when the file can be read or written by
  // group or others (the keys must be considered leaked; replace the file).
  // When two processes create the ring at once, both end up with the same
  // file (the second reads what the first wrote).
  static Result<std::unique_ptr<KeyRing>> Open(const std::filesystem::path& file);

  // A ring that lives in memory only (Rotate writes nothing), for tests and
  // tools. `keys` is version 1 first and must not be empty. A default call
  // makes one random key.
  static std::unique_ptr<KeyRing> InMemory(std::vector<PseudonymKey> keys);
  static std::unique_ptr<KeyRing> InMemory();

  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing();

  int current_version() const;
  // Empty for an in-memory ring.
  const std::filesystem::path& file() const { return file_; }

  // Adds a fresh random key as the new current version and returns its
  // number. A file ring first rereads its file, so versions another process
  // added meanwhile (`yungu keys rotate` while a server runs) are kept and
  // numbered before the new one; the new file is durable before the version
  // becomes current. Errors leave the ring unchanged in memory and on disk:
  // IoError "privacy.key_ring_io", the read errors of Open, and Conflict
  // "privacy.key_ring_changed" when the file no longer starts with this
  // ring's keys (it was replaced; reopen it).
  Result<int> Rotate();

  // The pseudonymiser of `domain` (empty: "default") under `version`
  // (0: the current one). Errors: NotFound "privacy.unknown_key_version";
  // InvalidArgument "privacy.bad_domain" when the domain contains a 0 byte
  // (the separator).
  Result<Pseudonymiser> ForDomain(std::string_view domain, int version = 0) const;

  // Whether `pseudonym` is what the version it names makes of `value` in
  // `domain`. False for null values, unknown versions and malformed text.
  bool IsPseudonymOf(std::string_view pseudonym, std::string_view domain, const Value& value) const;

 private:
  KeyRing() = default;

  std::filesystem::path file_;
  std::mutex rotate_mutex_;          // one rotation at a time (held across the file write)
  mutable std::shared_mutex mutex_;  // guards keys_
  std::vector<PseudonymKey> keys_;
};

}  // namespace yungu::privacy

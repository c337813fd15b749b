// Random secrets, their hashes, credential text and time text.
#include <sodium.h>

#include <cctype>
#include <ctime>

#include "access/identity_internal.h"

namespace yungu::access::internal {

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

std::string RandomBase64Url(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string SecretHash(std::string_view secret) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     nullptr, 0);
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string FormatIso(TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<TimePoint> ParseIso(std::string_view text) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ, as FormatIso writes it.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  auto num = [&](size_t at, size_t len) -> int {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = num(11, 2);
  tm.tm_min = num(14, 2);
  tm.tm_sec = num(17, 2);
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

int64_t SecondsUntil(TimePoint now, TimePoint then) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(then - now).count();
  int64_t seconds = (ms + 999) / 1000;
  return seconds < 1 ? 1 : seconds;
}

bool SplitCredential(std::string_view text, std::string_view prefix, std::string& id, std::string& secret) {
  constexpr size_t kIdLength = 16;
  if (text.size() <= prefix.size() + kIdLength + 1 || text.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = text.substr(prefix.size());
  if (rest[kIdLength] != '_') return false;
  for (size_t i = 0; i < kIdLength; ++i) {
    char c = rest[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  std::string_view s = rest.substr(kIdLength + 1);
  if (s.size() > 256) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  id.assign(rest.substr(0, kIdLength));
  secret.assign(s);
  return true;
}

Principal UserPrincipal(const storage::UserRecord& user, Principal::Via via, Scope scope,
                        std::string credential_id, std::string_view client_address) {
  Principal p;
  p.via = via;
  p.user_id = user.id;
  p.username = user.username;
  p.department = user.department;
  p.roles = user.roles;
  p.scope = scope;
  p.credential_id = std::move(credential_id);
  p.client_address = std::string(client_address);
  return p;
}

}  // namespace yungu::access::internal

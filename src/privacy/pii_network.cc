// IP addresses: an address identifies a subscriber's line, so the PIPL
// treats it as personal information when it can be tied to a person.
#include <arpa/inet.h>

#include <array>
#include <string>

#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"

namespace yungu::privacy::internal {

bool IsIpv4(std::string_view text) {
  int octets = 0;
  size_t pos = 0;
  while (true) {
    const size_t start = pos;
    int value = 0;
    while (pos < text.size() && IsAsciiDigit(text[pos]) && pos - start < 3) {
      value = value * 10 + (text[pos] - '0');
      ++pos;
    }
    const size_t width = pos - start;
    // "01" is not how anyone writes an octet, and some parsers read it as octal.
    if (width == 0 || value > 255 || (width > 1 && text[start] == '0')) return false;
    ++octets;
    if (pos == text.size()) break;
    if (text[pos] != '.' || octets == 4) return false;
    ++pos;
  }
  return octets == 4;
}

bool IsIpv6(std::string_view text) {
  // 8 groups of 4 hex digits with colons, or an IPv4 tail: at most 45 bytes.
  if (text.size() < 2 || text.size() > 45) return false;
  const std::string copy(text);
  std::array<unsigned char, 16> address{};
  if (inet_pton(AF_INET6, copy.c_str(), address.data()) != 1) return false;
  for (unsigned char b : address) {
    if (b != 0) return true;
  }
  return false;  // "::", the unspecified address, names nobody
}

}  // namespace yungu::privacy::internal

#include <cctype>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// "YYYY-MM-DDTHH:MM:SS" at the start of `s`.
bool HasDateTime(std::string_view s) {
  return s.size() >= 19 && Digits(s, 0, 4) && s[4] == '-' && Digits(s, 5, 2) && s[7] == '-' && Digits(s, 8, 2) &&
         (s[10] == 'T' || s[10] == ' ') && Digits(s, 11, 2) && s[13] == ':' && Digits(s, 14, 2) && s[16] == ':' &&
         Digits(s, 17, 2);
}

}  // namespace

nlohmann::json Timestamp(std::string_view iso) {
  if (!HasDateTime(iso)) return nullptr;
  std::string out(iso.substr(0, 19));
  out[10] = 'T';
  if (iso.size() > 20 && iso[19] == '.') {
    size_t end = 20;
    while (end < iso.size() && std::isdigit(static_cast<unsigned char>(iso[end]))) ++end;
    std::string fraction(iso.substr(20, std::min<size_t>(end - 20, 6)));
    fraction.resize(6, '0');
    if (fraction != "000000") out += "." + fraction;
  }
  return out;
}

std::optional<std::string> TimestampToIso(std::string_view ckan) {
  if (!HasDateTime(ckan)) return std::nullopt;
  std::string out(ckan.substr(0, 19));
  out[10] = 'T';
  return out + "Z";
}

}  // namespace yungu::ckan

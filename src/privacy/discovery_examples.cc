// Masked examples: a discovery report shows what it found without showing it.
#include <algorithm>
#include <string>

#include "privacy/pii_text.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

constexpr size_t kLongValue = 8;  // characters from which both ends are kept
constexpr size_t kKeepFirstLong = 3;
constexpr size_t kKeepLast = 2;
constexpr size_t kMaxStars = 16;

}  // namespace

std::string MaskExample(std::string_view value) {
  value = internal::TrimSpaces(value);
  std::vector<size_t> starts;  // byte offset of each character
  for (size_t pos = 0; pos < value.size();) {
    starts.push_back(pos);
    internal::DecodeAt(value, pos);
  }
  const size_t n = starts.size();
  if (n == 0) return "";
  const bool long_value = n >= kLongValue;
  const size_t keep_first = long_value ? kKeepFirstLong : (n >= 2 ? 1 : 0);
  const size_t keep_last = long_value ? kKeepLast : 0;
  const size_t hidden = n - keep_first - keep_last;
  std::string masked(value.substr(0, keep_first < n ? starts[keep_first] : value.size()));
  masked.append(std::min(hidden, kMaxStars), '*');
  if (keep_last > 0) masked.append(value.substr(starts[n - keep_last]));
  return masked;
}

}  // namespace yungu::privacy

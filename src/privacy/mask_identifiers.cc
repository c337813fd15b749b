// Citizen ID and mobile number masks.
//
// Chinese data often holds these identifiers typed with full-width digits
// (４２０６０２…), with spaces or with hyphens (138-1234-5678). They are read
// through a small normaliser, so such values get the same partial mask as
// clean ones instead of being starred out entirely; the validators of the
// identifiers module then decide what is an identifier.
#include "privacy/mask_methods.h"
#include "yungu/identifiers/identifiers.h"

namespace yungu::privacy::internal {
namespace {

constexpr size_t kMaxNormalised = 24;  // longer than any accepted form

struct Normalised {
  char data[kMaxNormalised];
  size_t size = 0;
  std::string_view view() const { return std::string_view(data, size); }
};

// Maps full-width digits, X and plus to ASCII; drops spaces (ASCII and the
// ideographic space) and, when `drop_hyphens`, hyphens. False on any other
// character or when the result would be too long for an identifier.
bool Normalise(std::string_view text, bool drop_hyphens, Normalised& out) {
  out.size = 0;
  auto put = [&out](char c) {
    if (out.size == kMaxNormalised) return false;
    out.data[out.size++] = c;
    return true;
  };
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '-' && drop_hyphens) {
      ++i;
      continue;
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == 'X' || c == 'x') {
      if (!put(c == 'x' ? 'X' : static_cast<char>(c))) return false;
      ++i;
      continue;
    }
    if (i + 3 > text.size()) return false;
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    const auto c2 = static_cast<unsigned char>(text[i + 2]);
    char mapped = 0;
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) {  // U+3000 ideographic space
      i += 3;
      continue;
    }
    if (c == 0xEF && c1 == 0xBC) {
      if (c2 >= 0x90 && c2 <= 0x99) mapped = static_cast<char>('0' + (c2 - 0x90));  // U+FF10..FF19
      if (c2 == 0xB8) mapped = 'X';                                                   // U+FF38
      if (c2 == 0x8B) mapped = '+';                                                   // U+FF0B
      if (c2 == 0x8D && drop_hyphens) {                                               // U+FF0D
        i += 3;
        continue;
      }
    }
    if (c == 0xEF && c1 == 0xBD && c2 == 0x98) mapped = 'X';  // U+FF58 full-width x
    if (mapped == 0 || !put(mapped)) return false;
    i += 3;
  }
  return true;
}

}  // namespace

void CitizenIdInto(std::string_view text, std::string& out) {
  constexpr std::string_view kHidden = "********";  // birth month, day, sequence, check
  Normalised id;
  if (Normalise(text, /*drop_hyphens=*/false, id)) {
    auto check = identifiers::ValidateCitizenId(id.view());
    // A wrong check character is a typo in the last digit; what is shown
    // (region and year) is as much a fact of the person either way.
    const bool shaped = check.valid || check.reason == "checksum";
    if (shaped && id.size == 18) {
      out.assign(id.view().substr(0, 10));
      out.append(kHidden);
      return;
    }
    if (shaped && id.size == 15) {  // legacy: YYMMDD, always 19YY
      out.assign(id.view().substr(0, 6));
      out.append("19");
      out.append(id.view().substr(6, 2));
      out.append(kHidden);
      return;
    }
  }
  StarsInto(text, out);
}

void MobileInto(std::string_view text, std::string& out) {
  Normalised number;
  if (Normalise(text, /*drop_hyphens=*/true, number) && identifiers::ValidateMobile(number.view()).valid) {
    std::string_view digits = number.view().substr(number.size - 11);  // after any country prefix
    out.assign(digits.substr(0, 3));
    out.append("****");
    out.append(digits.substr(7, 4));
    return;
  }
  StarsInto(text, out);
}

}  // namespace yungu::privacy::internal

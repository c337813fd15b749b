#include "ingest/encoding_detect.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <memory>

#include "ingest/utf8.h"

namespace yungu::ingest::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool IconvKnows(const std::string& name) {
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

std::string AskUchardet(std::string_view sample) {
  std::unique_ptr<uchardet, void (*)(uchardet_t)> ud(uchardet_new(), uchardet_delete);
  if (!ud) return {};
  if (uchardet_handle_data(ud.get(), sample.data(), sample.size()) != 0) return {};
  uchardet_data_end(ud.get());
  const char* name = uchardet_get_charset(ud.get());
  return name != nullptr ? Lower(name) : std::string();
}

bool IsGbFamily(std::string_view lower) {
  return lower == "gb18030" || lower == "gbk" || lower == "gb2312" || lower == "cp936" || lower == "euc-cn" ||
         lower == "windows-936";
}

// Encodings where uchardet's multi-byte probers are reliable enough to trust.
bool IsMultiByteName(std::string_view lower) {
  return IsGbFamily(lower) || StartsWith(lower, "big5") || StartsWith(lower, "euc-") ||
         StartsWith(lower, "shift_jis") || StartsWith(lower, "utf-16") || StartsWith(lower, "utf-32") ||
         StartsWith(lower, "iso-2022-") || StartsWith(lower, "hz-gb");
}

// Every byte >= 0x80 belongs to a well-formed GB18030 2- or 4-byte sequence.
bool LooksLikeGb18030(std::string_view sample, bool whole_file) {
  const auto* s = reinterpret_cast<const unsigned char*>(sample.data());
  size_t n = sample.size();
  size_t multibyte = 0;
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c == 0x80 || c == 0xFF) return false;
    if (i + 1 >= n) return !whole_file && multibyte > 0;
    unsigned char b = s[i + 1];
    if ((b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE)) {
      i += 2;
    } else if (b >= 0x30 && b <= 0x39) {
      if (i + 3 >= n) return !whole_file && multibyte > 0;
      if (s[i + 2] < 0x81 || s[i + 2] > 0xFE || s[i + 3] < 0x30 || s[i + 3] > 0x39) return false;
      i += 4;
    } else {
      return false;
    }
    ++multibyte;
  }
  return multibyte > 0;
}

std::string FromBom(std::string_view s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) return "utf-8";
  if (StartsWith(s, std::string_view("\xFF\xFE\x00\x00", 4))) return "utf-32le";
  if (StartsWith(s, std::string_view("\x00\x00\xFE\xFF", 4))) return "utf-32be";
  if (StartsWith(s, "\xFF\xFE")) return "utf-16le";
  if (StartsWith(s, "\xFE\xFF")) return "utf-16be";
  return {};
}

// BOM-less UTF-16 betrays itself by NUL high bytes on ASCII characters,
// which UTF-8 validation would happily accept.
std::string FromNulPattern(std::string_view s) {
  size_t pairs = s.size() / 2;
  if (pairs < 2) return {};
  size_t even_nul = 0;
  size_t odd_nul = 0;
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    even_nul += s[i] == '\0';
    odd_nul += s[i + 1] == '\0';
  }
  if (odd_nul * 10 >= pairs * 4 && even_nul * 10 < pairs) return "utf-16le";
  if (even_nul * 10 >= pairs * 4 && odd_nul * 10 < pairs) return "utf-16be";
  return {};
}

}  // namespace

bool IsUtf8Name(std::string_view canonical) { return canonical == "utf-8"; }

Result<std::string> DetectEncoding(std::string_view sample, bool whole_file) {
  if (std::string bom = FromBom(sample); !bom.empty()) return bom;
  if (std::string wide = FromNulPattern(sample); !wide.empty()) return wide;
  Utf8Stats stats = ScanUtf8(sample);
  bool tail_ok = stats.truncated_tail == 0 || !whole_file;
  if (stats.invalid == 0 && tail_ok) return std::string("utf-8");

  // Damaged UTF-8: plenty of well-formed multi-byte sequences per bad one.
  // (GBK text forms a valid UTF-8 sequence by chance in a minority of its
  // characters, far below this ratio.)
  if (stats.valid_multibyte >= 10 * stats.invalid) return std::string("utf-8");
  std::string guess = AskUchardet(sample);
  if (IsGbFamily(guess)) return std::string("gb18030");
  if (IsMultiByteName(guess) && IconvKnows(guess)) return guess;
  if (LooksLikeGb18030(sample, whole_file)) return std::string("gb18030");
  if (!guess.empty() && guess != "ascii" && IconvKnows(guess)) return guess;
  return Unsupported("ingest.unsupported_encoding", guess.empty()
                                                        ? "cannot recognise the character encoding of the file; "
                                                          "save it as UTF-8 or pass the encoding explicitly"
                                                        : "unsupported character encoding '" + guess + "'");
}

Result<std::string> CanonicalEncodingName(std::string_view name) {
  std::string lower = Lower(name);
  if (lower.empty() || lower == "auto") return std::string();
  if (lower == "utf-8" || lower == "utf8") return std::string("utf-8");
  if (IsGbFamily(lower)) return std::string("gb18030");
  if (!IconvKnows(lower)) {
    return Unsupported("ingest.unsupported_encoding", "unsupported character encoding '" + std::string(name) + "'");
  }
  return lower;
}

}  // namespace yungu::ingest::internal

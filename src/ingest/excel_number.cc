#include "ingest/excel_number.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "ingest/date_text.h"

namespace yungu::ingest::internal {
namespace {

void AppendTwo(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

void AppendTime(std::string& out, int64_t secs) {
  AppendTwo(out, static_cast<int>(secs / 3600));
  out += ':';
  AppendTwo(out, static_cast<int>(secs / 60 % 60));
  out += ':';
  AppendTwo(out, static_cast<int>(secs % 60));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

bool IsBuiltinDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    switch (c) {
      case ';':
        return false;  // only the first (positive numbers) section matters
      case '"': {
        size_t close = code.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;  // escaped literal, padding or fill: the next char is not a token
        break;
      case '[': {
        size_t close = code.find(']', i + 1);
        if (close == std::string_view::npos) return false;
        char first = i + 1 < close ? code[i + 1] : 0;
        if (first == 'h' || first == 'H' || first == 'm' || first == 'M' || first == 's' || first == 'S') {
          return false;  // elapsed time: a duration
        }
        i = close;
        break;
      }
      case 'd':
      case 'D':
      case 'm':
      case 'M':
      case 'y':
      case 'Y':
      case 'h':
      case 'H':
        return true;
      default:
        break;
    }
  }
  return false;
}

bool ExcelSerialToIso(double serial, bool date1904, std::string& out) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return false;  // up to 9999-12-31
  auto days = static_cast<int64_t>(std::floor(serial));
  auto secs = static_cast<int64_t>(std::llround((serial - static_cast<double>(days)) * 86400.0));
  if (secs >= 86400) {
    ++days;
    secs -= 86400;
  }
  if (!date1904 && days == 0 && secs > 0) {
    AppendTime(out, secs);
    return true;
  }
  int64_t epoch;  // days since 1970 of serial 0
  if (date1904) {
    epoch = DaysFromCivil({1904, 1, 1});
  } else if (days < 60) {
    epoch = DaysFromCivil({1899, 12, 31});
  } else if (days == 60) {
    epoch = DaysFromCivil({1899, 12, 31}) - 1;  // phantom 1900-02-29 -> 1900-02-28
  } else {
    epoch = DaysFromCivil({1899, 12, 30});  // past the phantom day
  }
  CivilDate date = CivilFromDays(epoch + days);
  if (date.year > 9999) return false;
  AppendIsoDate(out, date);
  if (secs > 0) {
    out += 'T';
    AppendTime(out, secs);
  }
  return true;
}

std::string ShortestNumberText(std::string_view raw) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || ptr != raw.data() + raw.size() || !std::isfinite(v)) return std::string(raw);
  char buf[32];
  // Integral values print without ".0"; up to 2^53 every integer is exact.
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    auto res = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
    return std::string(buf, res.ptr);
  }
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

void DecodeExcelEscapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      uint32_t cp = 0;
      bool hex = true;
      for (size_t k = 2; k < 6; ++k) {
        int h = HexValue(s[i + k]);
        if (h < 0) {
          hex = false;
          break;
        }
        cp = cp * 16 + static_cast<uint32_t>(h);
      }
      if (hex && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        AppendUtf8(out, cp);
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  s = std::move(out);
}

}  // namespace yungu::ingest::internal

#include "yungu/audit/audit_time.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace yungu::audit {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kChinaOffsetSeconds = 8 * 3600;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string FormatDate(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

// Reads exactly `n` digits at text[pos].
bool Digits(std::string_view text, size_t& pos, int n, int64_t& out) {
  if (pos + static_cast<size_t>(n) > text.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += static_cast<size_t>(n);
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

int DaysInMonth(int64_t y, int64_t m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

Status BadTime(std::string_view text) {
  return InvalidArgument("audit.bad_time", "'" + std::string(text.substr(0, 40)) +
                                               "' is not a time (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.ffffff]] "
                                               "with Z or an offset like +08:00)");
}

}  // namespace

int64_t SystemNowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTimeMicros(int64_t micros) {
  int64_t seconds = FloorDiv(micros, kMicrosPerSecond);
  int64_t fraction = micros - seconds * kMicrosPerSecond;
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(fraction));
  return buf;
}

Result<int64_t> ParseTimeMicros(std::string_view text) {
  if (text.size() != 27 || text[10] != 'T' || text[19] != '.' || text[26] != 'Z') return BadTime(text);
  return ParseTimeBound(text);
}

Result<int64_t> ParseTimeBound(std::string_view text) {
  size_t pos = 0;
  int64_t y, mo, d, h = 0, mi = 0, s = 0, frac = 0;
  if (!Digits(text, pos, 4, y) || !Expect(text, pos, '-') || !Digits(text, pos, 2, mo) || !Expect(text, pos, '-') ||
      !Digits(text, pos, 2, d)) {
    return BadTime(text);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return BadTime(text);
  int64_t offset = kChinaOffsetSeconds;
  if (pos < text.size()) {
    if (!Expect(text, pos, 'T') && !Expect(text, pos, ' ')) return BadTime(text);
    if (!Digits(text, pos, 2, h) || !Expect(text, pos, ':') || !Digits(text, pos, 2, mi)) return BadTime(text);
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!Digits(text, pos, 2, s)) return BadTime(text);
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          if (digits < 6) frac = frac * 10 + (text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return BadTime(text);
        for (int i = digits; i < 6; ++i) frac *= 10;
      }
    }
    if (h > 23 || mi > 59 || s > 59) return BadTime(text);
    if (pos < text.size()) {
      if (text[pos] == 'Z') {
        offset = 0;
        ++pos;
      } else if (text[pos] == '+' || text[pos] == '-') {
        int64_t sign = text[pos] == '-' ? -1 : 1, oh, om;
        ++pos;
        if (!Digits(text, pos, 2, oh) || !Expect(text, pos, ':') || !Digits(text, pos, 2, om) || oh > 14 || om > 59) {
          return BadTime(text);
        }
        offset = sign * (oh * 3600 + om * 60);
      }
    }
  }
  if (pos != text.size()) return BadTime(text);
  int64_t seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
  return seconds * kMicrosPerSecond + frac;
}

std::string ChinaDay(int64_t micros) { return FormatDate(FloorDiv(micros, kMicrosPerSecond) + kChinaOffsetSeconds); }

}  // namespace yungu::audit

#include "ingest/date_text.h"

namespace yungu::ingest::internal {
namespace {

constexpr std::string_view kNian = "\xE5\xB9\xB4";  // 年
constexpr std::string_view kYue = "\xE6\x9C\x88";   // 月
constexpr std::string_view kRi = "\xE6\x97\xA5";    // 日

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads between min_digits and max_digits digits at s[pos]; advances pos.
bool ReadNumber(std::string_view s, size_t& pos, int min_digits, int max_digits, int& value) {
  int n = 0;
  int v = 0;
  while (pos < s.size() && n < max_digits && IsDigit(s[pos])) {
    v = v * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  value = v;
  // More digits than allowed means a different shape ("2024-123-1").
  if (pos < s.size() && IsDigit(s[pos])) return false;
  return n >= min_digits;
}

bool Consume(std::string_view s, size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

// Date at the start of s: YYYY-M-D with '-', '/' or '.', or YYYY年M月D日.
// Returns the bytes consumed, 0 when s does not start with a valid date.
size_t ParseDatePrefix(std::string_view s, CivilDate& date) {
  size_t pos = 0;
  if (!ReadNumber(s, pos, 4, 4, date.year)) return 0;
  if (pos >= s.size()) return 0;
  if (Consume(s, pos, kNian)) {
    if (!ReadNumber(s, pos, 1, 2, date.month) || !Consume(s, pos, kYue)) return 0;
    if (!ReadNumber(s, pos, 1, 2, date.day) || !Consume(s, pos, kRi)) return 0;
  } else {
    char sep = s[pos];
    if (sep != '-' && sep != '/' && sep != '.') return 0;
    ++pos;
    if (!ReadNumber(s, pos, 1, 2, date.month)) return 0;
    if (pos >= s.size() || s[pos] != sep) return 0;
    ++pos;
    if (!ReadNumber(s, pos, 1, 2, date.day)) return 0;
  }
  if (date.year < 1 || date.month < 1 || date.month > 12) return 0;
  if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) return 0;
  return pos;
}

// H:MM[:SS[.f]][Z|±HH:MM], the whole of s.
bool ParseTimeText(std::string_view s, TimeOfDay& time) {
  size_t pos = 0;
  if (!ReadNumber(s, pos, 1, 2, time.hour) || time.hour > 23) return false;
  if (!Consume(s, pos, ":") || !ReadNumber(s, pos, 2, 2, time.minute) || time.minute > 59) return false;
  time.second = 0;
  time.fraction = {};
  time.zone = {};
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!ReadNumber(s, pos, 2, 2, time.second) || time.second > 59) return false;
    if (pos < s.size() && s[pos] == '.') {
      size_t start = ++pos;
      while (pos < s.size() && IsDigit(s[pos])) ++pos;
      if (pos == start || pos - start > 9) return false;
      time.fraction = s.substr(start, pos - start);
    }
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    if (pos + 1 != s.size()) return false;
    time.zone = "Z";
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  size_t zone_start = pos++;
  int zh = 0;
  int zm = 0;
  if (!ReadNumber(s, pos, 2, 2, zh) || zh > 23) return false;
  if (!Consume(s, pos, ":") || !ReadNumber(s, pos, 2, 2, zm) || zm > 59) return false;
  if (pos != s.size()) return false;
  time.zone = s.substr(zone_start);
  return true;
}

void AppendDigits(std::string& out, int value, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, width);
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Counts in 400-year eras of 146097 days with years starting on March 1, so
// the leap day is the last day of its year and month lengths follow a
// regular 153-days-per-5-months pattern.
int64_t DaysFromCivil(CivilDate date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t year_of_era = y - era * 400;
  int64_t month_from_march = date.month > 2 ? date.month - 3 : date.month + 9;
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t day_of_era = days - era * 146097;
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_from_march = (5 * day_of_year + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  out.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

DateTextKind ParseDateText(std::string_view text, CivilDate& date, TimeOfDay& time) {
  size_t n = ParseDatePrefix(text, date);
  if (n == 0) return DateTextKind::kNone;
  if (n == text.size()) return DateTextKind::kDate;
  char sep = text[n];
  if (sep != ' ' && sep != 'T' && sep != 't') return DateTextKind::kNone;
  if (!ParseTimeText(text.substr(n + 1), time)) return DateTextKind::kNone;
  return DateTextKind::kDateTime;
}

void AppendIsoDate(std::string& out, const CivilDate& date) {
  AppendDigits(out, date.year, 4);
  out += '-';
  AppendDigits(out, date.month, 2);
  out += '-';
  AppendDigits(out, date.day, 2);
}

void AppendIsoTime(std::string& out, const TimeOfDay& time) {
  out += 'T';
  AppendDigits(out, time.hour, 2);
  out += ':';
  AppendDigits(out, time.minute, 2);
  out += ':';
  AppendDigits(out, time.second, 2);
  if (!time.fraction.empty()) {
    out += '.';
    out.append(time.fraction);
  }
  out.append(time.zone);
}

}  // namespace yungu::ingest::internal

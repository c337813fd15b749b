#include "yungu/access/working_calendar.h"

#include <cstdio>

namespace yungu::access {
namespace {

using namespace std::chrono;

// Reads exactly `n` ASCII digits at `pos`.
bool Digits(std::string_view text, size_t pos, size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// "YYYY-MM-DD" at the start of `text`.
bool ReadDate(std::string_view text, CalendarDate& out) {
  int y = 0, m = 0, d = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!Digits(text, 0, 4, y) || !Digits(text, 5, 2, m) || !Digits(text, 8, 2, d)) return false;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  out = sys_days{ymd};
  return true;
}

bool IsWeekend(CalendarDate date) {
  weekday wd{date};
  return wd == Saturday || wd == Sunday;
}

constexpr auto kChinaOffset = hours{8};

}  // namespace

Result<CalendarDate> ParseDate(std::string_view text) {
  CalendarDate date;
  if (text.size() != 10 || !ReadDate(text, date)) {
    return InvalidArgument("calendar.bad_date", "'" + std::string(text.substr(0, 40)) + "' is not a date (YYYY-MM-DD)");
  }
  return date;
}

std::string FormatDate(CalendarDate date) {
  year_month_day ymd{date};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<sys_seconds> ParseUtcTime(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument("calendar.bad_time",
                           "'" + std::string(text.substr(0, 40)) + "' is not an ISO 8601 UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  };
  CalendarDate date;
  int h = 0, mi = 0, s = 0;
  if (text.size() < 20 || !ReadDate(text, date) || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':' || !Digits(text, 11, 2, h) || !Digits(text, 14, 2, mi) || !Digits(text, 17, 2, s) || h > 23 ||
      mi > 59 || s > 60) {
    return bad();
  }
  size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return bad();
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return bad();
  return sys_seconds{date} + hours{h} + minutes{mi} + seconds{s};
}

std::string FormatUtcTime(sys_seconds time) {
  CalendarDate date = floor<days>(time);
  hh_mm_ss hms{time - date};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatDate(date).c_str(), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

Result<CalendarDate> ChinaDate(std::string_view utc_iso) {
  YG_ASSIGN_OR_RETURN(sys_seconds t, ParseUtcTime(utc_iso));
  return floor<days>(t + kChinaOffset);
}

WorkingCalendar::WorkingCalendar() {
  for (const auto& d : ChinaStatutoryDays()) {
    CalendarDate date;
    if (ReadDate(d.date, date)) special_[date] = d.kind;
  }
}

Result<WorkingCalendar> WorkingCalendar::Create(const CalendarOverrides& overrides) {
  WorkingCalendar calendar;
  std::map<CalendarDate, DayKind> added;
  auto add = [&](const std::vector<std::string>& dates, DayKind kind) -> Status {
    for (const auto& text : dates) {
      YG_ASSIGN_OR_RETURN(CalendarDate date, ParseDate(text));
      auto [it, inserted] = added.emplace(date, kind);
      if (!inserted && it->second != kind) {
        return InvalidArgument("calendar.conflicting_dates", text + " is listed both as a holiday and as a workday");
      }
    }
    return Status::Ok();
  };
  YG_RETURN_IF_ERROR(add(overrides.holidays, DayKind::kHoliday));
  YG_RETURN_IF_ERROR(add(overrides.workdays, DayKind::kWorkday));
  for (const auto& [date, kind] : added) calendar.special_[date] = kind;
  return calendar;
}

bool WorkingCalendar::IsWorkingDay(CalendarDate date) const {
  auto it = special_.find(date);
  if (it != special_.end()) return it->second == DayKind::kWorkday;
  return !IsWeekend(date);
}

CalendarDate WorkingCalendar::AddWorkingDays(CalendarDate start, int n) const {
  CalendarDate d = start;
  while (n > 0) {
    d += days{1};
    if (IsWorkingDay(d)) --n;
  }
  return d;
}

int WorkingCalendar::WorkingDaysBetween(CalendarDate from, CalendarDate to) const {
  if (to < from) return -WorkingDaysBetween(to, from);
  int count = 0;
  for (CalendarDate d = from + days{1}; d <= to; d += days{1}) {
    if (IsWorkingDay(d)) ++count;
  }
  return count;
}

}  // namespace yungu::access

// WorkingCalendar: which days are working days in China, for the reply
// deadlines of applications (答复时限, counted in working days).
//
// Saturdays and Sundays are rest days, public holidays are rest days, and the
// weekend days worked in exchange for a holiday (调休上班) are working days.
// The built-in table holds the State Council's published arrangements; a city
// adds later years or local rules through overrides.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::access {

using CalendarDate = std::chrono::sys_days;

// "YYYY-MM-DD" -> CalendarDate; rejects anything else, including 2025-02-30.
Result<CalendarDate> ParseDate(std::string_view text);
std::string FormatDate(CalendarDate date);
// ISO 8601 UTC instants as the hub writes them: "YYYY-MM-DDTHH:MM:SSZ",
// optionally with a fraction of a second (dropped).
Result<std::chrono::sys_seconds> ParseUtcTime(std::string_view text);
std::string FormatUtcTime(std::chrono::sys_seconds time);
// The calendar day in China (UTC+8) of an ISO 8601 UTC instant
// ("2026-09-30T17:00:00Z" -> 2026-10-01).
Result<CalendarDate> ChinaDate(std::string_view utc_iso);

struct CalendarOverrides {
  std::vector<std::string> holidays;  // "YYYY-MM-DD": rest days
  std::vector<std::string> workdays;  // "YYYY-MM-DD": working days, even on a weekend
};

class WorkingCalendar {
 public:
  enum class DayKind { kHoliday, kWorkday };

  // China's statutory arrangements only.
  WorkingCalendar();
  // The statutory table with `overrides` applied on top (an override wins
  // over the table). A date listed both as holiday and workday is an error.
  static Result<WorkingCalendar> Create(const CalendarOverrides& overrides);

  bool IsWorkingDay(CalendarDate date) const;
  // The date on which the n-th working day after `start` ends; `start` itself
  // never counts (a Friday application with n = 1 is due the next Monday).
  // n <= 0 gives `start`.
  CalendarDate AddWorkingDays(CalendarDate start, int n) const;
  // Working days d with from < d <= to (negative when to is before from), so
  // that WorkingDaysBetween(d, AddWorkingDays(d, n)) == n.
  int WorkingDaysBetween(CalendarDate from, CalendarDate to) const;

  // The years the built-in table covers.
  static std::vector<int> StatutoryYears();

 private:
  std::map<CalendarDate, DayKind> special_;  // every date that differs from "weekdays work"
};

// The built-in table, in the order published: {date, kind}.
struct StatutoryDay {
  const char* date;
  WorkingCalendar::DayKind kind;
};
const std::vector<StatutoryDay>& ChinaStatutoryDays();

}  // namespace yungu::access

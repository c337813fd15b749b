// Calendar dates and moments as the quality rules read them. Everything is
// counted in China time (UTC+8, no daylight saving): a date is the China
// day, a moment without a zone is China wall-clock time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yungu::quality::internal {

inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kChinaOffsetSeconds = 8 * 3600;

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Days since 1970-01-01 of a real calendar date; nullopt for 2023-02-29 etc.
std::optional<int64_t> DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(int64_t days);

// Exactly "YYYY-MM-DD", a real date: the day number.
std::optional<int64_t> ParseIsoDate(std::string_view text);

// A date or date-time as stored or imported.
//  date: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD (month and day may have one
//        digit) or YYYY年M月D日.
//  time: after the date, ' ' or 'T', then H:MM[:SS[.fraction]], then
//        optionally 'Z' or ±HH:MM / ±HHMM. The fraction is dropped.
// Surrounding ASCII spaces are ignored.
struct Moment {
  int64_t seconds = 0;    // Unix time (UTC)
  int64_t china_day = 0;  // day number of the China date of that instant
  bool has_time = false;  // false: a bare date, seconds is China midnight
};
std::optional<Moment> ParseMoment(std::string_view text);

// The China day number of a Unix time.
int64_t ChinaDayOf(int64_t unix_seconds);

// "YYYY-MM-DD" of a day number.
std::string FormatDay(int64_t days);
// "YYYY-MM-DDTHH:MM:SS+08:00": a Unix time shown in China time.
std::string FormatChinaTime(int64_t unix_seconds);

// The same China wall-clock time `months` calendar months later; a day past
// the end of the target month becomes its last day (01-31 + 1 month = 02-28/29).
int64_t AddMonths(int64_t unix_seconds, int months);

}  // namespace yungu::quality::internal

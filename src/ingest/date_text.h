// Calendar arithmetic and the date/time text grammar shared by the value
// parser (text cells) and the XLSX reader (Excel serial dates).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace yungu::ingest::internal {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

struct TimeOfDay {
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::string_view fraction;  // digits after '.', empty when absent
  std::string_view zone;      // "Z", "+08:00", or empty
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Days since 1970-01-01 (proleptic Gregorian), both directions.
int64_t DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(int64_t days);

enum class DateTextKind { kNone, kDate, kDateTime };

// Recognises the whole of `text` (already trimmed) as a date or datetime in
// the grammar documented in value_parser.h, validating the calendar.
DateTextKind ParseDateText(std::string_view text, CivilDate& date, TimeOfDay& time);

// Appends "YYYY-MM-DD" / "THH:MM:SS[.f][zone]".
void AppendIsoDate(std::string& out, const CivilDate& date);
void AppendIsoTime(std::string& out, const TimeOfDay& time);

}  // namespace yungu::ingest::internal

#include "yungu/access/working_calendar.h"

#include <gtest/gtest.h>

namespace yungu::access {
namespace {

CalendarDate D(const char* text) {
  auto d = ParseDate(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : CalendarDate{};
}

TEST(WorkingCalendar, DatesParseStrictly) {
  EXPECT_EQ(FormatDate(D("2025-10-01")), "2025-10-01");
  EXPECT_EQ(FormatDate(D("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-01-01T00:00:00Z", "", "abcd-ef-gh"}) {
    auto r = ParseDate(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().error_code(), "calendar.bad_date");
  }
}

TEST(WorkingCalendar, UtcTimesRoundTrip) {
  auto t = ParseUtcTime("2026-09-30T17:00:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatUtcTime(*t), "2026-09-30T17:00:00Z");
  auto frac = ParseUtcTime("2026-09-30T17:00:00.123456Z");
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(*frac, *t);
  for (const char* bad : {"2026-09-30", "2026-09-30T24:00:00Z", "2026-09-30T17:00:00", "2026-09-30T17:00:00+08:00",
                          "2026-09-30T17:00:00.Z"}) {
    EXPECT_FALSE(ParseUtcTime(bad).ok()) << bad;
  }
}

// A submission late in the UTC day is already the next day in Beijing.
TEST(WorkingCalendar, ChinaDayStartsAtSixteenUtc) {
  auto late = ChinaDate("2026-09-30T17:00:00Z");
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(FormatDate(*late), "2026-10-01");
  auto before = ChinaDate("2026-09-30T15:59:59Z");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(FormatDate(*before), "2026-09-30");
  auto midnight = ChinaDate("2026-09-30T16:00:00Z");
  ASSERT_TRUE(midnight.ok());
  EXPECT_EQ(FormatDate(*midnight), "2026-10-01");
  // Year boundary.
  auto new_year = ChinaDate("2025-12-31T16:00:00Z");
  ASSERT_TRUE(new_year.ok());
  EXPECT_EQ(FormatDate(*new_year), "2026-01-01");
  EXPECT_FALSE(ChinaDate("yesterday").ok());
}

TEST(WorkingCalendar, PlainWeekendsAndWeekdays) {
  WorkingCalendar cal;
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-03-10")));   // Monday
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-03-14")));   // Friday
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-03-15")));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-03-16")));  // Sunday
  // Outside the table, weekends still rest.
  EXPECT_FALSE(cal.IsWorkingDay(D("2030-06-01")));  // Saturday
  EXPECT_TRUE(cal.IsWorkingDay(D("2030-06-03")));   // Monday
}

// 国庆节、中秋节 2025: 10月1日至8日放假, 9月28日(周日)、10月11日(周六)上班.
TEST(WorkingCalendar, NationalDayAndMidAutumn2025) {
  WorkingCalendar cal;
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-09-28")));  // Sunday worked
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-09-30")));
  for (const char* d : {"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06",
                        "2025-10-07", "2025-10-08"}) {
    EXPECT_FALSE(cal.IsWorkingDay(D(d))) << d;
  }
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-10-09")));  // Thursday
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-10-11")));  // Saturday worked
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-10-12")));  // Sunday
  // Submitted Friday 26 September: Sun 28, Mon 29, Tue 30, Thu 9, Fri 10,
  // Sat 11, Mon 13, Tue 14, Wed 15, Thu 16.
  EXPECT_EQ(FormatDate(cal.AddWorkingDays(D("2025-09-26"), 10)), "2025-10-16");
  EXPECT_EQ(FormatDate(cal.AddWorkingDays(D("2025-09-26"), 1)), "2025-09-28");
  EXPECT_EQ(FormatDate(cal.AddWorkingDays(D("2025-09-30"), 1)), "2025-10-09");
  EXPECT_EQ(cal.WorkingDaysBetween(D("2025-09-26"), D("2025-10-16")), 10);
  EXPECT_EQ(cal.WorkingDaysBetween(D("2025-09-30"), D("2025-10-08")), 0);
}

// 春节 2026: 2月15日至23日放假, 2月14日(周六)、2月28日(周六)上班.
TEST(WorkingCalendar, SpringFestival2026) {
  WorkingCalendar cal;
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-02-14")));
  for (const char* d : {"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
                        "2026-02-21", "2026-02-22", "2026-02-23"}) {
    EXPECT_FALSE(cal.IsWorkingDay(D(d))) << d;
  }
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-02-24")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-02-28")));
  // Thu 12 Feb: Fri 13, Sat 14, Tue 24 .. Fri 27, Sat 28, Mon 2, Tue 3, Wed 4 March.
  EXPECT_EQ(FormatDate(cal.AddWorkingDays(D("2026-02-12"), 10)), "2026-03-04");
  EXPECT_EQ(cal.WorkingDaysBetween(D("2026-02-12"), D("2026-03-04")), 10);
}

TEST(WorkingCalendar, OtherPublishedDays) {
  WorkingCalendar cal;
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-01-01")));  // Wednesday, no exchange
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-01-26")));   // Sunday before Spring Festival
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-01-28")));  // New Year's Eve
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-02-08")));   // Saturday worked
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-05-05")));  // Monday of Labour Day
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-04-27")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-06-02")));  // Dragon Boat Monday
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-01-02")));  // Friday after New Year
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-01-04")));   // Sunday worked
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-05-09")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-06-19")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-09-25")));  // Mid-Autumn Friday
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-09-20")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-10-10")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2024-02-16")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2024-02-18")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2024-10-12")));
  EXPECT_EQ(WorkingCalendar::StatutoryYears(), (std::vector<int>{2024, 2025, 2026}));
}

// Every workday in the table is a weekend day and every holiday line that is
// a weekday really is a rest day: a typo in the table would break this.
TEST(WorkingCalendar, TableIsConsistent) {
  for (const auto& day : ChinaStatutoryDays()) {
    auto d = ParseDate(day.date);
    ASSERT_TRUE(d.ok()) << day.date;
    std::chrono::weekday wd{*d};
    bool weekend = wd == std::chrono::Saturday || wd == std::chrono::Sunday;
    if (day.kind == WorkingCalendar::DayKind::kWorkday) {
      EXPECT_TRUE(weekend) << day.date;
    }
  }
}

TEST(WorkingCalendar, SubmissionAcrossTheUtcDayBoundary) {
  WorkingCalendar cal;
  // 2025-09-27T16:30Z is Sunday 28 September in Beijing, a worked Sunday; the
  // application counts from there, not from Saturday.
  auto day = ChinaDate("2025-09-27T16:30:00Z");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(FormatDate(*day), "2025-09-28");
  EXPECT_EQ(FormatDate(cal.AddWorkingDays(*day, 2)), "2025-09-30");
  EXPECT_EQ(FormatDate(cal.AddWorkingDays(D("2025-09-27"), 2)), "2025-09-29");
}

TEST(WorkingCalendar, ConfiguredOverrides) {
  CalendarOverrides o;
  o.holidays = {"2027-01-01", "2025-10-09"};  // next year's schedule; a local rest day
  o.workdays = {"2027-01-09", "2025-10-08"};  // a Saturday; a published holiday turned workday
  auto cal = WorkingCalendar::Create(o);
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_FALSE(cal->IsWorkingDay(D("2027-01-01")));  // Friday
  EXPECT_TRUE(cal->IsWorkingDay(D("2027-01-09")));   // Saturday
  EXPECT_TRUE(cal->IsWorkingDay(D("2025-10-08")));
  EXPECT_FALSE(cal->IsWorkingDay(D("2025-10-09")));
  // The unchanged parts of the table still apply.
  EXPECT_FALSE(cal->IsWorkingDay(D("2025-10-07")));
  EXPECT_TRUE(cal->IsWorkingDay(D("2025-09-28")));
  // The default calendar is not affected.
  WorkingCalendar plain;
  EXPECT_TRUE(plain.IsWorkingDay(D("2027-01-01")));
}

TEST(WorkingCalendar, BadOverridesAreRejected) {
  CalendarOverrides both;
  both.holidays = {"2027-01-01"};
  both.workdays = {"2027-01-01"};
  auto r = WorkingCalendar::Create(both);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), "calendar.conflicting_dates");

  CalendarOverrides bad;
  bad.holidays = {"2027-02-30"};
  auto r2 = WorkingCalendar::Create(bad);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().error_code(), "calendar.bad_date");
}

TEST(WorkingCalendar, ZeroDaysAndNegativeRanges) {
  WorkingCalendar cal;
  EXPECT_EQ(cal.AddWorkingDays(D("2025-10-01"), 0), D("2025-10-01"));
  EXPECT_EQ(cal.WorkingDaysBetween(D("2025-10-16"), D("2025-09-26")), -10);
  EXPECT_EQ(cal.WorkingDaysBetween(D("2025-10-16"), D("2025-10-16")), 0);
}

}  // namespace
}  // namespace yungu::access

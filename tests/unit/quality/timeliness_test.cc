#include <gtest/gtest.h>

#include "yungu/quality/timeliness.h"

namespace yungu::quality {
namespace {

using model::UpdateCycle;

constexpr const char* kLast = "2024-01-31T10:00:00+08:00";

Timeliness At(UpdateCycle cycle, const std::string& now) {
  auto t = CheckTimeliness(cycle, kLast, now);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : Timeliness{};
}

// The boundaries of one cycle after an update at kLast: the last second on
// time, the first second due, the last second of grace, the first second overdue.
struct Boundaries {
  UpdateCycle cycle;
  const char* due_at;
  const char* last_on_time;
  const char* first_due;
  const char* grace_end;
  const char* first_overdue;
  int64_t days_late_then;  // counted from due_at, so the grace's days are in it
};

// Hand-computed: L is the cycle, due from due_at - L/5, grace until due_at + L/10.
const Boundaries kCases[] = {
    // L = 1 h: due from 10:48, grace 6 min.
    {UpdateCycle::kRealtime, "2024-01-31T11:00:00+08:00", "2024-01-31T10:47:59+08:00", "2024-01-31T10:48:00+08:00",
     "2024-01-31T11:06:00+08:00", "2024-01-31T11:06:01+08:00", 1},
    // L = 24 h: 4.8 h before, 2.4 h after.
    {UpdateCycle::kDaily, "2024-02-01T10:00:00+08:00", "2024-02-01T05:11:59+08:00", "2024-02-01T05:12:00+08:00",
     "2024-02-01T12:24:00+08:00", "2024-02-01T12:24:01+08:00", 1},
    // L = 7 d: 33.6 h before, 16.8 h after.
    {UpdateCycle::kWeekly, "2024-02-07T10:00:00+08:00", "2024-02-06T00:23:59+08:00", "2024-02-06T00:24:00+08:00",
     "2024-02-08T02:48:00+08:00", "2024-02-08T02:48:01+08:00", 1},
    // 01-31 + 1 month = 02-29 (leap year, day clamped); L = 29 d: 5 d 19:12 before, 2 d 21:36 after.
    {UpdateCycle::kMonthly, "2024-02-29T10:00:00+08:00", "2024-02-23T14:47:59+08:00", "2024-02-23T14:48:00+08:00",
     "2024-03-03T07:36:00+08:00", "2024-03-03T07:36:01+08:00", 3},
    // 01-31 + 3 months = 04-30; L = 90 d: 18 d before, 9 d after.
    {UpdateCycle::kQuarterly, "2024-04-30T10:00:00+08:00", "2024-04-12T09:59:59+08:00", "2024-04-12T10:00:00+08:00",
     "2024-05-09T10:00:00+08:00", "2024-05-09T10:00:01+08:00", 10},
    // L = 366 d (2024 is leap): 73 d 04:48 before, 36 d 14:24 after.
    {UpdateCycle::kYearly, "2025-01-31T10:00:00+08:00", "2024-11-19T05:11:59+08:00", "2024-11-19T05:12:00+08:00",
     "2025-03-09T00:24:00+08:00", "2025-03-09T00:24:01+08:00", 37},
};

TEST(TimelinessTest, EachCycleAtItsBoundaries) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(model::UpdateCycleName(c.cycle)));
    auto before = At(c.cycle, c.last_on_time);
    EXPECT_EQ(before.status, TimelinessStatus::kOnTime);
    EXPECT_EQ(before.due_at, c.due_at);
    EXPECT_EQ(before.score, 100.0);
    EXPECT_EQ(At(c.cycle, c.first_due).status, TimelinessStatus::kDue);
    auto grace = At(c.cycle, c.grace_end);
    EXPECT_EQ(grace.status, TimelinessStatus::kDue);
    EXPECT_EQ(grace.days_late, 0);
    EXPECT_EQ(grace.score, 100.0);
    auto late = At(c.cycle, c.first_overdue);
    EXPECT_EQ(late.status, TimelinessStatus::kOverdue);
    EXPECT_EQ(late.days_late, c.days_late_then);  // a started day counts
    ASSERT_TRUE(late.score.has_value());
    EXPECT_LT(*late.score, 100.0);
    EXPECT_GT(*late.score, 89.0);  // late by just over a tenth of the cycle
  }
}

TEST(TimelinessTest, OverdueScoreFallsWithTheShareOfTheCycleLate) {
  // Weekly, due 2024-02-07 10:00; 3.5 days late is half a cycle.
  auto half = At(UpdateCycle::kWeekly, "2024-02-10T22:00:00+08:00");
  EXPECT_EQ(half.status, TimelinessStatus::kOverdue);
  EXPECT_EQ(half.days_late, 4);
  EXPECT_DOUBLE_EQ(*half.score, 50.0);
  auto way_late = At(UpdateCycle::kWeekly, "2024-03-31T00:00:00+08:00");
  EXPECT_DOUBLE_EQ(*way_late.score, 0.0);
  EXPECT_EQ(way_late.days_late, 53);
  auto daily = At(UpdateCycle::kDaily, "2024-02-04T10:00:00+08:00");
  EXPECT_EQ(daily.days_late, 3);
  EXPECT_DOUBLE_EQ(*daily.score, 0.0);
}

TEST(TimelinessTest, IrregularIsNeverOverdueAndNotScored) {
  auto t = At(UpdateCycle::kIrregular, "2030-01-01");
  EXPECT_EQ(t.status, TimelinessStatus::kOnTime);
  EXPECT_EQ(t.due_at, "");
  EXPECT_EQ(t.days_late, 0);
  EXPECT_FALSE(t.score.has_value());
}

TEST(TimelinessTest, ReadsZonesAndKeepsTheGivenTexts) {
  // 02:00Z is 10:00 in China; a date alone is China midnight.
  auto t = CheckTimeliness(UpdateCycle::kDaily, "2024-01-31T02:00:00Z", "2024-02-01");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->due_at, "2024-02-01T10:00:00+08:00");
  EXPECT_EQ(t->status, TimelinessStatus::kOnTime);
  EXPECT_EQ(t->last_update, "2024-01-31T02:00:00Z");
  EXPECT_EQ(t->checked_at, "2024-02-01");
  auto skew = CheckTimeliness(UpdateCycle::kDaily, "2024-01-31T10:00:00", "2024-01-30T10:00:00");
  ASSERT_TRUE(skew.ok());
  EXPECT_EQ(skew->status, TimelinessStatus::kOnTime);
}

TEST(TimelinessTest, RefusesUnreadableTimes) {
  auto bad = CheckTimeliness(UpdateCycle::kDaily, "", "2024-02-01");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().error_code(), "quality.bad_time");
  EXPECT_EQ(CheckTimeliness(UpdateCycle::kDaily, kLast, "tomorrow").status().error_code(), "quality.bad_time");
}

TEST(TimelinessTest, StatusNamesRoundTrip) {
  for (auto s : {TimelinessStatus::kOnTime, TimelinessStatus::kDue, TimelinessStatus::kOverdue}) {
    EXPECT_EQ(ParseTimelinessStatus(TimelinessStatusName(s)), s);
  }
  EXPECT_FALSE(ParseTimelinessStatus("late").has_value());
}

}  // namespace
}  // namespace yungu::quality

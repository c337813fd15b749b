#include <gtest/gtest.h>

#include "yungu/audit/audit_time.h"

namespace yungu::audit {
namespace {

TEST(AuditTime, FormatsMicrosecondsAndParsesThemBack) {
  int64_t t = 1772413200123456;  // 2026-03-02T01:00:00.123456Z
  EXPECT_EQ(FormatTimeMicros(t), "2026-03-02T01:00:00.123456Z");
  EXPECT_EQ(*ParseTimeMicros("2026-03-02T01:00:00.123456Z"), t);
  EXPECT_FALSE(ParseTimeMicros("2026-03-02T01:00:00Z").ok()) << "entries always have six fraction digits";
}

TEST(AuditTime, BoundsWithoutAnOffsetAreChinaTime) {
  EXPECT_EQ(FormatTimeMicros(*ParseTimeBound("2026-03-02")), "2026-03-01T16:00:00.000000Z");
  EXPECT_EQ(FormatTimeMicros(*ParseTimeBound("2026-03-02T09:30")), "2026-03-02T01:30:00.000000Z");
  EXPECT_EQ(FormatTimeMicros(*ParseTimeBound("2026-03-02 09:30:15")), "2026-03-02T01:30:15.000000Z");
  EXPECT_EQ(FormatTimeMicros(*ParseTimeBound("2026-03-02T09:30:15.5Z")), "2026-03-02T09:30:15.500000Z");
  EXPECT_EQ(FormatTimeMicros(*ParseTimeBound("2026-03-02T09:30:15-05:00")), "2026-03-02T14:30:15.000000Z");
  EXPECT_EQ(FormatTimeMicros(*ParseTimeBound("2024-02-29")), "2024-02-28T16:00:00.000000Z");
}

TEST(AuditTime, NonsenseIsABadTime) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2025-02-29", "2026-03-02T25:00",
                          "2026-03-02T09:30:15.", "2026-03-02T09:30Zjunk", "2026-3-2", "2026-03-02T09:30+8"}) {
    auto r = ParseTimeBound(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().error_code(), "audit.bad_time") << bad;
    }
  }
}

TEST(AuditTime, ChinaDayTurnsAtSixteenHundredUtc) {
  EXPECT_EQ(ChinaDay(*ParseTimeBound("2026-03-02T15:59:59Z")), "2026-03-02");
  EXPECT_EQ(ChinaDay(*ParseTimeBound("2026-03-02T16:00:00Z")), "2026-03-03");
}

}  // namespace
}  // namespace yungu::audit

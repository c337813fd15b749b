#include <gtest/gtest.h>

#include "yungu/audit/abuse_monitor.h"

namespace yungu::audit {
namespace {

std::vector<uint64_t> Range(uint64_t from, uint64_t to) {
  std::vector<uint64_t> out;
  for (uint64_t i = from; i < to; ++i) out.push_back(i);
  return out;
}

TEST(AbuseMonitor, AlertsOncePastTheThresholdCountingDistinctPersons) {
  AbuseMonitor m(100);
  EXPECT_FALSE(m.Observe("u", "2026-03-02", Range(0, 60)));
  EXPECT_FALSE(m.Observe("u", "2026-03-02", Range(0, 60))) << "the same persons again count once";
  EXPECT_FALSE(m.Observe("u", "2026-03-02", Range(60, 100))) << "exactly at the limit";
  EXPECT_FALSE(m.Observe("v", "2026-03-02", Range(0, 100))) << "another user has their own count";
  auto alert = m.Observe("u", "2026-03-02", Range(99, 103));
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(*alert, 103);
  EXPECT_FALSE(m.Observe("u", "2026-03-02", Range(200, 400))) << "one alert per user and day";
  EXPECT_TRUE(m.Observe("u", "2026-03-03", Range(0, 101)).has_value()) << "a new day counts afresh";
}

TEST(AbuseMonitor, MemoryHoldsOnlyTheCurrentDayAndUnalertedUsers) {
  AbuseMonitor m(1000);
  for (int u = 0; u < 50; ++u) (void)m.Observe("user" + std::to_string(u), "2026-03-02", Range(0, 500));
  EXPECT_EQ(m.tracked_users(), 50u);
  EXPECT_EQ(m.tracked_subjects(), 50u * 500);
  ASSERT_TRUE(m.Observe("user0", "2026-03-02", Range(500, 1001)).has_value());
  EXPECT_EQ(m.tracked_subjects(), 49u * 500) << "an alerted user's set is freed";
  (void)m.Observe("user1", "2026-03-03", Range(0, 3));
  EXPECT_EQ(m.tracked_users(), 1u) << "yesterday's counts are dropped";
  EXPECT_EQ(m.tracked_subjects(), 3u);
  EXPECT_FALSE(m.Observe("user2", "2026-03-02", Range(0, 2000))) << "a stray older day is not counted";
}

TEST(AbuseMonitor, AnAlertRaisedBeforeARestartIsNotRaisedAgain) {
  AbuseMonitor m(5, [](const std::string& user, const std::string& day) {
    return user == "u" && day == "2026-03-02";
  });
  EXPECT_FALSE(m.Observe("u", "2026-03-02", Range(0, 10)));
  EXPECT_TRUE(m.Observe("w", "2026-03-02", Range(0, 10)).has_value());
}

}  // namespace
}  // namespace yungu::audit

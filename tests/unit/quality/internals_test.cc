// The checker's building blocks: calendar arithmetic, reading values as
// their declared type, the key set.
#include <gtest/gtest.h>

#include <string>

#include "quality/civil_time.h"
#include "quality/key_hash_set.h"
#include "quality/text_util.h"
#include "quality/typed_value.h"

namespace yungu::quality::internal {
namespace {

TEST(CivilTimeTest, ReadsTheDateFormsOfImports) {
  const int64_t day = *DaysFromCivil({2024, 3, 1});
  for (const char* text : {"2024-03-01", "2024/3/1", "2024.03.01", "2024年3月1日", " 2024-03-01 "}) {
    auto m = ParseMoment(text);
    ASSERT_TRUE(m.has_value()) << text;
    EXPECT_EQ(m->china_day, day) << text;
    EXPECT_FALSE(m->has_time);
    EXPECT_EQ(m->seconds, day * kSecondsPerDay - kChinaOffsetSeconds) << text;
  }
  for (const char* text : {"2024-3/1", "2024-02-30", "20240301", "2024-03-01x", "24-03-01", ""}) {
    EXPECT_FALSE(ParseMoment(text).has_value()) << text;
  }
}

TEST(CivilTimeTest, ReadsTimesAndZones) {
  auto china = ParseMoment("2024-03-01T08:00:00");
  auto utc = ParseMoment("2024-03-01T00:00:00Z");
  auto offset = ParseMoment("2024-03-01 02:00+0100");
  auto fraction = ParseMoment("2024-03-01T08:00:00.123456+08:00");
  ASSERT_TRUE(china && utc && offset && fraction);
  EXPECT_EQ(china->seconds, utc->seconds);
  EXPECT_EQ(offset->seconds, utc->seconds + 3600);
  EXPECT_EQ(fraction->seconds, china->seconds);
  EXPECT_TRUE(china->has_time);
  // 16:30Z is already the next day in China.
  EXPECT_EQ(ParseMoment("2024-03-01T16:30:00Z")->china_day, *DaysFromCivil({2024, 3, 2}));
  for (const char* text : {"2024-03-01T24:00", "2024-03-01T08:60", "2024-03-01T8", "2024-03-01T08:00+8"}) {
    EXPECT_FALSE(ParseMoment(text).has_value()) << text;
  }
}

TEST(CivilTimeTest, StrictIsoDates) {
  EXPECT_EQ(ParseIsoDate("1970-01-02"), 1);
  EXPECT_FALSE(ParseIsoDate("2024/01/02").has_value());
  EXPECT_FALSE(ParseIsoDate("2024-1-2").has_value());
  EXPECT_FALSE(ParseIsoDate("2023-02-29").has_value());
}

TEST(CivilTimeTest, FormatsAndAddsMonthsInChinaTime) {
  const int64_t t = ParseMoment("2024-01-31T23:30:00+08:00")->seconds;
  EXPECT_EQ(FormatChinaTime(t), "2024-01-31T23:30:00+08:00");
  EXPECT_EQ(FormatChinaTime(AddMonths(t, 1)), "2024-02-29T23:30:00+08:00");
  EXPECT_EQ(FormatChinaTime(AddMonths(t, 13)), "2025-02-28T23:30:00+08:00");
  EXPECT_EQ(FormatChinaTime(AddMonths(t, 2)), "2024-03-31T23:30:00+08:00");
  EXPECT_EQ(FormatDay(-1), "1969-12-31");
  EXPECT_EQ(ChinaDayOf(-kChinaOffsetSeconds), 0);
  EXPECT_EQ(ChinaDayOf(-kChinaOffsetSeconds - 1), -1);
}

TEST(TypedValueTest, IntegersFromEveryShape) {
  EXPECT_EQ(ReadAs(ColumnType::kInteger, Value(int64_t{5})).integer, 5);
  EXPECT_EQ(ReadAs(ColumnType::kInteger, Value(std::string("+007"))).integer, 7);
  EXPECT_EQ(ReadAs(ColumnType::kInteger, Value(std::string("-9223372036854775808"))).integer, INT64_MIN);
  EXPECT_FALSE(ReadAs(ColumnType::kInteger, Value(std::string("9223372036854775808"))).valid);
  EXPECT_FALSE(ReadAs(ColumnType::kInteger, Value(std::string("1 2"))).valid);
  EXPECT_FALSE(ReadAs(ColumnType::kInteger, Value(std::string("-"))).valid);
  EXPECT_FALSE(ReadAs(ColumnType::kInteger, Value(9.3e18)).valid);
  EXPECT_TRUE(ReadAs(ColumnType::kInteger, Value(-3.0)).valid);
}

TEST(TypedValueTest, DecimalsRefuseWhatFormsShouldNotHold) {
  EXPECT_DOUBLE_EQ(ReadAs(ColumnType::kDecimal, Value(std::string("+1.5e2"))).number, 150.0);
  for (const char* text : {"inf", "nan", ".5", "5.", "1e", "0x10", "1,000"}) {
    EXPECT_FALSE(ReadAs(ColumnType::kDecimal, Value(std::string(text))).valid) << text;
  }
}

TEST(TypedValueTest, CanonicalTextsMatchAcrossShapes) {
  auto canon = [](ColumnType type, const Value& v) {
    const TypedValue typed = ReadAs(type, v);
    EXPECT_TRUE(typed.valid);
    return CanonicalText(type, typed, std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "");
  };
  EXPECT_EQ(canon(ColumnType::kInteger, Value(std::string("01"))), canon(ColumnType::kInteger, Value(int64_t{1})));
  EXPECT_EQ(canon(ColumnType::kDecimal, Value(std::string("0.50"))), "0.5");
  EXPECT_EQ(canon(ColumnType::kDecimal, Value(std::string("-0"))), "0");
  EXPECT_EQ(canon(ColumnType::kBoolean, Value(std::string("YES"))), "true");
  EXPECT_EQ(canon(ColumnType::kDate, Value(std::string("2024/3/1"))), "2024-03-01");
  EXPECT_EQ(canon(ColumnType::kDateTime, Value(std::string("2024-03-01T00:00:00Z"))), "2024-03-01T08:00:00+08:00");
}

TEST(KeyHashSetTest, RemembersTheFirstRowAcrossGrowth) {
  KeyHashSet set;
  for (int64_t i = 1; i <= 5000; ++i) EXPECT_EQ(set.Insert("key" + std::to_string(i), i), 0);
  EXPECT_EQ(set.size(), 5000u);
  EXPECT_GE(set.memory_bytes(), 5000u * 24);
  for (int64_t i = 1; i <= 5000; ++i) EXPECT_EQ(set.Insert("key" + std::to_string(i), 9000 + i), i);
  EXPECT_EQ(set.size(), 5000u);
  EXPECT_EQ(set.Insert("", 1), 0);
  EXPECT_EQ(set.Insert("", 2), 1);
}

TEST(TextUtilTest, Utf8AndBlanks) {
  EXPECT_TRUE(IsValidUtf8("襄阳 abc"));
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE8\xA5", "\x80"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
  }
  EXPECT_TRUE(IsBlankText(" \t\xE3\x80\x80"));
  EXPECT_FALSE(IsBlankText(" x "));
}

}  // namespace
}  // namespace yungu::quality::internal

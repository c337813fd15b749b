#include "yungu/ingest/value_parser.h"

#include <gtest/gtest.h>

namespace yungu::ingest {
namespace {

constexpr auto kInt = ColumnType::kInteger;
constexpr auto kDec = ColumnType::kDecimal;
constexpr auto kBool = ColumnType::kBoolean;
constexpr auto kDate = ColumnType::kDate;
constexpr auto kDt = ColumnType::kDateTime;
constexpr auto kText = ColumnType::kText;

TEST(InferType, Integers) {
  for (const char* s : {"0", "-12", "+3", "42", " 7 ", "9223372036854775807", "-9223372036854775808", "-0"}) {
    EXPECT_EQ(InferType(s), kInt) << s;
  }
  // Leading zeros and int64 overflow mean an identifier: text.
  for (const char* s : {"007", "00", "+01", "9223372036854775808", "420106198001011234567", "1 2", "12a", "--1", "+"}) {
    EXPECT_EQ(InferType(s), kText) << s;
  }
}

TEST(InferType, Decimals) {
  for (const char* s : {"3.14", "-0.5", "1e5", "2.5E-3", "+1.0", "0.0", "123456789012345678901234.5"}) {
    EXPECT_EQ(InferType(s), kDec) << s;
  }
  for (const char* s : {"1,234.5", ".5", "5.", "1e", "1e+", "01.5", "inf", "nan", "NaN", "0x1A", "1.2.3", "1e999"}) {
    EXPECT_EQ(InferType(s), kText) << s;
  }
}

TEST(InferType, Booleans) {
  for (const char* s : {"true", "FALSE", "Yes", "no", "是", "否", "True"}) EXPECT_EQ(InferType(s), kBool) << s;
  for (const char* s : {"0", "1"}) EXPECT_EQ(InferType(s), kInt) << s;
  for (const char* s : {"t", "y", "on", "对"}) EXPECT_EQ(InferType(s), kText) << s;
}

TEST(InferType, Dates) {
  for (const char* s : {"2024-03-01", "2024/3/1", "2024.12.31", "2024年3月1日", "2024年03月01日", "2024-02-29"}) {
    EXPECT_EQ(InferType(s), kDate) << s;
  }
  for (const char* s : {"20240301", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-3/1", "24-03-01",
                        "2024年3月1", "0000-01-01", "2024-03-01x", "2024-003-01"}) {
    EXPECT_NE(InferType(s), kDate) << s;
  }
  EXPECT_EQ(InferType("20240301"), kInt);
}

TEST(InferType, DateTimes) {
  for (const char* s :
       {"2024-03-01 08:00", "2024-03-01T08:00:05", "2024-03-01 8:00", "2024/03/01 23:59:59.123", "2024-03-01T08:00:00Z",
        "2024-03-01T08:00:00+08:00", "2024-03-01T08:00-05:30", "2024年3月1日 14:30"}) {
    EXPECT_EQ(InferType(s), kDt) << s;
  }
  for (const char* s : {"2024-03-01 24:00", "2024-03-01 08:60", "2024-03-01 08", "2024-03-01T08:00:00+8",
                        "2024-03-01 08:00:00 x", "2024-03-01  08:00"}) {
    EXPECT_NE(InferType(s), kDt) << s;
  }
}

TEST(InferType, TextAndBlank) {
  EXPECT_EQ(InferType("襄阳市某某科技有限公司"), kText);
  EXPECT_EQ(InferType("91420600MA4F2XXX1X"), kText);
  EXPECT_EQ(InferType(""), kText);
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t "));
  EXPECT_FALSE(IsBlank(" x "));
}

TEST(WidenType, Table) {
  const ColumnType all[] = {kInt, kDec, kBool, kDate, kDt, kText};
  for (ColumnType a : all) {
    EXPECT_EQ(WidenType(a, a), a);
    EXPECT_EQ(WidenType(a, kText), kText);
    for (ColumnType b : all) EXPECT_EQ(WidenType(a, b), WidenType(b, a));
  }
  EXPECT_EQ(WidenType(kInt, kDec), kDec);
  EXPECT_EQ(WidenType(kDate, kDt), kDt);
  EXPECT_EQ(WidenType(kInt, kBool), kText);
  EXPECT_EQ(WidenType(kInt, kDate), kText);
  EXPECT_EQ(WidenType(kDec, kDt), kText);
  EXPECT_EQ(WidenType(kBool, kDate), kText);
}

template <typename T>
T Get(const Result<Value>& r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(std::holds_alternative<T>(*r));
  return std::get<T>(*r);
}

TEST(ParseValue, Integers) {
  EXPECT_EQ(Get<int64_t>(ParseValue(kInt, "-12")), -12);
  EXPECT_EQ(Get<int64_t>(ParseValue(kInt, "+3")), 3);
  EXPECT_EQ(Get<int64_t>(ParseValue(kInt, " 42 ")), 42);
  EXPECT_EQ(Get<int64_t>(ParseValue(kInt, "007")), 7);  // the column is declared integer
  EXPECT_EQ(Get<int64_t>(ParseValue(kInt, "-9223372036854775808")), INT64_MIN);
  auto bad = ParseValue(kInt, "abc");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().error_code(), "ingest.bad_value");
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "'abc' is not a valid integer");
  EXPECT_FALSE(ParseValue(kInt, "1.5").ok());
  EXPECT_FALSE(ParseValue(kInt, "9223372036854775808").ok());
}

TEST(ParseValue, Decimals) {
  EXPECT_DOUBLE_EQ(Get<double>(ParseValue(kDec, "3.14")), 3.14);
  EXPECT_DOUBLE_EQ(Get<double>(ParseValue(kDec, "-0.5")), -0.5);
  EXPECT_DOUBLE_EQ(Get<double>(ParseValue(kDec, "1e5")), 100000.0);
  EXPECT_DOUBLE_EQ(Get<double>(ParseValue(kDec, "+12")), 12.0);
  EXPECT_FALSE(ParseValue(kDec, "1,234.5").ok());
  EXPECT_FALSE(ParseValue(kDec, "nan").ok());
  EXPECT_FALSE(ParseValue(kDec, "1e999").ok());
}

TEST(ParseValue, Booleans) {
  EXPECT_TRUE(Get<bool>(ParseValue(kBool, "TRUE")));
  EXPECT_FALSE(Get<bool>(ParseValue(kBool, "否")));
  EXPECT_TRUE(Get<bool>(ParseValue(kBool, "1")));
  EXPECT_FALSE(Get<bool>(ParseValue(kBool, "0")));
  EXPECT_FALSE(ParseValue(kBool, "maybe").ok());
}

TEST(ParseValue, DatesNormaliseAndValidateTheCalendar) {
  EXPECT_EQ(Get<Date>(ParseValue(kDate, "2024/3/1")).iso, "2024-03-01");
  EXPECT_EQ(Get<Date>(ParseValue(kDate, "2024.12.31")).iso, "2024-12-31");
  EXPECT_EQ(Get<Date>(ParseValue(kDate, "2024年3月1日")).iso, "2024-03-01");
  EXPECT_EQ(Get<Date>(ParseValue(kDate, "2024-02-29")).iso, "2024-02-29");  // leap year
  EXPECT_EQ(Get<Date>(ParseValue(kDate, "2000-02-29")).iso, "2000-02-29");  // 400-year rule
  auto not_leap = ParseValue(kDate, "2023-02-29");
  ASSERT_FALSE(not_leap.ok());
  EXPECT_EQ(not_leap.status().message(), "'2023-02-29' is not a valid date");
  EXPECT_FALSE(ParseValue(kDate, "1900-02-29").ok());  // 100-year rule
  EXPECT_FALSE(ParseValue(kDate, "2024-03-01 08:00").ok());
}

TEST(ParseValue, DateTimes) {
  EXPECT_EQ(Get<DateTime>(ParseValue(kDt, "2024-03-01 08:00")).iso, "2024-03-01T08:00:00");
  EXPECT_EQ(Get<DateTime>(ParseValue(kDt, "2024/3/1 8:05:09")).iso, "2024-03-01T08:05:09");
  EXPECT_EQ(Get<DateTime>(ParseValue(kDt, "2024-03-01T08:00:00.250Z")).iso, "2024-03-01T08:00:00.250Z");
  EXPECT_EQ(Get<DateTime>(ParseValue(kDt, "2024-03-01t08:00+08:00")).iso, "2024-03-01T08:00:00+08:00");
  EXPECT_EQ(Get<DateTime>(ParseValue(kDt, "2024年3月1日 14:30")).iso, "2024-03-01T14:30:00");
  EXPECT_EQ(Get<DateTime>(ParseValue(kDt, "2024-03-01")).iso, "2024-03-01T00:00:00");
  EXPECT_FALSE(ParseValue(kDt, "2023-02-29 10:00").ok());
  EXPECT_FALSE(ParseValue(kDt, "yesterday").ok());
}

TEST(ParseValue, NullsAndText) {
  for (ColumnType t : {kInt, kDec, kBool, kDate, kDt, kText}) {
    auto r = ParseValue(t, "");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(IsNull(*r));
  }
  EXPECT_TRUE(IsNull(*ParseValue(kInt, "  ")));
  EXPECT_EQ(Get<std::string>(ParseValue(kText, "  ")), "  ");  // text keeps spaces
  EXPECT_EQ(Get<std::string>(ParseValue(kText, "007")), "007");
}

TEST(ParseValue, LongBadValuesAreShortenedInMessages) {
  std::string big(1000, 'x');
  auto r = ParseValue(kInt, big);
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.status().message().size(), 120u);
}

TEST(InferType, AgreesWithParseValue) {
  for (const char* s : {"-12", "3.14", "1e5", "是", "2024年3月1日", "2024-03-01 08:00:00.5+08:00", "007", "abc"}) {
    ColumnType t = InferType(s);
    EXPECT_TRUE(ParseValue(t, s).ok()) << s;
  }
}

}  // namespace
}  // namespace yungu::ingest

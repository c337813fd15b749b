#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "yungu/output/row_writer.h"

namespace yungu::output {
namespace {

std::string Str(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

std::string Val(const Value& v) {
  std::string out;
  AppendJsonValue(out, v);
  return out;
}

TEST(JsonEncodeTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Str(""), R"("")");
  EXPECT_EQ(Str("plain text"), R"("plain text")");
  EXPECT_EQ(Str("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(Str("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(Str(std::string_view("\x01\x1f\0", 3)), R"("\u0001\u001f\u0000")");
  EXPECT_EQ(Str("\x7f/"), "\"\x7f/\"");  // DEL and '/' need no escape
}

TEST(JsonEncodeTest, KeepsNonAsciiAsIs) {
  EXPECT_EQ(Str("北京市 财政局"), "\"北京市 财政局\"");
  EXPECT_EQ(Str("emoji \xF0\x9F\x98\x80"), "\"emoji \xF0\x9F\x98\x80\"");
  EXPECT_EQ(Str("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\"");  // a real U+FFFD stays
}

TEST(JsonEncodeTest, ReplacesInvalidUtf8) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(Str("a\x80z"), "\"a" + r + "z\"");  // stray continuation byte
  EXPECT_EQ(Str("a\xC3"), "\"a" + r + "\"");    // truncated at end
  EXPECT_EQ(Str("\xE5\x8C"
                "x"),
            "\"" + r + "x\"");                                      // truncated mid-text: one U+FFFD
  EXPECT_EQ(Str("\xC0\x80"), "\"" + r + r + "\"");                  // overlong NUL
  EXPECT_EQ(Str("\xED\xA0\x80"), "\"" + r + r + r + "\"");          // UTF-16 surrogate
  EXPECT_EQ(Str("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(Str("\xFF\xFE"), "\"" + r + r + "\"");
  EXPECT_EQ(Str("中\xFF文"), "\"中" + r + "文\"");
}

TEST(JsonEncodeTest, ScalarValues) {
  EXPECT_EQ(Val(Value{}), "null");
  EXPECT_EQ(Val(Value{int64_t{42}}), "42");
  EXPECT_EQ(Val(Value{std::numeric_limits<int64_t>::max()}), "9223372036854775807");
  EXPECT_EQ(Val(Value{std::numeric_limits<int64_t>::min()}), "-9223372036854775808");
  EXPECT_EQ(Val(Value{true}), "true");
  EXPECT_EQ(Val(Value{false}), "false");
  EXPECT_EQ(Val(Value{Date{"2024-03-01"}}), R"("2024-03-01")");
  EXPECT_EQ(Val(Value{DateTime{"2024-03-01T08:00:00"}}), R"("2024-03-01T08:00:00")");
  EXPECT_EQ(Val(Value{std::string("x\"y")}), R"("x\"y")");
}

TEST(JsonEncodeTest, DoublesAreShortestAndRoundTrip) {
  EXPECT_EQ(Val(Value{0.1}), "0.1");
  EXPECT_EQ(Val(Value{1.5}), "1.5");
  EXPECT_EQ(Val(Value{-2.0}), "-2");
  EXPECT_EQ(Val(Value{std::nan("")}), "null");
  EXPECT_EQ(Val(Value{std::numeric_limits<double>::infinity()}), "null");
  EXPECT_EQ(Val(Value{-std::numeric_limits<double>::infinity()}), "null");
  for (double d : {0.1 + 0.2, 1.0 / 3, 1e300, -1e-300, 5e-324, 123456789.123456789, 2.0e22, 9007199254740993.0,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::min()}) {
    const std::string text = Val(Value{d});
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), d) << text;
  }
}

TEST(JsonEncodeTest, AppendsToExistingText) {
  std::string out = "[";
  AppendJsonValue(out, Value{int64_t{1}});
  out += ',';
  AppendJsonString(out, "a");
  EXPECT_EQ(out, R"([1,"a")");
}

}  // namespace
}  // namespace yungu::output

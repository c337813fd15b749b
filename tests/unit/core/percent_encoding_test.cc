#include <gtest/gtest.h>

#include "yungu/core/percent_encoding.h"

namespace yungu {
namespace {

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("abc-XYZ_0.9~"), "abc-XYZ_0.9~");
  EXPECT_EQ(PercentEncode("a b&c=d/e?f#g%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%25");
  EXPECT_EQ(PercentEncode("{\"a\":1}"), "%7B%22a%22%3A1%7D");
  EXPECT_EQ(PercentEncode("交通"), "%E4%BA%A4%E9%80%9A");
  EXPECT_EQ(PercentEncode(std::string_view("\0\n", 2)), "%00%0A");
  EXPECT_EQ(PercentEncode(""), "");
}

}  // namespace
}  // namespace yungu

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

TEST(EmailTest, AcceptsCommonAddresses) {
  for (const char* a : {"zhang.san@xiangyang.gov.cn", "li_si+news@163.com", "a1@b-c.org"}) {
    EXPECT_TRUE(ValidateEmail(a).valid) << a;
  }
}

TEST(EmailTest, NamesTheFirstProblem) {
  EXPECT_EQ(ValidateEmail("a@b.c").reason, "length");
  EXPECT_EQ(ValidateEmail("张三@163.com").reason, "charset");
  EXPECT_EQ(ValidateEmail("zhang san@163.com").reason, "charset");
  EXPECT_EQ(ValidateEmail("no-at-sign.example.com").reason, "local_part");
  EXPECT_EQ(ValidateEmail(".lead@163.com").reason, "local_part");
  EXPECT_EQ(ValidateEmail("a..b@163.com").reason, "local_part");
  EXPECT_EQ(ValidateEmail("user@localhost").reason, "domain");
  EXPECT_EQ(ValidateEmail("user@-bad.com").reason, "domain");
  EXPECT_EQ(ValidateEmail("user@example.c0m").reason, "domain");
  EXPECT_EQ(ValidateEmail("user@example..com").reason, "domain");
}

}  // namespace
}  // namespace yungu::identifiers

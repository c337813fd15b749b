#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

struct BatchRun {
  int64_t invalid;
  std::string out;
};

BatchRun ValidateText(Kind kind, const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  const int64_t invalid = ValidateLines(kind, in, out);
  return {invalid, out.str()};
}

TEST(ValidateLines, ReportsEachLine) {
  const BatchRun r = ValidateText(Kind::kCitizenId,
                             "11010519491231002X\n"
                             "110105194912310021\n"
                             "110105491231002\n"
                             "99010519491231002X\n");
  EXPECT_EQ(r.invalid, 2);
  EXPECT_EQ(r.out,
            "11010519491231002X\tvalid\n"
            "110105194912310021\tinvalid:checksum\n"
            "110105491231002\tvalid\n"
            "99010519491231002X\tinvalid:region\n");
}

TEST(ValidateLines, TrimsCarriageReturnsAndSpaces) {
  const BatchRun r = ValidateText(Kind::kUscc,
                             "  91350100M000100Y43  \r\n"
                             "\t91110000600001760P\r\n"
                             "91110000600001760Q\r\n");
  EXPECT_EQ(r.invalid, 1);
  EXPECT_EQ(r.out,
            "91350100M000100Y43\tvalid\n"
            "91110000600001760P\tvalid\n"
            "91110000600001760Q\tinvalid:checksum\n");
}

TEST(ValidateLines, LastLineWithoutNewline) {
  const BatchRun r = ValidateText(Kind::kMobile, "13812345678\n12812345678");
  EXPECT_EQ(r.invalid, 1);
  EXPECT_EQ(r.out, "13812345678\tvalid\n12812345678\tinvalid:prefix\n");
}

TEST(ValidateLines, SkipsBlankLinesAndByteOrderMark) {
  const BatchRun r = ValidateText(Kind::kBankCard,
                             "\xEF\xBB\xBF"
                             "4111111111111111\n"
                             "\n"
                             "   \r\n"
                             "4111 1111 1111 1111\n");
  EXPECT_EQ(r.invalid, 1);
  EXPECT_EQ(r.out, "4111111111111111\tvalid\n4111 1111 1111 1111\tinvalid:charset\n");
}

TEST(ValidateLines, EmptyInput) {
  const BatchRun r = ValidateText(Kind::kUscc, "");
  EXPECT_EQ(r.invalid, 0);
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace yungu::identifiers

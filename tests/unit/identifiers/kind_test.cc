#include <optional>

#include <gtest/gtest.h>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers {
namespace {

TEST(ParseKind, AcceptsNamesAndAliases) {
  EXPECT_EQ(ParseKind("uscc"), Kind::kUscc);
  EXPECT_EQ(ParseKind("id"), Kind::kCitizenId);
  EXPECT_EQ(ParseKind("citizen_id"), Kind::kCitizenId);
  EXPECT_EQ(ParseKind("phone"), Kind::kMobile);
  EXPECT_EQ(ParseKind("mobile"), Kind::kMobile);
  EXPECT_EQ(ParseKind("bankcard"), Kind::kBankCard);
  EXPECT_EQ(ParseKind("bank_card"), Kind::kBankCard);
}

TEST(ParseKind, RejectsOtherNames) {
  EXPECT_EQ(ParseKind(""), std::nullopt);
  EXPECT_EQ(ParseKind("USCC"), std::nullopt);
  EXPECT_EQ(ParseKind("uscc "), std::nullopt);
  EXPECT_EQ(ParseKind("email"), std::nullopt);
  EXPECT_EQ(ParseKind("bank-card"), std::nullopt);
}

TEST(Validate, DispatchesOnKind) {
  EXPECT_TRUE(Validate(Kind::kUscc, "91110000600001760P").valid);
  EXPECT_EQ(Validate(Kind::kUscc, "4111111111111111").reason, "length");
  EXPECT_TRUE(Validate(Kind::kCitizenId, "11010519491231002X").valid);
  EXPECT_EQ(Validate(Kind::kCitizenId, "13812345678").reason, "length");
  EXPECT_TRUE(Validate(Kind::kMobile, "13812345678").valid);
  EXPECT_EQ(Validate(Kind::kMobile, "4111111111111111").reason, "length");
  EXPECT_TRUE(Validate(Kind::kBankCard, "4111111111111111").valid);
  EXPECT_EQ(Validate(Kind::kBankCard, "13812345678").reason, "length");
}

}  // namespace
}  // namespace yungu::identifiers

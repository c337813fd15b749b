// Password hashing (argon2id), the password policy and password changes.
#include <gtest/gtest.h>

#include "access/identity_internal.h"
#include "unit/access/identity_test_fixture.h"

namespace yungu::access::testing {
namespace {

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
  internal::PasswordHasher hasher(PasswordCost::kFast);
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse batterz"));
  EXPECT_FALSE(hasher.Verify(*hash, ""));
  EXPECT_FALSE(hasher.Verify("", "correct horse battery"));
  EXPECT_FALSE(hasher.Verify("not a hash", "correct horse battery"));
}

TEST(PasswordHasher, SaltsEveryHash) {
  internal::PasswordHasher hasher(PasswordCost::kFast);
  auto a = hasher.Hash("same password here");
  auto b = hasher.Hash("same password here");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher.Verify(*b, "same password here"));
}

TEST(PasswordHasher, InteractiveCostUsesLibsodiumsInteractiveLimits) {
  internal::PasswordHasher hasher(PasswordCost::kInteractive);
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  // 64 MiB and two passes, encoded in the hash itself.
  EXPECT_NE(hash->find("m=65536,t=2"), std::string::npos) << *hash;
  // A hash records its own cost, so any hasher verifies it.
  EXPECT_TRUE(internal::PasswordHasher(PasswordCost::kFast).Verify(*hash, "correct horse battery"));
}

TEST(PasswordHasher, CostNames) {
  EXPECT_EQ(ParsePasswordCost("interactive"), PasswordCost::kInteractive);
  EXPECT_EQ(ParsePasswordCost("moderate"), PasswordCost::kModerate);
  EXPECT_EQ(ParsePasswordCost("fast"), PasswordCost::kFast);
  EXPECT_FALSE(ParsePasswordCost("none").has_value());
}

class PasswordPolicyTest : public IdentityFixture {};

TEST_F(PasswordPolicyTest, NeedsTenCharactersAndNotTheUsername) {
  EXPECT_EQ(identity().CheckPasswordPolicy("alice", "short").error_code(), "auth.weak_password");
  EXPECT_EQ(identity().CheckPasswordPolicy("alice", "123456789").error_code(), "auth.weak_password");
  EXPECT_TRUE(identity().CheckPasswordPolicy("alice", "1234567890").ok());
  // Characters, not bytes: ten Chinese characters are enough, five are not.
  EXPECT_TRUE(identity().CheckPasswordPolicy("alice", "襄阳市政务服务数据局").ok());
  EXPECT_FALSE(identity().CheckPasswordPolicy("alice", "襄阳市政务").ok());
  EXPECT_EQ(identity().CheckPasswordPolicy("administrator", "Administrator").error_code(), "auth.weak_password");
  EXPECT_FALSE(identity().CheckPasswordPolicy("alice", std::string(2000, 'x')).ok());
}

TEST_F(PasswordPolicyTest, CreateUserStoresOnlyTheHash) {
  auto u = MakeUser("alice", Role::kPublicUser);
  auto stored = store().identity().GetUser(u.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(stored->password_hash.find("correct horse battery"), std::string::npos);

  NewUser weak{"bob", "", "", static_cast<uint32_t>(Role::kPublicUser), "bob"};
  EXPECT_EQ(identity().CreateUser(weak).status().error_code(), "auth.weak_password");
}

TEST_F(PasswordPolicyTest, AdminResetAndOwnChange) {
  auto u = MakeUser("alice", Role::kPublicUser);
  ASSERT_TRUE(identity().SetPassword(u.id, "a brand new secret").ok());
  EXPECT_FALSE(identity().Login("alice", "correct horse battery", "10.0.0.1").status.ok());
  EXPECT_TRUE(identity().Login("alice", "a brand new secret", "10.0.0.1").status.ok());

  EXPECT_EQ(identity().ChangePassword(u.id, "wrong current pw", "another new secret", "").error_code(),
            "auth.wrong_password");
  EXPECT_EQ(identity().ChangePassword(u.id, "a brand new secret", "short", "").error_code(), "auth.weak_password");
  ASSERT_TRUE(identity().ChangePassword(u.id, "a brand new secret", "another new secret", "").ok());
  EXPECT_TRUE(identity().Login("alice", "another new secret", "10.0.0.1").status.ok());
}

TEST(GeneratedPasswords, AreLongRandomAndUnambiguous) {
  std::string a = GeneratePassword(), b = GeneratePassword();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_NE(a, b);
  for (char c : a + b) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
    EXPECT_EQ(std::string("0O1lI").find(c), std::string::npos) << c;
  }
}

}  // namespace
}  // namespace yungu::access::testing

// A scratch store with two departments (one below the other) and a third
// apart, an IdentityService on it with cheap password hashing and a clock
// the test moves by hand.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "yungu/access/identity_service.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::access::testing {

class IdentityFixture : public ::testing::Test {
 protected:
  using TimePoint = std::chrono::system_clock::time_point;

  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("yungu_identity_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(std::random_device{}()));
    auto store = storage::OpenSqliteStore(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->PutDepartment({"CITY", "市政府", "", "", ""}).ok());
    ASSERT_TRUE(store_->PutDepartment({"SCJG", "市场监管局", "", "CITY", ""}).ok());
    ASSERT_TRUE(store_->PutDepartment({"SCJG-XC", "襄城区市场监管所", "", "SCJG", ""}).ok());
    ASSERT_TRUE(store_->PutDepartment({"STHJ", "生态环境局", "", "", ""}).ok());
    Reopen();
  }

  void TearDown() override {
    identity_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A new service on the same store (as after a restart), with `adjust`
  // applied to the test options.
  void Reopen(const std::function<void(IdentityOptions&)>& adjust = {}) {
    identity_.reset();
    IdentityOptions o;
    o.password_cost = PasswordCost::kFast;
    o.background_flush = false;
    auto now = now_;
    o.clock = [now] { return TimePoint(std::chrono::seconds(now->load())); };
    if (adjust) adjust(o);
    identity_ = std::make_unique<IdentityService>(*store_, o);
  }

  void Advance(std::chrono::seconds by) { *now_ += by.count(); }

  storage::UserRecord MakeUser(const std::string& username, Role role, const std::string& department = "",
                               const std::string& password = "correct horse battery") {
    NewUser u;
    u.username = username;
    u.roles = static_cast<uint32_t>(role);
    u.department = department;
    u.password = password;
    auto created = identity_->CreateUser(u);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : storage::UserRecord{};
  }

  IdentityService& identity() { return *identity_; }
  storage::Store& store() { return *store_; }

  std::filesystem::path dir_;
  // 2024-05-01T08:00:00Z, in seconds since the epoch.
  std::shared_ptr<std::atomic<int64_t>> now_ = std::make_shared<std::atomic<int64_t>>(1714550400);
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<IdentityService> identity_;
};

}  // namespace yungu::access::testing

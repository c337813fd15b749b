// A WorkflowService on a scratch SQLite store with a hand-set clock, a few
// departments and datasets, and one principal per kind of user.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "yungu/access/workflow_service.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::access::testing {

inline Principal User(const std::string& id, const std::string& department, std::initializer_list<Role> roles) {
  Principal p;
  p.via = Principal::Via::kToken;
  p.user_id = id;
  p.username = id.substr(2);
  p.department = department;
  for (Role r : roles) p.roles |= static_cast<uint32_t>(r);
  p.scope = Scope::kWrite;
  p.client_address = "127.0.0.1";
  return p;
}

inline ApplicationFilter Applications(const std::string& role, const std::string& status = "") {
  ApplicationFilter f;
  f.role = role;
  f.status = status;
  return f;
}

inline GrantFilter Grants(const std::string& role) {
  GrantFilter f;
  f.role = role;
  return f;
}

class WorkflowFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("yungu_workflow_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
            std::to_string(std::random_device{}()));
    storage::SqliteOptions options;
    options.now = [clock = clock_] { return clock->Get(); };
    auto store = storage::OpenSqliteStore(dir_, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    for (auto d : {model::Department{"SCJG", "市市场监督管理局", "Market Regulation", "", "420600"},
                   model::Department{"SCJG-XC", "襄城区市场监督管理局", "", "SCJG", "420602"},
                   model::Department{"GAJ", "市公安局", "Public Security", "", "420600"},
                   model::Department{"WJW", "市卫生健康委员会", "Health Commission", "", "420600"}}) {
      ASSERT_TRUE(store_->PutDepartment(d).ok());
    }
    AddDataset("enterprises", "SCJG", model::SharingType::kConditional, model::OpeningType::kConditional);
    AddDataset("weather", "SCJG", model::SharingType::kUnconditional, model::OpeningType::kUnconditional);
    AddDataset("closed", "SCJG", model::SharingType::kNone, model::OpeningType::kNone);
    AddDataset("shared-only", "SCJG", model::SharingType::kConditional, model::OpeningType::kNone);
    AddDataset("district-firms", "SCJG-XC", model::SharingType::kConditional, model::OpeningType::kNone);
    StartService();
  }

  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void StartService(WorkflowOptions options = {}) {
    service_.reset();
    options.now = [clock = clock_] { return clock->Get(); };
    if (options.sweep_interval == WorkflowOptions{}.sweep_interval) options.sweep_interval = std::chrono::milliseconds(0);
    service_ = std::make_unique<WorkflowService>(*store_, WorkingCalendar(), std::move(options));
  }

  void AddDataset(const std::string& id, const std::string& department, model::SharingType sharing,
                  model::OpeningType opening) {
    model::DatasetMeta m;
    m.id = id;
    m.name = id + " 数据";
    m.department = department;
    m.sharing_type = sharing;
    m.opening_type = opening;
    m.publish_date = "2025-01-01";
    for (const char* f : {"uscc", "name", "district", "capital", "legal_person"}) {
      model::FieldDef def;
      def.name = f;
      def.title = f;
      m.fields.push_back(def);
    }
    ASSERT_TRUE(store_->CreateDataset(m).ok()) << id;
  }

  void SetNow(const std::string& now) { clock_->Set(now); }

  static ApplicationInput Request() {
    ApplicationInput in;
    in.purpose = "核查涉案企业登记信息";
    in.legal_basis = "《中华人民共和国治安管理处罚法》";
    in.fields = {"uscc", "name", "district", "capital"};
    in.duration_days = 90;
    return in;
  }

  // Kinds of users.
  Principal alice_ = User("u-alice", "GAJ", {Role::kGovernmentUser});                // applicant (sharing)
  Principal officer_ = User("u-officer", "SCJG", {Role::kDataOfficer});              // provider's approver
  Principal dept_admin_ = User("u-deptadmin", "SCJG", {Role::kDepartmentAdmin});     // provider's approver
  Principal clerk_ = User("u-clerk", "SCJG", {Role::kGovernmentUser});              // provider, not approver
  Principal other_officer_ = User("u-wjw", "WJW", {Role::kDataOfficer});            // another department
  Principal admin_ = User("u-admin", "", {Role::kPlatformAdmin});
  Principal public_ = User("u-pub", "", {Role::kPublicUser});
  Principal auditor_ = User("u-auditor", "", {Role::kAuditor});

  // Read by the background sweep while the test moves it.
  struct Clock {
    std::mutex mu;
    std::string now = "2025-09-26T02:00:00Z";  // Friday, 10:00 in Beijing
    std::string Get() {
      std::lock_guard lock(mu);
      return now;
    }
    void Set(const std::string& t) {
      std::lock_guard lock(mu);
      now = t;
    }
  };
  std::shared_ptr<Clock> clock_ = std::make_shared<Clock>();
  std::filesystem::path dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<WorkflowService> service_;
};

}  // namespace yungu::access::testing

// Reads and downloads counted in memory reach the store: at once when the
// interval is 0, on Flush, and when the counter is destroyed.
#include "server/usage_counter.h"

#include <gtest/gtest.h>

#include "test_server.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::server {
namespace {

class UsageCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenSqliteStore(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->PutDepartment({"SCJG", "市市场监督管理局", "", "", ""}).ok());
    model::DatasetMeta meta;
    meta.id = "registry";
    meta.name = "企业登记";
    meta.department = "SCJG";
    ASSERT_TRUE(store_->CreateDataset(meta).ok());
  }
  int64_t Reads() { return store_->GetDataset("registry")->reads; }
  int64_t Downloads() { return store_->GetDataset("registry")->downloads; }

  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(UsageCounterTest, BatchesUntilFlushed) {
  UsageCounter counter(*store_, 3600);
  counter.AddRead("registry");
  counter.AddRead("registry");
  counter.AddDownload("registry");
  EXPECT_EQ(Reads(), 0);
  ASSERT_TRUE(counter.Flush().ok());
  EXPECT_EQ(Reads(), 2);
  EXPECT_EQ(Downloads(), 1);
  ASSERT_TRUE(counter.Flush().ok());  // nothing pending: nothing added twice
  EXPECT_EQ(Reads(), 2);
}

TEST_F(UsageCounterTest, WritesAtOnceWithoutInterval) {
  UsageCounter counter(*store_, 0);
  counter.AddDownload("registry");
  EXPECT_EQ(Downloads(), 1);
}

TEST_F(UsageCounterTest, SavesPendingCountsWhenDestroyed) {
  {
    UsageCounter counter(*store_, 3600);
    for (int i = 0; i < 7; ++i) counter.AddRead("registry");
    counter.AddRead("deleted-meanwhile");
  }
  EXPECT_EQ(Reads(), 7);
}

}  // namespace
}  // namespace yungu::server

// The scheduler runs each harvest at start and then at its interval, and
// stops promptly.
#include <gtest/gtest.h>

#include <thread>

#include "unit/harvest/fake_sources.h"
#include "yungu/harvest/scheduler.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::harvest {
namespace {

using namespace std::chrono_literals;

TEST(SchedulerTest, HarvestsAtStartThenAtItsInterval) {
  fakes::ScratchDir dir;
  auto store = storage::OpenSqliteStore(dir.path());
  ASSERT_TRUE(store.ok());
  fakes::FakeCkan ckan;
  ckan.packages = {fakes::Package("bus-lines", "jtys", "2024-01-01T00:00:01")};
  ScheduledHarvest h;
  h.options.source = "http://ckan.test";
  h.every = 50ms;
  std::atomic<int> changes{0};
  HarvestScheduler scheduler(
      **store, {h},
      [&](const Change&) {
        ++changes;
        return Status::Ok();
      },
      [&] { return std::make_unique<fakes::FakeHttp>(ckan.Client()); });
  scheduler.Start();
  for (int i = 0; i < 200 && scheduler.runs() < 3; ++i) std::this_thread::sleep_for(10ms);
  scheduler.Stop();
  EXPECT_GE(scheduler.runs(), 3);
  EXPECT_TRUE((*store)->GetDataset("bus-lines").ok());
  EXPECT_EQ(changes.load(), 2);  // the department and the dataset, once: later runs find nothing new
}

TEST(SchedulerTest, StopsWithoutWaitingForTheNextRun) {
  fakes::ScratchDir dir;
  auto store = storage::OpenSqliteStore(dir.path());
  ASSERT_TRUE(store.ok());
  fakes::FakeCkan ckan;
  ScheduledHarvest h;
  h.options.source = "http://ckan.test";
  h.every = std::chrono::hours(1);
  HarvestScheduler scheduler(**store, {h}, {}, [&] { return std::make_unique<fakes::FakeHttp>(ckan.Client()); });
  scheduler.Start();
  for (int i = 0; i < 200 && scheduler.runs() < 1; ++i) std::this_thread::sleep_for(10ms);
  auto started = std::chrono::steady_clock::now();
  scheduler.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(scheduler.runs(), 1);
}

}  // namespace
}  // namespace yungu::harvest

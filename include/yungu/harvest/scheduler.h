// Scheduled harvesting inside a serving process: each configured source is
// harvested when the scheduler starts and then at its interval, one
// harvest at a time, on one background thread. Each report goes to the log.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "yungu/harvest/harvest.h"

namespace yungu::harvest {

struct ScheduledHarvest {
  HarvestOptions options;
  std::chrono::milliseconds every{std::chrono::hours(1)};
};

// Makes the client each run uses (tests hand in fakes).
using HttpClientFactory = std::function<std::unique_ptr<HttpClient>()>;

class HarvestScheduler {
 public:
  // `store` and whatever `on_change` uses must outlive the scheduler (or
  // its Stop()). An empty `make_client` uses MakeHttpClient().
  HarvestScheduler(storage::Store& store, std::vector<ScheduledHarvest> harvests, ChangeCallback on_change,
                   HttpClientFactory make_client = {});
  ~HarvestScheduler();
  HarvestScheduler(const HarvestScheduler&) = delete;
  HarvestScheduler& operator=(const HarvestScheduler&) = delete;

  // Starts the thread (once); does nothing without harvests.
  void Start();
  // Ends the thread: no harvest starts after this; one in progress stops
  // before its next dataset. Idempotent.
  void Stop();

  // Harvests finished so far, successful or not (tests wait on it).
  int64_t runs() const { return runs_.load(); }

 private:
  void Loop();
  void RunOne(const ScheduledHarvest& harvest);

  storage::Store& store_;
  std::vector<ScheduledHarvest> harvests_;
  ChangeCallback on_change_;
  HttpClientFactory make_client_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> stop_flag_{false};
  std::atomic<int64_t> runs_{0};
  std::thread thread_;
};

}  // namespace yungu::harvest

// Counts reads and downloads per dataset in memory and adds them to the
// store every few seconds, so a busy dataset costs one write per interval
// rather than one per request. Counts of the last interval are lost if the
// process dies; they only rank datasets by use.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "yungu/storage/store.h"

namespace yungu::server {

class UsageCounter {
 public:
  // flush_seconds 0: every count is written at once (tests).
  UsageCounter(storage::Store& store, int flush_seconds);
  ~UsageCounter();  // flushes what is pending

  void AddRead(const std::string& dataset_id) { Add(dataset_id, 1, 0); }
  void AddDownload(const std::string& dataset_id) { Add(dataset_id, 0, 1); }
  // Writes the pending counts now (tests, shutdown).
  Status Flush();

 private:
  void Add(const std::string& dataset_id, int64_t reads, int64_t downloads);
  void Run();

  storage::Store& store_;
  int flush_seconds_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, storage::DatasetUsage> pending_;
  std::thread thread_;
};

}  // namespace yungu::server

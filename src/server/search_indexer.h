// Builds full-text indexes of new versions in the background, so an upload
// is answered as soon as its version is committed. Until a version's index
// exists, full-text queries on it scan instead (same answers, slower).
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "yungu/storage/store.h"

namespace yungu::server {

class SearchIndexer {
 public:
  explicit SearchIndexer(storage::Store& store);
  ~SearchIndexer();  // finishes the index being built, drops the rest

  void Enqueue(model::VersionInfo version);

 private:
  void Run();

  storage::Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<model::VersionInfo> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace yungu::server

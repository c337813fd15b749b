#include "server/usage_counter.h"

#include <spdlog/spdlog.h>

namespace yungu::server {

UsageCounter::UsageCounter(storage::Store& store, int flush_seconds)
    : store_(store), flush_seconds_(flush_seconds) {
  if (flush_seconds_ > 0) thread_ = std::thread([this] { Run(); });
}

UsageCounter::~UsageCounter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (Status st = Flush(); !st.ok()) spdlog::warn("usage counters not saved: {}", st.ToString());
}

void UsageCounter::Add(const std::string& dataset_id, int64_t reads, int64_t downloads) {
  {
    std::lock_guard lock(mu_);
    auto& u = pending_[dataset_id];
    u.dataset_id = dataset_id;
    u.reads += reads;
    u.downloads += downloads;
  }
  if (flush_seconds_ == 0) {
    if (Status st = Flush(); !st.ok()) spdlog::warn("usage counters not saved yet: {}", st.ToString());
  }
}

Status UsageCounter::Flush() {
  std::map<std::string, storage::DatasetUsage> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return Status::Ok();
  std::vector<storage::DatasetUsage> usage;
  usage.reserve(batch.size());
  for (auto& [id, u] : batch) usage.push_back(std::move(u));
  Status st = store_.AddUsage(usage);
  if (!st.ok()) {
    // Put the counts back for the next attempt.
    std::lock_guard lock(mu_);
    for (const auto& u : usage) {
      auto& p = pending_[u.dataset_id];
      p.dataset_id = u.dataset_id;
      p.reads += u.reads;
      p.downloads += u.downloads;
    }
  }
  return st;
}

void UsageCounter::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(flush_seconds_), [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    if (Status st = Flush(); !st.ok()) spdlog::warn("usage counters not saved yet: {}", st.ToString());
    lock.lock();
  }
}

}  // namespace yungu::server

#include "server/search_indexer.h"

#include <spdlog/spdlog.h>

namespace yungu::server {

SearchIndexer::SearchIndexer(storage::Store& store) : store_(store), thread_([this] { Run(); }) {}

SearchIndexer::~SearchIndexer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void SearchIndexer::Enqueue(model::VersionInfo version) {
  {
    std::lock_guard lock(mu_);
    // A newer version supersedes one of the same dataset still waiting: a
    // batch of small loads (CKAN's datastore_upsert) indexes only the last.
    std::erase_if(queue_, [&](const model::VersionInfo& waiting) {
      return waiting.dataset_id == version.dataset_id && waiting.version < version.version;
    });
    queue_.push_back(std::move(version));
  }
  cv_.notify_all();
}

void SearchIndexer::Run() {
  for (;;) {
    model::VersionInfo version;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      version = std::move(queue_.front());
      queue_.pop_front();
    }
    Status st = store_.BuildSearchIndex(version);
    if (!st.ok()) {
      spdlog::warn("full-text index of {} v{} failed: {}", version.dataset_id, version.version, st.ToString());
    } else {
      spdlog::debug("full-text index of {} v{} built", version.dataset_id, version.version);
    }
  }
}

}  // namespace yungu::server

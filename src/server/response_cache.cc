#include "server/response_cache.h"

namespace yungu::server {

std::shared_ptr<const CachedAnswer> ResponseCache::Get(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void ResponseCache::Put(const std::string& key, std::shared_ptr<const CachedAnswer> body) {
  size_t size = key.size() + body->bytes();
  if (size > max_bytes_ / 8) return;  // one answer never crowds out the rest
  std::lock_guard lock(mu_);
  if (index_.count(key)) return;
  lru_.emplace_front(key, std::move(body));
  index_[key] = lru_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().first.size() + lru_.back().second->bytes();
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

uint64_t ResponseCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

uint64_t ResponseCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

void ResponseCache::Clear() {
  std::lock_guard lock(mu_);
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

}  // namespace yungu::server

// A byte-bounded LRU of query answers.
//
// A dataset version never changes after its commit, so the answer to a
// given request on a given version (and metadata revision, which titles and
// units come from) is the same every time: popular queries — the first page
// of a dataset's preview, a dashboard's aggregate — are served from memory.
// The caller's effective access (fields, rows, grant) is part of the key, so
// two callers share an answer only when they may read exactly the same.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace yungu::server {

struct CachedAnswer {
  std::string body;
  int64_t rows = 0;                // records in the answer (for the trace and quotas)
  std::vector<uint64_t> subjects;  // persons whose sensitive fields it shows
  size_t bytes() const { return body.size() + subjects.size() * sizeof(uint64_t); }
};

class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const CachedAnswer> Get(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const CachedAnswer> answer);
  // Drops every answer (after something all answers depend on changed, such
  // as the pseudonym key).
  void Clear();

  bool enabled() const { return max_bytes_ > 0; }
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CachedAnswer>>;
  size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace yungu::server

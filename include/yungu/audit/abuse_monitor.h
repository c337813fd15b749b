// The abuse signal of the trace: a user whose reads returned sensitive
// fields of more distinct persons in one China-time day than a threshold.
//
// Memory stays bounded: only the current day is counted (everything is
// dropped when the day changes), and a user's set is freed once the alert
// for the day is raised. The counts restart after a restart of the hub (the
// subjects are not stored); alerts already raised are not raised twice.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace yungu::audit {

class AbuseMonitor {
 public:
  // `already_alerted(user, day)` tells whether an earlier run raised the
  // alert; it is asked only when a user passes the threshold.
  AbuseMonitor(int64_t threshold, std::function<bool(const std::string&, const std::string&)> already_alerted = {})
      : threshold_(threshold), already_alerted_(std::move(already_alerted)) {}

  // Counts one read's subjects for `user` on `day` (YYYY-MM-DD, China time).
  // Returns the distinct count when this read takes the user past the
  // threshold for the first time that day.
  std::optional<int64_t> Observe(const std::string& user, const std::string& day,
                                 const std::vector<uint64_t>& subjects);

  int64_t threshold() const { return threshold_; }
  size_t tracked_users() const { return users_.size(); }
  size_t tracked_subjects() const;

 private:
  struct UserDay {
    std::unordered_set<uint64_t> subjects;
    bool alerted = false;
  };

  int64_t threshold_;
  std::function<bool(const std::string&, const std::string&)> already_alerted_;
  std::string day_;
  std::unordered_map<std::string, UserDay> users_;
};

}  // namespace yungu::audit

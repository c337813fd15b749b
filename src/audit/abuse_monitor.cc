#include "yungu/audit/abuse_monitor.h"

namespace yungu::audit {

std::optional<int64_t> AbuseMonitor::Observe(const std::string& user, const std::string& day,
                                             const std::vector<uint64_t>& subjects) {
  if (subjects.empty() || threshold_ <= 0) return std::nullopt;
  if (day != day_) {
    if (day < day_) return std::nullopt;  // the log's times never go back; a stray old day is not counted
    day_ = day;
    users_.clear();
  }
  UserDay& u = users_[user];
  if (u.alerted) return std::nullopt;
  for (uint64_t s : subjects) u.subjects.insert(s);
  int64_t count = static_cast<int64_t>(u.subjects.size());
  if (count <= threshold_) return std::nullopt;
  u.alerted = true;
  std::unordered_set<uint64_t>().swap(u.subjects);  // the day's alert is raised: nothing left to count
  if (already_alerted_ && already_alerted_(user, day)) return std::nullopt;
  return count;
}

size_t AbuseMonitor::tracked_subjects() const {
  size_t n = 0;
  for (const auto& [user, u] : users_) n += u.subjects.size();
  return n;
}

}  // namespace yungu::audit

#include "yungu/quality/timeliness.h"

#include <algorithm>

#include "quality/civil_time.h"

namespace yungu::quality {
namespace {

using internal::kSecondsPerDay;

// When the next update is due after one at `last`.
int64_t DueAfter(model::UpdateCycle cycle, int64_t last) {
  switch (cycle) {
    case model::UpdateCycle::kRealtime: return last + 3600;
    case model::UpdateCycle::kDaily: return last + kSecondsPerDay;
    case model::UpdateCycle::kWeekly: return last + 7 * kSecondsPerDay;
    case model::UpdateCycle::kMonthly: return internal::AddMonths(last, 1);
    case model::UpdateCycle::kQuarterly: return internal::AddMonths(last, 3);
    case model::UpdateCycle::kYearly: return internal::AddMonths(last, 12);
    case model::UpdateCycle::kIrregular: break;
  }
  return last;
}

Result<int64_t> ReadTime(std::string_view text, std::string_view what) {
  auto moment = internal::ParseMoment(text);
  if (!moment) {
    return InvalidArgument("quality.bad_time",
                           std::string(what) + " '" + std::string(text) + "' is not an ISO 8601 date or time");
  }
  return moment->seconds;
}

}  // namespace

std::string_view TimelinessStatusName(TimelinessStatus status) {
  switch (status) {
    case TimelinessStatus::kOnTime: return "on_time";
    case TimelinessStatus::kDue: return "due";
    case TimelinessStatus::kOverdue: return "overdue";
  }
  return "on_time";
}

std::optional<TimelinessStatus> ParseTimelinessStatus(std::string_view name) {
  for (auto status : {TimelinessStatus::kOnTime, TimelinessStatus::kDue, TimelinessStatus::kOverdue}) {
    if (TimelinessStatusName(status) == name) return status;
  }
  return std::nullopt;
}

Result<Timeliness> CheckTimeliness(model::UpdateCycle cycle, std::string_view last_update, std::string_view now) {
  YG_ASSIGN_OR_RETURN(const int64_t last, ReadTime(last_update, "last update"));
  YG_ASSIGN_OR_RETURN(const int64_t at, ReadTime(now, "now"));
  Timeliness t;
  t.cycle = cycle;
  t.last_update = std::string(last_update);
  t.checked_at = std::string(now);
  if (cycle == model::UpdateCycle::kIrregular) return t;  // no promise to keep

  const int64_t due = DueAfter(cycle, last);
  const int64_t length = due - last;
  const int64_t due_from = due - length / 5;
  const int64_t grace_end = due + length / 10;
  t.due_at = internal::FormatChinaTime(due);
  t.score = 100;
  if (at < due_from) {
    t.status = TimelinessStatus::kOnTime;
  } else if (at <= grace_end) {
    t.status = TimelinessStatus::kDue;
  } else {
    const int64_t late = at - due;
    t.status = TimelinessStatus::kOverdue;
    t.days_late = (late + kSecondsPerDay - 1) / kSecondsPerDay;
    t.score = 100 * std::max(0.0, 1 - static_cast<double>(late) / static_cast<double>(length));
  }
  return t;
}

}  // namespace yungu::quality

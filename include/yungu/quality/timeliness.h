// Timeliness (及时性): whether a dataset's data was updated as often as its
// declared update cycle promises. It depends on the clock, not on the rows,
// so it is computed when asked and never stored with a version's report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"

namespace yungu::quality {

enum class TimelinessStatus { kOnTime, kDue, kOverdue };
std::string_view TimelinessStatusName(TimelinessStatus status);  // "on_time", "due", "overdue"
std::optional<TimelinessStatus> ParseTimelinessStatus(std::string_view name);

struct Timeliness {
  model::UpdateCycle cycle = model::UpdateCycle::kIrregular;
  TimelinessStatus status = TimelinessStatus::kOnTime;
  std::string last_update;  // as given
  std::string checked_at;   // "now", as given
  // When the next update is expected, China time ("2024-03-02T09:00:00+08:00");
  // empty for irregular datasets.
  std::string due_at;
  int64_t days_late = 0;  // overdue only: whole or started days past due_at
  // 0-100 for the quality score; nullopt when the cycle makes no promise
  // (irregular), so timeliness takes no part in the score.
  std::optional<double> score;

  bool operator==(const Timeliness&) const = default;
};

// Judges one dataset at `now`.
//  cycle length L: realtime 1 hour, daily 24 hours, weekly 7 days, monthly,
//  quarterly and yearly 1, 3 and 12 calendar months in China time (a day
//  past a month's end becomes its last day); due_at = last_update + L.
//  on_time  before due_at - L/5;
//  due      from due_at - L/5 (the last fifth of the cycle) until
//           due_at + L/10 (a grace for ingests that run a little late);
//  overdue  after that; days_late counts from due_at, rounded up.
//  score    100 when on time or due; when overdue 100 * (1 - late / L),
//           at least 0, where late = now - due_at.
//  irregular: always on_time, no due_at, score nullopt.
// A now before last_update (clock skew) is on time.
// `last_update` and `now` are ISO 8601: a date, or a date and time with an
// optional 'Z' or ±HH:MM offset; without an offset they are China time.
// Errors: InvalidArgument "quality.bad_time" when either cannot be read.
// Pure and thread-safe.
Result<Timeliness> CheckTimeliness(model::UpdateCycle cycle, std::string_view last_update,
                                   std::string_view now);

}  // namespace yungu::quality

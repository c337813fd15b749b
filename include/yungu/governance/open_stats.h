// Open-rate and department performance (开放率与部门考核): per department and
// city-wide — catalog entries, the breakdown by sharing and opening type, the
// open rate (share of entries opened to the public, conditionally or not),
// quality scores, overdue updates and pending applications — against the
// plan's targets (60% by 2018, 90% by 2020).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "yungu/storage/store.h"

namespace yungu::governance {

struct OpenRateTargets {
  double by_2018 = 0.60;
  double by_2020 = 0.90;
};

// `now` is ISO 8601 UTC (timeliness is judged against it). Reads the catalog,
// the newest quality report of every dataset and the pending applications.
Result<nlohmann::json> OpenRateStats(storage::Store& store, const std::string& now,
                                     const OpenRateTargets& targets = {});

}  // namespace yungu::governance

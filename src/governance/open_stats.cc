#include "yungu/governance/open_stats.h"

#include <map>

#include "yungu/governance/source_registry.h"
#include "yungu/quality/timeliness.h"
#include "yungu/storage/governance_store.h"
#include "yungu/storage/grant_store.h"

namespace yungu::governance {
namespace {

struct Tally {
  int64_t entries = 0;
  std::map<std::string, int64_t> sharing;
  std::map<std::string, int64_t> opening;
  int64_t opened = 0;
  double quality_sum = 0;
  int64_t quality_reports = 0;
  int64_t with_data = 0;
  int64_t overdue_updates = 0;
  int64_t due_updates = 0;
  int64_t pending_applications = 0;
  int64_t overdue_applications = 0;
};

nlohmann::json TallyJson(const Tally& t, const OpenRateTargets& targets) {
  nlohmann::json sharing = nlohmann::json::object();
  nlohmann::json opening = nlohmann::json::object();
  for (auto type : {model::SharingType::kUnconditional, model::SharingType::kConditional, model::SharingType::kNone}) {
    auto name = std::string(model::SharingTypeName(type));
    sharing[name] = t.sharing.count(name) ? t.sharing.at(name) : 0;
  }
  for (auto type : {model::OpeningType::kUnconditional, model::OpeningType::kConditional, model::OpeningType::kNone}) {
    auto name = std::string(model::OpeningTypeName(type));
    opening[name] = t.opening.count(name) ? t.opening.at(name) : 0;
  }
  const double rate = t.entries ? static_cast<double>(t.opened) / static_cast<double>(t.entries) : 0.0;
  nlohmann::json j{{"entries", t.entries},
                   {"sharing", sharing},
                   {"opening", opening},
                   {"opened", t.opened},
                   {"open_rate", rate},
                   {"meets_2018_target", t.entries > 0 && rate >= targets.by_2018},
                   {"meets_2020_target", t.entries > 0 && rate >= targets.by_2020},
                   {"datasets_with_data", t.with_data},
                   {"quality_reports", t.quality_reports},
                   {"quality_score", nullptr},
                   {"updates_overdue", t.overdue_updates},
                   {"updates_due", t.due_updates},
                   {"applications_pending", t.pending_applications},
                   {"applications_overdue", t.overdue_applications}};
  if (t.quality_reports > 0) j["quality_score"] = t.quality_sum / static_cast<double>(t.quality_reports);
  return j;
}

void Add(Tally& into, const Tally& t) {
  into.entries += t.entries;
  for (const auto& [k, v] : t.sharing) into.sharing[k] += v;
  for (const auto& [k, v] : t.opening) into.opening[k] += v;
  into.opened += t.opened;
  into.quality_sum += t.quality_sum;
  into.quality_reports += t.quality_reports;
  into.with_data += t.with_data;
  into.overdue_updates += t.overdue_updates;
  into.due_updates += t.due_updates;
  into.pending_applications += t.pending_applications;
  into.overdue_applications += t.overdue_applications;
}

}  // namespace

Result<nlohmann::json> OpenRateStats(storage::Store& store, const std::string& now, const OpenRateTargets& targets) {
  YG_ASSIGN_OR_RETURN(auto departments, store.ListDepartments());
  YG_ASSIGN_OR_RETURN(auto datasets, AllDatasets(store));
  YG_ASSIGN_OR_RETURN(auto reports, store.governance().LatestReports(storage::kQualityReport));
  std::map<std::string, double> latest_score;
  for (const auto& r : reports) latest_score[r.dataset_id] = r.score;

  std::map<std::string, Tally> by_department;
  for (const auto& d : departments) by_department[d.code];
  for (const auto& d : datasets) {
    Tally& t = by_department[d.department];
    ++t.entries;
    ++t.sharing[std::string(model::SharingTypeName(d.sharing_type))];
    ++t.opening[std::string(model::OpeningTypeName(d.opening_type))];
    if (d.opening_type != model::OpeningType::kNone) ++t.opened;
    if (auto it = latest_score.find(d.id); it != latest_score.end()) {
      t.quality_sum += it->second;
      ++t.quality_reports;
    }
    if (d.current_version > 0) ++t.with_data;
    if (!d.data_updated_at.empty()) {
      auto timeliness = quality::CheckTimeliness(d.update_cycle, d.data_updated_at, now);
      if (timeliness.ok() && timeliness->status == quality::TimelinessStatus::kOverdue) ++t.overdue_updates;
      if (timeliness.ok() && timeliness->status == quality::TimelinessStatus::kDue) ++t.due_updates;
    } else if (d.update_cycle != model::UpdateCycle::kIrregular) {
      ++t.overdue_updates;  // a promised cycle and no data at all
    }
  }
  storage::ApplicationQuery pending;
  pending.status = "pending";
  pending.limit = 1000;
  for (;;) {
    YG_ASSIGN_OR_RETURN(auto page, store.grants().ListApplications(pending));
    for (const auto& a : page.applications) {
      Tally& t = by_department[a.provider_department];
      ++t.pending_applications;
      if (!a.overdue_flagged_at.empty()) ++t.overdue_applications;
    }
    if (static_cast<int64_t>(page.applications.size()) < pending.limit) break;
    pending.offset += pending.limit;
  }

  std::map<std::string, std::string> names;
  for (const auto& d : departments) names[d.code] = d.name;
  Tally city;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [code, t] : by_department) {
    Add(city, t);
    nlohmann::json j = TallyJson(t, targets);
    j["department"] = code;
    j["name"] = names.count(code) ? names[code] : "";
    rows.push_back(std::move(j));
  }
  // Highest open rate first, then by code, as a league table.
  std::stable_sort(rows.begin(), rows.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["open_rate"].get<double>() > b["open_rate"].get<double>();
  });
  return nlohmann::json{{"computed_at", now},
                        {"targets", {{"2018", targets.by_2018}, {"2020", targets.by_2020}}},
                        {"city", TallyJson(city, targets)},
                        {"departments", rows}};
}

}  // namespace yungu::governance

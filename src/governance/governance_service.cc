#include "yungu/governance/governance_service.h"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "governance/row_stream.h"
#include "yungu/privacy/discovery.h"
#include "yungu/quality/timeliness.h"
#include "yungu/quality/checker.h"
#include "yungu/quality/report.h"
#include "yungu/quality/score.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::governance {

GovernanceService::GovernanceService(storage::Store& store, query::QueryService& queries, GovernanceOptions options)
    : store_(store), queries_(queries), options_(options), sources_(store, queries) {
  if (options_.background) worker_ = std::thread([this] { Work(); });
}

GovernanceService::~GovernanceService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void GovernanceService::AfterIngest(const std::string& dataset_id, int64_t version) {
  {
    std::lock_guard lock(mu_);
    // A newer version supersedes one of the same dataset still waiting; the
    // skipped version's reports are computed if someone asks for them.
    std::erase_if(queue_, [&](const std::pair<std::string, int64_t>& waiting) {
      return waiting.first == dataset_id && waiting.second < version;
    });
    queue_.emplace_back(dataset_id, version);
  }
  if (options_.background) {
    cv_.notify_all();
  } else {
    Work();
  }
}

void GovernanceService::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

// Drains the queue; in the background this runs until the service stops
// (queued work is finished first).
void GovernanceService::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (queue_.empty()) {
      if (!options_.background || stopping_) return;
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      continue;
    }
    auto [dataset_id, version] = queue_.front();
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    auto meta = store_.GetDataset(dataset_id);
    // A newer ingest may have replaced the version meanwhile: its own job
    // covers it, and this one still reports on the version it was queued for.
    if (meta.ok()) {
      for (auto kind : {storage::kDiscoveryReport, storage::kQualityReport}) {
        auto r = Compute(*meta, kind, version);
        if (!r.ok()) spdlog::warn("{} report of {} v{}: {}", kind, dataset_id, version, r.status().ToString());
      }
      sources_.VerifyAfterIngest(dataset_id);
    }
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

Result<storage::VersionReport> GovernanceService::Report(const model::DatasetMeta& meta, std::string_view kind,
                                                         int64_t version, bool recompute) {
  if (kind != storage::kQualityReport && kind != storage::kDiscoveryReport) {
    return InvalidArgument("governance.bad_report_kind", "reports are quality or discovery");
  }
  if (version <= 0) {
    if (meta.current_version == 0) {
      return FailedPrecondition("query.no_data", "dataset '" + meta.id + "' has no data yet");
    }
    version = meta.current_version;
  }
  if (!recompute) {
    auto stored = store_.governance().GetReport(meta.id, version, kind);
    if (stored.ok() || stored.status().code() != Code::kNotFound) return stored;
  }
  return Compute(meta, kind, version);
}

Result<storage::VersionReport> GovernanceService::Compute(const model::DatasetMeta& meta, std::string_view kind,
                                                          int64_t version) {
  return kind == storage::kQualityReport ? ComputeQuality(meta, version) : ComputeDiscovery(meta, version);
}

Result<storage::VersionReport> GovernanceService::ComputeQuality(const model::DatasetMeta& meta, int64_t version) {
  quality::CheckerOptions options;
  options.examples_per_rule = static_cast<size_t>(options_.quality_examples);
  const privacy::CivilDate today = privacy::TodayInChina();
  char day[16];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", today.year, today.month, today.day);
  options.today = day;
  options.reference_keys = [this](std::string_view dataset, std::string_view field)
      -> Result<std::shared_ptr<const std::unordered_set<std::string>>> {
    auto keys = std::make_shared<std::unordered_set<std::string>>();
    YG_RETURN_IF_ERROR(internal::StreamRows(queries_, std::string(dataset), {{"fields", {field}}}, nullptr,
                                            [&](Row& row) {
                                              if (!IsNull(row[0])) keys->insert(ValueToText(row[0]));
                                            }));
    return std::shared_ptr<const std::unordered_set<std::string>>(std::move(keys));
  };
  std::optional<quality::QualityChecker> checker;
  int64_t stored_version = 0;
  int64_t row_number = 0;
  YG_RETURN_IF_ERROR(internal::StreamRows(
      queries_, meta.id, {{"version", version}},
      [&](const query::PreparedQuery& q) -> Status {
        stored_version = q.version->version;
        YG_ASSIGN_OR_RETURN(auto c, quality::QualityChecker::Create(meta.fields, q.columns, std::move(options)));
        checker.emplace(std::move(c));
        return Status::Ok();
      },
      [&](Row& row) { checker->Add(row, ++row_number); }));
  quality::QualityReport report = checker->Finish();
  storage::VersionReport stored;
  stored.dataset_id = meta.id;
  stored.version = stored_version;
  stored.kind = std::string(storage::kQualityReport);
  stored.computed_at = storage::UtcNowIso();
  stored.score = report.score.value;  // without timeliness, which depends on when it is read
  stored.json = quality::ToJson(report).dump();
  YG_RETURN_IF_ERROR(store_.governance().PutReport(stored));
  return stored;
}

Result<nlohmann::json> GovernanceService::QualityJson(const model::DatasetMeta& meta, int64_t version,
                                                       bool recompute) {
  YG_ASSIGN_OR_RETURN(storage::VersionReport stored, Report(meta, storage::kQualityReport, version, recompute));
  auto j = nlohmann::json::parse(stored.json, nullptr, false);
  if (j.is_discarded()) return Corruption("governance.bad_report", "a stored quality report is not valid JSON");
  YG_ASSIGN_OR_RETURN(quality::QualityReport report, quality::QualityReportFromJson(j));
  // Timeliness belongs to the dataset's current state, not an old version.
  if (stored.version == meta.current_version && !meta.data_updated_at.empty()) {
    auto t = quality::CheckTimeliness(meta.update_cycle, meta.data_updated_at, storage::UtcNowIso());
    if (t.ok()) quality::AttachTimeliness(report, *t);
  }
  nlohmann::json out = quality::ToJson(report);
  out["dataset_id"] = meta.id;
  out["version"] = stored.version;
  out["computed_at"] = stored.computed_at;
  return out;
}

Result<nlohmann::json> GovernanceService::Stats() {
  return OpenRateStats(store_, storage::UtcNowIso(), options_.targets);
}

}  // namespace yungu::governance

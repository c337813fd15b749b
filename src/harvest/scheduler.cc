// The background thread of scheduled harvests.
#include "yungu/harvest/scheduler.h"

#include <spdlog/spdlog.h>

namespace yungu::harvest {
namespace {

using Clock = std::chrono::steady_clock;

// The summary, then what needs a look (refusals, conflicts, losses) as
// warnings; the routine lines only at debug level.
void Log(const HarvestReport& report) {
  spdlog::info("{}", ReportSummary(report));
  for (const auto& code : report.departments_created) spdlog::info("harvest: department {} created", code);
  for (const auto& line : report.datasets) {
    bool notable = line.outcome == Outcome::kSkipped || line.outcome == Outcome::kConflict ||
                   line.outcome == Outcome::kMissing;
    if (notable) {
      spdlog::warn("harvest: {}", LineText(line));
    } else if (line.outcome != Outcome::kUnchanged) {
      spdlog::debug("harvest: {}", LineText(line));
    }
    for (const auto& w : line.warnings) spdlog::warn("harvest: {}: {}", line.id, w);
  }
  if (!report.error.ok()) {
    spdlog::error("harvest of {} failed: {} [{}]", report.source, report.error.message(), report.error.error_code());
  }
}

}  // namespace

HarvestScheduler::HarvestScheduler(storage::Store& store, std::vector<ScheduledHarvest> harvests,
                                   ChangeCallback on_change, HttpClientFactory make_client)
    : store_(store),
      harvests_(std::move(harvests)),
      on_change_(std::move(on_change)),
      make_client_(std::move(make_client)) {
  if (!make_client_) make_client_ = [] { return MakeHttpClient(); };
}

HarvestScheduler::~HarvestScheduler() { Stop(); }

void HarvestScheduler::Start() {
  std::lock_guard lock(mu_);
  if (harvests_.empty() || thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void HarvestScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_flag_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HarvestScheduler::RunOne(const ScheduledHarvest& harvest) {
  HarvestOptions options = harvest.options;
  options.stop_requested = [this] { return stop_flag_.load(); };
  auto client = make_client_();
  Log(Harvest(store_, *client, options, on_change_));
  ++runs_;
}

void HarvestScheduler::Loop() {
  std::vector<Clock::time_point> due(harvests_.size(), Clock::now());
  std::unique_lock lock(mu_);
  while (!stopping_) {
    size_t next = 0;
    for (size_t i = 1; i < due.size(); ++i) {
      if (due[i] < due[next]) next = i;
    }
    if (wake_.wait_until(lock, due[next], [this] { return stopping_; })) break;
    if (Clock::now() < due[next]) continue;
    due[next] = Clock::now() + harvests_[next].every;
    lock.unlock();
    RunOne(harvests_[next]);
    lock.lock();
  }
}

}  // namespace yungu::harvest

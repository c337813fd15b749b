// GovernanceService: the hub's data-governance work on top of the catalog and
// the stored versions — quality reports and personal-data discovery per
// version (computed after each ingest in the background, or on demand when
// missing), the release check before a dataset is opened unconditionally,
// anonymisation into a new dataset, cross-source verification and the
// open-rate statistics. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "yungu/governance/open_stats.h"
#include "yungu/ingest/pipeline.h"
#include "yungu/governance/source_registry.h"
#include "yungu/privacy/key_ring.h"
#include "yungu/query/query_service.h"
#include "yungu/storage/governance_store.h"
#include "yungu/storage/store.h"

namespace yungu::governance {

struct GovernanceOptions {
  int default_k = 5;                  // release check, when a dataset sets none
  double discovery_threshold = 0.5;   // share of values that makes a field personal
  int64_t discovery_sample_rows = 0;  // 0: scan every row
  int quality_examples = 5;           // failing values kept per rule
  bool background = true;             // false: AfterIngest works before returning
  int public_max_sensitivity = 1;     // as access::PolicyOptions: what the public sees unmasked
  OpenRateTargets targets;
};

class GovernanceService {
 public:
  GovernanceService(storage::Store& store, query::QueryService& queries, GovernanceOptions options = {});
  ~GovernanceService();  // finishes queued work first

  // The stored report of `kind` for a version (0: the current one),
  // computed and stored first when missing or when `recompute`.
  // FailedPrecondition query.no_data when the dataset has no data.
  Result<storage::VersionReport> Report(const model::DatasetMeta& meta, std::string_view kind, int64_t version = 0,
                                        bool recompute = false);
  // The report's JSON with timeliness judged now (quality reports only).
  Result<nlohmann::json> QualityJson(const model::DatasetMeta& meta, int64_t version = 0, bool recompute = false);

  // After a committed ingest: discovery, quality and the verification of the
  // elements the dataset takes part in, queued for the background worker.
  void AfterIngest(const std::string& dataset_id, int64_t version);
  // Blocks until the queue is empty (tests, CLI).
  void WaitIdle();

  // Whether the dataset may become 无条件开放 as it stands: no field the
  // public would see holds personal data unmasked, and its quasi-identifiers
  // (as the public sees them, masks applied) form no group smaller than k.
  // Returns {"passed": bool, "k": k, "problems": [...]}.
  Result<nlohmann::json> ReleaseCheck(const model::DatasetMeta& meta);
  // The same as a Status: FailedPrecondition release.personal_data or
  // release.k_anonymity whose message names the fields and smallest groups.
  Status RequireReleasable(const model::DatasetMeta& meta);

  // Publishes a k-anonymous copy of the dataset's current version as a new
  // dataset (the JSON body is described in docs/governance.md):
  // quasi-identifiers generalised by their hierarchies with the least
  // information loss (Flash search), suppressed rows left out, direct
  // identifiers dropped. Returns the search result and the new dataset.
  Result<nlohmann::json> Anonymize(const model::DatasetMeta& meta, const nlohmann::json& request);

  // For an ingest into a dataset open to the public unconditionally: a gate
  // that refuses the commit when the new version would fail the release
  // check (personal data in a field the public sees unmasked, groups below
  // k). Null for datasets that are not so opened.
  std::unique_ptr<ingest::CommitGate> ReleaseGateFor(const model::DatasetMeta& meta, storage::WriteMode mode);

  SourceRegistry& sources() { return sources_; }
  Result<nlohmann::json> Stats();

 private:
  Result<storage::VersionReport> Compute(const model::DatasetMeta& meta, std::string_view kind, int64_t version);
  Result<storage::VersionReport> ComputeQuality(const model::DatasetMeta& meta, int64_t version);
  Result<storage::VersionReport> ComputeDiscovery(const model::DatasetMeta& meta, int64_t version);
  void Work();

  storage::Store& store_;
  query::QueryService& queries_;
  GovernanceOptions options_;
  SourceRegistry sources_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, int64_t>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace yungu::governance

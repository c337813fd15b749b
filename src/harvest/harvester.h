// One harvest run against the catalog: each remote dataset in turn is
// created, updated, left alone or refused, and at the end (on full runs)
// the datasets the source no longer lists are found.
#pragma once

#include <map>
#include <set>
#include <string>

#include "harvest/local_index.h"
#include "harvest/remote_dataset.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/harvest/harvest.h"

namespace yungu::harvest {

class Harvester {
 public:
  // `report.source` must hold the normalized source.
  Harvester(storage::Store& store, const HarvestOptions& options, const ChangeCallback& on_change,
            HarvestReport& report)
      : store_(store), catalog_(store), options_(options), on_change_(on_change), report_(report) {}

  // Reads what the catalog holds from the source and its departments.
  Status Begin();
  // The watermark for an incremental run ("" on full runs).
  const std::string& since() const { return since_; }
  // Applies one remote dataset; a non-ok Status (the store or the trace
  // failed) stops the run. Refusals are report lines, not errors.
  Status Take(RemoteDataset remote);
  // After a complete listing of a full run: missing (and deleted) datasets.
  Status End();

 private:
  bool Full() const { return options_.full || options_.delete_missing; }
  // The local department for a remote organization, created if needed;
  // empty with `why` set when there is none.
  Result<std::string> DepartmentFor(const RemoteOrganization& organization, std::string& why);
  Status Notify(Change::Kind kind, const std::string& id, const std::string& remote_id);
  // Fills `line` with what becomes of `remote`.
  Status Decide(RemoteDataset remote, DatasetLine& line);
  // True (with `line` filled) when the local copy must stay as it is: it
  // is not this source's (a conflict), or the source has not changed it.
  bool IsSettled(const model::DatasetMeta& existing, const RemoteDataset& remote, DatasetLine& line);
  // Writes `meta`; a refusal by the catalog's rules becomes a skipped line.
  Status Save(model::DatasetMeta meta, const model::DatasetMeta* existing, DatasetLine& line);

  storage::Store& store_;
  catalog::CatalogService catalog_;
  const HarvestOptions& options_;
  const ChangeCallback& on_change_;
  HarvestReport& report_;
  LocalIndex local_;
  std::string since_;
  std::set<std::string> departments_;      // codes that exist (or would, on a dry run)
  std::set<std::string> remote_ids_seen_;
  std::map<std::string, std::string> written_;  // local id -> remote id, this run
};

// A package mapped for the catalog: `package` (cleaned) with the owner and
// the provenance keys set, as ckan::DatasetFromPackage reads it. Link ids
// of `existing` are kept for links at the same URL; its data items and
// release setting stay.
Result<model::DatasetMeta> MapPackage(nlohmann::json package, const std::string& department, const std::string& source,
                                      const RemoteDataset& remote, const model::DatasetMeta* existing);

}  // namespace yungu::harvest

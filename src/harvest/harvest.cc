// A harvest run: the source listed, each dataset taken in turn, the report.
#include "harvest/ckan_source.h"
#include "harvest/dcat_source.h"
#include "harvest/harvester.h"

namespace yungu::harvest {
namespace {

Status Run(storage::Store& store, HttpClient& http, const HarvestOptions& options, const ChangeCallback& on_change,
           HarvestReport& report) {
  YG_ASSIGN_OR_RETURN(report.source, NormalizeSource(options.source, options.type));
  Harvester harvester(store, options, on_change, report);
  YG_RETURN_IF_ERROR(harvester.Begin());
  report.since = harvester.since();
  auto take = [&](RemoteDataset remote) {
    if (options.stop_requested && options.stop_requested()) {
      return Status(Code::kFailedPrecondition, "harvest.stopped", "the harvest was stopped before it was complete");
    }
    return harvester.Take(std::move(remote));
  };
  if (options.type == SourceType::kCkan) {
    YG_RETURN_IF_ERROR(ListCkanPackages(http, report.source, options.token, report.since, take));
  } else {
    YG_RETURN_IF_ERROR(ListDcatDatasets(http, report.source, options.token, take));
  }
  return harvester.End();
}

}  // namespace

HarvestReport Harvest(storage::Store& store, HttpClient& http, const HarvestOptions& options,
                      const ChangeCallback& on_change) {
  const auto started = std::chrono::steady_clock::now();
  HarvestReport report;
  report.source = options.source;
  report.type = options.type;
  report.full = options.full || options.delete_missing;
  report.dry_run = options.dry_run;
  report.error = Run(store, http, options, on_change, report);
  report.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return report;
}

}  // namespace yungu::harvest

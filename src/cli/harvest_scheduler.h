// `yungu serve`'s scheduled harvests: the [[harvest]] tables of its config
// file, run in the background of the serving process.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "yungu/audit/audit_log.h"
#include "yungu/harvest/scheduler.h"

namespace yungu::cli {

// Shortest interval between two harvests of one source.
constexpr int64_t kMinHarvestMinutes = 5;

// Reads every [[harvest]] table: source (required), type ("ckan" | "dcat";
// default guessed from the URL), every_minutes (at least 5; default 60),
// department, token. InvalidArgument "cli.bad_config" names the entry.
Status ParseHarvestConfig(const toml::table& config, const std::string& path,
                          std::vector<harvest::ScheduledHarvest>& out);

// Starts the scheduler (null when there is nothing to harvest). Changes are
// traced in `audit` as the "harvester" user.
std::unique_ptr<harvest::HarvestScheduler> StartHarvests(storage::Store& store, audit::AuditLog& audit,
                                                         std::vector<harvest::ScheduledHarvest> harvests);

}  // namespace yungu::cli

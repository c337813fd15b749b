// [[harvest]] tables of the serve config, and the scheduler they start.
#include "cli/harvest_scheduler.h"

#include <spdlog/spdlog.h>

#include <set>

#include "yungu/harvest/trace.h"

namespace yungu::cli {
namespace {

constexpr int64_t kDefaultHarvestMinutes = 60;
constexpr int64_t kMaxHarvestMinutes = 7 * 24 * 60;

}  // namespace

Status ParseHarvestConfig(const toml::table& config, const std::string& path,
                          std::vector<harvest::ScheduledHarvest>& out) {
  auto node = config["harvest"];
  if (!node) return Status::Ok();
  const toml::array* entries = node.as_array();
  if (!entries) return InvalidArgument("cli.bad_config", path + ": harvest must be [[harvest]] tables");
  for (size_t i = 0; i < entries->size(); ++i) {
    const std::string where = path + ": [[harvest]] #" + std::to_string(i + 1);
    auto bad = [&](const std::string& why) { return InvalidArgument("cli.bad_config", where + ": " + why); };
    const toml::table* entry = (*entries)[i].as_table();
    if (!entry) return bad("must be a table");
    for (const auto& [key, value] : *entry) {
      static const std::set<std::string_view> kKeys = {"source", "type", "every_minutes", "department", "token"};
      if (!kKeys.count(key.str())) return bad("unknown key " + std::string(key.str()));
    }
    harvest::ScheduledHarvest h;
    auto source = (*entry)["source"].value<std::string>();
    if (!source || source->empty()) return bad("source (a URL) is required");
    h.options.source = *source;
    if (Status url = harvest::ParseUrl(*source).status(); !url.ok()) return bad(url.message());
    h.options.type = harvest::GuessSourceType(*source);
    if (auto node_type = (*entry)["type"]; node_type) {
      auto type = harvest::ParseSourceType(node_type.value<std::string>().value_or(""));
      if (!type) return bad("type is ckan or dcat");
      h.options.type = *type;
    }
    int64_t minutes = kDefaultHarvestMinutes;
    if (auto every = (*entry)["every_minutes"]; every) {
      auto v = every.value<int64_t>();
      if (!v || *v < kMinHarvestMinutes || *v > kMaxHarvestMinutes) {
        return bad("every_minutes is a whole number from " + std::to_string(kMinHarvestMinutes) + " to " +
                   std::to_string(kMaxHarvestMinutes));
      }
      minutes = *v;
    }
    h.every = std::chrono::minutes(minutes);
    h.options.department = (*entry)["department"].value<std::string>().value_or("");
    h.options.token = (*entry)["token"].value<std::string>().value_or("");
    out.push_back(std::move(h));
  }
  return Status::Ok();
}

std::unique_ptr<harvest::HarvestScheduler> StartHarvests(storage::Store& store, audit::AuditLog& audit,
                                                         std::vector<harvest::ScheduledHarvest> harvests) {
  if (harvests.empty()) return nullptr;
  for (const auto& h : harvests) {
    spdlog::info("harvesting {} ({}) every {} minutes", h.options.source, harvest::SourceTypeName(h.options.type),
                 std::chrono::duration_cast<std::chrono::minutes>(h.every).count());
  }
  auto trace = [&audit](const harvest::Change& change) {
    return audit.AppendDurable(harvest::TraceEvent(change, "harvester"));
  };
  auto scheduler = std::make_unique<harvest::HarvestScheduler>(store, std::move(harvests), trace);
  scheduler->Start();
  return scheduler;
}

}  // namespace yungu::cli

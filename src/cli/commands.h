// Registration of each subcommand on the CLI11 app. Each Add* function adds
// its subcommand and sets `run` to the code to execute when it is chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "yungu/catalog/catalog_service.h"
#include "yungu/query/query_service.h"
#include "yungu/storage/store.h"

namespace yungu::access {
class IdentityService;
}  // namespace yungu::access

namespace yungu::cli {

using Runner = std::function<int()>;

void AddServeCommand(CLI::App& app, Runner& run);
void AddImportCommand(CLI::App& app, Runner& run);
void AddQueryCommand(CLI::App& app, Runner& run);
void AddExportCommand(CLI::App& app, Runner& run);
void AddCatalogCommand(CLI::App& app, Runner& run);
void AddDemoCommand(CLI::App& app, Runner& run);
void AddValidateCommand(CLI::App& app, Runner& run);
void AddAdminCommand(CLI::App& app, Runner& run);
void AddAuditCommand(CLI::App& app, Runner& run);
void AddGovernanceCommands(CLI::App& app, Runner& run);  // quality, discover, stats, keys
void AddBackupCommands(CLI::App& app, Runner& run);      // backup, backup verify, restore
void AddHarvestCommand(CLI::App& app, Runner& run);

// Prints "error: <message> [<code>]" to stderr and returns the exit code
// that fits the status.
int ReportError(const Status& status);

// Where the hub's records live: the global --store option (or YUNGU_STORE),
// a "postgresql://..." URL; empty for the embedded store in the data
// directory. Set once while the command line is parsed.
std::string& StoreUrl();

// All store settings from the global options (and serve's [storage] table).
struct StoreSettings {
  std::string url;           // --store
  std::string replica_url;   // --store-replica
  int64_t max_replica_lag_ms = 5000;
  size_t max_connections = 16;
};
StoreSettings& StoreConfig();

// Opens the PostgreSQL store StoreUrl() names, else the embedded store in
// `data_dir`.
Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& data_dir);

constexpr const char* kDefaultDataDir = "./yungu-data";

// Loads the demo data set into the store: departments, catalog entries and
// every file. Skips datasets that already have data.
Status LoadDemo(storage::Store& store, const std::string& data_dir, double scale, bool quiet);

// Creates the demo's accounts (one per role, generated passwords) unless
// DATA/demo-accounts.txt exists, and writes them there (mode 0600).
Status WriteDemoAccounts(storage::Store& store, const std::string& data_dir, bool quiet);

// What `yungu serve` says about accounts at start: the one-time bootstrap
// secret while no platform admin exists, and the demo accounts if any.
void PrintAccountsBanner(access::IdentityService& identity, const std::string& data_dir,
                         const std::string& base_url);

}  // namespace yungu::cli

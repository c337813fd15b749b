#include "cli/app.h"

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::cli {

int ReportError(const Status& status) {
  std::fprintf(stderr, "error: %s [%s]\n", status.message().c_str(), status.error_code().c_str());
  switch (status.code()) {
    case Code::kNotFound: return kExitNotFound;
    case Code::kInvalidArgument:
    case Code::kPayloadTooLarge:
    case Code::kUnsupported:
    case Code::kAlreadyExists:
    case Code::kConflict:
    case Code::kFailedPrecondition: return kExitBadData;
    default: return kExitFailure;
  }
}

std::string& StoreUrl() { return StoreConfig().url; }

StoreSettings& StoreConfig() {
  static StoreSettings settings;
  return settings;
}

Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& data_dir) {
  if (!StoreConfig().url.empty()) {
    storage::PostgresOptions options;
    options.replica_url = StoreConfig().replica_url;
    options.max_replica_lag_ms = StoreConfig().max_replica_lag_ms;
    options.max_connections = StoreConfig().max_connections;
    return storage::OpenPostgresStore(StoreConfig().url, options);
  }
  if (!StoreConfig().replica_url.empty()) {
    return InvalidArgument("cli.replica_without_store", "--store-replica needs --store (a PostgreSQL primary)");
  }
  return storage::OpenSqliteStore(data_dir);
}

int Main(int argc, char** argv) {
  CLI::App app{"Yungu (云谷) — a city's government data hub: catalog, ingest, query, sharing and opening.", "yungu"};
  app.set_version_flag("--version", "yungu 0.1.0");
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")->check(
      CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_option("--store", StoreUrl(),
                 "keep the hub in this PostgreSQL database (postgresql://user@host:port/db) instead of the "
                 "embedded store in the data directory; files and keys stay in the data directory")
      ->envname("YUNGU_STORE")
      ->check([](const std::string& v) {
        return v.empty() || storage::IsPostgresUrl(v) ? std::string() : std::string("--store takes a postgresql:// URL");
      });
  app.add_option("--store-replica", StoreConfig().replica_url,
                 "a streaming replica of the --store database for data queries and catalog searches")
      ->envname("YUNGU_STORE_REPLICA");
  app.add_option("--replica-max-lag-ms", StoreConfig().max_replica_lag_ms,
                 "reads go to the primary while the replica lags more than this")
      ->check(CLI::Range(int64_t{0}, int64_t{86400000}))
      ->capture_default_str();
  app.add_option("--store-connections", StoreConfig().max_connections,
                 "PostgreSQL connections this process opens at most (per database)")
      ->check(CLI::Range(size_t{2}, size_t{1000}))
      ->capture_default_str();
  // Global options may also follow the subcommand: yungu serve --store ...
  app.fallthrough();
  Runner run;
  AddServeCommand(app, run);
  AddImportCommand(app, run);
  AddQueryCommand(app, run);
  AddExportCommand(app, run);
  AddCatalogCommand(app, run);
  AddDemoCommand(app, run);
  AddValidateCommand(app, run);
  AddAdminCommand(app, run);
  AddAuditCommand(app, run);
  AddGovernanceCommands(app, run);
  AddBackupCommands(app, run);
  AddHarvestCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  if (!run) return kExitUsage;
  return run();
}

}  // namespace yungu::cli

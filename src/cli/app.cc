#include "cli/app.h"

#include <spdlog/spdlog.h>

#include "cli/commands.h"
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

Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& data_dir) {
  return storage::OpenSqliteStore(data_dir);
}

int Main(int argc, char** argv) {
  CLI::App app{"Yungu (云谷) — a city's government data hub: catalog, ingest, query, sharing and opening.", "yungu"};
  app.set_version_flag("--version", "yungu 0.1.0");
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")->check(
      CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
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

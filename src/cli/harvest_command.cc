// `yungu harvest`: copy another portal's datasets (a CKAN Action API or a
// DCAT catalog) into this hub's catalog, incrementally, tracing each change.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/harvest/harvest.h"
#include "yungu/harvest/trace.h"

namespace yungu::cli {
namespace {

struct HarvestFlags {
  std::string data = kDefaultDataDir;
  std::string source;
  std::string type;  // empty: guessed from the URL
  std::string token;
  std::string department;
  bool full = false;
  bool delete_missing = false;
  bool dry_run = false;
  bool json = false;
};

// Who runs the command, as the trace names local actions.
std::string OsUser() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  return "cli";
}

int RunHarvest(const HarvestFlags& f) {
  harvest::HarvestOptions options;
  options.source = f.source;
  options.type = f.type.empty() ? harvest::GuessSourceType(f.source) : *harvest::ParseSourceType(f.type);
  options.token = f.token;
  options.department = f.department;
  options.full = f.full;
  options.delete_missing = f.delete_missing;
  options.dry_run = f.dry_run;

  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  // Changes are traced like the API's; a dry run changes nothing.
  std::unique_ptr<audit::AuditLog> trace;
  if (!f.dry_run) {
    audit::AuditOptions audit_options;
    audit_options.store_url = StoreUrl();
    auto opened = audit::OpenAuditLog(f.data, audit_options);
    if (!opened.ok()) {
      if (opened.status().error_code() == "audit.locked") {
        return ReportError(opened.status().WithContext(
            "the hub is serving this data directory; configure a [[harvest]] source in its config instead"));
      }
      return ReportError(opened.status());
    }
    trace = std::move(opened).value();
  }
  const std::string actor = OsUser();
  harvest::ChangeCallback on_change;
  if (trace) {
    on_change = [&](const harvest::Change& change) { return trace->AppendDurable(harvest::TraceEvent(change, actor)); };
  }
  auto http = harvest::MakeHttpClient();
  harvest::HarvestReport report = harvest::Harvest(**store, *http, options, on_change);
  if (trace) {
    if (Status closed = trace->Close(); !closed.ok() && report.error.ok()) report.error = closed;
  }
  if (f.json) {
    std::cout << harvest::ReportJson(report).dump(2) << std::endl;
  } else {
    std::cout << harvest::ReportText(report) << std::flush;
  }
  return report.error.ok() ? kExitOk : ReportError(report.error);
}

}  // namespace

void AddHarvestCommand(CLI::App& app, Runner& run) {
  auto f = std::make_shared<HarvestFlags>();
  CLI::App* cmd = app.add_subcommand(
      "harvest", "Copy the datasets of another CKAN portal or DCAT catalog into the catalog (only what changed)");
  cmd->add_option("--data", f->data, "data directory")->capture_default_str();
  cmd->add_option("--source", f->source,
                  "the CKAN portal (its root or /api/3) or the DCAT catalog (.ttl, .rdf or .jsonld)")
      ->required();
  cmd->add_option("--type", f->type, "ckan or dcat (default: guessed from the URL)")
      ->check(CLI::IsMember({"ckan", "dcat"}));
  cmd->add_option("--token", f->token, "an API token of the source, to include its private datasets")
      ->envname("YUNGU_HARVEST_TOKEN");
  cmd->add_option("--department", f->department,
                  "put every dataset in this department (default: one per remote organization, created as needed)");
  CLI::Option* full =
      cmd->add_flag("--full", f->full, "list everything, not just what changed, and report datasets the source dropped");
  cmd->add_flag("--delete-missing", f->delete_missing, "with --full: delete the datasets the source dropped")
      ->needs(full);
  cmd->add_flag("--dry-run", f->dry_run, "change nothing; report what would change");
  cmd->add_flag("--json", f->json, "print the report as JSON");
  cmd->callback([f, &run] { run = [f] { return RunHarvest(*f); }; });
}

}  // namespace yungu::cli

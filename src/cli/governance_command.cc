// `yungu quality`, `yungu discover`, `yungu stats` and `yungu keys rotate`:
// data governance from the shell, run by the local operator on the data
// directory (no server needed).
#include <cstdio>
#include <iostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/key_ring.h"

namespace yungu::cli {
namespace {

struct GovernanceFlags {
  std::string data = kDefaultDataDir;
  std::string id;
  int64_t version = 0;
  bool recompute = false;
  bool json = false;
};

// Runs `body` with a governance service over the data directory's store.
int WithGovernance(const GovernanceFlags& f,
                   const std::function<int(storage::Store&, governance::GovernanceService&)>& body) {
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  query::QueryService queries(**store);
  governance::GovernanceOptions options;
  options.background = false;
  governance::GovernanceService gov(**store, queries, options);
  return body(**store, gov);
}

int RunQuality(const GovernanceFlags& f) {
  return WithGovernance(f, [&](storage::Store& store, governance::GovernanceService& gov) -> int {
    auto meta = store.GetDataset(f.id);
    if (!meta.ok()) return ReportError(meta.status());
    auto report = gov.QualityJson(*meta, f.version, f.recompute);
    if (!report.ok()) return ReportError(report.status());
    if (f.json) {
      std::cout << report->dump(2) << std::endl;
      return kExitOk;
    }
    const auto& r = *report;
    std::printf("%s version %lld: %lld rows, quality score %.1f\n", f.id.c_str(),
                static_cast<long long>(r.value("version", int64_t{0})), static_cast<long long>(r.value("rows", int64_t{0})),
                r["score"].value("value", 0.0));
    for (const auto& part : r["score"].value("parts", nlohmann::json::array())) {
      if (!part.value("applies", false)) continue;
      std::printf("  %-13s %5.1f  (weight %.0f)\n", part.value("name", "").c_str(), part.value("value", 0.0),
                  part.value("weight", 0.0));
    }
    for (const auto& rule : r.value("rules", nlohmann::json::array())) {
      if (rule.value("failed", int64_t{0}) == 0) continue;
      std::printf("  %-20s %-10s %lld of %lld failed\n", rule.value("field", "").c_str(), rule.value("rule", "").c_str(),
                  static_cast<long long>(rule.value("failed", int64_t{0})),
                  static_cast<long long>(rule.value("checked", int64_t{0})));
    }
    if (r.contains("timeliness") && r["timeliness"].is_object()) {
      std::printf("  timeliness: %s\n", r["timeliness"].value("status", "").c_str());
    }
    return kExitOk;
  });
}

int RunDiscover(const GovernanceFlags& f) {
  return WithGovernance(f, [&](storage::Store& store, governance::GovernanceService& gov) -> int {
    auto meta = store.GetDataset(f.id);
    if (!meta.ok()) return ReportError(meta.status());
    auto stored = gov.Report(*meta, storage::kDiscoveryReport, f.version, f.recompute);
    if (!stored.ok()) return ReportError(stored.status());
    auto report = nlohmann::json::parse(stored->json);
    if (f.json) {
      std::cout << report.dump(2) << std::endl;
      return kExitOk;
    }
    std::printf("%s version %lld: %lld rows scanned\n", f.id.c_str(), static_cast<long long>(stored->version),
                static_cast<long long>(report.value("rows_scanned", int64_t{0})));
    for (const auto& field : report["fields"]) {
      if (!field["dominant"].is_string()) continue;
      double share = 0;
      for (const auto& k : field["kinds"]) {
        if (k["kind"] == field["dominant"]) share = k.value("contained_share", 0.0);
      }
      std::printf("  %-24s %-16s %5.1f%%  proposed sensitivity %d\n", field.value("name", "").c_str(),
                  field["dominant"].get<std::string>().c_str(), share * 100,
                  field["proposed_sensitivity"].is_number() ? field["proposed_sensitivity"].get<int>() : 0);
    }
    return kExitOk;
  });
}

int RunStats(const GovernanceFlags& f) {
  return WithGovernance(f, [&](storage::Store&, governance::GovernanceService& gov) -> int {
    auto stats = gov.Stats();
    if (!stats.ok()) return ReportError(stats.status());
    if (f.json) {
      std::cout << stats->dump(2) << std::endl;
      return kExitOk;
    }
    auto line = [](const std::string& who, const nlohmann::json& t) {
      std::string quality = t["quality_score"].is_number() ? std::to_string(t["quality_score"].get<double>()).substr(0, 5) : "-";
      std::printf("%-10s %7lld %7lld %7.1f%%  %-4s %-4s %7s %8lld %9lld\n", who.c_str(),
                  static_cast<long long>(t["entries"].get<int64_t>()), static_cast<long long>(t["opened"].get<int64_t>()),
                  t["open_rate"].get<double>() * 100, t["meets_2018_target"].get<bool>() ? "yes" : "no",
                  t["meets_2020_target"].get<bool>() ? "yes" : "no", quality.c_str(),
                  static_cast<long long>(t["updates_overdue"].get<int64_t>()),
                  static_cast<long long>(t["applications_pending"].get<int64_t>()));
    };
    std::printf("%-10s %7s %7s %8s  %-4s %-4s %7s %8s %9s\n", "department", "entries", "opened", "rate", "60%",
                "90%", "quality", "overdue", "pending");
    for (const auto& d : (*stats)["departments"]) line(d["department"].get<std::string>(), d);
    line("city", (*stats)["city"]);
    return kExitOk;
  });
}

int RunRotate(const GovernanceFlags& f) {
  auto ring = privacy::KeyRing::Open(std::filesystem::path(f.data) / "keys" / "pseudonym.keys");
  if (!ring.ok()) return ReportError(ring.status());
  auto version = (*ring)->Rotate();
  if (!version.ok()) return ReportError(version.status());
  std::printf("pseudonym key version %d is now current; restart running servers to use it\n", *version);
  return kExitOk;
}

void AddDataFlag(CLI::App* cmd, GovernanceFlags& f) {
  cmd->add_option("--data", f.data, "data directory")->capture_default_str();
}

}  // namespace

void AddGovernanceCommands(CLI::App& app, Runner& run) {
  auto flags = std::make_shared<GovernanceFlags>();

  CLI::App* quality = app.add_subcommand("quality", "Show a dataset version's quality report (computed if missing)");
  AddDataFlag(quality, *flags);
  quality->add_option("dataset", flags->id, "dataset id")->required();
  quality->add_option("--version", flags->version, "data version (default: current)");
  quality->add_flag("--recompute", flags->recompute, "compute the report again");
  quality->add_flag("--json", flags->json, "print the full report as JSON");
  quality->callback([flags, &run] { run = [flags] { return RunQuality(*flags); }; });

  CLI::App* discover = app.add_subcommand("discover", "Scan a dataset version for personal data");
  AddDataFlag(discover, *flags);
  discover->add_option("dataset", flags->id, "dataset id")->required();
  discover->add_option("--version", flags->version, "data version (default: current)");
  discover->add_flag("--recompute", flags->recompute, "scan again");
  discover->add_flag("--json", flags->json, "print the full report as JSON");
  discover->callback([flags, &run] { run = [flags] { return RunDiscover(*flags); }; });

  CLI::App* stats = app.add_subcommand("stats", "Open rate and performance per department against the plan's targets");
  AddDataFlag(stats, *flags);
  stats->add_flag("--json", flags->json, "print JSON");
  stats->callback([flags, &run] { run = [flags] { return RunStats(*flags); }; });

  CLI::App* keys = app.add_subcommand("keys", "Pseudonym keys");
  keys->require_subcommand(1);
  CLI::App* rotate = keys->add_subcommand("rotate", "Make a new pseudonym key current (old ones are kept)");
  AddDataFlag(rotate, *flags);
  rotate->callback([flags, &run] { run = [flags] { return RunRotate(*flags); }; });
}

}  // namespace yungu::cli

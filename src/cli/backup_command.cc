// `yungu backup | backup verify | restore`: disaster recovery. A backup is
// taken while the server runs; verify recomputes every checksum; restore
// rebuilds a hub in a new data directory (and an empty PostgreSQL database
// for a hub kept there) and checks it against the backup's manifest.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/backup/backup.h"

namespace yungu::cli {
namespace {

using nlohmann::json;

// The version `yungu --version` prints (src/cli/app.cc).
constexpr const char* kYunguVersion = "0.1.0";

struct BackupFlags {
  std::string data = kDefaultDataDir;
  std::string out;
  std::string backup_dir;
  bool json = false;
};

void PrintStep(const backup::StepTime& step) {
  std::printf("  %8.2f s  %s\n", step.seconds, step.name.c_str());
  std::fflush(stdout);
}

// Damaged backups are rejected input (3) like other bad data; a missing
// program is a failure of the machine (1).
int ReportBackupError(const Status& status) {
  int rc = ReportError(status);
  if (status.code() == Code::kCorruption) return kExitBadData;
  if (status.error_code() == "backup.tool_missing") return kExitFailure;
  return rc;
}

std::string Short(const std::string& hex) { return hex.size() > 16 ? hex.substr(0, 16) + "…" : hex; }

void PrintFigures(const char* label, const backup::Figures& f) {
  std::printf("%s: %lld datasets, %lld versions, %lld users, %lld rows in current versions\n", label,
              static_cast<long long>(f.datasets), static_cast<long long>(f.versions), static_cast<long long>(f.users),
              static_cast<long long>(f.current_rows));
  std::printf("audit log: %lld entries, root %s", static_cast<long long>(f.audit.size), Short(f.audit.root).c_str());
  if (f.audit.latest_head) {
    std::printf(", latest signed tree head %lld (size %lld, root %s)\n", static_cast<long long>(f.audit.latest_head->id),
                static_cast<long long>(f.audit.latest_head->size), Short(f.audit.latest_head->root).c_str());
  } else {
    std::printf(", no signed tree head yet\n");
  }
}

std::string MiB(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

int RunBackup(const BackupFlags& f) {
  if (f.out.empty()) {
    std::fprintf(stderr, "error: --out BACKUP_DIR is required\n");
    return kExitUsage;
  }
  backup::BackupOptions options;
  options.data_dir = f.data;
  options.store_url = StoreUrl();
  options.out_dir = f.out;
  options.yungu_version = kYunguVersion;
  options.on_step = PrintStep;
  std::printf("backup of %s%s into %s\n", f.data.c_str(), StoreUrl().empty() ? "" : " and its PostgreSQL database",
              f.out.c_str());
  auto result = backup::CreateBackup(options);
  if (!result.ok()) return ReportBackupError(result.status());
  PrintFigures("store", result->manifest.figures);
  std::printf("backup written: %s, %zu files, %s, in %.2f s (recovery point %s)\n", f.out.c_str(),
              result->manifest.files.size(), MiB(result->bytes).c_str(), result->seconds,
              result->manifest.created_at.c_str());
  return kExitOk;
}

int RunVerify(const BackupFlags& f) {
  auto report = backup::VerifyBackup(f.backup_dir, f.json ? backup::StepCallback() : backup::StepCallback(PrintStep));
  if (!report.ok()) return ReportBackupError(report.status());
  const backup::VerifyReport& r = *report;
  if (f.json) {
    json problems = json::array(), steps = json::array();
    for (const auto& p : r.problems) problems.push_back({{"code", p.code}, {"path", p.path}, {"detail", p.detail}});
    for (const auto& s : r.steps) steps.push_back({{"step", s.name}, {"seconds", s.seconds}});
    std::cout << json{{"ok", r.ok()},
                      {"backend", r.backend},
                      {"files_checked", r.files_checked},
                      {"bytes_checked", r.bytes_checked},
                      {"problems", problems},
                      {"steps", steps},
                      {"seconds", r.seconds}}
                     .dump(2)
              << std::endl;
  } else {
    for (const auto& p : r.problems) {
      std::printf("FAIL %s %s%s%s\n", p.code.c_str(), p.path.c_str(), p.path.empty() ? "" : ": ", p.detail.c_str());
    }
    if (r.ok()) {
      std::printf("OK %s backup: %lld files, %s, every checksum and figure checks out (%.2f s)\n", r.backend.c_str(),
                  static_cast<long long>(r.files_checked), MiB(r.bytes_checked).c_str(), r.seconds);
    } else {
      std::printf("the backup is damaged: %zu problem%s (%.2f s)\n", r.problems.size(),
                  r.problems.size() == 1 ? "" : "s", r.seconds);
    }
  }
  return r.ok() ? kExitOk : kExitBadData;
}

int RunRestore(const BackupFlags& f) {
  backup::RestoreOptions options;
  options.backup_dir = f.backup_dir;
  options.data_dir = f.data;
  options.store_url = StoreUrl();
  options.on_step = PrintStep;
  std::printf("restore of %s into %s%s\n", f.backup_dir.c_str(), f.data.c_str(),
              StoreUrl().empty() ? "" : " and its PostgreSQL database");
  auto result = backup::RestoreBackup(options);
  if (!result.ok()) return ReportBackupError(result.status());
  PrintFigures("restored", result->found);
  std::printf("OK the restored hub matches the backup of %s (%.2f s)\n", result->manifest.created_at.c_str(),
              result->seconds);
  return kExitOk;
}

}  // namespace

void AddBackupCommands(CLI::App& app, Runner& run) {
  auto flags = std::make_shared<BackupFlags>();
  CLI::App* cmd = app.add_subcommand(
      "backup", "Back the hub up while it runs: the store (SQLite online backup, or pg_dump of one snapshot), the "
                "audit log, keys and files, with a manifest of checksums and figures");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--data", flags->data, "data directory")->capture_default_str();
  cmd->add_option("--out", flags->out, "the backup directory to create (must not exist, or be empty)");

  CLI::App* verify = cmd->add_subcommand(
      "verify", "Recompute every checksum of a backup and check its database copies or dump and its figures. Exit 0 "
                "when sound, 3 when not");
  verify->add_option("backup_dir", flags->backup_dir, "the backup directory")->required();
  verify->add_flag("--json", flags->json, "print the report as JSON");
  verify->callback([flags, &run] { run = [flags] { return RunVerify(*flags); }; });

  cmd->callback([flags, verify, &run] {
    if (verify->parsed()) return;
    run = [flags] { return RunBackup(*flags); };
  });

  CLI::App* restore = app.add_subcommand(
      "restore", "Restore a verified backup into a new data directory (with --store: an empty PostgreSQL database) "
                 "and check it against the backup's manifest");
  restore->add_option("backup_dir", flags->backup_dir, "the backup directory")->required();
  restore->add_option("--data", flags->data, "the new data directory (must not exist, or be empty)")->required();
  restore->callback([flags, &run] { run = [flags] { return RunRestore(*flags); }; });
}

}  // namespace yungu::cli

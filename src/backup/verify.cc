// yungu backup verify: is every byte of a backup as its manifest says, and
// do the copies hold what the manifest's figures describe?
#include <algorithm>
#include <cstring>
#include <set>

#include "backup/figures.h"
#include "backup/file_copy.h"
#include "backup/postgres_dump.h"
#include "backup/sqlite_copy.h"
#include "backup/step_clock.h"
#include "yungu/audit/tree_head.h"
#include "yungu/backup/backup.h"

namespace yungu::backup {
namespace {

void Add(VerifyReport& r, std::string code, std::string path, std::string detail) {
  r.problems.push_back(Problem{std::move(code), std::move(path), std::move(detail)});
}

// The signature of a copied tree head, checked with the backed-up public key.
Status CheckHeadSignature(const fs::path& backup_dir, const storage::TreeHeadRecord& head) {
  YG_ASSIGN_OR_RETURN(audit::PublicKey key, audit::LoadPublicKey(backup_dir / "files" / "keys"));
  audit::SignedTreeHead h;
  h.id = head.id;
  h.size = head.size;
  h.timestamp_us = head.timestamp_us;
  auto root = audit::HashFromBytes(head.root);
  if (!root || head.signature.size() != h.signature.size()) {
    return Corruption("backup.bad_tree_head", "the latest tree head has malformed bytes");
  }
  h.root = *root;
  std::memcpy(h.signature.data(), head.signature.data(), h.signature.size());
  if (!audit::VerifyTreeHead(h, key)) {
    return Corruption("backup.bad_signature", "the latest tree head's signature does not verify with the backed-up "
                                              "public key (files/keys/audit_ed25519.pub)");
  }
  return Status::Ok();
}

// The SQLite copies: integrity, and the figures recomputed from them.
void CheckSqliteCopies(const fs::path& dir, const Manifest& m, const std::set<std::string>& intact, VerifyReport& r) {
  const std::string hub_path = "database/yungu.db", log_path = "database/audit.db";
  if (intact.count(hub_path)) {
    auto hub = SqliteCopy::Open(dir / hub_path);
    if (!hub.ok()) {
      Add(r, "backup.integrity_check", hub_path, hub.status().message());
    } else {
      auto problems = hub->IntegrityCheck();
      if (!problems.ok() || !problems->empty()) {
        std::string detail = problems.ok() ? problems->front() : problems.status().message();
        Add(r, "backup.integrity_check", hub_path, "PRAGMA integrity_check: " + detail);
      } else {
        auto found = CountFiguresFromSql([&](const std::string& sql) { return hub->Query(sql); });
        if (!found.ok()) {
          Add(r, "backup.figures_mismatch", hub_path, found.status().message());
        } else {
          for (const auto& d : CompareFigures(m.figures, *found, false)) Add(r, "backup.figures_mismatch", hub_path, d);
        }
      }
    }
  }
  bool listed = std::any_of(m.files.begin(), m.files.end(), [&](const FileEntry& f) { return f.path == log_path; });
  if (!listed) {
    if (m.figures.audit.size > 0 || m.figures.audit.latest_head) {
      Add(r, "backup.missing_file", log_path, "the manifest records an audit log but lists no copy of it");
    }
    return;
  }
  if (!intact.count(log_path)) return;
  {
    auto log_db = SqliteCopy::Open(dir / log_path);
    auto problems = log_db.ok() ? log_db->IntegrityCheck() : Result<std::vector<std::string>>(log_db.status());
    if (!problems.ok() || !problems->empty()) {
      std::string detail = problems.ok() ? problems->front() : problems.status().message();
      Add(r, "backup.integrity_check", log_path, "PRAGMA integrity_check: " + detail);
      return;
    }
  }
  auto log = OpenAuditCopy(dir / log_path);
  if (!log.ok()) {
    Add(r, "backup.figures_mismatch", log_path, log.status().message());
    return;
  }
  auto found = CurrentAuditFigures(**log);
  if (!found.ok()) {
    Add(r, "backup.figures_mismatch", log_path, found.status().message());
    return;
  }
  Figures expected_audit_only = m.figures, found_audit_only = m.figures;
  found_audit_only.audit = *found;
  for (const auto& d : CompareFigures(expected_audit_only, found_audit_only, true)) {
    Add(r, "backup.figures_mismatch", log_path, d);
  }
  auto head = (*log)->LatestTreeHead();
  if (head.ok() && *head) {
    Status sig = CheckHeadSignature(dir, **head);
    if (!sig.ok()) Add(r, sig.error_code(), log_path, sig.message());
    auto at_head = AuditFiguresOf(**log, (*head)->size, std::nullopt);
    if (!at_head.ok() || at_head->root != found->latest_head->root) {
      Add(r, "backup.figures_mismatch", log_path,
          "the latest signed tree head's root is not the root of the copied log's first " +
              std::to_string((*head)->size) + " entries");
    }
  }
}

}  // namespace

Status VerifyReport::ToStatus() const {
  if (problems.empty()) return Status::Ok();
  std::string message = "the backup is damaged (" + std::to_string(problems.size()) + " problem" +
                        (problems.size() == 1 ? "" : "s") + "): ";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i) message += "; ";
    message += problems[i].code + " " + (problems[i].path.empty() ? "" : problems[i].path + ": ") + problems[i].detail;
  }
  return Status(Code::kCorruption, problems.front().code, message);
}

Result<VerifyReport> VerifyBackup(const fs::path& dir, const StepCallback& on_step) {
  VerifyReport r;
  StepClock clock(on_step, r.steps);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("backup.not_found", dir.string() + " is not a directory");
  auto manifest = ReadManifest(dir);
  if (!manifest.ok()) {
    Add(r, manifest.status().error_code(), kManifestFile, manifest.status().message());
    r.seconds = clock.Total();
    return r;
  }
  const Manifest& m = *manifest;
  r.backend = m.backend;
  clock.End("read the manifest");

  std::set<std::string> listed, intact;
  for (const auto& f : m.files) {
    listed.insert(f.path);
    fs::path path = dir / f.path;
    auto status = fs::symlink_status(path, ec);
    if (!fs::exists(status)) {
      Add(r, "backup.missing_file", f.path, "listed in the manifest but missing");
      continue;
    }
    if (!fs::is_regular_file(status)) {
      Add(r, "backup.checksum_mismatch", f.path, "not a regular file");
      continue;
    }
    auto digest = HashFile(path);
    if (!digest.ok()) {
      Add(r, "backup.unreadable_file", f.path, digest.status().message());
      continue;
    }
    ++r.files_checked;
    r.bytes_checked += digest->size;
    if (digest->size != f.size) {
      Add(r, "backup.checksum_mismatch", f.path,
          "size " + std::to_string(digest->size) + " bytes, the manifest says " + std::to_string(f.size));
    } else if (digest->sha256 != f.sha256) {
      Add(r, "backup.checksum_mismatch", f.path, "SHA-256 " + digest->sha256 + ", the manifest says " + f.sha256);
    } else {
      intact.insert(f.path);
    }
  }
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    std::string rel = it->path().lexically_relative(dir).generic_string();
    if (rel == kManifestFile || listed.count(rel)) continue;
    Add(r, "backup.extra_file", rel, "not listed in the manifest");
  }
  if (ec) return IoError("backup.io", "cannot list " + dir.string() + ": " + ec.message());
  clock.End("checksums of " + std::to_string(r.files_checked) + " files");

  if (m.backend == kBackendSqlite) {
    if (!listed.count("database/yungu.db")) {
      Add(r, "backup.missing_file", "database/yungu.db", "the manifest lists no copy of the store");
    }
    CheckSqliteCopies(dir, m, intact, r);
    clock.End("integrity and figures of the SQLite copies");
  } else {
    if (!listed.count("database/hub.dump")) {
      Add(r, "backup.missing_file", "database/hub.dump", "the manifest lists no dump of the database");
    } else if (intact.count("database/hub.dump")) {
      Status st = CheckDump(dir / "database" / "hub.dump");
      if (!st.ok()) Add(r, st.error_code(), "database/hub.dump", st.message());
    }
    clock.End("pg_restore --list of the dump");
  }
  r.seconds = clock.Total();
  return r;
}

}  // namespace yungu::backup

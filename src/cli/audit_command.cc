// `yungu audit verify | export | head`: the trace, read from the data
// directory's files (these commands only read; they may run beside a server).
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/audit/audit_time.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/audit/export.h"
#include "yungu/audit/verifier.h"

namespace yungu::cli {
namespace {

using nlohmann::json;

struct AuditFlags {
  std::string data = kDefaultDataDir;
  bool json = false;
  std::string public_key;  // verify: base64, or a file holding it
  std::string format = "ndjson";
  std::map<std::string, std::string> filters;  // export: user, department, ...
  int64_t limit = -1;
};

std::string KeyBase64(const audit::PublicKey& key) {
  return audit::ToBase64(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

json ReportJson(const audit::VerifyReport& r) {
  json heads = json::array();
  for (const auto& h : r.bad_tree_heads) {
    heads.push_back({{"id", h.id}, {"tree_size", h.size}, {"problem", h.problem}, {"detail", h.detail}});
  }
  json out = {{"ok", r.ok()},
              {"entries", r.entries},
              {"tree_heads", r.tree_heads},
              {"nodes_checked", r.nodes_checked},
              {"signed_size", r.signed_size},
              {"first_bad_entry", nullptr},
              {"first_bad_node", nullptr},
              {"bad_tree_heads", heads},
              {"altered_range", nullptr},
              {"seconds", r.seconds}};
  if (r.first_bad_entry) {
    out["first_bad_entry"] = {{"index", r.first_bad_entry->index},
                              {"kind", r.first_bad_entry->kind},
                              {"detail", r.first_bad_entry->detail}};
  }
  if (r.first_bad_node) {
    out["first_bad_node"] = {{"level", r.first_bad_node->level},
                             {"index", r.first_bad_node->index},
                             {"detail", r.first_bad_node->detail}};
  }
  if (r.altered_range) out["altered_range"] = {r.altered_range->first, r.altered_range->second};
  return out;
}

void PrintReport(const audit::VerifyReport& r) {
  std::printf("audit log: %lld entries, %lld signed tree heads, %lld stored subtree hashes (%.2f s)\n",
              static_cast<long long>(r.entries), static_cast<long long>(r.tree_heads),
              static_cast<long long>(r.nodes_checked), r.seconds);
  if (r.first_bad_entry) {
    std::printf("FAIL first bad entry: %lld (%s): %s\n", static_cast<long long>(r.first_bad_entry->index),
                r.first_bad_entry->kind.c_str(), r.first_bad_entry->detail.c_str());
  }
  if (r.altered_range) {
    std::printf("FAIL altered entries: %lld..%lld (their hashes were rewritten to match; the stored hashes and "
                "signed heads still differ)\n",
                static_cast<long long>(r.altered_range->first), static_cast<long long>(r.altered_range->second - 1));
  }
  for (const auto& h : r.bad_tree_heads) {
    std::printf("FAIL tree head %lld (size %lld): %s: %s\n", static_cast<long long>(h.id),
                static_cast<long long>(h.size), h.problem.c_str(), h.detail.c_str());
  }
  if (r.first_bad_node) {
    std::printf("FAIL stored subtree hash at level %d, index %lld: %s\n", r.first_bad_node->level,
                static_cast<long long>(r.first_bad_node->index), r.first_bad_node->detail.c_str());
  }
  if (r.ok()) {
    std::printf("OK every entry, stored hash and signed tree head checks out\n");
    if (r.signed_size < r.entries) {
      std::printf("note: entries %lld..%lld are not yet covered by a signed tree head\n",
                  static_cast<long long>(r.signed_size), static_cast<long long>(r.entries - 1));
    }
  }
}

int RunVerify(const AuditFlags& f) {
  audit::VerifyOptions options;
  if (!f.public_key.empty()) {
    auto key = audit::ParsePublicKey(f.public_key);
    if (!key.ok()) return ReportError(key.status());
    options.public_key = *key;
  }
  options.store_url = StoreUrl();
  auto report = audit::VerifyAuditLog(f.data, options);
  if (!report.ok()) return ReportError(report.status());
  if (f.json) {
    std::cout << ReportJson(*report).dump(2) << std::endl;
  } else {
    PrintReport(*report);
  }
  return report->ok() ? kExitOk : kExitBadData;
}

int RunExport(const AuditFlags& f) {
  auto format = audit::ParseExportFormat(f.format);
  if (!format) return ReportError(InvalidArgument("cli.bad_format", "--format is ndjson or csv"));
  auto query = audit::AuditQueryFromParams(f.filters);
  if (!query.ok()) return ReportError(query.status());
  auto trail = audit::OpenAuditTrail(f.data, StoreUrl());
  if (!trail.ok()) return ReportError(trail.status());
  audit::EntryExport exporter(**trail, *query, *format, f.limit);
  std::string chunk;
  for (;;) {
    chunk.clear();
    auto more = exporter.Next(chunk);
    if (!more.ok()) return ReportError(more.status());
    std::cout.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!*more) break;
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitFailure;
}

int RunHead(const AuditFlags& f) {
  auto trail = audit::OpenAuditTrail(f.data, StoreUrl());
  if (!trail.ok()) return ReportError(trail.status());
  auto head = (*trail)->LatestTreeHead();
  if (!head.ok()) return ReportError(head.status());
  if (!*head) return ReportError(NotFound("audit.no_tree_head", "the audit log has no signed tree head yet"));
  const audit::SignedTreeHead& h = **head;
  bool valid = audit::VerifyTreeHead(h, (*trail)->public_key());
  std::string signature = audit::ToBase64(
      std::string_view(reinterpret_cast<const char*>(h.signature.data()), h.signature.size()));
  if (f.json) {
    std::cout << json{{"id", h.id},
                      {"tree_size", h.size},
                      {"timestamp", audit::FormatTimeMicros(h.timestamp_us)},
                      {"timestamp_us", h.timestamp_us},
                      {"root_hash", audit::ToBase64(h.root)},
                      {"signature", signature},
                      {"public_key", KeyBase64((*trail)->public_key())},
                      {"signature_valid", valid}}
                     .dump(2)
              << std::endl;
  } else {
    std::printf("tree head %lld\n  tree size   %lld\n  time        %s\n  root hash   %s\n  signature   %s\n"
                "  public key  %s\n  %s\n",
                static_cast<long long>(h.id), static_cast<long long>(h.size),
                audit::FormatTimeMicros(h.timestamp_us).c_str(), audit::ToBase64(h.root).c_str(), signature.c_str(),
                KeyBase64((*trail)->public_key()).c_str(),
                valid ? "the signature verifies" : "FAIL: the signature does not verify");
  }
  return valid ? kExitOk : kExitBadData;
}

}  // namespace

void AddAuditCommand(CLI::App& app, Runner& run) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* cmd = app.add_subcommand("audit", "The tamper-evident trace (留痕): verify it, export it, show its head");
  cmd->require_subcommand(1);

  CLI::App* verify = cmd->add_subcommand(
      "verify", "Recompute the log from its entries; name the first entry modified, deleted, inserted or "
                "reordered and every bad tree head. Exit 0 when all is well, 3 when not");
  verify->add_option("--data", flags->data, "data directory")->capture_default_str();
  verify->add_option("--public-key", flags->public_key,
                     "the hub's Ed25519 public key (base64, or a file holding it) to check the tree heads with; "
                     "default: DATA/keys/audit_ed25519.pub");
  verify->add_flag("--json", flags->json, "print the report as JSON");
  verify->callback([flags, &run] { run = [flags] { return RunVerify(*flags); }; });

  CLI::App* exp = cmd->add_subcommand("export", "Write the entries matching the filters to stdout, newest first");
  exp->add_option("--data", flags->data, "data directory")->capture_default_str();
  exp->add_option("--format", flags->format, "ndjson (the canonical entries) or csv")
      ->check(CLI::IsMember({"ndjson", "csv"}))
      ->capture_default_str();
  for (const char* name : {"user", "department", "dataset", "field", "action", "category", "outcome", "since",
                           "until"}) {
    std::string description = std::string("only entries with this ") + name;
    if (std::string(name) == "since") description = "only entries at or after this time (no offset: China time)";
    if (std::string(name) == "until") description = "only entries before this time";
    exp->add_option_function<std::string>(
        std::string("--") + name, [flags, name](const std::string& v) { flags->filters[name] = v; }, description);
  }
  exp->add_option("--limit", flags->limit, "at most this many entries")->check(CLI::PositiveNumber);
  exp->callback([flags, &run] { run = [flags] { return RunExport(*flags); }; });

  CLI::App* head = cmd->add_subcommand("head", "Show the latest signed tree head and check its signature");
  head->add_option("--data", flags->data, "data directory")->capture_default_str();
  head->add_flag("--json", flags->json, "print it as JSON");
  head->callback([flags, &run] { run = [flags] { return RunHead(*flags); }; });
}

}  // namespace yungu::cli

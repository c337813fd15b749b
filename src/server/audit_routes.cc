// The audit API: search and export of the trace, entries with their leaf
// hashes, signed tree heads, inclusion and consistency proofs, and abuse
// alerts. Only auditors and platform admins read it, and every reading is
// itself traced (category "admin", action "audit.search"). Hashes, keys and
// signatures are base64.
#include <charconv>

#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/audit/audit_log.h"
#include "yungu/audit/audit_time.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/audit/export.h"

namespace yungu::server {
namespace {

using nlohmann::json;

constexpr int64_t kMaxExportEntries = int64_t{1} << 40;

// Who may read the trace; refusals of signed-in callers are traced too.
Status Authorize(const Request& req) {
  if (req.principal.anonymous()) return Unauthenticated("auth.required", "sign in to read the audit trace");
  if (req.principal.Has(access::Role::kAuditor) || req.principal.Has(access::Role::kPlatformAdmin)) {
    return Status::Ok();
  }
  return PermissionDenied("audit.forbidden", "only auditors and platform admins read the audit trace");
}

// Records the reading (or the refused attempt) before anything is answered:
// when the trace cannot be written, nothing is served. Waiting for it to be
// durable also makes everything traced before it readable.
Status Trace(ApiContext& ctx, const Request& req, const Status& outcome) {
  const access::Principal& p = req.principal;
  audit::AuditEvent e;
  e.category = "admin";
  e.action = "audit.search";
  e.outcome = outcome.ok() ? "ok" : "denied";
  e.error_code = outcome.error_code();
  e.user_id = p.user_id;
  e.username = p.username;
  e.department = p.department;
  e.roles = access::RoleNames(p.roles);
  e.via = std::string(access::ViaName(p.via));
  e.credential_id = p.credential_id;
  e.client_address = req.client_address;
  e.target = req.path;
  e.filter = json::object();
  for (const auto& [k, v] : req.query) e.filter[k] = v;
  return ctx.services.audit->AppendDurable(std::move(e));
}

// The trail, once the caller may read it and the reading is traced.
Result<audit::AuditTrail*> Open(ApiContext& ctx, const Request& req) {
  audit::AuditLog* log = ctx.services.audit;
  if (log == nullptr || log->trail() == nullptr) {
    return FailedPrecondition("audit.unavailable", "this server keeps no audit trail");
  }
  Status allowed = Authorize(req);
  if (!allowed.ok()) {
    if (!req.principal.anonymous()) YG_RETURN_IF_ERROR(Trace(ctx, req, allowed));
    return allowed;
  }
  YG_RETURN_IF_ERROR(Trace(ctx, req, allowed));
  return log->trail();
}

json EntryJson(const audit::AuditEntry& e) {
  json entry = json::parse(e.canonical, nullptr, false);
  return {{"index", e.index},
          {"leaf_hash", audit::ToBase64(e.leaf_hash)},
          {"entry", entry.is_discarded() ? json() : entry},
          {"canonical", e.canonical}};
}

json HeadJson(const audit::SignedTreeHead& h) {
  return {{"id", h.id},
          {"tree_size", h.size},
          {"timestamp", audit::FormatTimeMicros(h.timestamp_us)},
          {"timestamp_us", h.timestamp_us},
          {"root_hash", audit::ToBase64(h.root)},
          {"signature", audit::ToBase64(std::string_view(reinterpret_cast<const char*>(h.signature.data()),
                                                         h.signature.size()))}};
}

std::string KeyBase64(const audit::PublicKey& key) {
  return audit::ToBase64(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

json HashList(const std::vector<audit::Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(audit::ToBase64(h));
  return out;
}

// The latest signed head; a log that has none yet signs one now.
Result<audit::SignedTreeHead> LatestHead(ApiContext& ctx, audit::AuditTrail& trail) {
  YG_ASSIGN_OR_RETURN(auto head, trail.LatestTreeHead());
  if (!head) {
    YG_RETURN_IF_ERROR(ctx.services.audit->SignTreeHead());
    YG_ASSIGN_OR_RETURN(head, trail.LatestTreeHead());
    if (!head) return Internal("audit.no_tree_head", "no tree head could be signed");
  }
  return *head;
}

// A tree size from the URL, or the latest signed head's.
Result<int64_t> SizeParam(ApiContext& ctx, audit::AuditTrail& trail, const Request& req, const std::string& name) {
  if (req.query.count(name) && !req.query.at(name).empty()) return IntParam(req, name, 0, 0, INT64_MAX);
  YG_ASSIGN_OR_RETURN(audit::SignedTreeHead head, LatestHead(ctx, trail));
  return head.size;
}

Result<Response> Entries(ApiContext& ctx, Request& req) {
  YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
  std::map<std::string, std::string> params = req.query;
  std::string format = params.count("format") ? params["format"] : "json";
  params.erase("format");
  if (format == "json") {
    YG_ASSIGN_OR_RETURN(audit::AuditQuery query, audit::AuditQueryFromParams(params));
    YG_ASSIGN_OR_RETURN(audit::AuditPage page, trail->Search(query));
    YG_ASSIGN_OR_RETURN(int64_t size, trail->Size());
    json entries = json::array();
    for (const auto& e : page.entries) entries.push_back(EntryJson(e));
    return Response::Json({{"entries", entries},
                           {"limit", query.limit},
                           {"next_before", page.next_before < 0 ? json() : json(page.next_before)},
                           {"size", size}});
  }
  auto export_format = audit::ParseExportFormat(format);
  if (!export_format) return InvalidArgument("audit.bad_format", "format is json, ndjson or csv");
  // For exports `limit` bounds the whole export, not a page.
  int64_t max_entries = -1;
  if (params.count("limit")) {
    YG_ASSIGN_OR_RETURN(max_entries, IntParam(req, "limit", -1, 1, kMaxExportEntries));
    params.erase("limit");
  }
  YG_ASSIGN_OR_RETURN(audit::AuditQuery query, audit::AuditQueryFromParams(params));
  auto exporter = std::make_shared<audit::EntryExport>(*trail, query, *export_format, max_entries);
  Response r;
  r.content_type = std::string(audit::ExportContentType(*export_format));
  r.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"audit-trace.") + format + "\"");
  r.stream = [exporter](std::string& chunk) { return exporter->Next(chunk); };
  return r;
}

}  // namespace

void RegisterAuditRoutes(Router& router, ApiContext& ctx) {
  router.Add({"GET", "/api/v1/audit/entries", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                return Entries(ctx, req);
              },
              "Search or export the audit trace"});
  router.Add({"GET", "/api/v1/audit/entries/{index}", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
                YG_RETURN_IF_ERROR(OnlyParams(req, {}));
                const std::string& text = req.path_params["index"];
                int64_t index = -1;
                auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
                if (ec != std::errc() || end != text.data() + text.size() || index < 0) {
                  return InvalidArgument("audit.bad_parameter", "an entry index is an integer from 0");
                }
                YG_ASSIGN_OR_RETURN(audit::AuditEntry entry, trail->Entry(index));
                return Response::Json(EntryJson(entry));
              },
              "Show an audit entry with its leaf hash"});
  router.Add({"GET", "/api/v1/audit/tree-head", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
                YG_RETURN_IF_ERROR(OnlyParams(req, {}));
                YG_ASSIGN_OR_RETURN(audit::SignedTreeHead head, LatestHead(ctx, *trail));
                json out = HeadJson(head);
                out["public_key"] = KeyBase64(trail->public_key());
                out["signature_algorithm"] = "Ed25519";
                out["signed_message"] =
                    "\"yungu-tree-head-v1\" (18 bytes) || tree_size (8 bytes, big-endian) || "
                    "timestamp_us (8 bytes, big-endian) || root_hash (32 bytes)";
                return Response::Json(out);
              },
              "The latest signed tree head and the hub's public key"});
  router.Add({"GET", "/api/v1/audit/tree-heads", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
                YG_RETURN_IF_ERROR(OnlyParams(req, {"limit", "before"}));
                YG_ASSIGN_OR_RETURN(int64_t limit, IntParam(req, "limit", 100, 1, 1000));
                YG_ASSIGN_OR_RETURN(int64_t before, IntParam(req, "before", -1, 1, INT64_MAX));
                YG_ASSIGN_OR_RETURN(auto heads, trail->TreeHeads(limit, before));
                json list = json::array();
                for (const auto& h : heads) list.push_back(HeadJson(h));
                bool more = static_cast<int64_t>(heads.size()) == limit && heads.back().id > 1;
                return Response::Json({{"tree_heads", list},
                                       {"public_key", KeyBase64(trail->public_key())},
                                       {"next_before", more ? json(heads.back().id) : json()}});
              },
              "List signed tree heads, newest first"});
  router.Add({"GET", "/api/v1/audit/proofs/inclusion", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
                YG_RETURN_IF_ERROR(OnlyParams(req, {"index", "size"}));
                if (!req.query.count("index")) return InvalidArgument("audit.bad_parameter", "index is required");
                YG_ASSIGN_OR_RETURN(int64_t index, IntParam(req, "index", 0, 0, INT64_MAX));
                YG_ASSIGN_OR_RETURN(int64_t size, SizeParam(ctx, *trail, req, "size"));
                YG_ASSIGN_OR_RETURN(auto path, trail->InclusionProof(index, size));
                YG_ASSIGN_OR_RETURN(audit::AuditEntry entry, trail->Entry(index));
                YG_ASSIGN_OR_RETURN(audit::Hash root, trail->RootAt(size));
                return Response::Json({{"index", index},
                                       {"tree_size", size},
                                       {"leaf_hash", audit::ToBase64(entry.leaf_hash)},
                                       {"audit_path", HashList(path)},
                                       {"root_hash", audit::ToBase64(root)}});
              },
              "Inclusion proof of an entry in the tree of a given size"});
  router.Add({"GET", "/api/v1/audit/proofs/consistency", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
                YG_RETURN_IF_ERROR(OnlyParams(req, {"first", "second"}));
                if (!req.query.count("first")) return InvalidArgument("audit.bad_parameter", "first is required");
                YG_ASSIGN_OR_RETURN(int64_t first, IntParam(req, "first", 0, 0, INT64_MAX));
                YG_ASSIGN_OR_RETURN(int64_t second, SizeParam(ctx, *trail, req, "second"));
                YG_ASSIGN_OR_RETURN(auto path, trail->ConsistencyProof(first, second));
                YG_ASSIGN_OR_RETURN(audit::Hash first_root, trail->RootAt(first));
                YG_ASSIGN_OR_RETURN(audit::Hash second_root, trail->RootAt(second));
                return Response::Json({{"first", first},
                                       {"second", second},
                                       {"consistency_path", HashList(path)},
                                       {"first_root_hash", audit::ToBase64(first_root)},
                                       {"second_root_hash", audit::ToBase64(second_root)}});
              },
              "Consistency proof between two tree sizes"});
  router.Add({"GET", "/api/v1/audit/alerts", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(audit::AuditTrail * trail, Open(ctx, req));
                YG_RETURN_IF_ERROR(OnlyParams(req, {"limit", "before"}));
                YG_ASSIGN_OR_RETURN(int64_t limit, IntParam(req, "limit", 100, 1, 1000));
                YG_ASSIGN_OR_RETURN(int64_t before, IntParam(req, "before", -1, 1, INT64_MAX));
                YG_ASSIGN_OR_RETURN(auto alerts, trail->Alerts(limit, before));
                json list = json::array();
                for (const auto& a : alerts) {
                  list.push_back({{"id", a.id},
                                  {"kind", a.kind},
                                  {"user_id", a.user_id},
                                  {"username", a.username},
                                  {"department", a.department},
                                  {"day", a.day},
                                  {"distinct_subjects", a.count},
                                  {"threshold", a.threshold},
                                  {"time", a.time},
                                  {"entry_index", a.entry_index},
                                  {"trigger_index", a.trigger_index}});
                }
                bool more = static_cast<int64_t>(alerts.size()) == limit && alerts.back().id > 1;
                return Response::Json({{"alerts", list}, {"next_before", more ? json(alerts.back().id) : json()}});
              },
              "List abuse alerts, newest first"});
}

}  // namespace yungu::server

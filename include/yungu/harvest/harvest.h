// Harvesting: datasets of another CKAN portal (its Action API) or of a DCAT
// catalog (Turtle, RDF/XML, JSON-LD) copied into this hub's catalog, and
// kept up to date run after run.
//
// No state is kept besides the catalog: each harvested dataset carries in
// its extras
//   harvest_source           the source, as NormalizeSource() writes it
//   harvest_remote_id        the remote's id (a CKAN package id, a DCAT IRI)
//   harvest_remote_modified  the remote's last-modified text
// and the next run asks the source only for what changed since the largest
// harvest_remote_modified of that source. Local datasets of another origin
// are never overwritten: a remote dataset with the same id is a conflict.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/harvest/http_client.h"
#include "yungu/storage/store.h"

namespace yungu::harvest {

inline constexpr std::string_view kSourceKey = "harvest_source";
inline constexpr std::string_view kRemoteIdKey = "harvest_remote_id";
inline constexpr std::string_view kRemoteModifiedKey = "harvest_remote_modified";

enum class SourceType { kCkan, kDcat };
std::string_view SourceTypeName(SourceType type);  // "ckan" | "dcat"
std::optional<SourceType> ParseSourceType(std::string_view name);
// A catalog document (.ttl, .rdf, .xml, .jsonld, .json at the end of the
// path) is DCAT; anything else (a CKAN root, /api/3, ...) is CKAN.
SourceType GuessSourceType(std::string_view url);
// The form stored in harvest_source: no trailing '/', no fragment; for CKAN
// the portal's root (a trailing /api/3, /api/3/action or
// /api/3/action/<name> is cut off). InvalidArgument "harvest.bad_url" when
// it is no http(s) URL.
Result<std::string> NormalizeSource(std::string_view url, SourceType type);

// A remote organization's name as a department code: [A-Za-z0-9_-]{1,32}.
// Other characters become '-'; a name that is too long keeps its first 23
// characters and gets '-' and 8 hex digits of its hash; a name with nothing
// usable (e.g. all Chinese) becomes "org-" and that hash.
std::string DepartmentCode(std::string_view remote_name);

struct HarvestOptions {
  std::string source;  // URL of the CKAN portal or the DCAT catalog
  SourceType type = SourceType::kCkan;
  std::string token;       // CKAN API token (private datasets); sent as Authorization
  std::string department;  // non-empty: every dataset goes to this (existing) department
  bool full = false;            // list everything, and report datasets the source no longer has
  bool delete_missing = false;  // with full: delete those
  bool dry_run = false;         // change nothing, report what would change
  // Asked before each dataset; true ends the run with "harvest.stopped".
  std::function<bool()> stop_requested;
};

enum class Outcome { kCreated, kUpdated, kUnchanged, kSkipped, kConflict, kMissing, kDeleted };
std::string_view OutcomeName(Outcome outcome);  // "created", ...

// What happened to one dataset.
struct DatasetLine {
  Outcome outcome = Outcome::kUnchanged;
  std::string id;         // the local dataset id (may be empty when skipped early)
  std::string remote_id;
  std::string department;
  std::string reason;     // skipped and conflict: why
  std::vector<std::string> warnings;  // values dropped on the way in
};

struct HarvestReport {
  std::string source;  // normalized
  SourceType type = SourceType::kCkan;
  std::string since;   // the remote modified time asked from; empty: everything
  bool full = false;
  bool dry_run = false;
  std::vector<std::string> departments_created;
  std::vector<DatasetLine> datasets;
  std::chrono::milliseconds elapsed{0};
  // Why the run stopped early (the source failed, the store failed); the
  // lines above are what was done before. Ok when the run completed.
  Status error;

  int64_t Count(Outcome outcome) const;
};

// A change the harvester made, for the caller to trace.
struct Change {
  enum class Kind { kDepartmentCreated, kDatasetCreated, kDatasetUpdated, kDatasetDeleted };
  Kind kind = Kind::kDatasetCreated;
  std::string id;  // department code or dataset id
  std::string source;
  std::string remote_id;
};
// Called after each change is written; a non-ok Status (the trace cannot be
// written) stops the run with that error. Not called on dry runs.
using ChangeCallback = std::function<Status(const Change&)>;

// Runs one harvest. Source problems end up in report.error with a
// harvest.* code: harvest.http_status (a non-2xx answer),
// harvest.bad_json, harvest.bad_response (JSON of the wrong shape),
// harvest.remote_error (a CKAN {"success": false} envelope),
// harvest.bad_rdf, harvest.unknown_syntax, plus the HttpClient's codes;
// harvest.unknown_department when options.department does not exist;
// harvest.stopped when stop_requested said so.
HarvestReport Harvest(storage::Store& store, HttpClient& http, const HarvestOptions& options,
                      const ChangeCallback& on_change = {});

// The report for people (one summary line, then a line per dataset that
// was not unchanged) and for programs.
std::string ReportText(const HarvestReport& report);
// The report's first line: source, counts, time.
std::string ReportSummary(const HarvestReport& report);
// One dataset's line: outcome, id, department, reason.
std::string LineText(const DatasetLine& line);
nlohmann::json ReportJson(const HarvestReport& report);

}  // namespace yungu::harvest

// A harvest report, for people and for programs.
#include <cstdio>

#include "yungu/harvest/harvest.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

constexpr Outcome kOutcomes[] = {Outcome::kCreated,  Outcome::kUpdated, Outcome::kUnchanged, Outcome::kSkipped,
                                 Outcome::kConflict, Outcome::kMissing, Outcome::kDeleted};

std::string Seconds(std::chrono::milliseconds elapsed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(elapsed.count()) / 1000.0);
  return buf;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCreated: return "created";
    case Outcome::kUpdated: return "updated";
    case Outcome::kUnchanged: return "unchanged";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kConflict: return "conflict";
    case Outcome::kMissing: return "missing";
    case Outcome::kDeleted: return "deleted";
  }
  return "unchanged";
}

int64_t HarvestReport::Count(Outcome outcome) const {
  int64_t n = 0;
  for (const auto& line : datasets) n += line.outcome == outcome ? 1 : 0;
  return n;
}

std::string ReportSummary(const HarvestReport& r) {
  std::string out = (r.dry_run ? "dry run of " : "") + std::string("harvest of ") + r.source + " (" +
                    std::string(SourceTypeName(r.type)) +
                    (r.full ? ", full" : r.since.empty() ? ", everything" : ", changes since " + r.since) + "): ";
  bool first = true;
  for (Outcome o : kOutcomes) {
    out += (first ? "" : ", ") + std::to_string(r.Count(o)) + " " + std::string(OutcomeName(o));
    first = false;
  }
  out += "; " + std::to_string(r.departments_created.size()) + " departments created";
  out += r.error.ok() ? "" : "; stopped early";
  out += " (" + Seconds(r.elapsed) + ")";
  return out;
}

std::string LineText(const DatasetLine& line) {
  std::string name(OutcomeName(line.outcome));
  name.resize(10, ' ');
  std::string out = name + "  " + (line.id.empty() ? line.remote_id : line.id);
  if (!line.department.empty() && line.outcome != Outcome::kSkipped) out += "  [" + line.department + "]";
  if (!line.reason.empty()) out += ": " + line.reason;
  return out;
}

std::string ReportText(const HarvestReport& r) {
  std::string out = ReportSummary(r) + "\n";
  for (const auto& code : r.departments_created) out += "  department  " + code + (r.dry_run ? " (would be created)\n" : "\n");
  for (const auto& line : r.datasets) {
    if (line.outcome != Outcome::kUnchanged) out += "  " + LineText(line) + "\n";
    for (const auto& w : line.warnings) out += "  warning     " + (line.id.empty() ? line.remote_id : line.id) + ": " + w + "\n";
  }
  if (!r.error.ok()) out += "  error: " + r.error.message() + " [" + r.error.error_code() + "]\n";
  return out;
}

json ReportJson(const HarvestReport& r) {
  json counts = json::object();
  for (Outcome o : kOutcomes) counts[std::string(OutcomeName(o))] = r.Count(o);
  json datasets = json::array();
  for (const auto& line : r.datasets) {
    json d = {{"id", line.id},
              {"remote_id", line.remote_id},
              {"outcome", OutcomeName(line.outcome)},
              {"department", line.department}};
    if (!line.reason.empty()) d["reason"] = line.reason;
    if (!line.warnings.empty()) d["warnings"] = line.warnings;
    datasets.push_back(std::move(d));
  }
  json out = {{"source", r.source},
              {"type", SourceTypeName(r.type)},
              {"since", r.since.empty() ? json(nullptr) : json(r.since)},
              {"full", r.full},
              {"dry_run", r.dry_run},
              {"ok", r.error.ok()},
              {"counts", counts},
              {"departments_created", r.departments_created},
              {"datasets", datasets},
              {"seconds", static_cast<double>(r.elapsed.count()) / 1000.0}};
  if (!r.error.ok()) out["error"] = {{"code", r.error.error_code()}, {"message", r.error.message()}};
  return out;
}

}  // namespace yungu::harvest

// JSON forms of findings and reports, kinds by their stable names.
#include <cmath>

#include <nlohmann/json.hpp>

#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

// Shares and confidences to 4 decimals: enough to compare, short to read.
double Rounded(double x) { return std::round(x * 10000.0) / 10000.0; }

nlohmann::json KindNames(KindSet kinds) {
  nlohmann::json names = nlohmann::json::array();
  for (PiiKind kind : kinds.ToVector()) names.push_back(PiiKindName(kind));
  return names;
}

}  // namespace

nlohmann::json ToJson(const FieldFinding& finding) {
  nlohmann::json kinds = nlohmann::json::array();
  for (const KindStats& stats : finding.kinds) {
    kinds.push_back({{"kind", PiiKindName(stats.kind)},
                     {"whole", stats.whole},
                     {"whole_share", Rounded(stats.whole_share)},
                     {"contained", stats.contained},
                     {"contained_share", Rounded(stats.contained_share)}});
  }
  nlohmann::json out = {
      {"name", finding.name},
      {"title", finding.title},
      {"values", finding.values},
      {"empty_values", finding.empty_values},
      {"hinted", KindNames(finding.hinted)},
      {"kinds", std::move(kinds)},
      {"detected", KindNames(finding.detected)},
      {"dominant", nullptr},
      {"confidence", Rounded(finding.confidence)},
      {"proposed_sensitivity", nullptr},
      {"examples", finding.examples},
  };
  if (finding.dominant) out["dominant"] = PiiKindName(*finding.dominant);
  if (finding.proposed_sensitivity) out["proposed_sensitivity"] = *finding.proposed_sensitivity;
  return out;
}

nlohmann::json ToJson(const DiscoveryReport& report) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldFinding& finding : report.fields) fields.push_back(ToJson(finding));
  return {{"rows_scanned", report.rows_scanned},
          {"bytes_scanned", report.bytes_scanned},
          {"elapsed_ms", Rounded(report.elapsed_seconds * 1000.0)},
          {"row_limit_reached", report.row_limit_reached},
          {"fields", std::move(fields)}};
}

}  // namespace yungu::privacy

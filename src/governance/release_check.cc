// The release check before a dataset becomes 无条件开放: what the public
// would see must hold no personal data unmasked, and its quasi-identifiers
// (as masked for the public) must leave every person in a group of at
// least k.
#include <map>

#include "governance/release_rules.h"
#include "yungu/governance/governance_service.h"

namespace yungu::governance {
namespace {

// Kinds discovery found per field of the current version (dominant kind
// and its share), from the stored report.
std::map<std::string, std::pair<std::string, double>> DiscoveredKinds(const std::string& report_json) {
  std::map<std::string, std::pair<std::string, double>> out;
  auto j = nlohmann::json::parse(report_json, nullptr, false);
  if (j.is_discarded() || !j.contains("fields")) return out;
  for (const auto& f : j["fields"]) {
    if (!f.contains("dominant") || !f["dominant"].is_string()) continue;
    const std::string kind = f["dominant"].get<std::string>();
    if (kind == "uscc") continue;  // legal entities are not persons
    double share = 0;
    for (const auto& k : f.value("kinds", nlohmann::json::array())) {
      if (k.value("kind", "") == kind) share = k.value("contained_share", 0.0);
    }
    out[f.value("name", "")] = {kind, share};
  }
  return out;
}

std::string Percent(double share) { return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%"; }

}  // namespace

Result<nlohmann::json> GovernanceService::ReleaseCheck(const model::DatasetMeta& meta) {
  const int k = meta.k_anonymity > 0 ? meta.k_anonymity : options_.default_k;
  auto view = internal::PublicView(meta, options_.public_max_sensitivity);
  nlohmann::json problems = nlohmann::json::array();

  // 1. Personal data the public would see as stored.
  std::map<std::string, std::pair<std::string, double>> discovered;
  if (meta.current_version > 0) {
    YG_ASSIGN_OR_RETURN(auto report, Report(meta, storage::kDiscoveryReport));
    discovered = DiscoveredKinds(report.json);
  }
  for (const auto& [field, mask] : view) {
    if (mask) continue;
    if (!field->personal.empty() && field->personal != "none") {
      problems.push_back(internal::PersonalDataProblem(field->name, field->personal,
                                                       "declared personal data (" + field->personal + ")"));
    } else if (field->personal.empty()) {
      if (auto it = discovered.find(field->name); it != discovered.end()) {
        problems.push_back(internal::PersonalDataProblem(
            field->name, it->second.first,
            "discovery found " + it->second.first + " in " + Percent(it->second.second) + " of its values"));
      } else if (field->sensitivity >= 3) {
        problems.push_back(internal::PersonalDataProblem(
            field->name, "sensitive",
            "its sensitivity is " + std::to_string(field->sensitivity) + " and its public mask is none"));
      }
    }
  }

  // 2. k-anonymity over the quasi-identifiers the public would see.
  auto qis = internal::PublicQuasiIdentifiers(view);
  if (!qis.names.empty() && meta.current_version > 0) {
    internal::GroupCounts counts;
    YG_RETURN_IF_ERROR(internal::CountStoredGroups(qis, meta.id, queries_, counts));
    nlohmann::json problem = internal::KAnonymityProblem(qis.names, counts, k);
    if (!problem.is_null()) problems.push_back(std::move(problem));
  }
  return nlohmann::json{{"dataset_id", meta.id},
                        {"version", meta.current_version},
                        {"k", k},
                        {"quasi_identifiers", qis.names},
                        {"passed", problems.empty()},
                        {"problems", problems}};
}

Status GovernanceService::RequireReleasable(const model::DatasetMeta& meta) {
  YG_ASSIGN_OR_RETURN(nlohmann::json check, ReleaseCheck(meta));
  return internal::ReleaseRefusal("dataset '" + meta.id + "' cannot be opened unconditionally (无条件开放)",
                                  check["problems"]);
}

}  // namespace yungu::governance

// The release check before a dataset becomes 无条件开放: what the public
// would see must hold no personal data unmasked, and its quasi-identifiers
// (as masked for the public) must leave every person in a group of at
// least k.
#include <algorithm>
#include <map>

#include "governance/row_stream.h"
#include "yungu/governance/governance_service.h"
#include "yungu/model/catalog_json.h"
#include "yungu/privacy/masking.h"

namespace yungu::governance {
namespace {

constexpr size_t kGroupsShown = 5;

// The fields the public would read, each with its public mask (if any).
std::vector<std::pair<const model::FieldDef*, std::optional<model::MaskSpec>>> PublicView(
    const model::DatasetMeta& meta, int public_max_sensitivity) {
  std::vector<std::pair<const model::FieldDef*, std::optional<model::MaskSpec>>> out;
  for (const auto& f : meta.fields) {
    const auto& mask = f.masks.public_audience;
    if (mask) {
      out.emplace_back(&f, mask->method == model::MaskMethod::kNone ? std::nullopt : mask);
    } else if (f.sensitivity <= public_max_sensitivity) {
      out.emplace_back(&f, std::nullopt);
    }
  }
  return out;
}

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
  auto view = PublicView(meta, options_.public_max_sensitivity);
  nlohmann::json problems = nlohmann::json::array();

  // 1. Personal data the public would see as stored.
  std::map<std::string, std::pair<std::string, double>> discovered;
  if (meta.current_version > 0) {
    YG_ASSIGN_OR_RETURN(auto report, Report(meta, storage::kDiscoveryReport));
    discovered = DiscoveredKinds(report.json);
  }
  for (const auto& [field, mask] : view) {
    if (mask) continue;
    std::string kind;
    std::string evidence;
    if (!field->personal.empty() && field->personal != "none") {
      kind = field->personal;
      evidence = "declared personal data (" + kind + ")";
    } else if (field->personal.empty()) {
      if (auto it = discovered.find(field->name); it != discovered.end()) {
        kind = it->second.first;
        evidence = "discovery found " + kind + " in " + Percent(it->second.second) + " of its values";
      } else if (field->sensitivity >= 3) {
        kind = "sensitive";
        evidence = "its sensitivity is " + std::to_string(field->sensitivity) + " and its public mask is none";
      }
    }
    if (kind.empty()) continue;
    problems.push_back({{"kind", "personal_data"},
                        {"field", field->name},
                        {"personal", kind},
                        {"message", "field '" + field->name + "': " + evidence +
                                        ", and the public would see it unmasked"}});
  }

  // 2. k-anonymity over the quasi-identifiers the public would see.
  std::vector<std::string> qis;
  std::vector<privacy::MaskColumn> columns;
  for (const auto& [field, mask] : view) {
    if (!field->quasi_identifier) continue;
    qis.push_back(field->name);
    columns.push_back({field, mask});
  }
  nlohmann::json smallest = nlohmann::json::array();
  int64_t groups = 0, small_groups = 0, rows_in_small = 0;
  if (!qis.empty() && meta.current_version > 0) {
    YG_ASSIGN_OR_RETURN(privacy::Masker masker, privacy::Masker::Create(columns, nullptr));
    // Count by stored values in the database, then merge the groups the
    // public masks make identical.
    nlohmann::json request{{"group_by", qis}, {"aggregates", {{{"fn", "count"}, {"as", "n"}}}}};
    std::map<std::vector<std::string>, int64_t> counts;
    YG_RETURN_IF_ERROR(internal::StreamRows(queries_, meta.id, request, nullptr, [&](Row& row) {
      std::vector<std::string> key;
      key.reserve(qis.size());
      for (size_t i = 0; i < qis.size(); ++i) key.push_back(ValueToText(masker.Mask(i, row[i])));
      const auto* n = std::get_if<int64_t>(&row[qis.size()]);
      counts[std::move(key)] += n ? *n : 0;
    }));
    std::vector<std::pair<int64_t, const std::vector<std::string>*>> below;
    for (const auto& [key, n] : counts) {
      ++groups;
      if (n < k) below.emplace_back(n, &key);
    }
    std::sort(below.begin(), below.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    small_groups = static_cast<int64_t>(below.size());
    for (const auto& [n, key] : below) rows_in_small += n;
    for (size_t i = 0; i < below.size() && i < kGroupsShown; ++i) {
      nlohmann::json values = nlohmann::json::object();
      for (size_t c = 0; c < qis.size(); ++c) values[qis[c]] = (*below[i].second)[c];
      smallest.push_back({{"values", values}, {"count", below[i].first}});
    }
    if (small_groups > 0) {
      std::string names;
      for (const auto& q : qis) names += (names.empty() ? "" : ", ") + q;
      problems.push_back({{"kind", "k_anonymity"},
                          {"fields", qis},
                          {"k", k},
                          {"groups", groups},
                          {"groups_below_k", small_groups},
                          {"rows_in_groups_below_k", rows_in_small},
                          {"smallest_groups", smallest},
                          {"message", "the quasi-identifiers (" + names + ") form " + std::to_string(small_groups) +
                                          " group(s) smaller than k=" + std::to_string(k) + ", holding " +
                                          std::to_string(rows_in_small) + " row(s); the smallest has " +
                                          std::to_string(below.front().first) +
                                          " row(s): generalise them (masks or the anonymiser) first"}});
    }
  }
  return nlohmann::json{{"dataset_id", meta.id},
                        {"version", meta.current_version},
                        {"k", k},
                        {"quasi_identifiers", qis},
                        {"passed", problems.empty()},
                        {"problems", problems}};
}

Status GovernanceService::RequireReleasable(const model::DatasetMeta& meta) {
  YG_ASSIGN_OR_RETURN(nlohmann::json check, ReleaseCheck(meta));
  if (check["passed"].get<bool>()) return Status::Ok();
  std::string message = "dataset '" + meta.id + "' cannot be opened unconditionally (无条件开放): ";
  std::string code = "release.personal_data";
  bool first = true;
  for (const auto& p : check["problems"]) {
    if (p["kind"] == "k_anonymity") {
      if (first) code = "release.k_anonymity";
      message += (first ? "" : "; ") + p["message"].get<std::string>();
      message += " — smallest groups: ";
      bool first_group = true;
      for (const auto& g : p["smallest_groups"]) {
        std::string values;
        for (const auto& name : p["fields"]) {  // in the dataset's order
          values += (values.empty() ? "" : ", ") + name.get<std::string>() + "=" +
                    g["values"][name.get<std::string>()].get<std::string>();
        }
        message += (first_group ? "" : " | ") + values + " (" + std::to_string(g["count"].get<int64_t>()) + ")";
        first_group = false;
      }
    } else {
      message += (first ? "" : "; ") + p["message"].get<std::string>();
    }
    first = false;
  }
  return FailedPrecondition(code, message);
}

}  // namespace yungu::governance

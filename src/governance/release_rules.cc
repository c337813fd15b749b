#include "governance/release_rules.h"

#include <algorithm>

#include "governance/row_stream.h"

namespace yungu::governance::internal {
namespace {

constexpr size_t kGroupsShown = 5;

}  // namespace

std::vector<PublicField> PublicView(const model::DatasetMeta& meta, int public_max_sensitivity) {
  std::vector<PublicField> out;
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

QuasiIdentifiers PublicQuasiIdentifiers(const std::vector<PublicField>& view) {
  QuasiIdentifiers q;
  for (const auto& [field, mask] : view) {
    if (!field->quasi_identifier) continue;
    q.names.push_back(field->name);
    q.columns.push_back({field, mask});
  }
  return q;
}

Status CountStoredGroups(const QuasiIdentifiers& qis, const std::string& dataset_id, query::QueryService& queries,
                         GroupCounts& counts) {
  YG_ASSIGN_OR_RETURN(privacy::Masker masker, privacy::Masker::Create(qis.columns, nullptr));
  // Count by stored values in the database, then merge the groups the
  // public masks make identical.
  nlohmann::json request{{"group_by", qis.names}, {"aggregates", {{{"fn", "count"}, {"as", "n"}}}}};
  const size_t width = qis.names.size();
  return StreamRows(queries, dataset_id, request, nullptr, [&](Row& row) {
    std::vector<std::string> key;
    key.reserve(width);
    for (size_t i = 0; i < width; ++i) key.push_back(ValueToText(masker.Mask(i, row[i])));
    const auto* n = std::get_if<int64_t>(&row[width]);
    counts[std::move(key)] += n ? *n : 0;
  });
}

nlohmann::json KAnonymityProblem(const std::vector<std::string>& qis, const GroupCounts& counts, int k) {
  std::vector<std::pair<int64_t, const std::vector<std::string>*>> below;
  int64_t rows_in_small = 0;
  for (const auto& [key, n] : counts) {
    if (n >= k) continue;
    below.emplace_back(n, &key);
    rows_in_small += n;
  }
  if (below.empty()) return nullptr;
  std::sort(below.begin(), below.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : *a.second < *b.second;
  });
  nlohmann::json smallest = nlohmann::json::array();
  for (size_t i = 0; i < below.size() && i < kGroupsShown; ++i) {
    nlohmann::json values = nlohmann::json::object();
    for (size_t c = 0; c < qis.size(); ++c) values[qis[c]] = (*below[i].second)[c];
    smallest.push_back({{"values", values}, {"count", below[i].first}});
  }
  std::string names;
  for (const auto& q : qis) names += (names.empty() ? "" : ", ") + q;
  return {{"kind", "k_anonymity"},
          {"fields", qis},
          {"k", k},
          {"groups", counts.size()},
          {"groups_below_k", below.size()},
          {"rows_in_groups_below_k", rows_in_small},
          {"smallest_groups", smallest},
          {"message", "the quasi-identifiers (" + names + ") form " + std::to_string(below.size()) +
                          " group(s) smaller than k=" + std::to_string(k) + ", holding " +
                          std::to_string(rows_in_small) + " row(s); the smallest has " +
                          std::to_string(below.front().first) +
                          " row(s): generalise them (masks or the anonymiser) first"}};
}

nlohmann::json PersonalDataProblem(const std::string& field, const std::string& kind, const std::string& evidence) {
  return {{"kind", "personal_data"},
          {"field", field},
          {"personal", kind},
          {"message", "field '" + field + "': " + evidence + ", and the public would see it unmasked"}};
}

Status ReleaseRefusal(const std::string& lead, const nlohmann::json& problems) {
  if (problems.empty()) return Status::Ok();
  std::string message = lead + ": ";
  std::string code = "release.personal_data";
  bool first = true;
  for (const auto& p : problems) {
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

}  // namespace yungu::governance::internal

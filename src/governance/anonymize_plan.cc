#include <algorithm>
#include <set>

#include "governance/anonymize_plan.h"

namespace yungu::governance::internal {
namespace {

Status Bad(std::string message) { return InvalidArgument("governance.bad_anonymize_request", std::move(message)); }

const model::FieldDef* FindField(const model::DatasetMeta& meta, std::string_view name) {
  for (const auto& f : meta.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Result<std::vector<std::string>> Names(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) return Bad(std::string(key) + " must be an array of field names");
  for (const auto& v : *it) {
    if (!v.is_string()) return Bad(std::string(key) + " must be an array of field names");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// A field names a person directly when a data officer said so (personal
// kind other than "none") or it is highly sensitive; such fields are never
// carried into an anonymised release unless asked for.
bool DirectIdentifier(const model::FieldDef& f) {
  return (!f.personal.empty() && f.personal != "none") || f.sensitivity >= 3;
}

}  // namespace

Result<AnonymizePlan> PlanAnonymization(const model::DatasetMeta& meta, const nlohmann::json& request, int default_k) {
  if (!request.is_object()) return Bad("the body must be a JSON object");
  for (const auto& [key, value] : request.items()) {
    static const std::set<std::string> kKeys = {"quasi_identifiers", "hierarchies", "k", "suppression_limit",
                                                "l", "sensitive", "metric", "keep", "target"};
    if (!kKeys.count(key)) return Bad("unknown key '" + key + "'");
  }
  AnonymizePlan plan;
  // Quasi-identifiers and their hierarchies.
  YG_ASSIGN_OR_RETURN(plan.quasi_identifiers, Names(request, "quasi_identifiers"));
  if (plan.quasi_identifiers.empty()) {
    for (const auto& f : meta.fields) {
      if (f.quasi_identifier) plan.quasi_identifiers.push_back(f.name);
    }
  }
  if (plan.quasi_identifiers.empty()) return Bad("no quasi-identifiers: list them or mark fields \"quasi_identifier\": true");
  const nlohmann::json hierarchies = request.value("hierarchies", nlohmann::json::object());
  if (!hierarchies.is_object()) return Bad("hierarchies must map field names to CSV text");
    for (const auto& name : plan.quasi_identifiers) {
    const model::FieldDef* f = FindField(meta, name);
    if (!f) return Bad("no field '" + name + "'");
    if (auto it = hierarchies.find(name); it != hierarchies.end()) {
      if (!it->is_string()) return Bad("the hierarchy of '" + name + "' must be CSV text");
      auto h = privacy::Hierarchy::Parse(it->get<std::string>());
      if (!h.ok()) return h.status().WithContext("hierarchy of '" + name + "'");
      plan.hierarchies.push_back(std::move(h).value());
    } else if (!f->hierarchy.empty()) {
      auto h = privacy::Hierarchy::FromRows(f->hierarchy);
      if (!h.ok()) return h.status().WithContext("hierarchy of '" + name + "'");
      plan.hierarchies.push_back(std::move(h).value());
    } else {
      return Bad("field '" + name + "' has no hierarchy: declare one on the field or send it in 'hierarchies'");
    }
  }

  if (request.contains("k")) {
    if (!request["k"].is_number_integer() || request["k"].get<int64_t>() < 1 || request["k"].get<int64_t>() > 1000000) {
      return Bad("k must be an integer from 1 to 1000000");
    }
    plan.config.k = static_cast<int>(request["k"].get<int64_t>());
  } else {
    plan.config.k = meta.k_anonymity > 0 ? meta.k_anonymity : default_k;
  }
  if (request.contains("suppression_limit")) {
    if (!request["suppression_limit"].is_number()) return Bad("suppression_limit must be a share from 0 to 1");
    plan.config.suppression_limit = request["suppression_limit"].get<double>();
  }
  if (request.contains("l")) {
    if (!request["l"].is_number_integer() || request["l"].get<int64_t>() < 0 || request["l"].get<int64_t>() > 1000) {
      return Bad("l must be an integer from 0 to 1000");
    }
    plan.config.l = static_cast<int>(request["l"].get<int64_t>());
  }
  if (request.contains("metric")) {
    auto metric = request["metric"].is_string() ? privacy::ParseLossMetric(request["metric"].get<std::string>())
                                                : std::nullopt;
    if (!metric) return Bad("metric must be non_uniform_entropy or discernibility");
    plan.config.metric = *metric;
  }
  if (request.contains("sensitive") && !request["sensitive"].is_string()) return Bad("sensitive must be a field name");
  plan.sensitive = request.value("sensitive", "");
  if (!plan.sensitive.empty() && !FindField(meta, plan.sensitive)) return Bad("no field '" + plan.sensitive + "'");
  if (plan.config.l > 0 && plan.sensitive.empty()) return Bad("l-diversity needs a 'sensitive' field");

  // Which other fields the release carries.
  YG_ASSIGN_OR_RETURN(auto keep, Names(request, "keep"));
  const bool keep_given = request.contains("keep");
  for (const auto& f : meta.fields) {
    const auto& qis = plan.quasi_identifiers;
    if (std::find(qis.begin(), qis.end(), f.name) != qis.end()) continue;
    bool wanted = keep_given ? std::find(keep.begin(), keep.end(), f.name) != keep.end()
                             : (f.name == plan.sensitive || !DirectIdentifier(f));
    if (wanted) plan.carried.push_back(f.name);
  }
  for (const auto& k : keep) {
    if (!FindField(meta, k)) return Bad("no field '" + k + "' to keep");
  }


  const nlohmann::json target = request.value("target", nlohmann::json::object());
  if (!target.is_object()) return Bad("target must be an object (id, name)");
  for (const auto& [key, value] : target.items()) {
    if ((key != "id" && key != "name") || !value.is_string()) return Bad("target takes 'id' and 'name', both strings");
  }
  plan.target_id = target.value("id", meta.id + "-anon");
  plan.target_name = target.value("name", meta.name + "（匿名化）");
  return plan;
}

model::DatasetMeta ReleaseMetadata(const model::DatasetMeta& meta, const AnonymizePlan& plan, int64_t source_version,
                                   const std::vector<model::FieldDef>& stored_fields) {
  model::DatasetMeta release;
  release.id = plan.target_id;
  release.name = plan.target_name;
  release.name_en = meta.name_en.empty() ? "" : meta.name_en + " (anonymised)";
  release.summary = "k=" + std::to_string(plan.config.k) + " anonymised release of " + meta.id + " version " +
                    std::to_string(source_version) + (meta.summary.empty() ? "" : ". " + meta.summary);
  release.department = meta.department;
  release.themes = meta.themes;
  release.tags = meta.tags;
  release.format = meta.format;
  release.sharing_type = meta.sharing_type;
  release.sharing_conditions = meta.sharing_conditions;
  release.opening_type = model::OpeningType::kNone;  // opening it is a separate, checked decision
  release.update_cycle = model::UpdateCycle::kIrregular;
  release.licence = meta.licence;
  release.contact_name = meta.contact_name;
  release.contact_phone = meta.contact_phone;
  release.contact_email = meta.contact_email;
  release.k_anonymity = plan.config.k;
  for (size_t i = 0; i < plan.quasi_identifiers.size(); ++i) {
    model::FieldDef f = *FindField(meta, plan.quasi_identifiers[i]);
    f.type = ColumnType::kText;  // generalised values are labels ("30-39", "*")
    f.quasi_identifier = true;
    f.hierarchy.clear();
    f.rules = {};
    f.masks = {};
    f.primary_key = false;
    f.indexed = false;
    release.fields.push_back(std::move(f));
  }
  const size_t first_carried = plan.quasi_identifiers.size();  // stored_fields: QIs, then carried
  for (size_t i = 0; i < plan.carried.size(); ++i) {
    model::FieldDef f = *FindField(meta, plan.carried[i]);
    if (stored_fields.size() > first_carried + i) f.type = stored_fields[first_carried + i].type;
    f.primary_key = false;
    f.rules.unique = false;
    release.fields.push_back(std::move(f));
  }
  return release;
}

}  // namespace yungu::governance::internal

// Anonymisation into a new dataset: the anonymiser's optimum over the
// dataset's current version, published as another catalog entry.
#include <algorithm>
#include <set>

#include "governance/row_stream.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/anonymizer.h"
#include "yungu/privacy/hierarchy.h"

namespace yungu::governance {
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

Result<nlohmann::json> GovernanceService::Anonymize(const model::DatasetMeta& meta, const nlohmann::json& request) {
  if (!request.is_object()) return Bad("the body must be a JSON object");
  for (const auto& [key, value] : request.items()) {
    static const std::set<std::string> kKeys = {"quasi_identifiers", "hierarchies", "k", "suppression_limit",
                                                "l", "sensitive", "metric", "keep", "target"};
    if (!kKeys.count(key)) return Bad("unknown key '" + key + "'");
  }
  if (meta.current_version == 0) return FailedPrecondition("query.no_data", "dataset '" + meta.id + "' has no data yet");

  // Quasi-identifiers and their hierarchies.
  YG_ASSIGN_OR_RETURN(auto qi_names, Names(request, "quasi_identifiers"));
  if (qi_names.empty()) {
    for (const auto& f : meta.fields) {
      if (f.quasi_identifier) qi_names.push_back(f.name);
    }
  }
  if (qi_names.empty()) return Bad("no quasi-identifiers: list them or mark fields \"quasi_identifier\": true");
  const nlohmann::json hierarchies = request.value("hierarchies", nlohmann::json::object());
  if (!hierarchies.is_object()) return Bad("hierarchies must map field names to CSV text");
  std::vector<privacy::Hierarchy> parsed;
  for (const auto& name : qi_names) {
    const model::FieldDef* f = FindField(meta, name);
    if (!f) return Bad("no field '" + name + "'");
    if (auto it = hierarchies.find(name); it != hierarchies.end()) {
      if (!it->is_string()) return Bad("the hierarchy of '" + name + "' must be CSV text");
      auto h = privacy::Hierarchy::Parse(it->get<std::string>());
      if (!h.ok()) return h.status().WithContext("hierarchy of '" + name + "'");
      parsed.push_back(std::move(h).value());
    } else if (!f->hierarchy.empty()) {
      auto h = privacy::Hierarchy::FromRows(f->hierarchy);
      if (!h.ok()) return h.status().WithContext("hierarchy of '" + name + "'");
      parsed.push_back(std::move(h).value());
    } else {
      return Bad("field '" + name + "' has no hierarchy: declare one on the field or send it in 'hierarchies'");
    }
  }

  privacy::AnonymizerConfig config;
  if (request.contains("k")) {
    if (!request["k"].is_number_integer() || request["k"].get<int64_t>() < 1 || request["k"].get<int64_t>() > 1000000) {
      return Bad("k must be an integer from 1 to 1000000");
    }
    config.k = static_cast<int>(request["k"].get<int64_t>());
  } else {
    config.k = meta.k_anonymity > 0 ? meta.k_anonymity : options_.default_k;
  }
  if (request.contains("suppression_limit")) {
    if (!request["suppression_limit"].is_number()) return Bad("suppression_limit must be a share from 0 to 1");
    config.suppression_limit = request["suppression_limit"].get<double>();
  }
  if (request.contains("l")) {
    if (!request["l"].is_number_integer() || request["l"].get<int64_t>() < 0 || request["l"].get<int64_t>() > 1000) {
      return Bad("l must be an integer from 0 to 1000");
    }
    config.l = static_cast<int>(request["l"].get<int64_t>());
  }
  if (request.contains("metric")) {
    auto metric = request["metric"].is_string() ? privacy::ParseLossMetric(request["metric"].get<std::string>())
                                                : std::nullopt;
    if (!metric) return Bad("metric must be non_uniform_entropy or discernibility");
    config.metric = *metric;
  }
  if (request.contains("sensitive") && !request["sensitive"].is_string()) return Bad("sensitive must be a field name");
  std::string sensitive = request.value("sensitive", "");
  if (!sensitive.empty() && !FindField(meta, sensitive)) return Bad("no field '" + sensitive + "'");
  if (config.l > 0 && sensitive.empty()) return Bad("l-diversity needs a 'sensitive' field");

  // Which other fields the release carries.
  YG_ASSIGN_OR_RETURN(auto keep, Names(request, "keep"));
  const bool keep_given = request.contains("keep");
  std::vector<std::string> carried;
  for (const auto& f : meta.fields) {
    if (std::find(qi_names.begin(), qi_names.end(), f.name) != qi_names.end()) continue;
    bool wanted = keep_given ? std::find(keep.begin(), keep.end(), f.name) != keep.end()
                             : (f.name == sensitive || !DirectIdentifier(f));
    if (wanted) carried.push_back(f.name);
  }
  for (const auto& k : keep) {
    if (!FindField(meta, k)) return Bad("no field '" + k + "' to keep");
  }

  // Read the version: quasi-identifier texts column-wise, carried values as they are.
  std::vector<std::string> wanted = qi_names;
  wanted.insert(wanted.end(), carried.begin(), carried.end());
  if (!sensitive.empty() && std::find(wanted.begin(), wanted.end(), sensitive) == wanted.end()) wanted.push_back(sensitive);
  std::vector<std::vector<std::string>> qi_values(qi_names.size());
  std::vector<std::string> sensitive_values;
  std::vector<Row> carried_rows;
  size_t sensitive_col = 0;
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (wanted[i] == sensitive) sensitive_col = i;
  }
  std::vector<model::FieldDef> stored_fields;
  int64_t source_version = 0;
  YG_RETURN_IF_ERROR(internal::StreamRows(
      queries_, meta.id, {{"fields", wanted}},
      [&](const query::PreparedQuery& q) {
        source_version = q.version->version;
        for (const auto& name : q.columns) {
          for (const auto& f : q.version->fields) {
            if (f.name == name) stored_fields.push_back(f);
          }
        }
        return Status::Ok();
      },
      [&](Row& row) {
        for (size_t i = 0; i < qi_names.size(); ++i) qi_values[i].push_back(ValueToText(row[i]));
        if (!sensitive.empty()) sensitive_values.push_back(ValueToText(row[sensitive_col]));
        carried_rows.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(qi_names.size()),
                                  row.begin() + static_cast<std::ptrdiff_t>(qi_names.size() + carried.size()));
      }));

  std::vector<privacy::QuasiIdentifier> qis;
  for (size_t i = 0; i < qi_names.size(); ++i) {
    qis.push_back({qi_names[i], qi_values[i], std::move(parsed[i])});
  }
  std::optional<privacy::SensitiveColumn> sensitive_column;
  if (!sensitive.empty()) sensitive_column = privacy::SensitiveColumn{sensitive, sensitive_values};
  YG_ASSIGN_OR_RETURN(privacy::Anonymizer anonymizer, privacy::Anonymizer::Create(qis, sensitive_column));
  YG_ASSIGN_OR_RETURN(privacy::Anonymization result, anonymizer.Search(config));

  nlohmann::json levels = nlohmann::json::object();
  for (size_t i = 0; i < qi_names.size() && i < result.levels.size(); ++i) levels[qi_names[i]] = result.levels[i];
  nlohmann::json out{{"source", {{"dataset_id", meta.id}, {"version", source_version}, {"rows", anonymizer.rows()}}},
                     {"k", config.k},
                     {"l", config.l},
                     {"suppression_limit", config.suppression_limit},
                     {"metric", privacy::LossMetricName(config.metric)},
                     {"found", result.found},
                     {"levels", levels},
                     {"suppressed_rows", result.suppressed_rows.size()},
                     {"equivalence_classes", result.equivalence_classes},
                     {"information_loss", result.information_loss},
                     {"lattice_size", result.lattice_size},
                     {"transformations_checked", result.transformations_checked},
                     {"search_ms", std::chrono::duration<double, std::milli>(result.search_time).count()}};
  if (!result.found) {
    return FailedPrecondition("governance.no_anonymization",
                              "no generalisation of (" + nlohmann::json(qi_names).dump() + ") reaches k=" +
                                  std::to_string(config.k) + " within the suppression limit, not even the top "
                                  "of every hierarchy: allow more suppression or add levels to the hierarchies");
  }

  // The release: a new catalog entry in the same department.
  const nlohmann::json target = request.value("target", nlohmann::json::object());
  if (!target.is_object()) return Bad("target must be an object (id, name)");
  for (const auto& [key, value] : target.items()) {
    if ((key != "id" && key != "name") || !value.is_string()) return Bad("target takes 'id' and 'name', both strings");
  }
  model::DatasetMeta release;
  release.id = target.value("id", meta.id + "-anon");
  release.name = target.value("name", meta.name + "（匿名化）");
  release.name_en = meta.name_en.empty() ? "" : meta.name_en + " (anonymised)";
  release.summary = "k=" + std::to_string(config.k) + " anonymised release of " + meta.id + " version " +
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
  release.k_anonymity = config.k;
  for (size_t i = 0; i < qi_names.size(); ++i) {
    model::FieldDef f = *FindField(meta, qi_names[i]);
    f.type = ColumnType::kText;  // generalised values are labels ("30-39", "*")
    f.quasi_identifier = true;
    f.hierarchy.clear();
    f.rules = {};
    f.masks = {};
    f.primary_key = false;
    f.indexed = false;
    release.fields.push_back(std::move(f));
  }
  for (size_t i = 0; i < carried.size(); ++i) {
    model::FieldDef f = *FindField(meta, carried[i]);
    f.type = stored_fields.size() > qi_names.size() + i ? stored_fields[qi_names.size() + i].type : f.type;
    f.primary_key = false;
    f.rules.unique = false;
    release.fields.push_back(std::move(f));
  }
  catalog::CatalogService catalog(store_);
  YG_ASSIGN_OR_RETURN(model::DatasetMeta created, catalog.CreateDataset(release));

  storage::VersionSpec spec;
  spec.dataset_id = created.id;
  spec.fields = created.fields;
  spec.source = "anonymised from " + meta.id + " v" + std::to_string(source_version);
  auto write = [&]() -> Result<model::VersionInfo> {
    YG_ASSIGN_OR_RETURN(auto writer, store_.BeginVersion(spec));
    std::vector<size_t> suppressed(result.suppressed_rows.begin(), result.suppressed_rows.end());
    size_t next_suppressed = 0;
    Row out_row(qi_names.size() + carried.size());
    for (size_t r = 0; r < anonymizer.rows(); ++r) {
      if (next_suppressed < suppressed.size() && suppressed[next_suppressed] == r) {
        ++next_suppressed;
        continue;
      }
      YG_ASSIGN_OR_RETURN(auto generalized, anonymizer.GeneralizeRow(result, r));
      for (size_t i = 0; i < generalized.size(); ++i) out_row[i] = std::string(generalized[i]);
      for (size_t i = 0; i < carried.size(); ++i) out_row[qi_names.size() + i] = carried_rows[r][i];
      YG_RETURN_IF_ERROR(writer->Append(out_row));
    }
    return writer->Commit();
  };
  auto version = write();
  if (!version.ok()) {
    (void)store_.DeleteDataset(created.id);  // never leave a release without its data
    return version.status();
  }
  YG_RETURN_IF_ERROR(store_.BuildSearchIndex(*version));
  AfterIngest(created.id, version->version);
  out["release"] = {{"dataset_id", created.id}, {"version", version->version}, {"rows", version->row_count}};
  return out;
}

}  // namespace yungu::governance

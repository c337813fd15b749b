// Anonymisation into a new dataset: the anonymiser's optimum over the
// dataset's current version, published as another catalog entry.
#include <algorithm>

#include "governance/anonymize_plan.h"
#include "governance/row_stream.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/anonymizer.h"
#include "yungu/privacy/hierarchy.h"

namespace yungu::governance {

Result<nlohmann::json> GovernanceService::Anonymize(const model::DatasetMeta& meta, const nlohmann::json& request) {
  if (meta.current_version == 0) return FailedPrecondition("query.no_data", "dataset '" + meta.id + "' has no data yet");
  YG_ASSIGN_OR_RETURN(internal::AnonymizePlan plan, internal::PlanAnonymization(meta, request, options_.default_k));
  const auto& qi_names = plan.quasi_identifiers;
  const auto& carried = plan.carried;
  const auto& sensitive = plan.sensitive;
  const auto& config = plan.config;

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
    qis.push_back({qi_names[i], qi_values[i], std::move(plan.hierarchies[i])});
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
  model::DatasetMeta release = internal::ReleaseMetadata(meta, plan, source_version, stored_fields);
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

// Personal-data discovery over a stored version, kept as its report.
#include "governance/row_stream.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/discovery.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::governance {

Result<storage::VersionReport> GovernanceService::ComputeDiscovery(const model::DatasetMeta& meta,
                                                                   int64_t version) {
  YG_ASSIGN_OR_RETURN(internal::OpenedRows rows, internal::OpenRows(queries_, meta.id, {{"version", version}}));
  const query::PreparedQuery& q = rows.query;
  // Schema order of the version, with the titles the dataset declares now
  // (a title is a hint: 手机号码 makes a column of 11-digit numbers mobiles).
  std::vector<model::FieldDef> fields;
  for (const auto& name : q.columns) {
    model::FieldDef f;
    f.name = name;
    for (const auto& v : q.version->fields) {
      if (v.name == name) f = v;
    }
    for (const auto& d : meta.fields) {
      if (d.name == name) f.title = d.title;
    }
    fields.push_back(std::move(f));
  }
  Status read_error;
  privacy::RowSource next = [&](Row& row) {
    auto more = rows.cursor->Next(row);
    if (!more.ok()) {
      read_error = more.status();
      return false;
    }
    return *more;
  };
  privacy::ScanOptions options;
  options.max_rows = options_.discovery_sample_rows;
  options.threshold = options_.discovery_threshold;
  YG_ASSIGN_OR_RETURN(privacy::DiscoveryReport report, privacy::ScanRows(fields, next, options));
  YG_RETURN_IF_ERROR(read_error);

  int personal = 0;
  for (const auto& f : report.fields) {
    if (f.dominant && *f.dominant != privacy::PiiKind::kUscc) ++personal;
  }
  storage::VersionReport stored;
  stored.dataset_id = meta.id;
  stored.version = q.version->version;
  stored.kind = std::string(storage::kDiscoveryReport);
  stored.computed_at = storage::UtcNowIso();
  stored.score = report.fields.empty() ? 0.0 : static_cast<double>(personal) / static_cast<double>(report.fields.size());
  nlohmann::json j = privacy::ToJson(report);
  j["dataset_id"] = meta.id;
  j["version"] = stored.version;
  j["computed_at"] = stored.computed_at;
  j["personal_fields"] = personal;
  stored.json = j.dump();
  YG_RETURN_IF_ERROR(store_.governance().PutReport(stored));
  return stored;
}

}  // namespace yungu::governance

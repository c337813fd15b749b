// The decisions of a harvest run, one remote dataset at a time.
#include "harvest/harvester.h"

#include "harvest/package_cleanup.h"

namespace yungu::harvest {
namespace {

// Refusals by the catalog's rules: the dataset is skipped, the run goes on.
bool IsRefusal(const Status& status) {
  switch (status.code()) {
    case Code::kInvalidArgument:
    case Code::kAlreadyExists:
    case Code::kConflict:
    case Code::kFailedPrecondition:
    case Code::kPayloadTooLarge:
      return true;
    default:
      return false;
  }
}

}  // namespace

Status Harvester::Begin() {
  if (!options_.department.empty()) {
    auto department = store_.GetDepartment(options_.department);
    if (!department.ok()) {
      if (department.status().code() != Code::kNotFound) return department.status();
      return NotFound("harvest.unknown_department", "department '" + options_.department + "' does not exist");
    }
  }
  YG_ASSIGN_OR_RETURN(local_, IndexLocal(store_, report_.source));
  if (!Full() && options_.type == SourceType::kCkan) since_ = local_.since;
  YG_ASSIGN_OR_RETURN(auto departments, store_.ListDepartments());
  for (const auto& d : departments) departments_.insert(d.code);
  return Status::Ok();
}

Status Harvester::Notify(Change::Kind kind, const std::string& id, const std::string& remote_id) {
  if (!on_change_) return Status::Ok();
  return on_change_(Change{kind, id, report_.source, remote_id});
}

Result<std::string> Harvester::DepartmentFor(const RemoteOrganization& organization, std::string& why) {
  if (!options_.department.empty()) return options_.department;
  if (organization.name.empty()) {
    why = "the source names no organization for it (harvest it with --department)";
    return std::string();
  }
  std::string code = DepartmentCode(organization.name);
  if (departments_.count(code)) return code;
  model::Department department;
  department.code = code;
  department.name = organization.title.empty() ? organization.name : organization.title;
  department.name_en = organization.title_en;
  if (!options_.dry_run) {
    Status put = catalog_.PutDepartment(department);
    if (!put.ok()) {
      if (!IsRefusal(put)) return put;
      why = "its organization cannot become department " + code + ": " + put.message();
      return std::string();
    }
  }
  departments_.insert(code);
  report_.departments_created.push_back(code);
  if (!options_.dry_run) YG_RETURN_IF_ERROR(Notify(Change::Kind::kDepartmentCreated, code, organization.name));
  return code;
}

Status Harvester::Save(model::DatasetMeta meta, const model::DatasetMeta* existing, DatasetLine& line) {
  const Outcome done = existing ? Outcome::kUpdated : Outcome::kCreated;
  if (options_.dry_run) {
    int64_t n = 0;  // the catalog numbers new links as it saves them
    for (auto& link : meta.links) {
      if (link.id.empty()) link.id = meta.id + ".9" + std::to_string(++n);
    }
    Status shape = catalog::ValidateDatasetShape(meta);
    line.outcome = shape.ok() ? done : Outcome::kSkipped;
    line.reason = shape.ok() ? "" : shape.message();
    return Status::Ok();
  }
  const std::string id = meta.id;
  auto saved = existing ? catalog_.ReplaceDataset(id, std::move(meta), "harvested from " + report_.source)
                        : catalog_.CreateDataset(std::move(meta));
  if (!saved.ok()) {
    if (!IsRefusal(saved.status())) return saved.status();
    line.outcome = Outcome::kSkipped;
    line.reason = saved.status().message();
    return Status::Ok();
  }
  line.outcome = done;
  written_[line.id] = line.remote_id;
  return Notify(existing ? Change::Kind::kDatasetUpdated : Change::Kind::kDatasetCreated, line.id, line.remote_id);
}

Status Harvester::Take(RemoteDataset remote) {
  DatasetLine line;
  line.outcome = Outcome::kSkipped;  // until decided otherwise
  line.remote_id = remote.remote_id;
  line.warnings = std::move(remote.warnings);
  remote_ids_seen_.insert(remote.remote_id);
  Status status = Decide(std::move(remote), line);
  if (!status.ok() && line.outcome == Outcome::kSkipped && line.reason.empty()) line.reason = status.message();
  report_.datasets.push_back(std::move(line));
  return status;
}

Status Harvester::Decide(RemoteDataset remote, DatasetLine& line) {
  auto skip = [&](std::string why) {
    line.outcome = Outcome::kSkipped;
    line.reason = std::move(why);
    return Status::Ok();
  };
  nlohmann::json package = std::move(remote.package);
  if (package.contains("name") && package["name"].is_string()) line.id = package["name"].get<std::string>();
  if (line.id.empty()) return skip("it has no name");
  if (auto it = written_.find(line.id); it != written_.end() && it->second != remote.remote_id) {
    return skip("another dataset of this source (" + it->second + ") has the same id");
  }
  std::optional<model::DatasetMeta> existing;
  auto found = store_.GetDataset(line.id);
  if (found.ok()) {
    existing = std::move(found).value();
    line.department = existing->department;
    if (IsSettled(*existing, remote, line)) return Status::Ok();
  } else if (found.status().code() != Code::kNotFound) {
    return found.status();
  }

  CleanPackage(package, line.warnings);
  std::string why;
  YG_ASSIGN_OR_RETURN(line.department, DepartmentFor(remote.organization, why));
  if (line.department.empty()) return skip(why);
  const model::DatasetMeta* base = existing ? &*existing : nullptr;
  auto meta = MapPackage(std::move(package), line.department, report_.source, remote, base);
  if (!meta.ok()) return skip(meta.status().message());
  return Save(std::move(meta).value(), base, line);
}

bool Harvester::IsSettled(const model::DatasetMeta& existing, const RemoteDataset& remote, DatasetLine& line) {
  std::string origin = Extra(existing, kSourceKey);
  if (origin != report_.source) {
    line.outcome = Outcome::kConflict;
    line.reason = origin.empty() ? "a local dataset has this id (it was not harvested); left alone"
                                 : "a dataset harvested from " + origin + " has this id; left alone";
    return true;
  }
  if (!remote.modified.empty() && Extra(existing, kRemoteModifiedKey) == remote.modified &&
      Extra(existing, kRemoteIdKey) == remote.remote_id) {
    line.outcome = Outcome::kUnchanged;
    return true;
  }
  return false;
}

Status Harvester::End() {
  if (!Full()) return Status::Ok();
  for (const auto& [id, meta] : local_.from_source) {
    if (remote_ids_seen_.count(Extra(meta, kRemoteIdKey))) continue;
    DatasetLine line;
    line.outcome = Outcome::kMissing;
    line.id = id;
    line.remote_id = Extra(meta, kRemoteIdKey);
    line.department = meta.department;
    if (options_.delete_missing && !options_.dry_run) {
      YG_RETURN_IF_ERROR(store_.DeleteDataset(id));
      line.outcome = Outcome::kDeleted;
      report_.datasets.push_back(line);
      YG_RETURN_IF_ERROR(Notify(Change::Kind::kDatasetDeleted, id, line.remote_id));
      continue;
    }
    report_.datasets.push_back(std::move(line));
  }
  return Status::Ok();
}

}  // namespace yungu::harvest

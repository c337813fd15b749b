#include "yungu/access/policy.h"

#include <algorithm>

namespace yungu::access {
namespace {

enum class Audience { kPublic, kGovernment };

const std::optional<model::MaskSpec>& AudienceMask(const model::FieldDef& f, Audience audience) {
  return audience == Audience::kPublic ? f.masks.public_audience : f.masks.government;
}

DatasetAccess Readable(std::string basis, std::vector<std::string> fields) {
  DatasetAccess a;
  a.visibility = Visibility::kData;
  a.basis = std::move(basis);
  a.scope.fields = std::move(fields);
  return a;
}

void AddMask(DatasetAccess& a, const model::FieldDef& field, const model::MaskSpec& mask) {
  if (mask.method == model::MaskMethod::kNone) return;
  a.scope.masks[field.name] = mask;
  if (mask.method == model::MaskMethod::kHierarchy) a.scope.hierarchies[field.name] = field.hierarchy;
}

// An audience reads the fields its sensitivity limit allows as stored, and
// any field that declares a mask for it, masked.
DatasetAccess ReadableAs(std::string basis, const model::DatasetMeta& meta, int max_sensitivity, Audience audience) {
  DatasetAccess a = Readable(std::move(basis), {});
  for (const auto& f : meta.fields) {
    const auto& mask = AudienceMask(f, audience);
    if (mask) {
      a.scope.fields.push_back(f.name);
      AddMask(a, f, *mask);
    } else if (f.sensitivity <= max_sensitivity) {
      a.scope.fields.push_back(f.name);
    }
  }
  return a;
}

std::vector<std::string> AllFields(const model::DatasetMeta& meta) {
  std::vector<std::string> out;
  for (const auto& f : meta.fields) out.push_back(f.name);
  return out;
}

}  // namespace

bool ReadsAsDepartmentMember(const Principal& who) {
  constexpr uint32_t kReading = static_cast<uint32_t>(Role::kPlatformAdmin) |
                                static_cast<uint32_t>(Role::kDepartmentAdmin) |
                                static_cast<uint32_t>(Role::kDataOfficer) |
                                static_cast<uint32_t>(Role::kGovernmentUser);
  return who.government() && (who.roles & kReading) != 0;
}

namespace {

// Callers to whom every catalog entry exists; everyone else sees only the
// opened ones. The catalog's SQL filter and the per-dataset checks share it.
bool SeesEveryEntry(const Principal& who) {
  return who.Has(Role::kPlatformAdmin) || who.Has(Role::kAuditor) || ReadsAsDepartmentMember(who);
}

bool SeesEntry(const Principal& who, const model::DatasetMeta& meta) {
  return SeesEveryEntry(who) || meta.opening_type != model::OpeningType::kNone;
}

}  // namespace

Status DatasetNotFound(std::string_view id) {
  return NotFound("catalog.dataset_not_found", "no dataset '" + std::string(id) + "'");
}

Policy::Policy(storage::Store& store, GrantLookup grants, PolicyOptions options)
    : store_(store), grants_(std::move(grants)), options_(options) {}

Status Policy::LoadDepartments() {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (loaded_ && now - loaded_at_ < options_.department_ttl) return Status::Ok();
  }
  YG_ASSIGN_OR_RETURN(auto departments, store_.ListDepartments());
  std::lock_guard lock(mu_);
  parent_.clear();
  for (const auto& d : departments) parent_[d.code] = d.parent_code;
  loaded_ = true;
  loaded_at_ = now;
  return Status::Ok();
}

void Policy::DepartmentsChanged() {
  std::lock_guard lock(mu_);
  loaded_ = false;
}

bool Policy::InSubtree(std::string_view department, std::string_view root) {
  if (department.empty() || root.empty()) return false;
  if (department == root) return true;
  if (!LoadDepartments().ok()) return false;  // fail closed
  std::lock_guard lock(mu_);
  std::string_view at = department;
  for (int depth = 0; depth < 64; ++depth) {  // the depth bound also stops a cycle
    auto it = parent_.find(at);
    if (it == parent_.end() || it->second.empty()) return false;
    if (it->second == root) return true;
    at = it->second;
  }
  return false;
}

bool Policy::ActsFor(const Principal& who, std::string_view department) {
  return who.government() && InSubtree(department, who.department);
}

storage::CatalogVisibility Policy::CatalogVisibilityFor(const Principal& who) const {
  storage::CatalogVisibility v;
  if (SeesEveryEntry(who)) return v;
  v.everything = false;
  v.opening_types = {std::string(model::OpeningTypeName(model::OpeningType::kUnconditional)),
                     std::string(model::OpeningTypeName(model::OpeningType::kConditional))};
  return v;
}

Result<DatasetAccess> Policy::Decide(const Principal& who, const model::DatasetMeta& meta, int64_t grant_id) {
  const bool admin = who.Has(Role::kPlatformAdmin);
  const bool member = ReadsAsDepartmentMember(who);
  const bool owner = member && ActsFor(who, meta.department);
  const bool manager = admin || (owner && (who.Has(Role::kDepartmentAdmin) || who.Has(Role::kDataOfficer)));

  DatasetAccess hidden;
  hidden.refusal = DatasetNotFound(meta.id);
  if (!SeesEntry(who, meta)) return hidden;

  if (grant_id == 0 && admin) {
    auto a = Readable("platform_admin", AllFields(meta));
    a.can_manage = true;
    return a;
  }
  if (grant_id == 0 && owner) {
    auto a = Readable("owner", AllFields(meta));
    a.can_manage = manager;
    return a;
  }

  std::vector<model::Grant> grants;
  if (who.authenticated() && grants_) {
    YG_ASSIGN_OR_RETURN(grants, grants_(who.user_id, meta.id));
  }
  auto through = [&](const model::Grant& g) {
    auto a = Readable("grant", {});
    const Audience audience = g.grantee_department.empty() ? Audience::kPublic : Audience::kGovernment;
    for (const auto& f : meta.fields) {
      if (std::find(g.fields.begin(), g.fields.end(), f.name) == g.fields.end()) continue;
      a.scope.fields.push_back(f.name);
      if (auto it = g.masks.find(f.name); it != g.masks.end()) {
        AddMask(a, f, it->second);
      } else if (const auto& mask = AudienceMask(f, audience)) {
        AddMask(a, f, *mask);
      }
    }
    a.scope.row_filter = g.row_filter;
    a.grant = g;
    a.can_manage = manager;
    return a;
  };
  if (grant_id != 0) {
    for (const auto& g : grants) {
      if (g.id == grant_id) return through(g);
    }
    DatasetAccess a;
    a.visibility = Visibility::kMetadata;
    a.can_manage = manager;
    a.refusal = PermissionDenied("access.grant_not_active",
                                 "grant " + std::to_string(grant_id) + " is not an active grant of yours on this dataset");
    return a;
  }

  if (member && meta.sharing_type == model::SharingType::kUnconditional) {
    return ReadableAs("unconditional_sharing", meta, options_.shared_max_sensitivity, Audience::kGovernment);
  }
  if (!grants.empty()) return through(grants.front());
  if (meta.opening_type == model::OpeningType::kUnconditional) {
    return ReadableAs("unconditional_opening", meta, options_.public_max_sensitivity, Audience::kPublic);
  }

  DatasetAccess a;
  a.visibility = Visibility::kMetadata;
  if (member) {
    if (meta.sharing_type == model::SharingType::kConditional) {
      a.can_apply = true;
      a.refusal = PermissionDenied("access.application_required",
                                   "this dataset is shared on conditions (有条件共享): apply for it with "
                                   "POST /api/v1/applications and read it once the provider approves");
    } else {
      a.refusal = PermissionDenied("access.not_shared",
                                   "this dataset is not shared with other departments (不予共享)");
    }
  } else if (meta.opening_type == model::OpeningType::kConditional) {
    if (who.authenticated()) {
      a.can_apply = true;
      a.refusal = PermissionDenied("access.application_required",
                                   "this dataset is open on conditions (有条件开放): apply for it with "
                                   "POST /api/v1/applications and read it once the provider approves");
    } else {
      a.refusal = Unauthenticated("auth.required",
                                  "this dataset is open on conditions (有条件开放): log in and apply for it");
    }
  } else {
    a.refusal = PermissionDenied("access.no_data_access", "your account may see this entry but not its data");
  }
  return a;
}

Result<model::DatasetMeta> Policy::VisibleDataset(const Principal& who, std::string_view id) {
  YG_ASSIGN_OR_RETURN(auto meta, VisibleDatasetShared(who, id));
  return *meta;
}

Result<std::shared_ptr<const model::DatasetMeta>> Policy::VisibleDatasetShared(const Principal& who,
                                                                              std::string_view id) {
  // The stamp is one indexed read; the metadata is parsed only when its
  // revision moved (every change, through any process, moves it).
  auto stamp = store_.GetDatasetStamp(id);
  if (!stamp.ok()) {
    if (stamp.status().code() == Code::kNotFound) return DatasetNotFound(id);
    return stamp.status();
  }
  std::shared_ptr<const model::DatasetMeta> meta;
  {
    std::lock_guard lock(mu_);
    auto it = datasets_.find(id);
    if (it != datasets_.end() && it->second->metadata_revision == stamp->metadata_revision &&
        it->second->current_version == stamp->current_version) {
      meta = it->second;
    }
  }
  if (!meta) {
    auto loaded = store_.GetDataset(id);
    if (!loaded.ok()) {
      if (loaded.status().code() == Code::kNotFound) return DatasetNotFound(id);
      return loaded.status();
    }
    meta = std::make_shared<const model::DatasetMeta>(std::move(loaded).value());
    std::lock_guard lock(mu_);
    if (datasets_.size() >= 10000) datasets_.clear();
    datasets_[std::string(id)] = meta;
  }
  if (!SeesEntry(who, *meta)) return DatasetNotFound(id);
  return meta;
}

Status Policy::CanCreateDatasetIn(const Principal& who, std::string_view department) {
  if (who.Has(Role::kPlatformAdmin)) return Status::Ok();
  if (!who.authenticated()) return Unauthenticated("auth.required", "log in to register datasets");
  if ((who.Has(Role::kDepartmentAdmin) || who.Has(Role::kDataOfficer)) && ActsFor(who, department)) {
    return Status::Ok();
  }
  return PermissionDenied("access.forbidden",
                          "only the department's data officers and administrators register its datasets");
}

Status Policy::CanManageDataset(const Principal& who, const model::DatasetMeta& meta) {
  return CanCreateDatasetIn(who, meta.department);
}

Status Policy::CanManageDepartment(const Principal& who, const model::Department& department) {
  if (who.Has(Role::kPlatformAdmin)) return Status::Ok();
  if (!who.authenticated()) return Unauthenticated("auth.required", "log in to manage departments");
  // A department administrator organises the units below their department.
  if (who.Has(Role::kDepartmentAdmin) && department.code != who.department && !department.parent_code.empty() &&
      ActsFor(who, department.parent_code)) {
    return Status::Ok();
  }
  return PermissionDenied("access.forbidden", "only platform administrators manage departments");
}

}  // namespace yungu::access

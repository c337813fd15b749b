// Policy: who may see and read which dataset, and which of its fields and
// rows — the plan's sharing (共享) and opening (开放) classification applied
// to one caller.
//
//   caller                          sees the catalog entry        reads data
//   platform admin                  all                            all fields
//   owning department (or parent)   all                            all fields
//   government user, other dept.    all (不予共享: metadata only)   无条件共享: fields up to
//                                                                  "internal"; 有条件共享:
//                                                                  through a grant
//   public (anonymous, app key,     开放 entries only; 不予开放    无条件开放: "public"
//     accounts without department)  ones do not exist for them     fields; 有条件开放: grant
//   auditor                         all                            nothing
//
// A grant gives exactly its fields and AND-s its row filter into every query.
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/access/principal.h"
#include "yungu/model/grant.h"
#include "yungu/query/query_service.h"
#include "yungu/storage/store.h"

namespace yungu::access {

enum class Visibility { kHidden, kMetadata, kData };

struct DatasetAccess {
  Visibility visibility = Visibility::kHidden;
  // kData: what the caller may read. Fields are always listed explicitly.
  query::ReadScope scope;
  // Why the caller may read: owner, platform_admin, unconditional_sharing,
  // unconditional_opening or grant.
  std::string basis;
  std::optional<model::Grant> grant;  // set when basis is grant
  // When visibility is below kData: the error a read answers with.
  Status refusal;
  bool can_manage = false;  // edit metadata, ingest, prune, delete
  bool can_apply = false;   // an approved application would make it readable
};

struct PolicyOptions {
  // Highest field sensitivity (1 public, 2 internal, 3 sensitive, 4 highly
  // sensitive) readable without a grant.
  int public_max_sensitivity = 1;  // the public, under 无条件开放
  int shared_max_sensitivity = 2;  // other departments, under 无条件共享
  // How long the department tree is trusted before it is read again (other
  // hub instances may change it; changes through this process apply at once).
  std::chrono::milliseconds department_ttl{5000};
};

class Policy {
 public:
  // Active grants of one user on one dataset (the workflow provides them).
  using GrantLookup =
      std::function<Result<std::vector<model::Grant>>(std::string_view user_id, std::string_view dataset_id)>;

  Policy(storage::Store& store, GrantLookup grants, PolicyOptions options = {});

  // What `who` may do with the dataset. `grant_id` (non-zero) asks to read
  // through that grant rather than the broadest basis.
  Result<DatasetAccess> Decide(const Principal& who, const model::DatasetMeta& meta, int64_t grant_id = 0);

  // The dataset's metadata, or for a caller who may not know it exists the
  // very same NotFound an unknown id gets.
  Result<model::DatasetMeta> VisibleDataset(const Principal& who, std::string_view id);
  // The same without copying: the metadata is cached per (id, metadata
  // revision), so the hot read path parses no JSON.
  Result<std::shared_ptr<const model::DatasetMeta>> VisibleDatasetShared(const Principal& who, std::string_view id);

  // Which catalog entries the caller may see (searches and facet counts).
  storage::CatalogVisibility CatalogVisibilityFor(const Principal& who) const;

  // Registering datasets in a department, managing departments, reading the
  // trace: PermissionDenied / Unauthenticated when not allowed.
  Status CanCreateDatasetIn(const Principal& who, std::string_view department);
  Status CanManageDepartment(const Principal& who, const model::Department& department);
  Status CanManageDataset(const Principal& who, const model::DatasetMeta& meta);

  // `department` is `root` or one of its descendants.
  bool InSubtree(std::string_view department, std::string_view root);
  // Drops the cached department tree (call after changing departments).
  void DepartmentsChanged();

  const PolicyOptions& options() const { return options_; }

 private:
  // Does `who` act for the department owning the dataset (or a parent)?
  bool ActsFor(const Principal& who, std::string_view department);
  Status LoadDepartments();

  storage::Store& store_;
  GrantLookup grants_;
  PolicyOptions options_;

  std::mutex mu_;
  std::map<std::string, std::string, std::less<>> parent_;  // code -> parent code
  std::chrono::steady_clock::time_point loaded_at_{};
  bool loaded_ = false;
  // dataset id -> its metadata at one revision
  std::map<std::string, std::shared_ptr<const model::DatasetMeta>, std::less<>> datasets_;
};

// Reading roles: a department member reads its department's data only with
// one of these (an auditor alone reads none).
bool ReadsAsDepartmentMember(const Principal& who);
// The NotFound answered for unknown and hidden datasets alike.
Status DatasetNotFound(std::string_view id);

}  // namespace yungu::access

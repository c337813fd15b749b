// The pieces of the release check shared by the check on metadata changes
// (release_check.cc) and the one on ingests into open datasets
// (release_gate.cc).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/status.h"
#include "yungu/model/catalog.h"
#include "yungu/privacy/masking.h"
#include "yungu/query/query_service.h"

namespace yungu::governance::internal {

// The fields the public would read, each with its public mask (if any).
using PublicField = std::pair<const model::FieldDef*, std::optional<model::MaskSpec>>;
std::vector<PublicField> PublicView(const model::DatasetMeta& meta, int public_max_sensitivity);

// The public's quasi-identifiers: names and mask columns, in schema order.
struct QuasiIdentifiers {
  std::vector<std::string> names;
  std::vector<privacy::MaskColumn> columns;
};
QuasiIdentifiers PublicQuasiIdentifiers(const std::vector<PublicField>& view);

// Group sizes keyed by the public's (masked) quasi-identifier texts.
using GroupCounts = std::map<std::vector<std::string>, int64_t>;
// Adds the groups of a stored version (counted in the store, then masked).
Status CountStoredGroups(const QuasiIdentifiers& qis, const std::string& dataset_id, query::QueryService& queries,
                         GroupCounts& counts);

// The problem entry for groups below k, or null when there is none.
nlohmann::json KAnonymityProblem(const std::vector<std::string>& qis, const GroupCounts& counts, int k);
nlohmann::json PersonalDataProblem(const std::string& field, const std::string& kind, const std::string& evidence);

// FailedPrecondition release.personal_data / release.k_anonymity naming the
// fields and smallest groups, or Ok for an empty list. `lead` says what was
// refused ("dataset 'x' cannot be opened unconditionally (无条件开放)").
Status ReleaseRefusal(const std::string& lead, const nlohmann::json& problems);

}  // namespace yungu::governance::internal

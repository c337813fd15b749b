// Anonymisation requests: which quasi-identifiers, hierarchies, privacy
// model and fields a release has (docs/governance.md, "Anonymisation").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"
#include "yungu/privacy/anonymizer.h"
#include "yungu/privacy/hierarchy.h"

namespace yungu::governance::internal {

struct AnonymizePlan {
  std::vector<std::string> quasi_identifiers;
  std::vector<privacy::Hierarchy> hierarchies;  // one per quasi-identifier
  privacy::AnonymizerConfig config;
  std::string sensitive;             // for l-diversity; empty: none
  std::vector<std::string> carried;  // other fields the release keeps, in schema order
  std::string target_id;
  std::string target_name;
};

// Checks the request against the dataset (InvalidArgument
// governance.bad_anonymize_request naming the key, or the hierarchy's own
// error) and fills in the defaults: the fields marked quasi_identifier, their
// declared hierarchies, the dataset's k (else `default_k`), every field that
// is not a direct identifier, "<id>-anon".
Result<AnonymizePlan> PlanAnonymization(const model::DatasetMeta& meta, const nlohmann::json& request, int default_k);

// The catalog entry of a release: the source's descriptive metadata, its
// quasi-identifiers as text (generalised labels), the carried fields with
// their stored types; not opened.
model::DatasetMeta ReleaseMetadata(const model::DatasetMeta& source, const AnonymizePlan& plan, int64_t source_version,
                                   const std::vector<model::FieldDef>& stored_fields);

}  // namespace yungu::governance::internal

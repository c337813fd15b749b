// JSON form of catalog records, shared by the API, the CLI, the demo loader
// and the metadata history. Parsing checks types and enumerations and rejects
// unknown keys, so a typo never silently drops metadata.
#pragma once

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"

namespace yungu::model {

nlohmann::json ToJson(const Department& department);
nlohmann::json ToJson(const FieldDef& field);
nlohmann::json ToJson(const DatasetMeta& meta);
nlohmann::json ToJson(const VersionInfo& version);

nlohmann::json ToJson(const QualityRules& rules);
nlohmann::json ToJson(const MaskSpec& mask);
nlohmann::json ToJson(const FieldMasks& masks);

Result<QualityRules> QualityRulesFromJson(const nlohmann::json& j);
// A mask: {"method": "keep", "first": 3, "last": 4} or just "mobile".
Result<MaskSpec> MaskSpecFromJson(const nlohmann::json& j);
Result<FieldMasks> FieldMasksFromJson(const nlohmann::json& j);  // {"public": ..., "government": ...}
Result<std::vector<std::vector<std::string>>> HierarchyFromJson(const nlohmann::json& j);

Result<Department> DepartmentFromJson(const nlohmann::json& j);
Result<FieldDef> FieldFromJson(const nlohmann::json& j);
// Reads caller-editable keys only; hub-maintained keys (created_at,
// current_version, ...) are accepted and ignored so a GET result can be
// edited and PUT back.
Result<DatasetMeta> DatasetFromJson(const nlohmann::json& j);
// Applies the keys present in `patch` on top of `base` (for PATCH).
Result<DatasetMeta> ApplyDatasetPatch(const DatasetMeta& base, const nlohmann::json& patch);

}  // namespace yungu::model

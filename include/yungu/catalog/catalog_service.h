// CatalogService: the rules of the resource catalog on top of the Store.
// Checks every record before it is written (identifiers, enumerations,
// references to departments and themes, field definitions) so the Store only
// ever holds valid metadata.
#pragma once

#include <nlohmann/json.hpp>

#include "yungu/storage/store.h"

namespace yungu::catalog {

class CatalogService {
 public:
  explicit CatalogService(storage::Store& store) : store_(store) {}

  Status PutDepartment(const model::Department& department);
  Result<model::DatasetMeta> CreateDataset(model::DatasetMeta meta);
  // Full replacement of the editable metadata (PUT).
  Result<model::DatasetMeta> ReplaceDataset(const std::string& id, model::DatasetMeta meta, std::string_view note);
  // Partial update (PATCH) from a JSON object of the keys to change.
  Result<model::DatasetMeta> PatchDataset(const std::string& id, const nlohmann::json& patch, std::string_view note);

  // Catalog search from request parameters: q, department, theme,
  // sharing_type, opening_type, format, update_cycle, tag (comma-separated
  // lists allowed), sort, limit (max 100), offset.
  // `visibility` says which entries the caller may see at all.
  Result<storage::CatalogPage> Search(const std::map<std::string, std::string>& params,
                                      const storage::CatalogVisibility& visibility = {});
  // The visible catalog as a whole: its size, facets, entries with data and
  // their usage, without listing entries.
  Result<storage::CatalogPage> Summary(const storage::CatalogVisibility& visibility);


 private:
  Status Validate(const model::DatasetMeta& meta);

  storage::Store& store_;
};

// Checks that apply without the store (formats, enumerations, fields).
Status ValidateDatasetShape(const model::DatasetMeta& meta);
Status ValidateDepartment(const model::Department& department);

}  // namespace yungu::catalog

// What both backends share about the versions they write: the key columns
// of a version, and its field list as stored (JSON).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "yungu/storage/store.h"

namespace yungu::storage::sql {

// The ones named for an upsert, else the fields marked as the primary key.
std::vector<size_t> KeyColumns(const VersionSpec& spec);

std::string FieldsJson(const std::vector<model::FieldDef>& fields);
Result<std::vector<model::FieldDef>> ParseFields(const std::string& text);

}  // namespace yungu::storage::sql

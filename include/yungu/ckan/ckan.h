// CKAN's vocabulary for Yungu's catalog: a dataset is a CKAN package, its
// department the organization, its themes groups, its data table and links
// resources; the national catalog's metadata travels as extras. Used by the
// CKAN-compatible API and by harvesting from CKAN portals.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"

namespace yungu::ckan {

// A CKAN validation error on one key: {"<field>": ["<message>"]} with 409.
Status FieldError(const std::string& field, const std::string& message);
constexpr std::string_view kFieldErrorPrefix = "ckan.field.";

// CKAN writes timestamps as naive UTC in ISO 8601 with microseconds, leaving
// the fraction out when it is zero: "2024-01-02T03:04:05.123000". Yungu's
// "...Z" text becomes that; empty text becomes null.
nlohmann::json Timestamp(std::string_view iso);
// Back: CKAN's form (with or without fraction or zone) to "YYYY-MM-DDTHH:MM:SSZ"
// (fractions dropped); nullopt if it is not a timestamp.
std::optional<std::string> TimestampToIso(std::string_view ckan);

// DataStore type names: integer -> int8, decimal -> numeric, boolean -> bool,
// date -> date, datetime -> timestamp, text -> text.
std::string_view DatastoreTypeName(ColumnType type);
// The names datastore_create accepts (int, int4, int8, bigint, float8,
// numeric, text, timestamp, ...); nullopt for others.
std::optional<ColumnType> ColumnTypeFromDatastore(std::string_view name);

// A licence CKAN clients know by id.
struct Licence {
  std::string_view id;
  std::string_view title;
  std::string_view url;
  bool open = false;
};
const Licence* FindLicence(std::string_view id);  // case-insensitive

// The package's resource for its data table (queried through the
// DataStore); its id is the dataset's id. Present once the dataset has data
// or declares fields.
bool HasDataTable(const model::DatasetMeta& meta);
// Datasets not opened to the public are CKAN's private packages.
bool IsPrivate(const model::DatasetMeta& meta);

nlohmann::json DataTableResource(const model::DatasetMeta& meta, std::string_view site);
nlohmann::json LinkResource(const model::DatasetMeta& meta, const model::Link& link, int position);
// Every resource of the package, the data table first.
nlohmann::json Resources(const model::DatasetMeta& meta, std::string_view site);

nlohmann::json OrganizationDict(const model::Department& department, int64_t package_count);
nlohmann::json GroupDict(const model::Theme& theme, int64_t package_count);
nlohmann::json TagDict(const std::string& name);
// Keys CKAN keeps at a package's top level that Yungu keeps among extras:
// author, author_email, url, version.
bool IsTopLevelKey(std::string_view key);
// package_show's dict. `department` may be null (an unknown code).
nlohmann::json PackageDict(const model::DatasetMeta& meta, const model::Department* department, std::string_view site);

// A package dict (as package_create/update take it, or as another portal's
// package_show gives it) applied to `base` (null: a new dataset). Keys CKAN
// clients send that Yungu has no place for are ignored, as CKAN's schema
// ignores them; bad values are FieldErrors. `owner_org` must already be a
// department code. Resources without an upload become links; the data
// table's resource (id == the dataset's id) is skipped.
Result<model::DatasetMeta> DatasetFromPackage(const nlohmann::json& package, const model::DatasetMeta* base);

// A link from a resource dict (resource_create without an upload).
Result<model::Link> LinkFromResource(const nlohmann::json& resource);

// CKAN parameters arrive as JSON values or, from forms and URLs, as text:
// these read either form, or fail with a FieldError on `name`.
Result<int64_t> IntParam(const nlohmann::json& data, const std::string& name, int64_t fallback, int64_t min,
                         int64_t max);
Result<bool> BoolParam(const nlohmann::json& data, const std::string& name, bool fallback);
// A JSON value given as JSON or as JSON text ("filters", "facet.field").
Result<nlohmann::json> JsonParam(const nlohmann::json& data, const std::string& name);
// Names given as a list or as comma-separated text ("a, b"); empty when absent.
Result<std::vector<std::string>> NameListParam(const nlohmann::json& data, const std::string& name);
// DataStore's sort ("a desc, b" or ["a desc", "b"]) as native sort keys
// (["-a", "b"]); "_id" is left out, rows come in their stored order anyway.
Result<std::vector<std::string>> SortParam(const nlohmann::json& data, const std::string& name);
// A string (or a number, as text); nullopt when absent or null.
Result<std::optional<std::string>> StringParam(const nlohmann::json& data, const std::string& name);

}  // namespace yungu::ckan

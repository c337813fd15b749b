#include <map>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {

std::string_view DatastoreTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger: return "int8";
    case ColumnType::kDecimal: return "numeric";
    case ColumnType::kBoolean: return "bool";
    case ColumnType::kDate: return "date";
    case ColumnType::kDateTime: return "timestamp";
    case ColumnType::kText: return "text";
  }
  return "text";
}

std::optional<ColumnType> ColumnTypeFromDatastore(std::string_view name) {
  static const std::map<std::string_view, ColumnType> kTypes = {
      {"int", ColumnType::kInteger},       {"int2", ColumnType::kInteger},     {"int4", ColumnType::kInteger},
      {"int8", ColumnType::kInteger},      {"integer", ColumnType::kInteger},  {"bigint", ColumnType::kInteger},
      {"smallint", ColumnType::kInteger},  {"serial", ColumnType::kInteger},   {"float", ColumnType::kDecimal},
      {"float4", ColumnType::kDecimal},    {"float8", ColumnType::kDecimal},   {"numeric", ColumnType::kDecimal},
      {"decimal", ColumnType::kDecimal},   {"real", ColumnType::kDecimal},     {"double precision", ColumnType::kDecimal},
      {"money", ColumnType::kDecimal},     {"bool", ColumnType::kBoolean},     {"boolean", ColumnType::kBoolean},
      {"date", ColumnType::kDate},         {"timestamp", ColumnType::kDateTime}, {"timestamptz", ColumnType::kDateTime},
      {"datetime", ColumnType::kDateTime}, {"text", ColumnType::kText},        {"varchar", ColumnType::kText},
      {"char", ColumnType::kText},         {"string", ColumnType::kText},      {"name", ColumnType::kText},
      {"json", ColumnType::kText},         {"time", ColumnType::kText},        {"uuid", ColumnType::kText},
  };
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

}  // namespace yungu::ckan

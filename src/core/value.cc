#include "yungu/core/value.h"

#include <charconv>
#include <cmath>

namespace yungu {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger: return "integer";
    case ColumnType::kDecimal: return "decimal";
    case ColumnType::kBoolean: return "boolean";
    case ColumnType::kDate: return "date";
    case ColumnType::kDateTime: return "datetime";
    case ColumnType::kText: return "text";
  }
  return "text";
}

std::optional<ColumnType> ParseColumnType(std::string_view name) {
  if (name == "integer" || name == "int") return ColumnType::kInteger;
  if (name == "decimal" || name == "number" || name == "float") return ColumnType::kDecimal;
  if (name == "boolean" || name == "bool") return ColumnType::kBoolean;
  if (name == "date") return ColumnType::kDate;
  if (name == "datetime" || name == "timestamp") return ColumnType::kDateTime;
  if (name == "text" || name == "string") return ColumnType::kText;
  return std::nullopt;
}

std::string ValueToText(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      if (!std::isfinite(d)) return {};
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof buf, d);
      return std::string(buf, res.ptr);
    }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const Date& d) const { return d.iso; }
    std::string operator()(const DateTime& d) const { return d.iso; }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

}  // namespace yungu

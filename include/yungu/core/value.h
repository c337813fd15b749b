// Typed cell values and column types shared by ingest, storage, query and output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace yungu {

// Column types, ordered so that a wider type can hold every value of a
// narrower one where that makes sense (integer -> decimal -> text).
enum class ColumnType { kInteger, kDecimal, kBoolean, kDate, kDateTime, kText };

std::string_view ColumnTypeName(ColumnType type);  // "integer", "decimal", ...
std::optional<ColumnType> ParseColumnType(std::string_view name);

// Dates are held as ISO 8601 text ("2024-03-01", "2024-03-01T08:00:00") so
// that text order is time order in every backend.
struct Date {
  std::string iso;
};
struct DateTime {
  std::string iso;
};

using Value = std::variant<std::monostate, int64_t, double, bool, Date, DateTime, std::string>;

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Text form used by CSV output and by messages: null is empty, booleans are
// "true"/"false", decimals use the shortest round-tripping form.
std::string ValueToText(const Value& v);

using Row = std::vector<Value>;

}  // namespace yungu

// InferType / WidenType: the per-cell half of column type inference. Checks
// run cheapest-first and reject on the first character where possible,
// because most cells of a large import are plain numbers or text.
#include <charconv>
#include <cmath>
#include <cstdint>

#include "ingest/date_text.h"
#include "ingest/value_syntax.h"
#include "yungu/ingest/value_parser.h"

namespace yungu::ingest {
namespace {

bool FitsInt64(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);  // from_chars rejects '+'
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool FitsDouble(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(v);
}

}  // namespace

bool IsBlank(std::string_view text) { return internal::TrimBlank(text).empty(); }

ColumnType InferType(std::string_view text) {
  std::string_view s = internal::TrimBlank(text);
  if (s.empty()) return ColumnType::kText;
  char c = s[0];
  bool numeric_start = (c >= '0' && c <= '9') || c == '+' || c == '-';
  if (numeric_start) {
    if (internal::IsIntegerSyntax(s, /*strict_zeros=*/true)) {
      // Out-of-range integers are identifiers far more often than measurements.
      return FitsInt64(s) ? ColumnType::kInteger : ColumnType::kText;
    }
    if (internal::IsDecimalSyntax(s, /*strict_zeros=*/true, /*require_point_or_exp=*/true)) {
      return FitsDouble(s) ? ColumnType::kDecimal : ColumnType::kText;
    }
    if (c >= '0' && c <= '9' && s.size() >= 8) {
      internal::CivilDate date;
      internal::TimeOfDay time;
      switch (internal::ParseDateText(s, date, time)) {
        case internal::DateTextKind::kDate:
          return ColumnType::kDate;
        case internal::DateTextKind::kDateTime:
          return ColumnType::kDateTime;
        case internal::DateTextKind::kNone:
          break;
      }
    }
    return ColumnType::kText;
  }
  if (internal::ParseBooleanWord(s, /*allow_digits=*/false).has_value()) return ColumnType::kBoolean;
  return ColumnType::kText;
}

ColumnType WidenType(ColumnType a, ColumnType b) {
  if (a == b) return a;
  auto is = [&](ColumnType x, ColumnType y) { return (a == x && b == y) || (a == y && b == x); };
  if (is(ColumnType::kInteger, ColumnType::kDecimal)) return ColumnType::kDecimal;
  if (is(ColumnType::kDate, ColumnType::kDateTime)) return ColumnType::kDateTime;
  return ColumnType::kText;
}

}  // namespace yungu::ingest

// ParseValue: one cell of a column whose type is already decided.
#include "yungu/ingest/value_parser.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "ingest/date_text.h"
#include "ingest/value_syntax.h"

namespace yungu::ingest {
namespace {

Status BadValue(std::string_view text, std::string_view what) {
  std::string message = "'";
  // Messages end up in import reports; a 10 MB cell must not.
  constexpr size_t kMaxQuoted = 64;
  if (text.size() > kMaxQuoted) {
    message.append(text.substr(0, kMaxQuoted));
    message += "...";
  } else {
    message.append(text);
  }
  message += "' is not a valid ";
  message.append(what);
  return InvalidArgument("ingest.bad_value", std::move(message));
}

Result<Value> ParseInteger(std::string_view s, std::string_view original) {
  if (!internal::IsIntegerSyntax(s, /*strict_zeros=*/false)) return BadValue(original, "integer");
  if (s[0] == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return BadValue(original, "integer (out of range)");
  return Value(v);
}

Result<Value> ParseDecimal(std::string_view s, std::string_view original) {
  if (!internal::IsDecimalSyntax(s, /*strict_zeros=*/false, /*require_point_or_exp=*/false)) {
    return BadValue(original, "decimal");
  }
  if (s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
    return BadValue(original, "decimal (out of range)");
  }
  return Value(v);
}

Result<Value> ParseDateLike(ColumnType type, std::string_view s, std::string_view original) {
  internal::CivilDate date;
  internal::TimeOfDay time;
  internal::DateTextKind kind = internal::ParseDateText(s, date, time);
  std::string iso;
  if (type == ColumnType::kDate) {
    if (kind != internal::DateTextKind::kDate) return BadValue(original, "date");
    internal::AppendIsoDate(iso, date);
    return Value(Date{std::move(iso)});
  }
  if (kind == internal::DateTextKind::kNone) return BadValue(original, "datetime");
  iso.reserve(32);
  internal::AppendIsoDate(iso, date);
  internal::AppendIsoTime(iso, time);  // a bare date reads as midnight
  return Value(DateTime{std::move(iso)});
}

}  // namespace

Result<Value> ParseValue(ColumnType type, std::string_view text) {
  if (type == ColumnType::kText) {
    if (text.empty()) return Value(std::monostate{});
    return Value(std::string(text));
  }
  std::string_view s = internal::TrimBlank(text);
  if (s.empty()) return Value(std::monostate{});
  switch (type) {
    case ColumnType::kInteger:
      return ParseInteger(s, text);
    case ColumnType::kDecimal:
      return ParseDecimal(s, text);
    case ColumnType::kBoolean: {
      std::optional<bool> b = internal::ParseBooleanWord(s, /*allow_digits=*/true);
      if (!b) return BadValue(text, "boolean");
      return Value(*b);
    }
    case ColumnType::kDate:
    case ColumnType::kDateTime:
      return ParseDateLike(type, s, text);
    case ColumnType::kText:
      break;
  }
  return Value(std::string(text));
}

}  // namespace yungu::ingest

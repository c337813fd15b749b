#include "quality/typed_value.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace yungu::quality::internal {
namespace {

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool ReadInteger(std::string_view text, int64_t& out) {
  text = TrimBlanks(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const size_t digits_from = !text.empty() && text.front() == '-' ? 1 : 0;
  if (text.size() == digits_from) return false;
  for (size_t i = digits_from; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// [+-]digits[.digits][e[+-]digits]; std::from_chars would also take "inf",
// "nan" and ".5", which are not numbers a form should hold.
bool ReadDecimal(std::string_view text, double& out) {
  text = TrimBlanks(text);
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  size_t pos = 0;
  while (pos < body.size() && IsDigit(body[pos])) ++pos;
  if (pos == 0) return false;
  if (pos < body.size() && body[pos] == '.') {
    const size_t start = ++pos;
    while (pos < body.size() && IsDigit(body[pos])) ++pos;
    if (pos == start) return false;
  }
  if (pos < body.size() && (body[pos] == 'e' || body[pos] == 'E')) {
    ++pos;
    if (pos < body.size() && (body[pos] == '+' || body[pos] == '-')) ++pos;
    const size_t start = pos;
    while (pos < body.size() && IsDigit(body[pos])) ++pos;
    if (pos == start) return false;
  }
  if (pos != body.size()) return false;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool ReadBoolean(std::string_view text, bool& out) {
  text = TrimBlanks(text);
  for (std::string_view yes : {"true", "yes", "1", "\xE6\x98\xAF" /* 是 */}) {
    if (EqualsIgnoringAsciiCase(text, yes)) {
      out = true;
      return true;
    }
  }
  for (std::string_view no : {"false", "no", "0", "\xE5\x90\xA6" /* 否 */}) {
    if (EqualsIgnoringAsciiCase(text, no)) {
      out = false;
      return true;
    }
  }
  return false;
}

bool IsIntegral(double d) {
  // 2^63 is the first double past int64's range.
  return std::isfinite(d) && std::floor(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

void ReadAsInteger(const Value& value, TypedValue& out) {
  if (const auto* i = std::get_if<int64_t>(&value)) {
    out.valid = true;
    out.integer = *i;
  } else if (const auto* d = std::get_if<double>(&value)) {
    out.valid = IsIntegral(*d);
    if (out.valid) out.integer = static_cast<int64_t>(*d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    out.valid = ReadInteger(*s, out.integer);
  }
  out.number = static_cast<double>(out.integer);
}

void ReadAsDecimal(const Value& value, TypedValue& out) {
  if (const auto* i = std::get_if<int64_t>(&value)) {
    out.valid = true;
    out.number = static_cast<double>(*i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    out.valid = std::isfinite(*d);
    out.number = *d;
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    out.valid = ReadDecimal(*s, out.number);
  }
}

void ReadAsBoolean(const Value& value, TypedValue& out) {
  if (const auto* b = std::get_if<bool>(&value)) {
    out.valid = true;
    out.boolean = *b;
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    out.valid = *i == 0 || *i == 1;
    out.boolean = *i == 1;
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    out.valid = ReadBoolean(*s, out.boolean);
  }
}

void ReadAsMoment(const Value& value, bool date_only, TypedValue& out) {
  std::string_view text;
  if (const auto* d = std::get_if<Date>(&value)) {
    text = d->iso;
  } else if (const auto* dt = std::get_if<DateTime>(&value)) {
    if (date_only) return;
    text = dt->iso;
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    text = *s;
  } else {
    return;
  }
  auto moment = ParseMoment(text);
  if (!moment || (date_only && moment->has_time)) return;
  out.valid = true;
  out.moment = *moment;
}

}  // namespace

TypedValue ReadAs(ColumnType type, const Value& value) {
  TypedValue out;
  switch (type) {
    case ColumnType::kInteger: ReadAsInteger(value, out); break;
    case ColumnType::kDecimal: ReadAsDecimal(value, out); break;
    case ColumnType::kBoolean: ReadAsBoolean(value, out); break;
    case ColumnType::kDate: ReadAsMoment(value, true, out); break;
    case ColumnType::kDateTime: ReadAsMoment(value, false, out); break;
    case ColumnType::kText: out.valid = true; break;
  }
  return out;
}

std::string_view TypeFailureReason(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger: return "not_integer";
    case ColumnType::kDecimal: return "not_decimal";
    case ColumnType::kBoolean: return "not_boolean";
    case ColumnType::kDate: return "not_date";
    case ColumnType::kDateTime: return "not_datetime";
    case ColumnType::kText: return "not_text";
  }
  return "not_text";
}

std::string CanonicalText(ColumnType type, const TypedValue& typed, std::string_view text) {
  switch (type) {
    case ColumnType::kInteger: return std::to_string(typed.integer);
    case ColumnType::kDecimal: return ValueToText(Value(typed.number == 0 ? 0.0 : typed.number));  // -0 is 0
    case ColumnType::kBoolean: return typed.boolean ? "true" : "false";
    case ColumnType::kDate: return FormatDay(typed.moment.china_day);
    case ColumnType::kDateTime: return FormatChinaTime(typed.moment.seconds);
    case ColumnType::kText: return std::string(text);
  }
  return std::string(text);
}

}  // namespace yungu::quality::internal

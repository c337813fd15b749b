// JSON filter values -> typed values of a column.
#include <charconv>
#include <cmath>

#include "yungu/query/plan_builder.h"

namespace yungu::query {
namespace {

Status Bad(const model::FieldDef& field, const std::string& what) {
  return InvalidArgument("query.bad_value", "field '" + field.name + "' (" +
                                                std::string(ColumnTypeName(field.type)) + "): " + what);
}

bool Digits(std::string_view s, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// YYYY-MM-DD with a real month and day.
bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4) || !Digits(s, 5, 7) ||
      !Digits(s, 8, 10)) {
    return false;
  }
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = std::stoi(std::string(s.substr(5, 2)));
  int d = std::stoi(std::string(s.substr(8, 2)));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// A date, or a date followed by T/space and HH:MM[:SS].
bool IsIsoDateTime(std::string_view s) {
  if (s.size() == 10) return IsIsoDate(s);
  if (s.size() < 16 || !IsIsoDate(s.substr(0, 10)) || (s[10] != 'T' && s[10] != ' ')) return false;
  if (!Digits(s, 11, 13) || s[13] != ':' || !Digits(s, 14, 16)) return false;
  auto two = [&](size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
  if (two(11) > 23 || two(14) > 59) return false;
  if (s.size() == 16) return true;
  if (s.size() < 19 || s[16] != ':' || !Digits(s, 17, 19) || two(17) > 59) return false;
  // Optional fraction and zone, as ingest keeps them: .fff, Z, +08:00.
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if ((s[i] == '+' || s[i] == '-') && s.size() == i + 6 && Digits(s, i + 1, i + 3) && s[i + 3] == ':' &&
      Digits(s, i + 4, i + 6)) {
    return two(i + 1) <= 14 && two(i + 4) <= 59;
  }
  return false;
}

}  // namespace

Result<Value> ValueForColumn(const nlohmann::json& j, const model::FieldDef& field) {
  if (j.is_null()) return Value{};
  switch (field.type) {
    case ColumnType::kInteger: {
      if (j.is_number_integer()) return Value{j.get<int64_t>()};
      if (j.is_number_float()) {
        double d = j.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 9e15) return Value{static_cast<int64_t>(d)};
        return Value{d};  // comparing an integer column with 2.5 is meaningful
      }
      if (j.is_string()) {
        const std::string s = j.get<std::string>();
        int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && p == s.data() + s.size()) return Value{v};
      }
      return Bad(field, "expected an integer, got " + j.dump());
    }
    case ColumnType::kDecimal: {
      if (j.is_number()) return Value{j.get<double>()};
      if (j.is_string()) {
        const std::string s = j.get<std::string>();
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && p == s.data() + s.size() && std::isfinite(v)) return Value{v};
      }
      return Bad(field, "expected a number, got " + j.dump());
    }
    case ColumnType::kBoolean: {
      if (j.is_boolean()) return Value{j.get<bool>()};
      if (j.is_string() && (j == "true" || j == "false")) return Value{j == "true"};
      return Bad(field, "expected true or false, got " + j.dump());
    }
    case ColumnType::kDate: {
      if (j.is_string() && IsIsoDate(j.get<std::string>())) return Value{Date{j.get<std::string>()}};
      return Bad(field, "expected a date YYYY-MM-DD, got " + j.dump());
    }
    case ColumnType::kDateTime: {
      if (j.is_string() && IsIsoDateTime(j.get<std::string>())) {
        std::string s = j.get<std::string>();
        if (s.size() > 10) s[10] = 'T';
        // Stored datetimes always have seconds; a bare date is midnight.
        if (s.size() == 10) s += "T00:00:00";
        if (s.size() == 16) s += ":00";
        return Value{DateTime{s}};
      }
      return Bad(field, "expected a date-time YYYY-MM-DDTHH:MM:SS, got " + j.dump());
    }
    case ColumnType::kText: {
      if (j.is_string()) return Value{j.get<std::string>()};
      if (j.is_number() || j.is_boolean()) return Value{j.dump()};
      return Bad(field, "expected text, got " + j.dump());
    }
  }
  return Bad(field, "unsupported type");
}

}  // namespace yungu::query

#include "quality/civil_time.h"

#include <chrono>

namespace yungu::quality::internal {
namespace {

namespace chr = std::chrono;

constexpr std::string_view kNian = "\xE5\xB9\xB4";  // 年
constexpr std::string_view kYue = "\xE6\x9C\x88";   // 月
constexpr std::string_view kRi = "\xE6\x97\xA5";    // 日

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A run of `min`..`max` digits at text[pos]; a longer run is a different shape.
bool TakeNumber(std::string_view text, size_t& pos, int min, int max, int& out) {
  int count = 0;
  int value = 0;
  while (pos < text.size() && IsDigit(text[pos])) {
    if (++count > max) return false;
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  out = value;
  return count >= min;
}

// Exactly `count` digits at text[pos], whatever follows (zones: "+0800").
bool TakeDigits(std::string_view text, size_t& pos, int count, int& out) {
  out = 0;
  for (int i = 0; i < count; ++i, ++pos) {
    if (pos >= text.size() || !IsDigit(text[pos])) return false;
    out = out * 10 + (text[pos] - '0');
  }
  return true;
}

bool Take(std::string_view text, size_t& pos, std::string_view token) {
  if (text.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::optional<CivilDate> TakeDate(std::string_view text, size_t& pos) {
  CivilDate date;
  if (!TakeNumber(text, pos, 4, 4, date.year) || pos >= text.size()) return std::nullopt;
  if (Take(text, pos, kNian)) {
    if (!TakeNumber(text, pos, 1, 2, date.month) || !Take(text, pos, kYue)) return std::nullopt;
    if (!TakeNumber(text, pos, 1, 2, date.day) || !Take(text, pos, kRi)) return std::nullopt;
    return date;
  }
  const char separator = text[pos];
  if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
  ++pos;
  if (!TakeNumber(text, pos, 1, 2, date.month) || pos >= text.size() || text[pos] != separator) {
    return std::nullopt;
  }
  ++pos;
  if (!TakeNumber(text, pos, 1, 2, date.day)) return std::nullopt;
  return date;
}

// H:MM[:SS[.fraction]] then an optional zone, up to the end of text.
// Sets seconds_of_day and the zone's offset from UTC (China's when absent).
bool TakeTime(std::string_view text, size_t& pos, int64_t& seconds_of_day, int64_t& offset) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!TakeNumber(text, pos, 1, 2, hour) || hour > 23) return false;
  if (!Take(text, pos, ":") || !TakeNumber(text, pos, 2, 2, minute) || minute > 59) return false;
  if (Take(text, pos, ":")) {
    if (!TakeNumber(text, pos, 2, 2, second) || second > 59) return false;
    if (Take(text, pos, ".")) {
      const size_t start = pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
      if (pos == start) return false;
    }
  }
  seconds_of_day = hour * 3600 + minute * 60 + second;
  offset = kChinaOffsetSeconds;
  if (pos == text.size()) return true;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    offset = 0;
    return ++pos == text.size();
  }
  if (text[pos] != '+' && text[pos] != '-') return false;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  int zone_hours = 0;
  int zone_minutes = 0;
  if (!TakeDigits(text, pos, 2, zone_hours) || zone_hours > 23) return false;
  Take(text, pos, ":");
  if (!TakeDigits(text, pos, 2, zone_minutes) || zone_minutes > 59) return false;
  offset = sign * (zone_hours * 3600 + zone_minutes * 60);
  return pos == text.size();
}

void AppendPadded(std::string& out, int64_t value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out.push_back('-');
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

std::optional<int64_t> DaysFromCivil(CivilDate date) {
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return std::nullopt;
  const chr::year_month_day ymd{chr::year{date.year}, chr::month{static_cast<unsigned>(date.month)},
                                chr::day{static_cast<unsigned>(date.day)}};
  if (!ymd.ok()) return std::nullopt;
  return chr::sys_days{ymd}.time_since_epoch().count();
}

CivilDate CivilFromDays(int64_t days) {
  const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<int64_t> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  size_t pos = 0;
  auto date = TakeDate(text, pos);
  if (!date || pos != text.size()) return std::nullopt;
  return DaysFromCivil(*date);
}

std::optional<Moment> ParseMoment(std::string_view text) {
  text = TrimSpaces(text);
  size_t pos = 0;
  auto date = TakeDate(text, pos);
  if (!date) return std::nullopt;
  auto days = DaysFromCivil(*date);
  if (!days) return std::nullopt;
  Moment moment;
  if (pos == text.size()) {
    moment.seconds = *days * kSecondsPerDay - kChinaOffsetSeconds;
    moment.china_day = *days;
    return moment;
  }
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  int64_t seconds_of_day = 0;
  int64_t offset = 0;
  if (!TakeTime(text, pos, seconds_of_day, offset)) return std::nullopt;
  moment.seconds = *days * kSecondsPerDay + seconds_of_day - offset;
  moment.china_day = ChinaDayOf(moment.seconds);
  moment.has_time = true;
  return moment;
}

int64_t ChinaDayOf(int64_t unix_seconds) { return FloorDiv(unix_seconds + kChinaOffsetSeconds, kSecondsPerDay); }

std::string FormatDay(int64_t days) {
  const CivilDate date = CivilFromDays(days);
  std::string out;
  out.reserve(10);
  AppendPadded(out, date.year, 4);
  out.push_back('-');
  AppendPadded(out, date.month, 2);
  out.push_back('-');
  AppendPadded(out, date.day, 2);
  return out;
}

std::string FormatChinaTime(int64_t unix_seconds) {
  const int64_t local = unix_seconds + kChinaOffsetSeconds;
  const int64_t days = FloorDiv(local, kSecondsPerDay);
  const int64_t seconds_of_day = local - days * kSecondsPerDay;
  std::string out = FormatDay(days);
  out.push_back('T');
  AppendPadded(out, seconds_of_day / 3600, 2);
  out.push_back(':');
  AppendPadded(out, seconds_of_day / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, seconds_of_day % 60, 2);
  out += "+08:00";
  return out;
}

int64_t AddMonths(int64_t unix_seconds, int months) {
  const int64_t local = unix_seconds + kChinaOffsetSeconds;
  const int64_t days = FloorDiv(local, kSecondsPerDay);
  const int64_t seconds_of_day = local - days * kSecondsPerDay;
  const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  chr::year_month_day target = ymd + chr::months{months};
  if (!target.ok()) target = chr::year_month_day_last{target.year(), chr::month_day_last{target.month()}};
  const int64_t target_days = chr::sys_days{target}.time_since_epoch().count();
  return target_days * kSecondsPerDay + seconds_of_day - kChinaOffsetSeconds;
}

}  // namespace yungu::quality::internal

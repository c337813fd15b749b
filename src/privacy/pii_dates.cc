// Date candidates for birth_date: the written forms of a calendar date, and
// whether it can be the birthday of someone alive.
#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"

namespace yungu::privacy::internal {
namespace {

bool IsLeapYear(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
}

// Reads up to `max` digits at `pos`; -1 when there is none.
int ReadNumber(std::string_view text, size_t& pos, size_t max) {
  int value = 0;
  size_t read = 0;
  while (pos < text.size() && read < max && IsAsciiDigit(text[pos])) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++read;
  }
  return read == 0 ? -1 : value;
}

bool Skip(std::string_view text, size_t& pos, std::string_view token) {
  if (text.substr(pos).starts_with(token)) {
    pos += token.size();
    return true;
  }
  return false;
}

// [T| ]H:MM[:SS[.fraction]] to the end of the text.
bool IsTimeSuffix(std::string_view text, size_t pos) {
  if (pos == text.size()) return true;
  if (text[pos] != 'T' && text[pos] != ' ') return false;
  ++pos;
  const int hour = ReadNumber(text, pos, 2);
  if (hour < 0 || hour > 23 || !Skip(text, pos, ":")) return false;
  const int minute = ReadNumber(text, pos, 2);
  if (minute < 0 || minute > 59) return false;
  if (pos == text.size()) return true;
  if (!Skip(text, pos, ":")) return false;
  const int second = ReadNumber(text, pos, 2);
  if (second < 0 || second > 60) return false;
  if (pos == text.size()) return true;
  if (!Skip(text, pos, ".")) return false;
  return ReadNumber(text, pos, 9) >= 0 && pos == text.size();
}

std::optional<CivilDate> Checked(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return CivilDate{y, m, d};
}

}  // namespace

std::optional<CivilDate> ParseDateCandidate(std::string_view text) {
  size_t pos = 0;
  bool compact = text.size() == 8;
  for (char c : text) compact = compact && IsAsciiDigit(c);
  const int year = ReadNumber(text, pos, 4);
  if (year < 0 || pos != 4) return std::nullopt;
  if (compact) {
    const int month = ReadNumber(text, pos, 2);
    const int day = ReadNumber(text, pos, 2);
    if (pos != text.size()) return std::nullopt;
    return Checked(year, month, day);
  }
  const bool chinese = Skip(text, pos, "年");
  char separator = '\0';
  if (!chinese) {
    separator = ByteAt(text, pos);
    if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
    ++pos;
  }
  const int month = ReadNumber(text, pos, 2);
  if (month < 0) return std::nullopt;
  if (chinese && !Skip(text, pos, "月")) return std::nullopt;
  // A year and month alone (出生年月: 1990-05, 1990年5月) stands for the 1st.
  bool has_day = false;
  if (chinese) {
    has_day = pos < text.size() && IsAsciiDigit(text[pos]);
  } else {
    has_day = Skip(text, pos, std::string_view(&separator, 1));
  }
  int day = 1;
  if (has_day) {
    day = ReadNumber(text, pos, 2);
    if (day < 0) return std::nullopt;
    if (chinese) Skip(text, pos, "日");
  }
  if (!IsTimeSuffix(text, pos)) return std::nullopt;
  return Checked(year, month, day);
}

bool IsPlausibleBirthDate(const CivilDate& date, const CivilDate& today) {
  const CivilDate earliest{today.year - 120, today.month, today.day};
  return date <= today && date >= earliest;
}

}  // namespace yungu::privacy::internal

// Date truncation: a date's year or year and month, from ISO dates and the
// forms dates take in Chinese spreadsheets.
#include "privacy/mask_methods.h"

namespace yungu::privacy::internal {
namespace {

constexpr std::string_view kYearMark = "年";
constexpr std::string_view kMonthMark = "月";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1 or 2 digits at text[pos]; advances pos.
bool ReadSmallNumber(std::string_view text, size_t& pos, int& value) {
  size_t start = pos;
  value = 0;
  while (pos < text.size() && IsDigit(text[pos]) && pos - start < 2) value = value * 10 + (text[pos++] - '0');
  return pos > start && (pos == text.size() || !IsDigit(text[pos]));
}

bool ConsumeMark(std::string_view text, size_t& pos, std::string_view mark) {
  if (text.substr(pos, mark.size()) != mark) return false;
  pos += mark.size();
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// After the date: nothing, or a time introduced by 'T' or a space.
bool AtDateEnd(std::string_view text, size_t pos) {
  return pos == text.size() || text[pos] == 'T' || text[pos] == ' ';
}

struct YearMonth {
  int year = 0;
  int month = 0;
};

std::optional<YearMonth> ParseYearMonth(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  if (text.size() < 6) return std::nullopt;
  for (size_t i = 0; i < 4; ++i) {
    if (!IsDigit(text[i])) return std::nullopt;
  }
  YearMonth ym;
  ym.year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  int day = -1;  // -1: the text has no day
  size_t pos = 4;
  if (IsDigit(text[4])) {  // 19900517
    if (text.size() < 8) return std::nullopt;
    for (size_t i = 4; i < 8; ++i) {
      if (!IsDigit(text[i])) return std::nullopt;
    }
    ym.month = (text[4] - '0') * 10 + (text[5] - '0');
    day = (text[6] - '0') * 10 + (text[7] - '0');
    if (!AtDateEnd(text, 8)) return std::nullopt;
  } else if (ConsumeMark(text, pos, kYearMark)) {  // 1990年5月 / 1990年5月17日
    if (!ReadSmallNumber(text, pos, ym.month) || !ConsumeMark(text, pos, kMonthMark)) return std::nullopt;
    if (pos < text.size() && IsDigit(text[pos]) && !ReadSmallNumber(text, pos, day)) return std::nullopt;
  } else {  // 1990-05-17, 1990/5/17, 1990.05.17, 1990-05
    const char separator = text[4];
    if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
    pos = 5;
    if (!ReadSmallNumber(text, pos, ym.month)) return std::nullopt;
    if (pos < text.size()) {
      if (text[pos] != separator) return std::nullopt;
      ++pos;
      if (!ReadSmallNumber(text, pos, day) || !AtDateEnd(text, pos)) return std::nullopt;
    }
  }
  if (ym.year == 0 || ym.month < 1 || ym.month > 12) return std::nullopt;
  if (day != -1 && (day < 1 || day > DaysInMonth(ym.year, ym.month))) return std::nullopt;
  return ym;
}

void AppendTwoDigits(std::string& out, int value) {
  out += static_cast<char>('0' + value / 10);
  out += static_cast<char>('0' + value % 10);
}

}  // namespace

bool TruncateDateInto(std::string_view text, bool to_month, std::string& out) {
  auto ym = ParseYearMonth(text);
  if (!ym) return false;
  out.clear();
  AppendTwoDigits(out, ym->year / 100);
  AppendTwoDigits(out, ym->year % 100);
  if (to_month) {
    out += '-';
    AppendTwoDigits(out, ym->month);
  }
  return true;
}

}  // namespace yungu::privacy::internal

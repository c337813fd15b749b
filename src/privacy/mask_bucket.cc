// Bucket mask: a number becomes the range of the declared width holding it.
//
// Integer columns with an integral width use exact 128-bit arithmetic, so
// the extremes of int64 land in correct ranges. Everything else is computed
// in double and printed with as many decimals as the width has, after
// checking the value against the printed bounds: 0.3 with width 0.1 shows
// "[0.3, 0.4)", not "[0.2, 0.3)" as the binary quotient 2.999... would say.
#include <charconv>
#include <cmath>
#include <algorithm>

#include "privacy/mask_methods.h"

namespace yungu::privacy::internal {
namespace {

// GCC and Clang's 128-bit integers: int64 bounds plus a width still fit.
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

constexpr int kMaxDecimals = 12;  // finer widths print in shortest form
constexpr double kFixedLimit = 1e15;  // beyond this, fixed notation stops being readable
constexpr double kExactIntegerLimit = 9007199254740992.0;  // 2^53: doubles below are exact integers
// Doubles in [-2^63, 2^63) convert to int64 exactly.
constexpr double kInt64Bound = 9223372036854775808.0;

void AppendInt128(std::string& out, Int128 value) {
  char digits[48];
  size_t n = 0;
  const bool negative = value < 0;
  UInt128 magnitude = negative ? -static_cast<UInt128>(value) : static_cast<UInt128>(value);
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) out += '-';
  while (n > 0) out += digits[--n];
}

// Prints a bound with the rule's decimals ("30.5", "31.0"). Most bounds are
// written from their scaled integer, which is exact and much faster than
// to_chars in fixed notation; the rest fall back to to_chars.
void AppendBound(std::string& out, double value, const BucketRule& rule) {
  char buffer[64];
  value += 0.0;  // no "-0"
  if (rule.decimals < 0 || std::fabs(value) >= kFixedLimit) {
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
    return;
  }
  const double scaled = std::round(value * rule.scale);
  if (std::fabs(scaled) >= kExactIntegerLimit) {
    out.append(buffer,
               std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, rule.decimals).ptr);
    return;
  }
  const auto units = static_cast<int64_t>(scaled);
  uint64_t magnitude = units < 0 ? static_cast<uint64_t>(-units) : static_cast<uint64_t>(units);
  // Digits from the right, the point after `decimals` of them.
  char* end = buffer + sizeof buffer;
  char* p = end;
  for (int d = 0; d < rule.decimals; ++d, magnitude /= 10) *--p = static_cast<char>('0' + magnitude % 10);
  if (rule.decimals > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (units < 0) *--p = '-';
  out.append(p, end);
}

// The value as printed with the rule's decimals.
double RoundTo(double value, const BucketRule& rule) {
  if (rule.decimals < 0 || std::fabs(value) >= kFixedLimit) return value;
  return std::round(value * rule.scale) / rule.scale;
}

void IntegerBucketInto(int64_t value, int64_t width, std::string& out) {
  Int128 k = static_cast<Int128>(value) / width;
  if (value % width != 0 && value < 0) --k;  // floor, not truncation
  const Int128 low = k * width;
  out.clear();
  AppendInt128(out, low);
  out += '-';
  AppendInt128(out, low + width - 1);
}

// False when the bounds overflow (a huge value over a tiny width).
bool DecimalBucketInto(double value, const BucketRule& rule, std::string& out) {
  double k = std::floor(value / rule.width);
  if (!std::isfinite((k + 1) * rule.width) || !std::isfinite(k * rule.width)) return false;
  // Settle k against the bounds as printed, not as computed in binary.
  if (value >= RoundTo((k + 1) * rule.width, rule)) k += 1;
  if (value < RoundTo(k * rule.width, rule)) k -= 1;
  out.assign("[");
  AppendBound(out, RoundTo(k * rule.width, rule), rule);
  out.append(", ");
  AppendBound(out, RoundTo((k + 1) * rule.width, rule), rule);
  out += ')';
  return true;
}

bool ParseWhole(std::string_view text, int64_t& value) {
  auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  return res.ec == std::errc() && res.ptr == text.data() + text.size();
}

bool ParseWhole(std::string_view text, double& value) {
  auto res = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  return res.ec == std::errc() && res.ptr == text.data() + text.size() && std::isfinite(value);
}

bool BucketDouble(double value, const BucketRule& rule, std::string& out) {
  if (!std::isfinite(value)) return false;
  if (rule.closed_form && value == std::floor(value) && value >= -kInt64Bound && value < kInt64Bound) {
    IntegerBucketInto(static_cast<int64_t>(value), rule.integral_width, out);
    return true;
  }
  return DecimalBucketInto(value, rule, out);
}

bool BucketInteger(int64_t value, const BucketRule& rule, std::string& out) {
  if (!rule.closed_form) return DecimalBucketInto(static_cast<double>(value), rule, out);
  IntegerBucketInto(value, rule.integral_width, out);
  return true;
}

}  // namespace

BucketRule MakeBucketRule(double width, bool integer_field) {
  BucketRule rule;
  rule.width = width;
  rule.closed_form = integer_field && width >= 1 && width <= 1e18 && width == std::floor(width);
  if (rule.closed_form) rule.integral_width = static_cast<int64_t>(width);
  rule.decimals = -1;
  double scaled = width;
  for (int d = 0; d <= kMaxDecimals; ++d, scaled *= 10) {
    if (std::fabs(scaled - std::round(scaled)) <= 1e-9 * std::max(1.0, scaled)) {
      rule.decimals = d;
      rule.scale = std::pow(10.0, d);
      break;
    }
  }
  return rule;
}

bool BucketInto(const Value& value, const BucketRule& rule, std::string& out) {
  if (const auto* i = std::get_if<int64_t>(&value)) return BucketInteger(*i, rule, out);
  if (const auto* d = std::get_if<double>(&value)) return BucketDouble(*d, rule, out);
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return false;  // null, boolean, dates
  std::string_view t = *text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
  if (t.size() > 1 && t.front() == '+' && t[1] != '-') t.remove_prefix(1);
  int64_t whole = 0;
  if (ParseWhole(t, whole)) return BucketInteger(whole, rule, out);
  double number = 0;
  if (ParseWhole(t, number)) return BucketDouble(number, rule, out);
  return false;
}

}  // namespace yungu::privacy::internal

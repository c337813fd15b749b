// The quality report of one stored version: what a run of QualityChecker
// over its rows found, in the spirit of Deequ's verification results and
// Great Expectations' validation results. It is plain data: built by the
// checker, stored as JSON with the version, read back with FromJson.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/quality/timeliness.h"

namespace yungu::quality {

// Rule names, as they appear in reports.
inline constexpr std::string_view kRuleType = "type";
inline constexpr std::string_view kRuleRequired = "required";
inline constexpr std::string_view kRuleUnique = "unique";
inline constexpr std::string_view kRuleRange = "range";
inline constexpr std::string_view kRuleEnum = "enum";
inline constexpr std::string_view kRulePattern = "pattern";
inline constexpr std::string_view kRuleFormat = "format";
inline constexpr std::string_view kRuleNotFuture = "not_future";
inline constexpr std::string_view kRuleDateOrder = "date_order";
inline constexpr std::string_view kRuleReference = "reference";

// One failing value. `value` is the value's text form (shortened to 200
// bytes); `reason` is a snake_case word, sometimes followed by ": " and a
// detail ("duplicate: row 17", "below_min: 0", "checksum").
struct Example {
  int64_t row = 0;
  std::string value;
  std::string reason;
  bool operator==(const Example&) const = default;
};

// Completeness of one declared field.
struct FieldCompleteness {
  std::string field;
  std::string type;       // declared type name
  bool required = false;  // required or part of the primary key
  bool present = true;    // the version has a column for it
  int64_t filled = 0;
  int64_t missing = 0;    // null, empty or blank text
  double share = 1;       // filled / rows; 1 when there are no rows
  bool operator==(const FieldCompleteness&) const = default;
};

// One rule of one field.
struct RuleResult {
  std::string field;
  std::string rule;     // one of the kRule* names
  std::string detail;   // the rule's parameter: "0..150", the pattern, "citizen_id", ...
  int64_t checked = 0;  // values the rule judged
  int64_t failed = 0;
  double pass_share = 1;  // (checked - failed) / checked; 1 when nothing was checked
  std::vector<Example> examples;  // the first failures, in row order
  // Why the rule could not run (a reference whose key set was unavailable);
  // empty when it ran. A skipped rule takes no part in the score.
  std::string skipped;
  bool operator==(const RuleResult&) const = default;
};

// The primary-key fields taken together.
struct KeyUniqueness {
  std::vector<std::string> fields;
  int64_t checked = 0;     // rows with every key field filled
  int64_t incomplete = 0;  // rows with some key field missing
  int64_t duplicates = 0;  // rows whose key an earlier row already had
  std::vector<Example> examples;  // value: the key fields' texts joined by ", "
  bool operator==(const KeyUniqueness&) const = default;
};

// One part of the score. `value` is 0-100; a part that does not apply has
// no value and its weight goes to the others in proportion.
struct ScorePart {
  std::string name;  // completeness | validity | uniqueness | timeliness
  double weight = 0;
  bool applies = false;
  double value = 0;
  bool operator==(const ScorePart&) const = default;
};

struct QualityScore {
  double value = 100;  // 0-100
  std::vector<ScorePart> parts;
  bool operator==(const QualityScore&) const = default;
};

struct QualityReport {
  int64_t rows = 0;
  std::string today;  // the day not_future was judged against (UTC+8)
  int64_t examples_per_rule = 0;
  std::vector<FieldCompleteness> fields;     // declared order
  std::vector<std::string> absent_fields;    // declared, not in the version
  std::vector<std::string> undeclared_columns;  // in the version, not declared
  std::vector<RuleResult> rules;  // per field in declared order, rules in kRule* order above
  std::optional<KeyUniqueness> key;  // when some field is a primary key
  std::optional<Timeliness> timeliness;  // set by AttachTimeliness, not by the checker
  QualityScore score;
  bool operator==(const QualityReport&) const = default;
};

// The JSON form (shape in docs/quality.md). FromJson reads what ToJson
// writes; errors: InvalidArgument "quality.bad_report" naming the key.
nlohmann::json ToJson(const QualityReport& report);
Result<QualityReport> QualityReportFromJson(const nlohmann::json& j);

nlohmann::json ToJson(const Timeliness& timeliness);
Result<Timeliness> TimelinessFromJson(const nlohmann::json& j);

}  // namespace yungu::quality

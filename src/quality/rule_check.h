// The per-value rules of the checker. Each rule judges one present value of
// its field; the checker counts the verdicts and keeps the first failures.
// The required and type rules are not here: the checker decides those
// while it reads the cell.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "quality/typed_value.h"
#include "yungu/core/result.h"
#include "yungu/core/value.h"

namespace yungu::quality::internal {

// One cell of the row being judged, read once and shared by all rules.
struct Cell {
  const Value* value = nullptr;
  bool missing = true;
  TypedValue typed;  // what the value reads as for the field's type
  // The value's text form while !missing. Always set for text, dates and
  // datetimes (a view of the value); for numbers and booleans only when a
  // rule of the field reads text, since writing them out costs time.
  std::string_view text;
};

enum class Verdict { kNotJudged, kPass, kFail };

class RuleCheck {
 public:
  virtual ~RuleCheck() = default;

  // Rules that compare typed values (range, enum, dates) skip a value that
  // does not read as the field's type: the type rule already counts it.
  // Rules on the text form (pattern, format, unique, reference) judge it.
  virtual bool NeedsTypedValue() const = 0;

  // Judges the present cell `cell` of `row` (all cells of the row, in field
  // order). On failure, writes the reason into *reason when reason is not
  // null (it is null once the rule has all the examples it keeps).
  virtual Verdict Judge(const Cell& cell, const std::vector<Cell>& row, int64_t row_number,
                        std::string* reason) = 0;
};

std::unique_ptr<RuleCheck> MakeRangeCheck(std::optional<double> min, std::optional<double> max);
// `allowed` must each read as `type` (ValidateFieldRules checks that).
std::unique_ptr<RuleCheck> MakeEnumCheck(ColumnType type, const std::vector<std::string>& allowed);
Result<std::unique_ptr<RuleCheck>> MakePatternCheck(std::string_view pattern);
// `format` must be a known format name.
std::unique_ptr<RuleCheck> MakeFormatCheck(std::string_view format);
std::unique_ptr<RuleCheck> MakeNotFutureCheck(int64_t today_day);
std::unique_ptr<RuleCheck> MakeDateOrderCheck(size_t other_field, std::string other_name);
std::unique_ptr<RuleCheck> MakeUniqueCheck(size_t expected_rows);
std::unique_ptr<RuleCheck> MakeReferenceCheck(std::shared_ptr<const std::unordered_set<std::string>> keys);

}  // namespace yungu::quality::internal

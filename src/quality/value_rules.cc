// Rules on one value alone: range, enum, pattern, format.
#include <unordered_set>

#include "quality/rule_check.h"
#include "quality/text_util.h"
#include "quality/whole_value_matcher.h"
#include "yungu/identifiers/identifiers.h"

namespace yungu::quality::internal {
namespace {

class RangeCheck final : public RuleCheck {
 public:
  RangeCheck(std::optional<double> min, std::optional<double> max) : min_(min), max_(max) {}
  bool NeedsTypedValue() const override { return true; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t, std::string* reason) override {
    const double number = cell.typed.number;
    if (min_ && number < *min_) {
      if (reason) *reason = "below_min: " + ValueToText(Value(*min_));
      return Verdict::kFail;
    }
    if (max_ && number > *max_) {
      if (reason) *reason = "above_max: " + ValueToText(Value(*max_));
      return Verdict::kFail;
    }
    return Verdict::kPass;
  }

 private:
  std::optional<double> min_;
  std::optional<double> max_;
};

// Heterogeneous lookup, so text values are looked up without a copy.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

class EnumCheck final : public RuleCheck {
 public:
  EnumCheck(ColumnType type, const std::vector<std::string>& allowed) : type_(type) {
    for (const auto& value : allowed) {
      const TypedValue typed = ReadAs(type, Value(value));
      allowed_.insert(CanonicalText(type, typed, value));
    }
  }
  bool NeedsTypedValue() const override { return true; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t, std::string* reason) override {
    bool found = false;
    if (type_ == ColumnType::kText) {
      found = allowed_.find(cell.text) != allowed_.end();
    } else {
      found = allowed_.count(CanonicalText(type_, cell.typed, cell.text)) > 0;
    }
    if (found) return Verdict::kPass;
    if (reason) *reason = "not_allowed";
    return Verdict::kFail;
  }

 private:
  ColumnType type_;
  std::unordered_set<std::string, TextHash, std::equal_to<>> allowed_;
};

class PatternCheck final : public RuleCheck {
 public:
  explicit PatternCheck(WholeValueMatcher matcher) : matcher_(std::move(matcher)) {}
  bool NeedsTypedValue() const override { return false; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t, std::string* reason) override {
    if (!IsValidUtf8(cell.text)) {
      if (reason) *reason = "invalid_utf8";
      return Verdict::kFail;
    }
    if (matcher_.Matches(cell.text)) return Verdict::kPass;
    if (reason) *reason = "no_match";
    return Verdict::kFail;
  }

 private:
  WholeValueMatcher matcher_;
};

class FormatCheck final : public RuleCheck {
 public:
  using Validator = identifiers::Check (*)(std::string_view);
  explicit FormatCheck(Validator validator) : validator_(validator) {}
  bool NeedsTypedValue() const override { return false; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t, std::string* reason) override {
    identifiers::Check check = validator_(cell.text);
    if (check.valid) return Verdict::kPass;
    if (reason) *reason = std::move(check.reason);
    return Verdict::kFail;
  }

 private:
  Validator validator_;
};

}  // namespace

std::unique_ptr<RuleCheck> MakeRangeCheck(std::optional<double> min, std::optional<double> max) {
  return std::make_unique<RangeCheck>(min, max);
}

std::unique_ptr<RuleCheck> MakeEnumCheck(ColumnType type, const std::vector<std::string>& allowed) {
  return std::make_unique<EnumCheck>(type, allowed);
}

Result<std::unique_ptr<RuleCheck>> MakePatternCheck(std::string_view pattern) {
  YG_ASSIGN_OR_RETURN(WholeValueMatcher matcher, WholeValueMatcher::Compile(pattern));
  return std::unique_ptr<RuleCheck>(std::make_unique<PatternCheck>(std::move(matcher)));
}

std::unique_ptr<RuleCheck> MakeFormatCheck(std::string_view format) {
  FormatCheck::Validator validator = &identifiers::ValidateEmail;
  if (format == "citizen_id") {
    validator = &identifiers::ValidateCitizenId;
  } else if (format == "uscc") {
    validator = &identifiers::ValidateUscc;
  } else if (format == "mobile") {
    validator = &identifiers::ValidateMobile;
  } else if (format == "bank_card") {
    validator = &identifiers::ValidateBankCard;
  }
  return std::make_unique<FormatCheck>(validator);
}

}  // namespace yungu::quality::internal

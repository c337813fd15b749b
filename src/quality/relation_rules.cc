// Rules that look beyond the value: against today, another field of the
// row, earlier rows (unique) or another dataset (reference).
#include "quality/civil_time.h"
#include "quality/key_hash_set.h"
#include "quality/rule_check.h"

namespace yungu::quality::internal {
namespace {

class NotFutureCheck final : public RuleCheck {
 public:
  explicit NotFutureCheck(int64_t today_day) : today_day_(today_day) {}
  bool NeedsTypedValue() const override { return true; }
  // By China day: the checker knows today, not the time of day, so a
  // datetime later today is not in the future.
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t, std::string* reason) override {
    if (cell.typed.moment.china_day <= today_day_) return Verdict::kPass;
    if (reason) *reason = "in_future";
    return Verdict::kFail;
  }

 private:
  int64_t today_day_;
};

class DateOrderCheck final : public RuleCheck {
 public:
  DateOrderCheck(size_t other_field, std::string other_name)
      : other_field_(other_field), other_name_(std::move(other_name)) {}
  bool NeedsTypedValue() const override { return true; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>& row, int64_t, std::string* reason) override {
    const Cell& other = row[other_field_];
    if (other.missing || !other.typed.valid) return Verdict::kNotJudged;
    const Moment& mine = cell.typed.moment;
    const Moment& theirs = other.typed.moment;
    // A bare date has no time to compare, so against it only days count:
    // a start date of 03-01 and an end time of 03-01 10:00 are in order.
    const bool in_order = mine.has_time && theirs.has_time ? mine.seconds >= theirs.seconds
                                                            : mine.china_day >= theirs.china_day;
    if (in_order) return Verdict::kPass;
    if (reason) *reason = "before: " + other_name_ + " " + std::string(other.text);
    return Verdict::kFail;
  }

 private:
  size_t other_field_;
  std::string other_name_;
};

class UniqueCheck final : public RuleCheck {
 public:
  explicit UniqueCheck(size_t expected_rows) : seen_(expected_rows) {}
  bool NeedsTypedValue() const override { return false; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t row_number, std::string* reason) override {
    const int64_t first_row = seen_.Insert(cell.text, row_number);
    if (first_row == 0) return Verdict::kPass;
    if (reason) *reason = "duplicate: row " + std::to_string(first_row);
    return Verdict::kFail;
  }

 private:
  KeyHashSet seen_;
};

class ReferenceCheck final : public RuleCheck {
 public:
  explicit ReferenceCheck(std::shared_ptr<const std::unordered_set<std::string>> keys) : keys_(std::move(keys)) {}
  bool NeedsTypedValue() const override { return false; }
  Verdict Judge(const Cell& cell, const std::vector<Cell>&, int64_t, std::string* reason) override {
    probe_.assign(cell.text);  // the key set has no heterogeneous lookup
    if (keys_->count(probe_) > 0) return Verdict::kPass;
    if (reason) *reason = "not_found";
    return Verdict::kFail;
  }

 private:
  std::shared_ptr<const std::unordered_set<std::string>> keys_;
  std::string probe_;
};

}  // namespace

std::unique_ptr<RuleCheck> MakeNotFutureCheck(int64_t today_day) { return std::make_unique<NotFutureCheck>(today_day); }

std::unique_ptr<RuleCheck> MakeDateOrderCheck(size_t other_field, std::string other_name) {
  return std::make_unique<DateOrderCheck>(other_field, std::move(other_name));
}

std::unique_ptr<RuleCheck> MakeUniqueCheck(size_t expected_rows) {
  return std::make_unique<UniqueCheck>(expected_rows);
}

std::unique_ptr<RuleCheck> MakeReferenceCheck(std::shared_ptr<const std::unordered_set<std::string>> keys) {
  return std::make_unique<ReferenceCheck>(std::move(keys));
}

}  // namespace yungu::quality::internal

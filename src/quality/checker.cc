#include "yungu/quality/checker.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "quality/civil_time.h"
#include "quality/key_hash_set.h"
#include "quality/rule_check.h"
#include "quality/text_util.h"
#include "yungu/quality/rules.h"
#include "yungu/quality/score.h"

namespace yungu::quality {
namespace {

using internal::Cell;
using internal::RuleCheck;
using internal::Verdict;

// Example values are for reading, and a report holds many of them.
constexpr size_t kExampleValueBytes = 200;

const Value kNull;

bool IsMissingValue(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return true;
  if (const auto* s = std::get_if<std::string>(&value)) return internal::IsBlankText(*s);
  if (const auto* d = std::get_if<double>(&value)) return !std::isfinite(*d);  // its text form is empty
  if (const auto* d = std::get_if<Date>(&value)) return internal::IsBlankText(d->iso);
  if (const auto* d = std::get_if<DateTime>(&value)) return internal::IsBlankText(d->iso);
  return false;
}

struct FieldState {
  std::string name;
  ColumnType type = ColumnType::kText;
  bool required = false;
  int column = -1;  // in the version's rows; -1: absent
  // Some rule or the key reads this field's text, so numbers and booleans
  // are written out as text.
  bool text_needed = false;
  int64_t filled = 0;
  int64_t missing = 0;
  int required_rule = -1;  // index in rules_, -1: none
  int type_rule = -1;
  std::string text_storage;
};

struct RuleState {
  size_t field = 0;
  std::string_view rule;
  std::string detail;
  std::unique_ptr<RuleCheck> check;  // null for required and type rules, and when skipped
  int64_t checked = 0;
  int64_t failed = 0;
  std::vector<Example> examples;
  std::string skipped;
};

std::string RangeDetail(const model::QualityRules& rules) {
  std::string detail;
  if (rules.min) detail += ValueToText(Value(*rules.min));
  detail += "..";
  if (rules.max) detail += ValueToText(Value(*rules.max));
  return detail;
}

std::string JoinForDetail(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) {
    if (!joined.empty()) joined += ", ";
    joined += value;
  }
  return internal::ShortenForExample(joined, kExampleValueBytes);
}

}  // namespace

class QualityChecker::Impl {
 public:
  Status Init(const std::vector<model::FieldDef>& fields, const std::vector<std::string>& columns,
              CheckerOptions options);
  void Add(const Row& row, int64_t row_number);
  QualityReport Finish() const;

 private:
  Status MapColumns(const std::vector<model::FieldDef>& fields, const std::vector<std::string>& columns);
  Status AddRules(size_t f, const model::FieldDef& def, const std::vector<model::FieldDef>& fields);
  RuleState& NewRule(size_t field, std::string_view rule, std::string detail);
  void ReadCell(size_t f, const Row& row, int64_t row_number);
  void CheckKey(int64_t row_number);
  std::string_view TextOf(const Value& value, FieldState& field);
  void AddExample(std::vector<Example>& examples, int64_t row, const Cell& cell, std::string reason) const;

  CheckerOptions options_;
  int64_t today_day_ = 0;
  std::vector<FieldState> fields_;
  std::vector<Cell> cells_;  // the current row, per field
  std::vector<RuleState> rules_;
  std::vector<std::string> absent_fields_;
  std::vector<std::string> undeclared_columns_;
  std::string reason_;  // reused for failure reasons
  int64_t rows_ = 0;

  std::vector<size_t> key_fields_;
  internal::KeyHashSet key_set_;
  std::string key_bytes_;
  KeyUniqueness key_;
};

Status QualityChecker::Impl::Init(const std::vector<model::FieldDef>& fields,
                                  const std::vector<std::string>& columns, CheckerOptions options) {
  options_ = std::move(options);
  YG_RETURN_IF_ERROR(ValidateFieldRules(fields));
  bool needs_today = false;
  for (const auto& f : fields) needs_today = needs_today || f.rules.not_future;
  if (!options_.today.empty() || needs_today) {
    auto day = internal::ParseIsoDate(options_.today);
    if (!day) {
      return InvalidArgument("quality.bad_today",
                             "today must be a date YYYY-MM-DD (China time), got '" +
                                 options_.today + "'");
    }
    today_day_ = *day;
  }
  YG_RETURN_IF_ERROR(MapColumns(fields, columns));
  for (size_t f = 0; f < fields.size(); ++f) YG_RETURN_IF_ERROR(AddRules(f, fields[f], fields));
  for (size_t f = 0; f < fields.size(); ++f) {
    if (!fields[f].primary_key) continue;
    key_fields_.push_back(f);
    key_.fields.push_back(fields[f].name);
    fields_[f].text_needed = true;
  }
  if (!key_fields_.empty()) key_set_ = internal::KeyHashSet(options_.expected_rows);
  cells_.resize(fields_.size());
  return Status::Ok();
}

Status QualityChecker::Impl::MapColumns(const std::vector<model::FieldDef>& fields,
                                        const std::vector<std::string>& columns) {
  std::unordered_map<std::string_view, int> column_of;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (!column_of.emplace(columns[c], static_cast<int>(c)).second) {
      return InvalidArgument("quality.duplicate_column", "column '" + columns[c] + "' is given twice");
    }
  }
  std::unordered_set<std::string_view> declared;
  for (const auto& def : fields) {
    FieldState field;
    field.name = def.name;
    field.type = def.type;
    field.required = def.required || def.primary_key;
    auto it = column_of.find(def.name);
    if (it == column_of.end()) {
      absent_fields_.push_back(def.name);
    } else {
      field.column = it->second;
    }
    declared.insert(def.name);
    fields_.push_back(std::move(field));
  }
  for (const auto& column : columns) {
    if (!declared.count(column)) undeclared_columns_.push_back(column);
  }
  return Status::Ok();
}

RuleState& QualityChecker::Impl::NewRule(size_t field, std::string_view rule, std::string detail) {
  RuleState& state = rules_.emplace_back();
  state.field = field;
  state.rule = rule;
  state.detail = std::move(detail);
  return state;
}

// Rules in report order: required, type, unique, range, enum, pattern,
// format, not_future, date_order, reference.
Status QualityChecker::Impl::AddRules(size_t f, const model::FieldDef& def,
                                      const std::vector<model::FieldDef>& fields) {
  FieldState& field = fields_[f];
  const model::QualityRules& rules = def.rules;
  if (field.required) {
    field.required_rule = static_cast<int>(rules_.size());
    NewRule(f, kRuleRequired, "");
  }
  if (def.type != ColumnType::kText) {
    field.type_rule = static_cast<int>(rules_.size());
    NewRule(f, kRuleType, std::string(ColumnTypeName(def.type)));
  }
  if (rules.unique) {
    NewRule(f, kRuleUnique, "").check = internal::MakeUniqueCheck(options_.expected_rows);
    field.text_needed = true;
  }
  if (rules.min || rules.max) {
    NewRule(f, kRuleRange, RangeDetail(rules)).check = internal::MakeRangeCheck(rules.min, rules.max);
  }
  if (!rules.allowed.empty()) {
    NewRule(f, kRuleEnum, JoinForDetail(rules.allowed)).check = internal::MakeEnumCheck(def.type, rules.allowed);
  }
  if (!rules.pattern.empty()) {
    YG_ASSIGN_OR_RETURN(auto check, internal::MakePatternCheck(rules.pattern));
    NewRule(f, kRulePattern, rules.pattern).check = std::move(check);
    field.text_needed = true;
  }
  if (!rules.format.empty()) {
    NewRule(f, kRuleFormat, rules.format).check = internal::MakeFormatCheck(rules.format);
    field.text_needed = true;
  }
  if (rules.not_future) NewRule(f, kRuleNotFuture, options_.today).check = internal::MakeNotFutureCheck(today_day_);
  if (!rules.not_before.empty()) {
    size_t other = 0;
    while (fields[other].name != rules.not_before) ++other;  // ValidateFieldRules found it
    NewRule(f, kRuleDateOrder, ">= " + rules.not_before).check = internal::MakeDateOrderCheck(other, rules.not_before);
  }
  if (!rules.references.empty()) {
    RuleState& state = NewRule(f, kRuleReference, rules.references);
    field.text_needed = true;
    const size_t dot = rules.references.find('.');
    const std::string_view target = rules.references;
    if (!options_.reference_keys) {
      state.skipped = "no source of reference keys was given";
    } else {
      auto keys = options_.reference_keys(target.substr(0, dot), target.substr(dot + 1));
      if (!keys.ok()) {
        state.skipped = keys.status().error_code() + ": " + keys.status().message();
      } else if (!*keys) {
        state.skipped = "no key set for " + rules.references;
      } else {
        state.check = internal::MakeReferenceCheck(std::move(keys).value());
      }
    }
  }
  return Status::Ok();
}

std::string_view QualityChecker::Impl::TextOf(const Value& value, FieldState& field) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* d = std::get_if<Date>(&value)) return d->iso;
  if (const auto* d = std::get_if<DateTime>(&value)) return d->iso;
  if (!field.text_needed) return {};
  field.text_storage = ValueToText(value);
  return field.text_storage;
}

void QualityChecker::Impl::AddExample(std::vector<Example>& examples, int64_t row, const Cell& cell,
                                      std::string reason) const {
  std::string value;
  if (!cell.missing) {
    value = cell.text.empty() ? internal::ShortenForExample(ValueToText(*cell.value), kExampleValueBytes)
                              : internal::ShortenForExample(cell.text, kExampleValueBytes);
  }
  examples.push_back(Example{row, std::move(value), std::move(reason)});
}

void QualityChecker::Impl::ReadCell(size_t f, const Row& row, int64_t row_number) {
  FieldState& field = fields_[f];
  Cell& cell = cells_[f];
  const bool has_cell = field.column >= 0 && static_cast<size_t>(field.column) < row.size();
  cell.value = has_cell ? &row[field.column] : &kNull;
  cell.missing = IsMissingValue(*cell.value);
  RuleState* required = field.required_rule >= 0 ? &rules_[field.required_rule] : nullptr;
  if (required) ++required->checked;
  if (cell.missing) {
    ++field.missing;
    cell.text = {};
    if (required) {
      ++required->failed;
      if (required->examples.size() < options_.examples_per_rule) {
        AddExample(required->examples, row_number, cell, "missing");
      }
    }
    return;
  }
  ++field.filled;
  cell.text = TextOf(*cell.value, field);
  cell.typed = internal::ReadAs(field.type, *cell.value);
  if (field.type_rule >= 0) {
    RuleState& type = rules_[field.type_rule];
    ++type.checked;
    if (!cell.typed.valid) {
      ++type.failed;
      if (type.examples.size() < options_.examples_per_rule) {
        AddExample(type.examples, row_number, cell, std::string(internal::TypeFailureReason(field.type)));
      }
    }
  }
}

void QualityChecker::Impl::Add(const Row& row, int64_t row_number) {
  ++rows_;
  for (size_t f = 0; f < fields_.size(); ++f) ReadCell(f, row, row_number);
  for (RuleState& rule : rules_) {
    if (!rule.check) continue;
    const Cell& cell = cells_[rule.field];
    if (cell.missing || (rule.check->NeedsTypedValue() && !cell.typed.valid)) continue;
    std::string* reason = rule.examples.size() < options_.examples_per_rule ? &reason_ : nullptr;
    const Verdict verdict = rule.check->Judge(cell, cells_, row_number, reason);
    if (verdict == Verdict::kNotJudged) continue;
    ++rule.checked;
    if (verdict == Verdict::kFail) {
      ++rule.failed;
      if (reason) AddExample(rule.examples, row_number, cell, std::move(reason_));
    }
  }
  if (!key_fields_.empty()) CheckKey(row_number);
}

void QualityChecker::Impl::CheckKey(int64_t row_number) {
  key_bytes_.clear();
  for (size_t f : key_fields_) {
    const Cell& cell = cells_[f];
    if (cell.missing) {
      ++key_.incomplete;
      return;
    }
    // Length-prefixed, so ("ab", "c") and ("a", "bc") stay different keys.
    const auto length = static_cast<uint32_t>(cell.text.size());
    key_bytes_.append(reinterpret_cast<const char*>(&length), sizeof length);
    key_bytes_.append(cell.text);
  }
  ++key_.checked;
  const int64_t first_row = key_set_.Insert(key_bytes_, row_number);
  if (first_row == 0) return;
  ++key_.duplicates;
  if (key_.examples.size() >= options_.examples_per_rule) return;
  std::string shown;
  for (size_t f : key_fields_) {
    if (!shown.empty()) shown += ", ";
    shown += cells_[f].text;
  }
  key_.examples.push_back(Example{row_number, internal::ShortenForExample(shown, kExampleValueBytes),
                                  "duplicate: row " + std::to_string(first_row)});
}

QualityReport QualityChecker::Impl::Finish() const {
  QualityReport report;
  report.rows = rows_;
  report.today = options_.today;
  report.examples_per_rule = static_cast<int64_t>(options_.examples_per_rule);
  report.absent_fields = absent_fields_;
  report.undeclared_columns = undeclared_columns_;
  for (const FieldState& field : fields_) {
    FieldCompleteness c;
    c.field = field.name;
    c.type = std::string(ColumnTypeName(field.type));
    c.required = field.required;
    c.present = field.column >= 0;
    c.filled = field.filled;
    c.missing = field.missing;
    c.share = rows_ > 0 ? static_cast<double>(field.filled) / static_cast<double>(rows_) : 1.0;
    report.fields.push_back(std::move(c));
  }
  for (const RuleState& state : rules_) {
    RuleResult r;
    r.field = fields_[state.field].name;
    r.rule = std::string(state.rule);
    r.detail = state.detail;
    r.checked = state.checked;
    r.failed = state.failed;
    r.pass_share = state.checked > 0
                       ? static_cast<double>(state.checked - state.failed) / static_cast<double>(state.checked)
                       : 1.0;
    r.examples = state.examples;
    r.skipped = state.skipped;
    report.rules.push_back(std::move(r));
  }
  if (!key_fields_.empty()) report.key = key_;
  report.score = ComputeScore(report, nullptr);
  return report;
}

Result<QualityChecker> QualityChecker::Create(const std::vector<model::FieldDef>& fields,
                                              const std::vector<std::string>& columns, CheckerOptions options) {
  auto impl = std::make_unique<Impl>();
  YG_RETURN_IF_ERROR(impl->Init(fields, columns, std::move(options)));
  return QualityChecker(std::move(impl));
}

QualityChecker::QualityChecker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QualityChecker::QualityChecker(QualityChecker&&) noexcept = default;
QualityChecker& QualityChecker::operator=(QualityChecker&&) noexcept = default;
QualityChecker::~QualityChecker() = default;

void QualityChecker::Add(const Row& row, int64_t row_number) { impl_->Add(row, row_number); }

QualityReport QualityChecker::Finish() const { return impl_->Finish(); }

}  // namespace yungu::quality

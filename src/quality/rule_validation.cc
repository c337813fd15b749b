// ValidatePattern, ValidateRules.
#include <cmath>
#include <string>

#include "quality/typed_value.h"
#include "quality/whole_value_matcher.h"
#include "yungu/quality/report.h"
#include "yungu/quality/rules.h"

namespace yungu::quality {
namespace {

Status Invalid(const model::FieldDef& field, std::string_view rule, const std::string& what) {
  return InvalidArgument("quality.invalid_rule",
                         "field '" + field.name + "' rule '" + std::string(rule) + "': " + what);
}

bool IsNumeric(ColumnType type) { return type == ColumnType::kInteger || type == ColumnType::kDecimal; }
bool IsTemporal(ColumnType type) { return type == ColumnType::kDate || type == ColumnType::kDateTime; }

Status CheckRange(const model::FieldDef& field) {
  const auto& rules = field.rules;
  if (!rules.min && !rules.max) return Status::Ok();
  if (!IsNumeric(field.type)) {
    return Invalid(field, "min/max",
                   "min/max apply to integer and decimal fields, not " + std::string(ColumnTypeName(field.type)) +
                       " (for text lengths use a pattern such as .{2,50})");
  }
  if ((rules.min && !std::isfinite(*rules.min)) || (rules.max && !std::isfinite(*rules.max))) {
    return Invalid(field, "min/max", "min and max must be finite numbers");
  }
  if (rules.min && rules.max && *rules.min > *rules.max) {
    return Invalid(field, "min/max", "min is greater than max");
  }
  return Status::Ok();
}

Status CheckEnum(const model::FieldDef& field) {
  for (const auto& allowed : field.rules.allowed) {
    if (allowed.empty()) return Invalid(field, kRuleEnum, "an allowed value is empty");
    if (!internal::ReadAs(field.type, Value(allowed)).valid) {
      return Invalid(field, kRuleEnum,
                     "allowed value '" + allowed + "' is not a " + std::string(ColumnTypeName(field.type)));
    }
  }
  return Status::Ok();
}

Status CheckFormat(const model::FieldDef& field) {
  const auto& format = field.rules.format;
  if (format.empty()) return Status::Ok();
  if (!model::IsKnownValueFormat(format)) {
    return Invalid(field, kRuleFormat,
                   "unknown format '" + format + "' (citizen_id, uscc, mobile, bank_card or email)");
  }
  if (field.type != ColumnType::kText && field.type != ColumnType::kInteger) {
    return Invalid(field, kRuleFormat, "formats apply to text and integer fields");
  }
  return Status::Ok();
}

Status CheckDateRules(const model::FieldDef& field, const std::vector<model::FieldDef>& fields) {
  if (field.rules.not_future && !IsTemporal(field.type)) {
    return Invalid(field, kRuleNotFuture, "applies to date and datetime fields only");
  }
  const auto& other_name = field.rules.not_before;
  if (other_name.empty()) return Status::Ok();
  if (!IsTemporal(field.type)) return Invalid(field, "not_before", "applies to date and datetime fields only");
  if (other_name == field.name) return Invalid(field, "not_before", "names the field itself");
  for (const auto& other : fields) {
    if (other.name != other_name) continue;
    if (!IsTemporal(other.type)) {
      return Invalid(field, "not_before", "field '" + other_name + "' is not a date or datetime field");
    }
    return Status::Ok();
  }
  return Invalid(field, "not_before", "no field named '" + other_name + "'");
}

Status CheckReference(const model::FieldDef& field) {
  const auto& reference = field.rules.references;
  if (reference.empty()) return Status::Ok();
  const size_t dot = reference.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == reference.size()) {
    return Invalid(field, "references", "'" + reference + "' is not 'dataset_id.field'");
  }
  return Status::Ok();
}

}  // namespace

Status ValidatePattern(std::string_view pattern) { return internal::WholeValueMatcher::Compile(pattern).status(); }

Status ValidateFieldRules(const std::vector<model::FieldDef>& fields) {
  for (const auto& field : fields) {
    if (field.rules.empty()) continue;
    YG_RETURN_IF_ERROR(CheckRange(field));
    YG_RETURN_IF_ERROR(CheckEnum(field));
    if (!field.rules.pattern.empty()) {
      Status pattern = ValidatePattern(field.rules.pattern);
      if (!pattern.ok()) return Invalid(field, kRulePattern, pattern.message());
    }
    YG_RETURN_IF_ERROR(CheckFormat(field));
    YG_RETURN_IF_ERROR(CheckDateRules(field, fields));
    YG_RETURN_IF_ERROR(CheckReference(field));
  }
  return Status::Ok();
}

Status ValidateRules(const model::DatasetMeta& meta) { return ValidateFieldRules(meta.fields); }

}  // namespace yungu::quality

// Whether a declared mask fits its field.
#include <cmath>

#include "privacy/mask_methods.h"
#include "yungu/privacy/masking.h"

namespace yungu::privacy {
namespace {

using model::MaskMethod;

Status Invalid(const model::FieldDef& field, const std::string& problem) {
  return InvalidArgument("privacy.invalid_mask", "field '" + field.name + "': " + problem);
}

std::string TypeWord(ColumnType type) { return std::string(ColumnTypeName(type)); }

Status ValidateHierarchy(const model::FieldDef& field, int level) {
  if (level < 1) return Invalid(field, "a hierarchy mask needs a level of at least 1");
  if (field.hierarchy.empty()) return Invalid(field, "the field has no hierarchy for a hierarchy mask");
  for (const auto& row : field.hierarchy) {
    if (row.size() <= static_cast<size_t>(level)) {
      return Invalid(field, "the hierarchy row of '" + (row.empty() ? std::string() : row.front()) +
                                "' has no level " + std::to_string(level));
    }
  }
  std::string conflict;
  if (!internal::BuildAncestorMap(field.hierarchy, level, conflict)) {
    return Invalid(field, "the hierarchy lists '" + conflict + "' twice with different ancestors");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateMask(const model::FieldDef& field, const model::MaskSpec& mask) {
  const ColumnType type = field.type;
  switch (mask.method) {
    case MaskMethod::kNone:
    case MaskMethod::kNullify:
      return Status::Ok();
    case MaskMethod::kKeep:
      if (mask.keep_first < 0 || mask.keep_last < 0) {
        return Invalid(field, "keep needs non-negative first and last counts");
      }
      if (static_cast<int64_t>(mask.keep_first) + mask.keep_last < 1) {
        return Invalid(field, "keep needs first + last of at least 1 (use nullify to hide everything)");
      }
      if (type == ColumnType::kBoolean) return Invalid(field, "keep on a boolean field would show the value");
      return Status::Ok();
    case MaskMethod::kCitizenId:
    case MaskMethod::kMobile:
      if (type != ColumnType::kText && type != ColumnType::kInteger) {
        return Invalid(field, std::string(model::MaskMethodName(mask.method)) +
                                  " masks need a text or integer field, not " + TypeWord(type));
      }
      return Status::Ok();
    case MaskMethod::kPseudonym:
      if (type == ColumnType::kBoolean) {
        return Invalid(field, "pseudonyms of a boolean field would still show its two values");
      }
      if (mask.domain.find('\0') != std::string::npos) {
        return Invalid(field, "a pseudonym domain must not contain a 0 byte");
      }
      return Status::Ok();
    case MaskMethod::kTruncateDate:
      if (type != ColumnType::kDate && type != ColumnType::kDateTime && type != ColumnType::kText) {
        return Invalid(field, "date masks need a date, datetime or text field, not " + TypeWord(type));
      }
      if (mask.date_unit != "year" && mask.date_unit != "month") {
        return Invalid(field, "the date unit must be year or month, not '" + mask.date_unit + "'");
      }
      return Status::Ok();
    case MaskMethod::kBucket:
      if (type != ColumnType::kInteger && type != ColumnType::kDecimal) {
        return Invalid(field, "bucket masks need an integer or decimal field, not " + TypeWord(type));
      }
      if (!std::isfinite(mask.bucket_width) || mask.bucket_width <= 0) {
        return Invalid(field, "the bucket width must be a positive number");
      }
      return Status::Ok();
    case MaskMethod::kHierarchy:
      return ValidateHierarchy(field, mask.level);
  }
  return Invalid(field, "unknown masking method");
}

Status ValidateMasks(const model::DatasetMeta& dataset) {
  for (const auto& field : dataset.fields) {
    if (field.masks.public_audience) {
      YG_RETURN_IF_ERROR(ValidateMask(field, *field.masks.public_audience).WithContext("public mask"));
    }
    if (field.masks.government) {
      YG_RETURN_IF_ERROR(ValidateMask(field, *field.masks.government).WithContext("government mask"));
    }
  }
  return Status::Ok();
}

}  // namespace yungu::privacy

// Masker: per-column preparation once, then masking row after row.
#include "privacy/mask_methods.h"
#include "yungu/privacy/masking.h"

namespace yungu::privacy {
namespace {

using internal::PreparedColumn;
using model::MaskMethod;

// A per-thread buffer for masked text, so that Apply can write the result
// into the cell's own string (reusing its capacity) without allocating.
std::string& Scratch() {
  thread_local std::string scratch;
  return scratch;
}
// One hostile cell must not pin a large buffer to a thread for good.
constexpr size_t kScratchKeep = 1 << 16;

enum class Outcome { kText, kNull };

// Masks a non-null value of a masked column into `out`.
Outcome MaskToText(const PreparedColumn& column, const Value& value, std::string& out) {
  internal::TextBuffer buffer;
  switch (column.method) {
    case MaskMethod::kKeep:
      internal::KeepInto(internal::CanonicalText(value, buffer), column.keep_first, column.keep_last, out);
      return Outcome::kText;
    case MaskMethod::kCitizenId:
      internal::CitizenIdInto(internal::CanonicalText(value, buffer), out);
      return Outcome::kText;
    case MaskMethod::kMobile:
      internal::MobileInto(internal::CanonicalText(value, buffer), out);
      return Outcome::kText;
    case MaskMethod::kPseudonym:
      column.pseudonymiser->PseudonymInto(internal::CanonicalText(value, buffer), out);
      return Outcome::kText;
    case MaskMethod::kTruncateDate: {
      // Dates only: an integer such as 19900517 is not read as one.
      const bool date_like = std::holds_alternative<Date>(value) || std::holds_alternative<DateTime>(value) ||
                             std::holds_alternative<std::string>(value);
      if (!date_like) return Outcome::kNull;
      return internal::TruncateDateInto(internal::CanonicalText(value, buffer), column.to_month, out)
                 ? Outcome::kText
                 : Outcome::kNull;
    }
    case MaskMethod::kBucket:
      return internal::BucketInto(value, column.bucket, out) ? Outcome::kText : Outcome::kNull;
    case MaskMethod::kHierarchy: {
      auto it = column.ancestors.find(internal::CanonicalText(value, buffer));
      out.assign(it == column.ancestors.end() ? internal::kHierarchyTop : std::string_view(it->second));
      return Outcome::kText;
    }
    case MaskMethod::kNullify:
    case MaskMethod::kNone:  // never prepared as masked; null is the safe answer
      return Outcome::kNull;
  }
  return Outcome::kNull;
}

Status PrepareColumn(const model::FieldDef& field, const model::MaskSpec& spec, const KeyRing* keys,
                     PreparedColumn& column) {
  YG_RETURN_IF_ERROR(ValidateMask(field, spec));
  column.method = spec.method;
  column.output_type = ColumnType::kText;
  switch (spec.method) {
    case MaskMethod::kKeep:
      column.keep_first = spec.keep_first;
      column.keep_last = spec.keep_last;
      break;
    case MaskMethod::kPseudonym: {
      if (keys == nullptr) {
        return FailedPrecondition("privacy.no_key_ring",
                                  "field '" + field.name + "' is pseudonymised but no key ring is available");
      }
      YG_ASSIGN_OR_RETURN(column.pseudonymiser, keys->ForDomain(spec.domain));
      break;
    }
    case MaskMethod::kNullify:
      column.output_type = field.type;
      break;
    case MaskMethod::kTruncateDate:
      column.to_month = spec.date_unit == "month";
      break;
    case MaskMethod::kBucket:
      column.bucket = internal::MakeBucketRule(spec.bucket_width, field.type == ColumnType::kInteger);
      break;
    case MaskMethod::kHierarchy: {
      std::string conflict;
      auto ancestors = internal::BuildAncestorMap(field.hierarchy, spec.level, conflict);
      if (!ancestors) return Internal("privacy.invalid_mask", "hierarchy changed during validation");
      column.ancestors = std::move(*ancestors);
      break;
    }
    case MaskMethod::kCitizenId:
    case MaskMethod::kMobile:
    case MaskMethod::kNone:
      break;
  }
  return Status::Ok();
}

}  // namespace

Masker::Masker(Masker&&) noexcept = default;
Masker& Masker::operator=(Masker&&) noexcept = default;
Masker::~Masker() = default;

Result<Masker> Masker::Create(const std::vector<MaskColumn>& columns, const KeyRing* keys) {
  Masker masker;
  masker.columns_.resize(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const MaskColumn& column = columns[i];
    PreparedColumn& prepared = masker.columns_[i];
    prepared.output_type = column.field != nullptr ? column.field->type : ColumnType::kText;
    if (!column.mask || column.mask->method == MaskMethod::kNone) continue;
    if (column.field == nullptr) {
      return InvalidArgument("privacy.invalid_mask",
                             "output column " + std::to_string(i) + " has a mask but no field");
    }
    YG_RETURN_IF_ERROR(PrepareColumn(*column.field, *column.mask, keys, prepared));
    masker.masked_.push_back(i);
  }
  return masker;
}

void Masker::Apply(Row& row) const {
  std::string& scratch = Scratch();
  for (size_t i : masked_) {  // ascending
    if (i >= row.size()) break;
    Value& cell = row[i];
    if (IsNull(cell)) continue;
    if (MaskToText(columns_[i], cell, scratch) == Outcome::kNull) {
      cell = std::monostate{};
    } else if (auto* text = std::get_if<std::string>(&cell)) {
      text->assign(scratch);
    } else {
      cell.emplace<std::string>(scratch);
    }
  }
  if (scratch.capacity() > kScratchKeep) std::string().swap(scratch);
}

Value Masker::Mask(size_t col, const Value& value) const {
  if (col >= columns_.size() || columns_[col].method == MaskMethod::kNone || IsNull(value)) return value;
  std::string out;
  if (MaskToText(columns_[col], value, out) == Outcome::kNull) return std::monostate{};
  return out;
}

ColumnType Masker::OutputType(size_t col) const {
  return col < columns_.size() ? columns_[col].output_type : ColumnType::kText;
}

size_t Masker::column_count() const { return columns_.size(); }

}  // namespace yungu::privacy

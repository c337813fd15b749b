// What a data officer declares about one field beyond its type: quality rules
// (质量规则), masking per audience (脱敏), and the field's part in
// de-identification (quasi-identifiers and their generalisation hierarchy)
// and in 一数一源 (which data element it carries, which entity it keys).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yungu::model {

// Identifier formats a rule can demand and discovery can find.
// Names: citizen_id, uscc, mobile, bank_card, email.
bool IsKnownValueFormat(std::string_view format);

struct QualityRules {
  bool unique = false;
  std::optional<double> min;  // numeric range, inclusive
  std::optional<double> max;
  std::vector<std::string> allowed;  // enumeration; empty: any value
  std::string pattern;               // regular expression the whole value must match
  std::string format;                // citizen_id | uscc | mobile | bank_card | email
  bool not_future = false;           // a date or date-time not after today (UTC+8)
  std::string not_before;            // another date field of the same row: this >= that
  std::string references;            // "dataset_id.field": the value must be a key there

  bool empty() const {
    return !unique && !min && !max && allowed.empty() && pattern.empty() && format.empty() &&
           !not_future && not_before.empty() && references.empty();
  }
};

enum class MaskMethod {
  kNone,          // shown as stored
  kKeep,          // keep the first N and/or last N characters, the rest become '*'
  kCitizenId,     // keep region (6) and birth year (4): 4206021990********
  kMobile,        // 138****1234
  kPseudonym,     // keyed HMAC-SHA-256, stable within a domain, so joins still work
  kNullify,       // null
  kTruncateDate,  // date to its year or month: 1990-05-17 -> 1990 / 1990-05
  kBucket,        // number to a range: 37 -> "30-39"
  kHierarchy,     // generalise by the field's hierarchy, to a level (1 = first parent)
};
std::string_view MaskMethodName(MaskMethod method);  // "none", "keep", "citizen_id", ...
std::optional<MaskMethod> ParseMaskMethod(std::string_view name);

struct MaskSpec {
  MaskMethod method = MaskMethod::kNone;
  int keep_first = 0;            // kKeep
  int keep_last = 0;             // kKeep
  std::string date_unit = "year";  // kTruncateDate: year | month
  double bucket_width = 10;      // kBucket: [k*width, (k+1)*width)
  int level = 1;                 // kHierarchy: column of the hierarchy to show
  std::string domain;            // kPseudonym: values of one domain map alike (default: "default")

  bool operator==(const MaskSpec&) const = default;
};

// The masks a field gets per audience. An audience without a mask sees the
// field as stored (if its sensitivity lets it see the field at all); a mask
// also makes a field above the audience's sensitivity limit visible, masked.
struct FieldMasks {
  std::optional<MaskSpec> public_audience;  // the public, under 开放
  std::optional<MaskSpec> government;       // other departments, under 共享
  bool empty() const { return !public_audience && !government; }
};

}  // namespace yungu::model

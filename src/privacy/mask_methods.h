// The masking methods as plain functions over text, and the per-column
// state the Masker prepares for them. Each *Into function replaces `out`
// (reusing its capacity) and never copies input it is not meant to show.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "yungu/core/value.h"
#include "yungu/model/field_policy.h"
#include "yungu/privacy/key_ring.h"

namespace yungu::privacy::internal {

// Room for the canonical text of any non-text value (an int64 needs 20
// characters, a shortest-form double at most 24).
struct TextBuffer {
  char data[32];
};

// The value's canonical text (as yungu::ValueToText writes it), viewing the
// value itself or `buffer`: no allocation.
std::string_view CanonicalText(const Value& value, TextBuffer& buffer);

// Number of UTF-8 characters; each byte of an invalid sequence counts as one.
size_t CountCharacters(std::string_view text);

void KeepInto(std::string_view text, int keep_first, int keep_last, std::string& out);
void StarsInto(std::string_view text, std::string& out);  // one '*' per character
void CitizenIdInto(std::string_view text, std::string& out);
void MobileInto(std::string_view text, std::string& out);

// Year ("1990") or year and month ("1990-05"); false when `text` is not a
// date this module reads (see masking.h).
bool TruncateDateInto(std::string_view text, bool to_month, std::string& out);

struct BucketRule {
  double width = 10;
  // Integer field and integral width: "30-39"; otherwise "[30, 40)".
  bool closed_form = false;
  int64_t integral_width = 0;  // the width, when closed_form
  int decimals = 0;            // digits after the point that show the width exactly (-1: none do)
  double scale = 1;            // 10^decimals
};
BucketRule MakeBucketRule(double width, bool integer_field);
// False when `value` is not a finite number (nor a text holding one).
bool BucketInto(const Value& value, const BucketRule& rule, std::string& out);

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// Value -> the ancestor a hierarchy mask shows for it.
using AncestorMap = std::unordered_map<std::string, std::string, TextHash, std::equal_to<>>;
inline constexpr std::string_view kHierarchyTop = "*";

// The ancestors at `level` (clamped to each row's last column). On a value
// listed twice with different ancestors, returns nullopt and sets
// `conflict` to that value.
std::optional<AncestorMap> BuildAncestorMap(const std::vector<std::vector<std::string>>& hierarchy, int level,
                                            std::string& conflict);

// A column's mask, ready to apply.
struct PreparedColumn {
  model::MaskMethod method = model::MaskMethod::kNone;
  ColumnType output_type = ColumnType::kText;
  int keep_first = 0;
  int keep_last = 0;
  bool to_month = false;
  BucketRule bucket;
  AncestorMap ancestors;
  std::optional<Pseudonymiser> pseudonymiser;
};

}  // namespace yungu::privacy::internal

// Checks of the quality rules a data officer declares on a dataset's fields
// (model::QualityRules), run when metadata is saved so that a rule that
// cannot be evaluated is refused then, not discovered at ingest.
#pragma once

#include <string_view>
#include <vector>

#include "yungu/core/status.h"
#include "yungu/model/catalog.h"

namespace yungu::quality {

// A pattern rule is a regular expression the whole value must match: it is
// compiled by vectorscan as \A(?:pattern)\z in UTF-8 mode, so '.' and
// character classes work on characters, not bytes. Accepted: PCRE syntax as
// vectorscan supports it — classes, alternation, groups, counted repeats
// (up to vectorscan's bound), \d \w \s \b (ASCII meanings), Unicode
// properties (\p{Han}), code points (\x{4e00}), inline (?i) (?s) (?m) (?x).
// Refused: back-references, lookahead and lookbehind, atomic groups,
// possessive quantifiers, recursion, conditionals, \C \X \R \G; also empty
// patterns, patterns over 4096 bytes, NUL bytes and invalid UTF-8.
// Errors: InvalidArgument "quality.invalid_rule" with vectorscan's reason.
// Thread-safe.
Status ValidatePattern(std::string_view pattern);

// Every field's rules, against the field's declared type:
//  min/max        integer and decimal fields only; min <= max. (Text
//                 lengths are a pattern's job: ".{2,50}".)
//  enum           each value reads as the field's type ("12" for integer,
//                 "2024-01-31" for date); no empty values.
//  pattern        ValidatePattern.
//  format         citizen_id, uscc, mobile, bank_card or email; on text and
//                 integer fields.
//  not_future     date and datetime fields.
//  not_before     this field is a date or datetime, and names another date
//                 or datetime field of the dataset.
//  references     "dataset_id.field" with both parts non-empty.
// Errors: InvalidArgument "quality.invalid_rule", the message naming the
// field and the rule ("field 'age' rule 'range': ..."). The first problem
// found is returned. Thread-safe.
Status ValidateRules(const model::DatasetMeta& meta);
Status ValidateFieldRules(const std::vector<model::FieldDef>& fields);

}  // namespace yungu::quality

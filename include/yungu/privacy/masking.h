// Masking (脱敏) of query output: each column's declared MaskSpec applied to
// every value on its way out, in exports of millions of rows as well as in
// single answers.
//
// What each method shows (null stays null for every method):
//   keep        the first N and last N characters (UTF-8 code points), one
//               '*' per other character. When first+last would leave
//               nothing masked, both shrink (first before last) until at
//               least half the characters are masked: "张三" with 1/1 is
//               "张*". Bytes that are not valid UTF-8 count as one
//               character each. Non-text values are masked on their text
//               form. An empty text stays empty.
//   citizen_id  an 18-character number shaped like GB 11643 (valid region
//               and birth date; a wrong check character is tolerated, a typo
//               there reveals nothing more) shows region and birth year:
//               "4206021990********". A 15-digit legacy number (always born
//               19yy) is shown in the same 18-character form,
//               region + "19" + yy + 8 '*', so one column has one shape.
//               Spaces and full-width digits (４２０…) are read as typed
//               data has them. Anything else: one '*' per character.
//   mobile      11 digits starting with 1[3-9], after dropping spaces,
//               hyphens and a +86 / 0086 / 86 prefix (full-width digits
//               read too): "138****5678". Anything else: one '*' per
//               character.
//   pseudonym   "P<version>-<26 base32 chars>" (see key_ring.h).
//   nullify     null.
//   date        the year ("1990") or year and month ("1990-05") of a Date,
//               a DateTime or a text in one of the forms 1990-05-17,
//               1990/5/17, 1990.05.17, 19900517, 1990年5月17日 (any time
//               after the date is ignored; the day may be missing).
//               Anything unparseable: null.
//   bucket      the range of width w holding the number: [k*w, (k+1)*w)
//               with k = floor(x / w), so -1 falls in -10..-1. An integer
//               column with an integral width shows "30-39" (or "-10--1");
//               otherwise (decimal columns, fractional widths or values)
//               the half-open form "[30.5, 31.0)", bounds written with as
//               many decimals as the width has, so one decimal column never
//               mixes the two forms. Numbers held as text are parsed;
//               anything else (and NaN, infinities): null.
//   hierarchy   the value's ancestor at the mask's level in the field's
//               hierarchy (clamped to the row's top); a value missing from
//               the hierarchy becomes "*".
// Apart from `none`, no method returns the raw value unless it is what the
// method shows by definition (an empty text under keep, say).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/status.h"
#include "yungu/core/value.h"
#include "yungu/model/catalog.h"
#include "yungu/model/field_policy.h"
#include "yungu/privacy/key_ring.h"

namespace yungu::privacy {

namespace internal {
struct PreparedColumn;  // a column's mask, ready to apply (src/privacy/mask_methods.h)
}  // namespace internal

// Whether `mask` can be applied to `field`. Errors: InvalidArgument
// "privacy.invalid_mask", with a message naming the field, when
//   - keep has first or last below 0, or first+last below 1, or the field
//     is boolean (one kept character would show the value);
//   - citizen_id or mobile is on a field that is not text or integer;
//   - pseudonym is on a boolean field (two pseudonyms still show the
//     value), or its domain contains a 0 byte;
//   - date is on a field that is not date, datetime or text, or its unit is
//     not year or month;
//   - bucket is on a field that is not integer or decimal, or its width is
//     not a positive finite number;
//   - hierarchy has a level below 1, the field has no hierarchy, a row has
//     no more than `level` columns, or a value is listed twice with
//     different ancestors at that level.
Status ValidateMask(const model::FieldDef& field, const model::MaskSpec& mask);

// ValidateMask over every field's public and government masks; the first
// error found (its message names the field and the audience).
Status ValidateMasks(const model::DatasetMeta& dataset);

// One output column: its field (not owned; read only during Masker::Create)
// and the mask to apply, if any.
struct MaskColumn {
  const model::FieldDef* field = nullptr;
  std::optional<model::MaskSpec> mask;
};

// Masks the rows of one query's output. Everything a column needs is
// prepared once in Create (the hierarchy as a map from value to the shown
// ancestor, the pseudonymiser's keyed state), so masking a value allocates
// at most its output text. Immutable after Create: Mask and Apply may be
// called from several threads.
class Masker {
 public:
  // Prepares the masks of `columns`. `keys` is needed only when a column
  // uses a pseudonym mask; it is used during Create only (pseudonyms use
  // the version current at that moment, so one export uses one key).
  // Errors: InvalidArgument "privacy.invalid_mask" (see ValidateMask, also
  // when a masked column has no field); FailedPrecondition
  // "privacy.no_key_ring" when a pseudonym mask has no key ring.
  static Result<Masker> Create(const std::vector<MaskColumn>& columns, const KeyRing* keys);

  // False when no column is masked: callers then skip Apply entirely.
  bool active() const { return !masked_.empty(); }
  size_t column_count() const;

  // Masks the masked columns of `row` in place. A row shorter than the
  // column list is masked as far as it goes; extra cells are left alone.
  void Apply(Row& row) const;
  // The masked form of `value` in column `col` (returned as is when the
  // column is unmasked or out of range).
  Value Mask(size_t col, const Value& value) const;
  // The column's type after masking: text for keep, citizen_id, mobile,
  // pseudonym, date, bucket and hierarchy; the field's own type otherwise
  // (text for a column without a field).
  ColumnType OutputType(size_t col) const;

  Masker(Masker&&) noexcept;
  Masker& operator=(Masker&&) noexcept;
  ~Masker();

 private:
  Masker() = default;
  std::vector<internal::PreparedColumn> columns_;
  std::vector<size_t> masked_;  // indexes of the columns with a mask
};

}  // namespace yungu::privacy

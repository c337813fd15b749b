// Reading a stored value as its field's declared type. A stored version can
// hold other shapes than declared: after type widening an integer column
// may hold text, and a decimal column integers. A value is valid for its
// type when it is of that type or is text that reads as it ("42" in an
// integer column); the rules that compare typed values use what it read as.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "quality/civil_time.h"
#include "yungu/core/value.h"

namespace yungu::quality::internal {

struct TypedValue {
  bool valid = false;
  int64_t integer = 0;  // integer
  double number = 0;    // integer and decimal
  bool boolean = false;
  Moment moment;        // date and datetime
};

// Accepted per type:
//  integer:  int64; a decimal with no fraction (3.0); text [+-]digits.
//  decimal:  int64 or finite double; text [+-]digits[.digits][e[+-]digits].
//  boolean:  bool; integer 0/1; text true/false/yes/no/1/0/是/否 (ASCII
//            letters in any case).
//  date:     a Date, or text, in a form ParseMoment reads without a time.
//  datetime: a Date or DateTime, or text ParseMoment reads.
//  text:     anything.
// Surrounding spaces and tabs of text are ignored.
TypedValue ReadAs(ColumnType type, const Value& value);

// The reason word of a type failure: "not_integer", "not_decimal", ...
std::string_view TypeFailureReason(ColumnType type);

// One text per distinct typed value, so that an enumeration's "01" and a
// stored 1 compare equal in an integer field: integers in decimal, decimals
// in shortest form, booleans as true/false, dates YYYY-MM-DD, datetimes in
// China time with offset, text as is. `typed` must be valid.
std::string CanonicalText(ColumnType type, const TypedValue& typed, std::string_view text);

}  // namespace yungu::quality::internal

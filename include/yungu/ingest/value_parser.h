// Text -> typed value: type inference for columns of imported files and
// parsing of one cell as a given column type. Hot path (once per cell of
// every imported row): no regex, no locale, no allocation except for the
// returned text/date strings.
#pragma once

#include <string_view>

#include "yungu/core/result.h"
#include "yungu/core/value.h"

namespace yungu::ingest {

// The narrowest type of one value. Leading/trailing ASCII spaces and tabs are
// ignored; callers skip blank values (IsBlank) since they carry no type.
//  integer:  [+-]digits, no leading zero except "0" itself, fits int64. "007",
//            and 20-digit IDs that overflow int64, stay text.
//  decimal:  [+-]int[.digits][e[+-]digits] with a fraction or an exponent
//            ("3.14", "-0.5", "1e5"); no thousands separators, no ".5".
//  boolean:  true/false/yes/no/是/否, ASCII case-insensitive; never 0/1.
//  date:     YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD (month/day may be one digit),
//            YYYY年M月D日; a real calendar date. Not YYYYMMDD (an integer).
//  datetime: a date, then ' ' or 'T', then H:MM[:SS[.fraction]], then
//            optionally Z or ±HH:MM.
//  text:     anything else.
ColumnType InferType(std::string_view text);

// The narrowest type holding values of both: equal types stay, integer +
// decimal = decimal, date + datetime = datetime, any other mix = text.
ColumnType WidenType(ColumnType a, ColumnType b);

// True for "" and text made only of ASCII spaces/tabs.
bool IsBlank(std::string_view text);

// Parses text as `type`. Blank text is null (monostate) for every type except
// text, where only "" is null. Surrounding spaces/tabs are ignored for
// non-text types. Accepted beyond InferType, since the type was chosen for
// the column: leading zeros for integer ("007" -> 7), integers for decimal,
// 1/0 for boolean, a bare date for datetime (midnight).
// Dates come out as "YYYY-MM-DD"; datetimes as "YYYY-MM-DDTHH:MM:SS" plus the
// fraction and zone exactly when the input had them (".5", "Z", "+08:00").
// Failure: InvalidArgument "ingest.bad_value", e.g. "'abc' is not a valid
// integer".
Result<Value> ParseValue(ColumnType type, std::string_view text);

}  // namespace yungu::ingest

// Excel number cells as text: shortest numerals, and serial numbers shown
// through a date format turned into ISO dates.
#pragma once

#include <string>
#include <string_view>

namespace yungu::ingest::internal {

// Built-in number formats that display dates or times: 14-22 and 45-47 in
// every locale, plus 27-36 and 50-58, the CJK-locale date formats
// (e.g. 31 = yyyy"年"m"月"d"日" in zh-CN) that Chinese workbooks use without
// declaring them.
bool IsBuiltinDateFormat(int id);

// A custom format code is a date/time format when its first section has a
// d, m, y or h token outside quoted text, escapes and [..] brackets. Elapsed
// time formats ([h]:mm) are durations, not dates.
bool IsDateFormatCode(std::string_view code);

// Excel serial -> "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" when there is a time
// part (rounded to the second). 1900 system: serial 1 = 1900-01-01, with
// Excel's phantom 1900-02-29 (serial 60) read as 1900-02-28; a serial below 1
// with a time part is a pure time, "HH:MM:SS". 1904 system: 0 = 1904-01-01.
// False for negative or out-of-range serials (the caller keeps the number).
bool ExcelSerialToIso(double serial, bool date1904, std::string& out);

// The shortest text for a numeric cell value: "100" for 100.0, "0.1" for
// 0.10000000000000001. Non-numeric input comes back unchanged.
std::string ShortestNumberText(std::string_view raw);

// Undoes Excel's _xHHHH_ escapes for control characters in strings.
void DecodeExcelEscapes(std::string& s);

}  // namespace yungu::ingest::internal

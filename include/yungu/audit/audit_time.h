// Times of the trace: microseconds since the Unix epoch inside, ISO 8601 UTC
// with six fraction digits in entries ("2026-11-29T08:00:00.000000Z"), which
// sort as text in time order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "yungu/core/result.h"

namespace yungu::audit {

int64_t SystemNowMicros();
std::string FormatTimeMicros(int64_t micros);
// Parses FormatTimeMicros' output back (exactly that form).
Result<int64_t> ParseTimeMicros(std::string_view text);

// A time bound given by a person or client: "2026-11-29", "2026-11-29T08:00",
// "2026-11-29T08:00:00", with optional fraction, and "Z" or "+08:00"-style
// offset. A date alone, or a time without offset, is China time (UTC+8).
Result<int64_t> ParseTimeBound(std::string_view text);

// The China-time (UTC+8, no daylight saving) date of a moment, YYYY-MM-DD.
std::string ChinaDay(int64_t micros);

}  // namespace yungu::audit

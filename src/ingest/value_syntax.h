// Lexical checks shared by type inference and value parsing, so both agree
// on what "an integer" or "a boolean" looks like.
#pragma once

#include <optional>
#include <string_view>

namespace yungu::ingest::internal {

// Strips ASCII spaces and tabs from both ends.
std::string_view TrimBlank(std::string_view s);

// [+-]digits. With strict_zeros, a leading zero is allowed only for "0"
// itself (so "007" is not an integer).
bool IsIntegerSyntax(std::string_view s, bool strict_zeros);

// [+-]int[.digits][(e|E)[+-]digits]; with require_point_or_exp the plain
// integer form is rejected. Rejects "inf", "nan", hex, ".5", "5.".
bool IsDecimalSyntax(std::string_view s, bool strict_zeros, bool require_point_or_exp);

// true/false/yes/no/是/否, ASCII case-insensitive; with allow_digits also 1/0.
std::optional<bool> ParseBooleanWord(std::string_view s, bool allow_digits);

}  // namespace yungu::ingest::internal

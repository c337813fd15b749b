// Percent-decoding of request targets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace yungu::server {

// Decodes %XX (and '+' as space when `plus_is_space`); nullopt for a bad escape
// or when the decoded text is not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Splits "a=1&b=%E4%B8%AD" into decoded pairs; nullopt for a bad escape.
std::optional<std::map<std::string, std::string>> ParseQueryString(std::string_view text);

}  // namespace yungu::server

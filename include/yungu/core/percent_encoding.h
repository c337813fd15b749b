// %-encoding for URLs the hub writes (links in documents, queries it sends).
#pragma once

#include <string>
#include <string_view>

namespace yungu {

// Every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~)
// becomes %XX, so the result is safe in a path segment or a query value.
std::string PercentEncode(std::string_view text);

}  // namespace yungu

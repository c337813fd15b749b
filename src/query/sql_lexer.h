// Tokens of the SQL SELECT subset that datastore_search_sql accepts (see
// yungu/query/sql_select.h). Private to the query module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::query::sql {

enum class TokenKind {
  kWord,        // bare identifier or keyword, as written
  kQuotedName,  // "double quoted" identifier, unescaped
  kString,      // 'single quoted' literal, unescaped
  kNumber,      // unsigned numeric literal, as written
  kSymbol,      // punctuation or an operator: , ( ) . * ; = <> != < <= > >= + - ...
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  size_t offset = 0;  // byte offset in the statement
};

// Both errors are InvalidArgument: "sql.syntax" or "sql.unsupported"
// (comments, prefixed strings such as E'...').
Result<std::vector<Token>> Tokenize(std::string_view sql);

// ASCII case-insensitive comparison with an upper-case keyword.
bool IsKeyword(const Token& token, std::string_view upper_keyword);

// Errors carry the byte offset first, so clients can point at it.
Status SyntaxError(size_t offset, const std::string& message);
Status UnsupportedError(size_t offset, const std::string& message);

}  // namespace yungu::query::sql

// Splits text into search tokens for Chinese and English full-text search.
//
// Chinese has no spaces, and two-character words (交通, 医疗, 信用) are the
// most common, so CJK runs are indexed as overlapping bigrams (the approach
// of Lucene's CJK analyzer). In documents the last character of every run is
// also emitted alone, so every character starts some token and a
// one-character query can be answered with a prefix match. Latin letters and
// digits form words, lowercased; full-width forms are folded to ASCII.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yungu::text {

enum class TokenMode { kDocument, kQuery };

struct SearchToken {
  std::string text;  // normalised token
  int start = 0;     // byte offsets of the source span
  int end = 0;
  bool cjk_single = false;  // a lone CJK character (query side: use a prefix match)
  bool cjk = false;         // a CJK bigram or single character
};

class SearchTokenizer {
 public:
  SearchTokenizer(std::string_view text, TokenMode mode) : text_(text), mode_(mode) {}
  // Produces the next token; false at the end.
  bool Next(SearchToken& token);

 private:
  bool NextCjk(SearchToken& token);

  std::string_view text_;
  TokenMode mode_;
  size_t pos_ = 0;
  // Inside a CJK run: byte offsets of the current and next characters.
  bool in_run_ = false;
  size_t run_char_ = 0;
  int run_len_ = 0;
};

// True for code points indexed as CJK characters.
bool IsCjk(char32_t cp);

// Builds an FTS5 MATCH expression from free user text. Every token is quoted
// (no user text is ever FTS syntax) and all are AND-ed. A CJK run longer than
// two characters contributes its non-overlapping bigrams (企业信用 -> 企业 AND
// 信用), since the bigram spanning two words (业信) rarely occurs in the
// text; a lone CJK character becomes a prefix query.
// Returns an empty string when the text has no searchable token.
std::string BuildFtsQuery(std::string_view user_text);

// The same query as a PostgreSQL tsquery: quoted lexemes AND-ed with '&', a
// lone CJK character as a prefix (':*'). Empty when nothing is searchable.
std::string BuildTsQuery(std::string_view user_text);

// The tokens BuildFtsQuery AND-s together (for backends that match them
// another way, e.g. by substring before an index exists).
std::vector<SearchToken> SearchTerms(std::string_view user_text);

}  // namespace yungu::text

#include "yungu/core/search_tokens.h"

#include "yungu/core/json_text.h"

#include <vector>

namespace yungu::text {
namespace {

// Decodes one code point; invalid UTF-8 decodes as U+FFFD, which is neither
// a word nor a CJK character, so broken bytes separate tokens.
char32_t Decode(std::string_view s, size_t pos, size_t& len) {
  char32_t cp = 0;
  len = DecodeUtf8(s, pos, cp);
  return cp == kBadUtf8 ? 0xFFFD : cp;
}

// Folds full-width ASCII variants (U+FF01..U+FF5E) to ASCII.
char32_t FoldWidth(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  return cp;
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  // Latin-1 and Latin Extended letters, Greek, Cyrillic: part of words.
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x4FF);
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

bool IsCjk(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

bool SearchTokenizer::NextCjk(SearchToken& token) {
  // run_char_ is the byte offset of the current character of the run.
  size_t len1 = 0;
  char32_t c1 = Decode(text_, run_char_, len1);
  (void)c1;
  size_t next = run_char_ + len1;
  size_t len2 = 0;
  bool has_next = next < text_.size() && IsCjk(Decode(text_, next, len2));
  token.text.clear();
  token.cjk_single = false;
  token.cjk = true;
  if (has_next) {
    token.text.assign(text_.substr(run_char_, len1 + len2));
    token.start = static_cast<int>(run_char_);
    token.end = static_cast<int>(next + len2);
    run_char_ = next;
    ++run_len_;
    return true;
  }
  // Last character of the run.
  in_run_ = false;
  pos_ = next;
  if (mode_ == TokenMode::kQuery && run_len_ > 0) return Next(token);
  token.text.assign(text_.substr(run_char_, len1));
  token.start = static_cast<int>(run_char_);
  token.end = static_cast<int>(next);
  token.cjk_single = true;
  return true;
}

bool SearchTokenizer::Next(SearchToken& token) {
  if (in_run_) return NextCjk(token);
  while (pos_ < text_.size()) {
    size_t len = 0;
    char32_t cp = FoldWidth(Decode(text_, pos_, len));
    if (IsCjk(cp)) {
      in_run_ = true;
      run_char_ = pos_;
      run_len_ = 0;
      return NextCjk(token);
    }
    if (!IsWordChar(cp)) {
      pos_ += len;
      continue;
    }
    token.text.clear();
    token.cjk_single = false;
    token.cjk = false;
    token.start = static_cast<int>(pos_);
    while (pos_ < text_.size()) {
      cp = FoldWidth(Decode(text_, pos_, len));
      if (!IsWordChar(cp)) break;
      if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
      if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;  // Latin-1 capitals (Ü -> ü)
      AppendUtf8(token.text, cp);
      pos_ += len;
    }
    token.end = static_cast<int>(pos_);
    return true;
  }
  return false;
}

std::vector<SearchToken> SearchTerms(std::string_view user_text) {
  SearchTokenizer tokenizer(user_text, TokenMode::kQuery);
  std::vector<SearchToken> tokens;
  SearchToken token;
  while (tokenizer.Next(token)) tokens.push_back(token);
  std::vector<SearchToken> terms;
  for (size_t i = 0; i < tokens.size();) {
    if (!tokens[i].cjk || tokens[i].cjk_single) {
      terms.push_back(tokens[i++]);
      continue;
    }
    // A run of overlapping bigrams: consecutive tokens whose spans overlap.
    size_t end = i + 1;
    while (end < tokens.size() && tokens[end].cjk && !tokens[end].cjk_single &&
           tokens[end].start < tokens[end - 1].end) {
      ++end;
    }
    for (size_t k = i; k < end; k += 2) terms.push_back(tokens[k]);
    if ((end - i) % 2 == 0) terms.push_back(tokens[end - 1]);  // the last character pair
    i = end;
  }
  return terms;
}

std::string BuildFtsQuery(std::string_view user_text) {
  std::string query;
  for (const auto& t : SearchTerms(user_text)) {
    if (!query.empty()) query += " AND ";
    query += '"' + t.text + '"';  // tokens never contain '"'
    if (t.cjk_single) query += " *";
  }
  return query;
}

std::string BuildTsQuery(std::string_view user_text) {
  std::string query;
  for (const auto& t : SearchTerms(user_text)) {
    if (!query.empty()) query += " & ";
    query += '\'';
    for (char c : t.text) {
      if (c == '\'') query += "''";
      else if (c == '\\') query += "\\\\";
      else query += c;
    }
    query += '\'';
    if (t.cjk_single) query += ":*";
  }
  return query;
}

}  // namespace yungu::text

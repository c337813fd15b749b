#include "query/sql_lexer.h"

#include <cstdio>

namespace yungu::query::sql {
namespace {

// Length of the UTF-8 sequence at s[i] and its code point, or 0 when the
// bytes are not well-formed UTF-8 (truncated, overlong, surrogate).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Letters of the scripts field names are written in. Punctuation outside
// ASCII (curly quotes, full-width commas, ideographic spaces) is not a name
// character, so it cannot hide inside a bare identifier.
bool IsNameLetter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '_';
  return (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7) ||  // Latin
         (cp >= 0x0391 && cp <= 0x03C9) ||                                   // Greek
         (cp >= 0x0400 && cp <= 0x04FF) ||                                   // Cyrillic
         cp == 0x3005 || cp == 0x3007 ||                                     // 々 〇
         (cp >= 0x3041 && cp <= 0x30FA) ||                                   // kana
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK
         (cp >= 0xAC00 && cp <= 0xD7A3) ||                                   // Hangul
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string CodePointName(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> Run() {
    YG_RETURN_IF_ERROR(CheckEncoding());
    while (true) {
      while (pos_ < sql_.size() && IsSpace(sql_[pos_])) ++pos_;
      if (pos_ == sql_.size()) break;
      const char c = sql_[pos_];
      const char next = pos_ + 1 < sql_.size() ? sql_[pos_ + 1] : '\0';
      if ((c == '-' && next == '-') || (c == '/' && next == '*')) {
        return UnsupportedError(pos_, "comments are not supported");
      }
      if (c == '\'' || c == '"') {
        YG_RETURN_IF_ERROR(Quoted(c));
      } else if (IsDigit(c) || (c == '.' && IsDigit(next))) {
        YG_RETURN_IF_ERROR(Number());
      } else if (char32_t cp = 0; DecodeUtf8(sql_, pos_, cp) && IsNameLetter(cp)) {
        YG_RETURN_IF_ERROR(Word());
      } else {
        YG_RETURN_IF_ERROR(Symbol());
      }
    }
    tokens_.push_back({TokenKind::kEnd, "", sql_.size()});
    return std::move(tokens_);
  }

 private:
  // Everything later decodes UTF-8 freely, and the request built from the
  // statement must be valid JSON text.
  Status CheckEncoding() const {
    for (size_t i = 0; i < sql_.size();) {
      if (sql_[i] == '\0') return SyntaxError(i, "NUL byte in the statement");
      char32_t cp = 0;
      size_t len = DecodeUtf8(sql_, i, cp);
      if (len == 0) return SyntaxError(i, "the statement is not valid UTF-8");
      i += len;
    }
    return Status::Ok();
  }

  Status Word() {
    const size_t start = pos_;
    char32_t cp = 0;
    while (pos_ < sql_.size()) {
      size_t len = DecodeUtf8(sql_, pos_, cp);
      if (!IsNameLetter(cp) && !IsDigit(sql_[pos_])) break;
      pos_ += len;
    }
    if (pos_ < sql_.size() && sql_[pos_] == '\'') {
      return UnsupportedError(start, "prefixed string literals such as E'...' are not supported; write '...'");
    }
    tokens_.push_back({TokenKind::kWord, std::string(sql_.substr(start, pos_ - start)), start});
    return Status::Ok();
  }

  // 'string' or "name"; a doubled quote stands for one.
  Status Quoted(char quote) {
    const size_t start = pos_++;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) {
        return SyntaxError(start, quote == '\'' ? "unterminated string" : "unterminated quoted name");
      }
      if (sql_[pos_] == quote) {
        if (pos_ + 1 < sql_.size() && sql_[pos_ + 1] == quote) {
          text += quote;
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      text += sql_[pos_++];
    }
    if (quote == '"' && text.empty()) return SyntaxError(start, "empty quoted name");
    tokens_.push_back({quote == '\'' ? TokenKind::kString : TokenKind::kQuotedName, std::move(text), start});
    return Status::Ok();
  }

  // digits [. digits] [e [+-] digits], or . digits [...]
  Status Number() {
    const size_t start = pos_;
    while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
    if (pos_ < sql_.size() && sql_[pos_] == '.') {
      ++pos_;
      while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
    }
    if (pos_ < sql_.size() && (sql_[pos_] == 'e' || sql_[pos_] == 'E')) {
      size_t digits = pos_ + 1;
      if (digits < sql_.size() && (sql_[digits] == '+' || sql_[digits] == '-')) ++digits;
      if (digits < sql_.size() && IsDigit(sql_[digits])) {
        pos_ = digits;
        while (pos_ < sql_.size() && IsDigit(sql_[pos_])) ++pos_;
      }
    }
    // "1abc", "0x1F", "1.2.3", "1_000": not numbers this subset reads.
    char32_t cp = 0;
    if (pos_ < sql_.size() && (sql_[pos_] == '.' || (DecodeUtf8(sql_, pos_, cp) && IsNameLetter(cp)))) {
      return SyntaxError(start, "malformed number");
    }
    tokens_.push_back({TokenKind::kNumber, std::string(sql_.substr(start, pos_ - start)), start});
    return Status::Ok();
  }

  Status Symbol() {
    const size_t start = pos_;
    for (std::string_view two : {"<>", "<=", ">=", "!=", "::", "||"}) {
      if (sql_.substr(pos_, 2) == two) {
        tokens_.push_back({TokenKind::kSymbol, std::string(two), start});
        pos_ += 2;
        return Status::Ok();
      }
    }
    constexpr std::string_view kSymbols = ",().*;=<>+-/%^|&~!@#?:[]{}$`\\";
    const char c = sql_[pos_];
    if (kSymbols.find(c) == std::string_view::npos) {
      char32_t cp = 0;
      DecodeUtf8(sql_, pos_, cp);
      return SyntaxError(start, "unexpected character " + CodePointName(cp) +
                                    " (strings take ASCII '...' quotes; names with other characters, \"...\")");
    }
    tokens_.push_back({TokenKind::kSymbol, std::string(1, c), start});
    ++pos_;
    return Status::Ok();
  }

  std::string_view sql_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

bool IsKeyword(const Token& token, std::string_view upper_keyword) {
  if (token.kind != TokenKind::kWord || token.text.size() != upper_keyword.size()) return false;
  for (size_t i = 0; i < token.text.size(); ++i) {
    char c = token.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper_keyword[i]) return false;
  }
  return true;
}

Status SyntaxError(size_t offset, const std::string& message) {
  return InvalidArgument("sql.syntax", "at byte " + std::to_string(offset) + ": " + message);
}

Status UnsupportedError(size_t offset, const std::string& message) {
  return InvalidArgument("sql.unsupported", "at byte " + std::to_string(offset) + ": " + message);
}

}  // namespace yungu::query::sql

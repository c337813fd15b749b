#include "yungu/core/search_tokens.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace yungu::text {
namespace {

struct Tok {
  std::string text;
  int start;
  int end;
  bool cjk_single;
  bool cjk;
};

std::vector<Tok> Tokenize(std::string_view s, TokenMode mode) {
  SearchTokenizer tokenizer(s, mode);
  std::vector<Tok> out;
  SearchToken t;
  // A tokenizer that loops forever would be caught here: no input yields
  // more tokens than twice its bytes.
  const size_t cap = s.size() * 2 + 4;
  while (tokenizer.Next(t)) {
    out.push_back({t.text, t.start, t.end, t.cjk_single, t.cjk});
    if (out.size() > cap) {
      ADD_FAILURE() << "tokenizer produced too many tokens (loop?) for input of " << s.size() << " bytes";
      break;
    }
  }
  return out;
}

std::vector<std::string> Texts(std::string_view s, TokenMode mode) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(s, mode)) out.push_back(t.text);
  return out;
}

using Strings = std::vector<std::string>;

// ---- Chinese ----

TEST(SearchTokenizerTest, ChineseDocumentIsBigramsPlusTrailingSingle) {
  EXPECT_EQ(Texts("交通", TokenMode::kDocument), (Strings{"交通", "通"}));
  EXPECT_EQ(Texts("空气质量", TokenMode::kDocument), (Strings{"空气", "气质", "质量", "量"}));
  EXPECT_EQ(Texts("医", TokenMode::kDocument), (Strings{"医"}));
}

TEST(SearchTokenizerTest, ChineseQueryIsBigramsOnly) {
  EXPECT_EQ(Texts("交通", TokenMode::kQuery), (Strings{"交通"}));
  EXPECT_EQ(Texts("空气质量", TokenMode::kQuery), (Strings{"空气", "气质", "质量"}));
  // A lone character has no bigram: it is emitted by itself.
  EXPECT_EQ(Texts("医", TokenMode::kQuery), (Strings{"医"}));
}

TEST(SearchTokenizerTest, ChineseTokenFlagsAndOffsets) {
  auto doc = Tokenize("交通", TokenMode::kDocument);
  ASSERT_EQ(doc.size(), 2u);
  EXPECT_TRUE(doc[0].cjk);
  EXPECT_FALSE(doc[0].cjk_single);
  EXPECT_EQ(doc[0].start, 0);
  EXPECT_EQ(doc[0].end, 6);
  EXPECT_TRUE(doc[1].cjk);
  EXPECT_TRUE(doc[1].cjk_single);
  EXPECT_EQ(doc[1].start, 3);
  EXPECT_EQ(doc[1].end, 6);

  auto single = Tokenize("医", TokenMode::kQuery);
  ASSERT_EQ(single.size(), 1u);
  EXPECT_TRUE(single[0].cjk_single);
}

TEST(SearchTokenizerTest, EveryDocumentCharacterStartsAToken) {
  // n CJK characters give n-1 bigrams and one trailing single: n tokens, one
  // starting at each character.
  std::string run = "中华人民共和国";
  auto doc = Tokenize(run, TokenMode::kDocument);
  ASSERT_EQ(doc.size(), 7u);
  for (size_t i = 0; i < doc.size(); ++i) EXPECT_EQ(doc[i].start, static_cast<int>(i * 3));
  auto query = Tokenize(run, TokenMode::kQuery);
  EXPECT_EQ(query.size(), 6u);
}

TEST(SearchTokenizerTest, SeparateRunsAreTokenisedSeparately) {
  // No bigram spans the space or the punctuation between two runs.
  EXPECT_EQ(Texts("交通 医疗", TokenMode::kQuery), (Strings{"交通", "医疗"}));
  EXPECT_EQ(Texts("交通，医疗", TokenMode::kDocument), (Strings{"交通", "通", "医疗", "疗"}));
  EXPECT_EQ(Texts("交、医", TokenMode::kQuery), (Strings{"交", "医"}));
}

TEST(SearchTokenizerTest, CjkExtensionAndCompatibilityCharacters) {
  EXPECT_TRUE(IsCjk(U'中'));
  EXPECT_TRUE(IsCjk(0x3400));   // extension A
  EXPECT_TRUE(IsCjk(0x20000));  // extension B
  EXPECT_TRUE(IsCjk(0xF900));   // compatibility
  EXPECT_FALSE(IsCjk(U'a'));
  EXPECT_FALSE(IsCjk(0x3002));  // 。
  EXPECT_FALSE(IsCjk(0xFF0C));  // ，
  // Two extension-B characters (four bytes each) form one bigram.
  EXPECT_EQ(Texts("\xF0\xA0\x80\x80\xF0\xA0\x80\x81", TokenMode::kQuery),
            (Strings{"\xF0\xA0\x80\x80\xF0\xA0\x80\x81"}));
}

// ---- Latin ----

TEST(SearchTokenizerTest, EnglishWordsAreLowercased) {
  EXPECT_EQ(Texts("Daily Air QUALITY", TokenMode::kDocument), (Strings{"daily", "air", "quality"}));
  EXPECT_EQ(Texts("Daily Air QUALITY", TokenMode::kQuery), (Strings{"daily", "air", "quality"}));
  EXPECT_EQ(Texts("bus-lines_2024 v2.0", TokenMode::kQuery), (Strings{"bus", "lines", "2024", "v2", "0"}));
}

TEST(SearchTokenizerTest, LatinOffsets) {
  auto toks = Tokenize("  Hello,World", TokenMode::kDocument);
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].start, 2);
  EXPECT_EQ(toks[0].end, 7);
  EXPECT_EQ(toks[1].start, 8);
  EXPECT_EQ(toks[1].end, 13);
  EXPECT_FALSE(toks[0].cjk);
  EXPECT_FALSE(toks[0].cjk_single);
}

TEST(SearchTokenizerTest, FullWidthFormsAreFolded) {
  // ＧＤＰ２０２４ -> gdp2024; full-width punctuation separates words.
  EXPECT_EQ(Texts("ＧＤＰ２０２４", TokenMode::kQuery), (Strings{"gdp2024"}));
  EXPECT_EQ(Texts("ＡＢＣ，ｄｅｆ", TokenMode::kDocument), (Strings{"abc", "def"}));
  // Folded text equals the ASCII spelling, so both find the same documents.
  EXPECT_EQ(Texts("ＡｉＲ", TokenMode::kQuery), Texts("air", TokenMode::kQuery));
}

TEST(SearchTokenizerTest, MixedChineseAndLatin) {
  EXPECT_EQ(Texts("2024年GDP统计", TokenMode::kDocument), (Strings{"2024", "年", "gdp", "统计", "计"}));
  EXPECT_EQ(Texts("2024年GDP统计", TokenMode::kQuery), (Strings{"2024", "年", "gdp", "统计"}));
  EXPECT_EQ(Texts("襄阳市PM2.5监测", TokenMode::kQuery), (Strings{"襄阳", "阳市", "pm2", "5", "监测"}));
}

TEST(SearchTokenizerTest, LatinLettersWithDiacriticsAreWords) {
  EXPECT_EQ(Texts("Café Straße", TokenMode::kQuery), (Strings{"café", "straße"}));
}

TEST(SearchTokenizerTest, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(Texts("", TokenMode::kDocument).empty());
  EXPECT_TRUE(Texts("  !!! ，。；—— ***", TokenMode::kQuery).empty());
}

// ---- invalid UTF-8 ----

TEST(SearchTokenizerTest, InvalidUtf8IsSkipped) {
  EXPECT_EQ(Texts("\xFF\xFE交通\xC0\xAF abc", TokenMode::kQuery), (Strings{"交通", "abc"}));
  // A truncated multi-byte character at the end, and in the middle of a run.
  EXPECT_EQ(Texts("交通\xE5\x8C", TokenMode::kDocument), (Strings{"交通", "通"}));
  EXPECT_EQ(Texts("交\xE9\x80医疗", TokenMode::kQuery), (Strings{"交", "医疗"}));
  // Lone continuation bytes and a surrogate encoding.
  EXPECT_EQ(Texts("\x80\x80x\xED\xA0\x80y", TokenMode::kQuery), (Strings{"x", "y"}));
}

TEST(SearchTokenizerTest, RandomBytesNeverHangOrOverrun) {
  std::mt19937 rng(12345);
  const std::string alphabet[] = {"a", "Z", "9", " ", "交", "通", "\xE4", "\xBD", "\x80", "\xFF", "\xF0\x9F",
                                  "\"", "*", "ｑ", "\xC3", "\xA9", "\0"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    int pieces = static_cast<int>(rng() % 24);
    for (int i = 0; i < pieces; ++i) s += alphabet[rng() % (sizeof alphabet / sizeof alphabet[0])];
    if (round % 3 == 0) {
      for (int i = 0; i < 8; ++i) s += static_cast<char>(rng() & 0xFF);
    }
    for (TokenMode mode : {TokenMode::kDocument, TokenMode::kQuery}) {
      for (const auto& t : Tokenize(s, mode)) {
        ASSERT_GE(t.start, 0);
        ASSERT_LT(t.start, t.end);
        ASSERT_LE(t.end, static_cast<int>(s.size()));
        ASSERT_FALSE(t.text.empty());
        ASSERT_EQ(t.text.find('"'), std::string::npos);
      }
    }
    (void)BuildFtsQuery(s);
  }
}

// ---- BuildFtsQuery ----

// Checks that `q` is only quoted terms, each optionally followed by " *",
// joined by " AND ": no user text can be FTS5 syntax.
::testing::AssertionResult IsSafeFtsQuery(const std::string& q) {
  size_t i = 0;
  bool first = true;
  while (i < q.size()) {
    if (!first) {
      if (q.compare(i, 5, " AND ") != 0) return ::testing::AssertionFailure() << "expected ' AND ' at " << i << " in " << q;
      i += 5;
    }
    first = false;
    if (i >= q.size() || q[i] != '"') return ::testing::AssertionFailure() << "expected '\"' at " << i << " in " << q;
    size_t close = q.find('"', i + 1);
    if (close == std::string::npos || close == i + 1) {
      return ::testing::AssertionFailure() << "bad quoted term at " << i << " in " << q;
    }
    i = close + 1;
    if (q.compare(i, 2, " *") == 0) i += 2;
  }
  return ::testing::AssertionSuccess();
}

TEST(BuildFtsQueryTest, TwoCharacterWord) {
  EXPECT_EQ(BuildFtsQuery("交通"), "\"交通\"");
  EXPECT_EQ(BuildFtsQuery("医疗"), "\"医疗\"");
}

TEST(BuildFtsQueryTest, LongerRunsUseNonOverlappingBigrams) {
  EXPECT_EQ(BuildFtsQuery("企业信用"), "\"企业\" AND \"信用\"");
  EXPECT_EQ(BuildFtsQuery("空气质量"), "\"空气\" AND \"质量\"");
  // Odd length: the last pair overlaps the previous one so the final
  // character is covered.
  EXPECT_EQ(BuildFtsQuery("公交线"), "\"公交\" AND \"交线\"");
  EXPECT_EQ(BuildFtsQuery("医疗机构名"), "\"医疗\" AND \"机构\" AND \"构名\"");
  EXPECT_EQ(BuildFtsQuery("医疗机构名录"), "\"医疗\" AND \"机构\" AND \"名录\"");
}

TEST(BuildFtsQueryTest, SingleCharacterIsAPrefixQuery) {
  EXPECT_EQ(BuildFtsQuery("交"), "\"交\" *");
  EXPECT_EQ(BuildFtsQuery("交 通"), "\"交\" * AND \"通\" *");
}

TEST(BuildFtsQueryTest, MixedTerms) {
  EXPECT_EQ(BuildFtsQuery("Air 空气质量"), "\"air\" AND \"空气\" AND \"质量\"");
  EXPECT_EQ(BuildFtsQuery("交通 医疗"), "\"交通\" AND \"医疗\"");
  EXPECT_EQ(BuildFtsQuery("ＧＤＰ"), "\"gdp\"");
}

TEST(BuildFtsQueryTest, NoSearchableToken) {
  EXPECT_EQ(BuildFtsQuery(""), "");
  EXPECT_EQ(BuildFtsQuery("   "), "");
  EXPECT_EQ(BuildFtsQuery("*"), "");
  EXPECT_EQ(BuildFtsQuery("-"), "");
  EXPECT_EQ(BuildFtsQuery(":"), "");
  EXPECT_EQ(BuildFtsQuery("\"\""), "");
  EXPECT_EQ(BuildFtsQuery("()^+{}"), "");
}

TEST(BuildFtsQueryTest, FtsSyntaxInUserTextIsQuotedAway) {
  EXPECT_EQ(BuildFtsQuery("a\" OR b"), "\"a\" AND \"or\" AND \"b\"");
  EXPECT_EQ(BuildFtsQuery("NEAR("), "\"near\"");
  EXPECT_EQ(BuildFtsQuery("NEAR(a b, 3)"), "\"near\" AND \"a\" AND \"b\" AND \"3\"");
  EXPECT_EQ(BuildFtsQuery("abc*"), "\"abc\"");
  EXPECT_EQ(BuildFtsQuery("-abc"), "\"abc\"");
  EXPECT_EQ(BuildFtsQuery("name:交通"), "\"name\" AND \"交通\"");
  EXPECT_EQ(BuildFtsQuery("a NOT b"), "\"a\" AND \"not\" AND \"b\"");
  EXPECT_EQ(BuildFtsQuery("^start"), "\"start\"");
  EXPECT_EQ(BuildFtsQuery("{name summary}: x"), "\"name\" AND \"summary\" AND \"x\"");
  EXPECT_EQ(BuildFtsQuery("'; DROP TABLE x; --"), "\"drop\" AND \"table\" AND \"x\"");

  for (std::string_view input : {"a\" OR b", "\"", "\"\"\"", "NEAR(", "*", "-", ":", "a AND", "OR", "(a OR b) NOT c",
                                 "\"交通\" OR \"医疗\"", "x\"*", "col:val*", "\xFF\"\xFE", "交\"通"}) {
    std::string q = BuildFtsQuery(input);
    EXPECT_TRUE(IsSafeFtsQuery(q)) << input;
    // Every term is quoted: the only unquoted words are the AND joiners.
    EXPECT_EQ(q.find(" OR "), std::string::npos) << input;
    EXPECT_EQ(q.find("NEAR"), std::string::npos) << input;
    EXPECT_EQ(q.find(" NOT "), std::string::npos) << input;
  }
}

TEST(BuildFtsQueryTest, RandomInputAlwaysYieldsSafeQuery) {
  std::mt19937 rng(777);
  const char* pieces[] = {"\"", "*", "-", ":", "(", ")", "OR", "AND", "NEAR", " ", "交", "通", "信", "a", "B",
                          "^", "+", "\xFF", "\xE4\xBD", "ｘ"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    EXPECT_TRUE(IsSafeFtsQuery(BuildFtsQuery(s))) << s;
  }
}

}  // namespace
}  // namespace yungu::text

namespace yungu::text {
namespace {

TEST(SearchTokenizerLatin1Test, FoldsLatin1CapitalsSoAccentedWordsMatchEitherCase) {
  SearchTokenizer upper("ÜRÜMQI", TokenMode::kDocument);
  SearchTokenizer lower("ürümqi", TokenMode::kQuery);
  SearchToken a, b;
  ASSERT_TRUE(upper.Next(a));
  ASSERT_TRUE(lower.Next(b));
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.text, "ürümqi");
}

TEST(SearchTokenizerLatin1Test, InvalidLeadBytesSeparateTokensInsteadOfBecomingCharacters) {
  SearchTokenizer t(std::string_view("ab\xF8\x80\x80" "cd"), TokenMode::kDocument);
  SearchToken tok;
  ASSERT_TRUE(t.Next(tok));
  EXPECT_EQ(tok.text, "ab");
  ASSERT_TRUE(t.Next(tok));
  EXPECT_EQ(tok.text, "cd");
  EXPECT_FALSE(t.Next(tok));
}

}  // namespace
}  // namespace yungu::text

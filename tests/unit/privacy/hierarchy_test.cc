#include "yungu/privacy/hierarchy.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace yungu::privacy {
namespace {

// Unwraps a Result, failing the test (not crashing) on an error.
template <typename T>
T Ok(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) throw std::runtime_error("unexpected error");
  return std::move(r).value();
}

void ExpectError(const Result<Hierarchy>& r, std::string_view code, std::string_view fragment) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), code);
  EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
}

std::string ReadTestFile(const std::string& name) {
  std::ifstream in(std::string(YUNGU_TEST_DATA_DIR) + "/adult/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr char kAges[] =
    "34;30-34;30-39;20-39;*\n"
    "35;35-39;30-39;20-39;*\n"
    "21;20-24;20-29;20-39;*\n"
    "45;45-49;40-49;40-59;*\n";

TEST(HierarchyParse, ArxSemicolonForm) {
  const Hierarchy h = Ok(Hierarchy::Parse(kAges));
  EXPECT_EQ(h.height(), 4);
  EXPECT_EQ(h.size(), 4u);
  ASSERT_TRUE(h.Find("35").has_value());
  const uint32_t row = *h.Find("35");
  EXPECT_EQ(row, 1u);
  EXPECT_EQ(h.ValueAt(row, 0), "35");
  EXPECT_EQ(h.ValueAt(row, 1), "35-39");
  EXPECT_EQ(h.ValueAt(row, 3), "20-39");
  EXPECT_EQ(h.ValueAt(row, 4), "*");
  EXPECT_FALSE(h.Find("36").has_value());
  // Distinct values per level, numbered in order of first appearance.
  EXPECT_EQ(h.DistinctAt(0), 4u);
  EXPECT_EQ(h.DistinctAt(2), 3u);  // 30-39, 20-29, 40-49
  EXPECT_EQ(h.DistinctAt(3), 2u);
  EXPECT_EQ(h.DistinctAt(4), 1u);
  EXPECT_EQ(h.LevelId(0, 2), h.LevelId(1, 2));  // 34 and 35 share 30-39
  EXPECT_NE(h.LevelId(0, 1), h.LevelId(1, 1));
  EXPECT_EQ(h.LevelValue(3, h.LevelId(3, 3)), "40-59");
}

TEST(HierarchyParse, ChineseValues) {
  const Hierarchy h = Ok(Hierarchy::Parse(
      "海淀区;北京市;华北;*\n"
      "朝阳区;北京市;华北;*\n"
      "和平区;天津市;华北;*\n"
      "江汉区;武汉市;华中;*\n"));
  EXPECT_EQ(h.height(), 3);
  EXPECT_EQ(Ok(h.Generalize("朝阳区", 1)), "北京市");
  EXPECT_EQ(Ok(h.Generalize("和平区", 2)), "华北");
  EXPECT_EQ(Ok(h.Generalize("江汉区", 0)), "江汉区");
  EXPECT_EQ(h.DistinctAt(1), 3u);
  EXPECT_EQ(h.DistinctAt(2), 2u);
}

TEST(HierarchyParse, DetectsCommaAndTabSeparators) {
  const Hierarchy comma = Ok(Hierarchy::Parse("a,x,*\nb,x,*\nc,y,*\n"));
  EXPECT_EQ(comma.height(), 2);
  EXPECT_EQ(Ok(comma.Generalize("c", 1)), "y");

  const Hierarchy tab = Ok(Hierarchy::Parse("a\tx\t*\nb\tx\t*\n"));
  EXPECT_EQ(tab.height(), 2);
  EXPECT_EQ(Ok(tab.Generalize("b", 1)), "x");

  // ';' wins when it splits every line alike, so commas stay inside values.
  const Hierarchy decimals = Ok(Hierarchy::Parse("0,5;0-1;*\n1,5;1-2;*\n"));
  EXPECT_EQ(decimals.height(), 2);
  EXPECT_EQ(Ok(decimals.Generalize("0,5", 1)), "0-1");
}

TEST(HierarchyParse, CrlfLfBomAndBlankLinesAgree) {
  const Hierarchy lf = Ok(Hierarchy::Parse("a;x;*\nb;y;*\n"));
  const Hierarchy crlf = Ok(Hierarchy::Parse("\xEF\xBB\xBF" "a;x;*\r\n\r\nb;y;*\r\n"));
  ASSERT_EQ(crlf.size(), lf.size());
  ASSERT_EQ(crlf.height(), lf.height());
  for (uint32_t row = 0; row < lf.size(); ++row) {
    for (int level = 0; level <= lf.height(); ++level) EXPECT_EQ(crlf.ValueAt(row, level), lf.ValueAt(row, level));
  }
  EXPECT_TRUE(crlf.Find("a").has_value());  // the byte order mark is not part of the value
  // No final newline is fine too.
  EXPECT_EQ(Ok(Hierarchy::Parse("a;x;*\nb;y;*")).size(), 2u);
}

TEST(HierarchyParse, QuotedValuesMayHoldTheSeparator) {
  const Hierarchy h = Ok(Hierarchy::Parse("\"a;1\";\"group \"\"A\"\"\";*\nb;x;*\n"));
  EXPECT_TRUE(h.Find("a;1").has_value());
  EXPECT_EQ(Ok(h.Generalize("a;1", 1)), "group \"A\"");
}

TEST(HierarchyParse, SingleColumnCannotBeGeneralised) {
  const Hierarchy h = Ok(Hierarchy::Parse("only\nvalues\n"));
  EXPECT_EQ(h.height(), 0);
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(Ok(h.Generalize("values", 0)), "values");
}

TEST(HierarchyParse, EveryAdultHierarchyFromArx) {
  struct Expected {
    const char* column;
    int height;
    size_t values;
  };
  const Expected expected[] = {{"age", 4, 100},           {"education", 3, 16},   {"marital-status", 2, 7},
                               {"native-country", 2, 41}, {"occupation", 2, 14},  {"race", 1, 5},
                               {"salary-class", 1, 2},    {"sex", 1, 2},          {"workclass", 2, 8}};
  for (const Expected& e : expected) {
    const Hierarchy h = Ok(Hierarchy::Parse(ReadTestFile(std::string("adult_hierarchy_") + e.column + ".csv")));
    EXPECT_EQ(h.height(), e.height) << e.column;
    EXPECT_EQ(h.size(), e.values) << e.column;
    EXPECT_EQ(h.DistinctAt(h.height()), 1u) << e.column;  // every ARX hierarchy ends in '*'
  }
  const Hierarchy age = Ok(Hierarchy::Parse(ReadTestFile("adult_hierarchy_age.csv")));
  EXPECT_EQ(Ok(age.Generalize("37", 1)), "35-39");
  EXPECT_EQ(Ok(age.Generalize("37", 2)), "30-39");
  EXPECT_EQ(Ok(age.Generalize("37", 3)), "20-39");
}

TEST(HierarchyErrors, Empty) {
  ExpectError(Hierarchy::Parse(""), "privacy.invalid_hierarchy", "no rows");
  ExpectError(Hierarchy::Parse("\r\n\n"), "privacy.invalid_hierarchy", "no rows");
  ExpectError(Hierarchy::FromRows({}), "privacy.invalid_hierarchy", "no rows");
}

TEST(HierarchyErrors, RowsOfDifferentLengthNameTheLine) {
  ExpectError(Hierarchy::Parse("a;x;*\nb;x;*\nc;*\n"), "privacy.invalid_hierarchy",
              "line 3: 2 values, expected 3 as on line 1");
  // Blank lines are skipped but still counted.
  ExpectError(Hierarchy::Parse("a;x;*\n\nc;*\n"), "privacy.invalid_hierarchy", "line 3:");
}

TEST(HierarchyErrors, DuplicateOriginalValue) {
  ExpectError(Hierarchy::Parse("a;x;*\nb;x;*\na;y;*\n"), "privacy.invalid_hierarchy",
              "line 3: value 'a' is already listed on line 1");
}

TEST(HierarchyErrors, ParentMustBeAFunctionAtEveryLevel) {
  // Asia is below "Far" on line 1 and below "Near" on line 3.
  ExpectError(Hierarchy::Parse("Japan;Asia;Far;*\nFrance;Europe;Near;*\nChina;Asia;Near;*\n"),
              "privacy.invalid_hierarchy",
              "line 3: 'Asia' at level 1 generalises to 'Near' here but to 'Far' on line 1");
  ExpectError(Hierarchy::Parse("1;a;*\n2;a;**\n"), "privacy.invalid_hierarchy",
              "line 2: 'a' at level 1 generalises to '**' here but to '*' on line 1");
}

TEST(HierarchyErrors, NotUtf8) {
  // "北京" in GBK is not UTF-8.
  ExpectError(Hierarchy::Parse("a;x;*\n\xB1\xB1\xBE\xA9;x;*\n"), "privacy.invalid_hierarchy", "line 2: not valid UTF-8");
  ExpectError(Hierarchy::FromRows({{"a", "*"}, {"\xC0\xAF", "*"}}), "privacy.invalid_hierarchy",
              "row 2: not valid UTF-8");  // an overlong '/'
}

TEST(HierarchyErrors, BadQuotes) {
  ExpectError(Hierarchy::Parse("a;x;*\n\"b;x;*\n"), "privacy.invalid_hierarchy", "line 2: unterminated quoted value");
  ExpectError(Hierarchy::Parse("\"a\"b;x;*\n"), "privacy.invalid_hierarchy", "line 1: text after the closing quote");
}

TEST(HierarchyFromRows, FieldDefRowsAndRowNumbersInErrors) {
  const std::vector<std::vector<std::string>> rows = {
      {"420102", "武汉市", "湖北省", "*"}, {"420106", "武汉市", "湖北省", "*"}, {"420602", "襄阳市", "湖北省", "*"}};
  const Hierarchy h = Ok(Hierarchy::FromRows(rows));
  EXPECT_EQ(h.height(), 3);
  EXPECT_EQ(Ok(h.Generalize("420602", 1)), "襄阳市");
  ExpectError(Hierarchy::FromRows({{"a", "x"}, {"b"}}), "privacy.invalid_hierarchy", "row 2: 1 values, expected 2");
  ExpectError(Hierarchy::FromRows({{"a", "x"}, {"a", "x"}}), "privacy.invalid_hierarchy",
              "row 2: value 'a' is already listed on row 1");
  ExpectError(Hierarchy::FromRows({{}}), "privacy.invalid_hierarchy", "row 1: no values");
}

TEST(HierarchyGeneralize, Errors) {
  const Hierarchy h = Ok(Hierarchy::Parse(kAges));
  const Result<std::string_view> missing = h.Generalize("99", 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().error_code(), "privacy.value_not_in_hierarchy");
  for (int level : {-1, 5}) {
    const Result<std::string_view> bad = h.Generalize("34", level);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().error_code(), "privacy.invalid_level");
  }
}

std::vector<std::string> Cells(const DelimitedText& t, size_t row) {
  const DelimitedText::Row cells = t.row(row);
  std::vector<std::string> out;
  for (size_t j = 0; j < cells.size(); ++j) out.emplace_back(cells[j]);
  return out;
}

TEST(ParseDelimitedText, ReportsSeparatorRowsAndLines) {
  const DelimitedText tabs = Ok(ParseDelimitedText("h1\th2\n\nx\ty\n"));
  EXPECT_EQ(tabs.separator(), '\t');
  ASSERT_EQ(tabs.rows(), 2u);
  EXPECT_EQ(Cells(tabs, 1), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(tabs.line_number(0), 1u);
  EXPECT_EQ(tabs.line_number(1), 3u);
  // Separators inside quotes do not count: ',' splits both lines once.
  const DelimitedText commas = Ok(ParseDelimitedText("\"a;b\",c\n\"d;e;f\",g\n"));
  EXPECT_EQ(commas.separator(), ',');
  EXPECT_EQ(Cells(commas, 1), (std::vector<std::string>{"d;e;f", "g"}));
  // A trailing separator leaves an empty last cell.
  EXPECT_EQ(Cells(Ok(ParseDelimitedText("a;b;\n")), 0), (std::vector<std::string>{"a", "b", ""}));
  const Result<DelimitedText> bad = ParseDelimitedText("a;\"b\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().error_code(), "privacy.invalid_csv");
}

TEST(ParseDelimitedText, CellsSurviveMovesAndCopies) {
  // Short text: a string this short keeps its characters inline, so they
  // change address when the object moves.
  DelimitedText moved = Ok(ParseDelimitedText("\"x\"\"y\";z\n"));
  const DelimitedText owner = std::move(moved);
  EXPECT_EQ(Cells(owner, 0), (std::vector<std::string>{"x\"y", "z"}));
  const DelimitedText copy = owner;
  EXPECT_EQ(Cells(copy, 0), (std::vector<std::string>{"x\"y", "z"}));
}

}  // namespace
}  // namespace yungu::privacy

// ParseSqlSelect: the SELECT subset of datastore_search_sql, mapped onto the
// native query request, and everything outside the subset refused.
#include "yungu/query/sql_select.h"

#include <gtest/gtest.h>

#include "yungu/query/plan_builder.h"

namespace yungu::query {
namespace {

using nlohmann::json;

// The request of a statement that must parse.
json Request(std::string_view sql) {
  auto parsed = ParseSqlSelect(sql);
  EXPECT_TRUE(parsed.ok()) << sql << "\n" << parsed.status().ToString();
  return parsed.ok() ? parsed->request : json("<error>");
}

SqlSelect Parsed(std::string_view sql) {
  auto parsed = ParseSqlSelect(sql);
  EXPECT_TRUE(parsed.ok()) << sql << "\n" << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : SqlSelect{};
}

// The error code of a statement that must fail, or "ok" and its request.
std::string Error(std::string_view sql) {
  auto parsed = ParseSqlSelect(sql);
  if (parsed.ok()) return "ok " + parsed->request.dump();
  EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument) << sql;
  return parsed.status().error_code();
}

std::string Message(std::string_view sql) {
  auto parsed = ParseSqlSelect(sql);
  return parsed.ok() ? "ok" : parsed.status().message();
}

json J(std::string_view text) { return json::parse(text); }

// ---------------------------------------------------------------- select list

TEST(SqlSelectTest, StarAndTable) {
  SqlSelect s = Parsed(R"(SELECT * FROM "air-quality-hourly")");
  EXPECT_EQ(s.table, "air-quality-hourly");
  EXPECT_EQ(s.request, json::object());
  EXPECT_TRUE(s.renames.empty());
  EXPECT_TRUE(s.columns.empty());
  EXPECT_EQ(Parsed("select * from companies;").table, "companies");
  EXPECT_EQ(Parsed("SELECT * FROM Companies").table, "companies");  // bare names fold
  EXPECT_EQ(Parsed(R"(SELECT * FROM "Companies")").table, "Companies");
}

TEST(SqlSelectTest, Fields) {
  EXPECT_EQ(Request(R"(SELECT station, pm25 FROM "air")"), J(R"({"fields": ["station", "pm25"]})"));
  EXPECT_EQ(Request(R"(SeLeCt Station FrOm "air")"), J(R"({"fields": ["station"]})"));
  EXPECT_EQ(Request(R"(SELECT "pm2.5", "say ""hi""", "PM25" FROM "air")"),
            J(R"({"fields": ["pm2.5", "say \"hi\"", "PM25"]})"));
  EXPECT_EQ(Parsed(R"(SELECT b, a FROM "t")").columns, (std::vector<std::string>{"b", "a"}));
}

TEST(SqlSelectTest, ChineseNames) {
  SqlSelect s = Parsed(R"(SELECT 区县, "企业名称", "金额（万元）" FROM "企业名录" WHERE 区县 = '樊城区' AND 注册资本 >= 100)");
  EXPECT_EQ(s.table, "企业名录");
  EXPECT_EQ(s.request, J(R"({"fields": ["区县", "企业名称", "金额（万元）"],
                             "filters": {"区县": "樊城区", "注册资本": {"gte": 100}}})"));
  EXPECT_EQ(Request("SELECT 区县 AS 地区 FROM t ORDER BY 地区"), J(R"({"fields": ["区县"], "sort": ["区县"]})"));
}

TEST(SqlSelectTest, Distinct) {
  EXPECT_EQ(Request(R"(SELECT DISTINCT district FROM "t")"), J(R"({"fields": ["district"], "distinct": true})"));
  EXPECT_EQ(Request(R"(SELECT DISTINCT * FROM "t" ORDER BY a)"), J(R"({"distinct": true, "sort": ["a"]})"));
  EXPECT_EQ(Request(R"(SELECT DISTINCT a AS x FROM "t" ORDER BY x)"), J(R"({"fields": ["a"], "distinct": true, "sort": ["a"]})"));
}

TEST(SqlSelectTest, ColumnAliases) {
  SqlSelect s = Parsed(R"(SELECT name AS n, district d, capital AS capital FROM "t" ORDER BY n DESC)");
  EXPECT_EQ(s.request, J(R"({"fields": ["name", "district", "capital"], "sort": ["-name"]})"));
  EXPECT_EQ(s.renames, (std::map<std::string, std::string>{{"name", "n"}, {"district", "d"}}));
  // Swapping names is fine: the renames apply all at once.
  SqlSelect swap = Parsed(R"(SELECT a AS b, b AS a FROM "t" ORDER BY a, t.a)");
  EXPECT_EQ(swap.request, J(R"({"fields": ["a", "b"], "sort": ["b", "a"]})"));
  EXPECT_EQ(swap.renames, (std::map<std::string, std::string>{{"a", "b"}, {"b", "a"}}));
  EXPECT_EQ(Parsed(R"(SELECT a AS "Full Name" FROM "t")").renames.at("a"), "Full Name");
}

TEST(SqlSelectTest, QualifiedNames) {
  const json expected = J(R"({"fields": ["name", "district"], "filters": {"capital": {"gt": 10}}, "sort": ["name"]})");
  EXPECT_EQ(Request(R"(SELECT c.name, "companies".district FROM "companies" AS c WHERE c.capital > 10 ORDER BY c.name)"),
            expected);
  EXPECT_EQ(Request(R"(SELECT c.name, C.district FROM companies c WHERE "c".capital > 10 ORDER BY name)"), expected);
  EXPECT_EQ(Request(R"(SELECT companies.* FROM companies)"), json::object());
  EXPECT_EQ(Request(R"(SELECT "air-q".pm25 FROM "air-q")"), J(R"({"fields": ["pm25"]})"));
}

// ---------------------------------------------------------------- where

TEST(SqlSelectTest, Literals) {
  EXPECT_EQ(Request(R"(SELECT * FROM t WHERE a = 'x' AND b = 42 AND c = -7 AND d = 2.5 AND e = TRUE AND f = false
                       AND g = 1e3 AND h = .5 AND i = 1. AND j = - 0.25 AND k = 9223372036854775807)"),
            J(R"({"filters": {"a": "x", "b": 42, "c": -7, "d": 2.5, "e": true, "f": false, "g": 1000.0,
                              "h": 0.5, "i": 1.0, "j": -0.25, "k": 9223372036854775807}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a = 'it''s' AND b = '' AND c = ''''"),
            J(R"({"filters": {"a": "it's", "b": "", "c": "'"}})"));
  // Backslashes are plain characters, as in standard SQL strings.
  EXPECT_EQ(Request(R"(SELECT * FROM t WHERE a = 'C:\temp\' AND b = '\n')"),
            J(R"({"filters": {"a": "C:\\temp\\", "b": "\\n"}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a = 'line\nbreak'"), J(R"({"filters": {"a": "line\nbreak"}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a = '樊城区 “引号” ‘单’'"), J(R"({"filters": {"a": "樊城区 “引号” ‘单’"}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a>=-5 AND b<>'x'"), J(R"({"filters": {"a": {"gte": -5}, "b": {"ne": "x", "null": false}}})"));
  EXPECT_EQ(Error("SELECT * FROM t WHERE a>=-5AND b = 1"), "sql.syntax");  // as PostgreSQL: junk after a number
}

TEST(SqlSelectTest, Comparisons) {
  EXPECT_EQ(Request("SELECT * FROM t WHERE a < 1 AND b <= 2 AND c > 3 AND d >= 4"),
            J(R"({"filters": {"a": {"lt": 1}, "b": {"lte": 2}, "c": {"gt": 3}, "d": {"gte": 4}}})"));
  // SQL's <> skips NULLs; the native "ne" keeps them, so "null": false goes along.
  EXPECT_EQ(Request("SELECT * FROM t WHERE a <> 1 AND b != 'x'"),
            J(R"({"filters": {"a": {"ne": 1, "null": false}, "b": {"ne": "x", "null": false}}})"));
}

TEST(SqlSelectTest, InIsNullBetween) {
  EXPECT_EQ(Request("SELECT * FROM t WHERE a IN ('x', 'y') AND b IN (1) AND c in (TRUE, -1.5, 'z')"),
            J(R"({"filters": {"a": ["x", "y"], "b": [1], "c": [true, -1.5, "z"]}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a IS NULL AND b IS NOT NULL"),
            J(R"({"filters": {"a": {"null": true}, "b": {"null": false}}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a BETWEEN 1 AND 10 AND b = 2 AND d BETWEEN '2024-01-01' AND '2024-12-31'"),
            J(R"({"filters": {"a": {"gte": 1, "lte": 10}, "b": 2, "d": {"gte": "2024-01-01", "lte": "2024-12-31"}}})"));
}

TEST(SqlSelectTest, ConditionsOnOneColumnCombine) {
  EXPECT_EQ(Request("SELECT * FROM t WHERE a >= 1 AND a < 5"), J(R"({"filters": {"a": {"gte": 1, "lt": 5}}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a = 1 AND a > 0"), J(R"({"filters": {"a": {"eq": 1, "gt": 0}}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a IN (1, 2) AND a <> 2"),
            J(R"({"filters": {"a": {"in": [1, 2], "ne": 2, "null": false}}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a <> 1 AND a IS NOT NULL"), J(R"({"filters": {"a": {"ne": 1, "null": false}}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a = 1 AND t.a = 1"), J(R"({"filters": {"a": 1}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE a BETWEEN 1 AND 5 AND a > 2"), J(R"({"filters": {"a": {"gte": 1, "lte": 5, "gt": 2}}})"));
  // Contradictions stay faithful when they are different operators: no rows.
  EXPECT_EQ(Request("SELECT * FROM t WHERE a IS NULL AND a = 1"), J(R"({"filters": {"a": {"null": true, "eq": 1}}})"));
  // The same operator with another value is refused, not guessed at.
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = 1 AND a = 2"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a > 1 AND a > 2"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a <> 1 AND a <> 2"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a IN (1) AND a IN (2)"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a BETWEEN 1 AND 5 AND a >= 2"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a IS NULL AND a IS NOT NULL"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a IS NULL AND a <> 1"), "sql.unsupported");
}

// ---------------------------------------------------------------- order, limit

TEST(SqlSelectTest, OrderLimitOffset) {
  EXPECT_EQ(Request("SELECT * FROM t ORDER BY a, b DESC, c ASC LIMIT 10 OFFSET 20;"),
            J(R"({"sort": ["a", "-b", "c"], "limit": 10, "offset": 20})"));
  EXPECT_EQ(Request("SELECT * FROM t OFFSET 5 LIMIT 0"), J(R"({"limit": 0, "offset": 5})"));
  EXPECT_EQ(Request("SELECT a FROM t ORDER BY b"), J(R"({"fields": ["a"], "sort": ["b"]})"));
  // Only the NULL placement the hub uses (first ascending, last descending).
  EXPECT_EQ(Request("SELECT * FROM t ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST"), J(R"({"sort": ["a", "-b"]})"));
  EXPECT_EQ(Error("SELECT * FROM t ORDER BY a NULLS LAST"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t ORDER BY a DESC NULLS FIRST"), "sql.unsupported");
}

// ---------------------------------------------------------------- aggregates

TEST(SqlSelectTest, Aggregates) {
  EXPECT_EQ(Request("SELECT COUNT(*) FROM t"), J(R"({"aggregates": ["count"]})"));
  SqlSelect s = Parsed(
      "SELECT count(*) AS n, sum(capital), AVG(capital) mean, min(founded), max(t.founded), count(name) FROM t");
  EXPECT_EQ(s.request, J(R"({"aggregates": ["count", "sum:capital", "avg:capital", "min:founded", "max:founded",
                                             "count:name"]})"));
  EXPECT_EQ(s.renames, (std::map<std::string, std::string>{{"count", "n"}, {"avg_capital", "mean"}}));
  EXPECT_EQ(s.columns, (std::vector<std::string>{"count", "sum_capital", "avg_capital", "min_founded", "max_founded",
                                                 "count_name"}));
  EXPECT_TRUE(Parsed("SELECT count(*) AS count FROM t").renames.empty());
}

TEST(SqlSelectTest, GroupBy) {
  SqlSelect s = Parsed(R"(SELECT district, COUNT(*) AS n, SUM(capital) FROM "companies" WHERE active = true
                          GROUP BY district ORDER BY n DESC, district LIMIT 5)");
  EXPECT_EQ(s.request, J(R"({"group_by": ["district"], "aggregates": ["count", "sum:capital"],
                             "filters": {"active": true}, "sort": ["-count", "district"], "limit": 5})"));
  EXPECT_EQ(s.renames, (std::map<std::string, std::string>{{"count", "n"}}));
  EXPECT_EQ(s.columns, (std::vector<std::string>{"district", "count", "sum_capital"}));

  // The aggregate written out again, by its alias, or (unaliased) by its native name.
  EXPECT_EQ(Request("SELECT d, sum(x) FROM t GROUP BY d ORDER BY SUM(x) DESC, sum_x"),
            J(R"({"group_by": ["d"], "aggregates": ["sum:x"], "sort": ["-sum_x", "sum_x"]})"));
  EXPECT_EQ(Request("SELECT d, count(*) c FROM t GROUP BY d ORDER BY count(*), c"),
            J(R"({"group_by": ["d"], "aggregates": ["count"], "sort": ["count", "count"]})"));
  // Once aliased, the output column is called by the alias only, as in PostgreSQL.
  EXPECT_EQ(Error("SELECT d, sum(x) AS total FROM t GROUP BY d ORDER BY sum_x"), "sql.unsupported");
  // Groups follow the select list's order; GROUP BY's order does not matter in SQL.
  SqlSelect two = Parsed("SELECT b, count(*), a FROM t GROUP BY a, b, a");
  EXPECT_EQ(two.request, J(R"({"group_by": ["b", "a"], "aggregates": ["count"]})"));
  EXPECT_EQ(two.columns, (std::vector<std::string>{"b", "count", "a"}));
  // DISTINCT adds nothing to a grouped answer.
  EXPECT_EQ(Request("SELECT DISTINCT d, count(*) FROM t GROUP BY d"), J(R"({"group_by": ["d"], "aggregates": ["count"]})"));
}

TEST(SqlSelectTest, GroupByWithoutAggregatesIsDistinct) {
  EXPECT_EQ(Request("SELECT district FROM t GROUP BY district ORDER BY district DESC"),
            J(R"({"fields": ["district"], "distinct": true, "sort": ["-district"]})"));
  EXPECT_EQ(Error("SELECT district FROM t GROUP BY district ORDER BY name"), "sql.unsupported");
}

TEST(SqlSelectTest, GroupingRules) {
  EXPECT_EQ(Error("SELECT district, count(*) FROM t"), "sql.unsupported");
  EXPECT_NE(Message("SELECT district, count(*) FROM t").find("GROUP BY"), std::string::npos);
  EXPECT_EQ(Error("SELECT district, name, count(*) FROM t GROUP BY district"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT count(*) FROM t GROUP BY district"), "sql.unsupported");  // the answer would grow a column
  EXPECT_EQ(Error("SELECT * FROM t GROUP BY district"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT d, count(*) FROM t GROUP BY d ORDER BY sum(x)"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT d, count(*) FROM t GROUP BY d ORDER BY e"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT DISTINCT a FROM t ORDER BY b"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT d FROM t GROUP BY 1"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT count(*) FROM t GROUP BY lower(d)"), "sql.unsupported");
}

TEST(SqlSelectTest, AnswerColumnsStayApart) {
  EXPECT_EQ(Error("SELECT a, a FROM t"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT a, a AS b FROM t"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT a AS b, b FROM t"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT count(*), count(*) AS n FROM t"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT count, count(*) FROM t GROUP BY count"), "sql.unsupported");  // both "count" natively
  EXPECT_EQ(Error("SELECT a AS sum_b, sum(b) FROM t GROUP BY a"), "sql.unsupported");
}

// ---------------------------------------------------------------- refused constructs

TEST(SqlSelectTest, RefusedConstructs) {
  const char* unsupported[] = {
      "SELECT * FROM t WHERE a = 1 OR b = 2",
      "SELECT * FROM t WHERE NOT a = 1",
      "SELECT * FROM t WHERE a NOT IN (1, 2)",
      "SELECT * FROM t WHERE a NOT BETWEEN 1 AND 2",
      "SELECT * FROM t WHERE a LIKE 'x%'",
      "SELECT * FROM t WHERE a ILIKE 'x%'",
      "SELECT * FROM t WHERE a SIMILAR TO 'x'",
      "SELECT * FROM t WHERE a IN (SELECT b FROM u)",
      "SELECT * FROM t WHERE a = (SELECT max(b) FROM u)",
      "SELECT * FROM (SELECT * FROM t) s",
      "SELECT * FROM t JOIN u ON t.id = u.id",
      "SELECT * FROM t LEFT JOIN u ON true",
      "SELECT * FROM t, u",
      "SELECT * FROM t CROSS JOIN u",
      "SELECT * FROM t UNION SELECT * FROM u",
      "SELECT * FROM t UNION ALL SELECT * FROM u",
      "SELECT * FROM t EXCEPT SELECT * FROM u",
      "WITH x AS (SELECT * FROM t) SELECT * FROM x",
      "SELECT d, count(*) FROM t GROUP BY d HAVING count(*) > 1",
      "SELECT lower(name) FROM t",
      "SELECT * FROM t WHERE lower(name) = 'x'",
      "SELECT * FROM t WHERE created > now()",
      "SELECT * FROM t ORDER BY random()",
      "SELECT count(DISTINCT a) FROM t",
      "SELECT sum(a + b) FROM t",
      "SELECT sum(1) FROM t",
      "SELECT count(1) FROM t",
      "SELECT * FROM t WHERE count(*) > 1",
      "SELECT count(*) OVER () FROM t",
      "SELECT count(*) FILTER (WHERE a = 1) FROM t",
      "SELECT a + 1 FROM t",
      "SELECT a * 2 FROM t",
      "SELECT * FROM t WHERE a + 1 > 2",
      "SELECT * FROM t WHERE a = 1 + 1",
      "SELECT * FROM t WHERE a = -b",
      "SELECT a || 'x' FROM t",
      "SELECT a::text FROM t",
      "SELECT * FROM t WHERE a = b",
      "SELECT * FROM t WHERE 1 = 1",
      "SELECT * FROM t WHERE 'x' = a",
      "SELECT * FROM t WHERE (a = 1)",
      "SELECT * FROM t WHERE a = NULL",
      "SELECT * FROM t WHERE a <> NULL",
      "SELECT * FROM t WHERE a IN (1, NULL)",
      "SELECT * FROM t WHERE a IS TRUE",
      "SELECT * FROM t WHERE a IS NOT DISTINCT FROM 1",
      "SELECT * FROM t WHERE a BETWEEN SYMMETRIC 1 AND 2",
      "SELECT * FROM t WHERE d > DATE '2024-01-01'",
      "SELECT * FROM t WHERE a = E'x\\n'",
      "SELECT * FROM t WHERE a = $1",
      "SELECT * FROM t WHERE a = ?",
      "SELECT `a` FROM t",
      "SELECT CASE WHEN a = 1 THEN 2 END FROM t",
      "SELECT CAST(a AS text) FROM t",
      "SELECT * FROM t ORDER BY 1",
      "SELECT * FROM t ORDER BY a USING <",
      "SELECT DISTINCT ON (a) a FROM t",
      "SELECT 1",
      "SELECT 'x' FROM t",
      "SELECT *, a FROM t",
      "SELECT a, * FROM t",
      "SELECT a, t.* FROM t",
      "SELECT x.a FROM t",
      "SELECT u.a FROM t AS x",
      "SELECT * FROM public.t",
      "SELECT s.t.a FROM t",
      "SELECT * FROM generate_series(1, 10)",
      "SELECT * FROM t FOR UPDATE",
      "SELECT * INTO u FROM t",
      "SELECT * FROM t FETCH FIRST 5 ROWS ONLY",
      "SELECT * FROM t WHERE a = 99999999999999999999",
      "SELECT * FROM t WHERE a = 1e999",
  };
  for (const char* sql : unsupported) {
    EXPECT_EQ(Error(sql), "sql.unsupported") << sql << "\n" << Message(sql);
  }
}

TEST(SqlSelectTest, OnlyOneSelect) {
  const char* statements[] = {
      "INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "DROP TABLE t", "COPY t TO '/tmp/x'",
      "CREATE TABLE x (a int)",   "TRUNCATE t",         "EXPLAIN SELECT * FROM t",     "VALUES (1)", "TABLE t",
      "GRANT ALL ON t TO public", "SET search_path = x", "BEGIN",
  };
  for (const char* sql : statements) {
    EXPECT_EQ(Error(sql), "sql.unsupported") << sql;
  }
  EXPECT_NE(Message("DROP TABLE t").find("DROP statements"), std::string::npos);
  EXPECT_EQ(Error("SELECT * FROM t; SELECT * FROM u"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t;;"), "sql.unsupported");
  EXPECT_NE(Message("SELECT * FROM t; DELETE FROM t").find("more than one statement"), std::string::npos);
  EXPECT_EQ(Error("(SELECT * FROM t)"), "sql.unsupported");
}

TEST(SqlSelectTest, Comments) {
  EXPECT_EQ(Error("SELECT * FROM t -- all"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * /* all */ FROM t"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = 1--2"), "sql.unsupported");
  EXPECT_NE(Message("SELECT * FROM t -- x").find("at byte 16: comments"), std::string::npos);
  // Inside strings they are just characters.
  EXPECT_EQ(Request("SELECT * FROM t WHERE a = '-- /* */'"), J(R"({"filters": {"a": "-- /* */"}})"));
}

TEST(SqlSelectTest, SyntaxErrors) {
  const char* broken[] = {
      "",
      "   ",
      "SELEC * FROM t",
      "SELECT FROM t",
      "SELECT a t",
      "SELECT a FROM",
      "SELECT a FROM t WHERE",
      "SELECT a FROM t WHERE a",
      "SELECT a FROM t WHERE a =",
      "SELECT a FROM t WHERE a = 1 AND",
      "SELECT a FROM t WHERE a IN ()",
      "SELECT a FROM t WHERE a IN (1, 2",
      "SELECT a FROM t WHERE a IN 1",
      "SELECT a FROM t WHERE a BETWEEN 1",
      "SELECT a FROM t WHERE a IS",
      "SELECT a FROM t WHERE a = 1 WHERE b = 2",
      "SELECT a FROM t GROUP a",
      "SELECT a FROM t ORDER a",
      "SELECT a FROM t ORDER BY",
      "SELECT a FROM t ORDER BY a NULLS",
      "SELECT a FROM t LIMIT",
      "SELECT a FROM t LIMIT 'x'",
      "SELECT a FROM t LIMIT -1",
      "SELECT a FROM t LIMIT 1.5",
      "SELECT a FROM t LIMIT ALL",
      "SELECT a FROM t LIMIT 1 LIMIT 2",
      "SELECT a FROM t WHERE a = 'open",
      "SELECT \"a FROM t",
      "SELECT \"\" FROM t",
      "SELECT a FROM t WHERE a = 1abc",
      "SELECT a FROM t WHERE a = 0x1F",
      "SELECT a FROM t WHERE a = 1.2.3",
      "SELECT sum(*) FROM t",
      "SELECT count() FROM t",
      "SELECT count(a, b) FROM t",
      "SELECT a FROM t AS",
      "SELECT a FROM t WHERE a == 1",
  };
  for (const char* sql : broken) {
    EXPECT_EQ(Error(sql), "sql.syntax") << sql << "\n" << Message(sql);
  }
}

TEST(SqlSelectTest, SyntaxErrorsSayWhereAndWhat) {
  EXPECT_EQ(Message("SELECT a FROM t WHERE"), "at byte 21: expected a column name, found the end of the statement");
  EXPECT_EQ(Message("SELECT a FROM t WHERE a = 1 WHERE"),
            "at byte 28: expected AND, GROUP BY, ORDER BY, LIMIT, OFFSET or the end of the statement, found 'WHERE'");
  EXPECT_EQ(Message("SELECT a FROM t ORDER BY a LIMIT 1 x"),
            "at byte 35: expected OFFSET or the end of the statement, found 'x'");
  EXPECT_EQ(Message("SELECT a FROM t WHERE a = 'x"), "at byte 26: unterminated string");
  EXPECT_EQ(Message("SELECT a b c FROM t"), "at byte 11: expected ',' or FROM, found 'c'");
  EXPECT_EQ(Message("SELECT * FROM t WHERE a = 1 OR b = 2"),
            "at byte 28: OR is not supported: conditions can only be joined with AND");
  EXPECT_EQ(Message("SELECT upper(a) FROM t"),
            "at byte 7: function upper() is not supported (only COUNT, SUM, AVG, MIN, MAX)");
}

// ---------------------------------------------------------------- hostile input

TEST(SqlSelectTest, InjectionStaysLiteral) {
  // A quote doubled inside a string is part of the value.
  EXPECT_EQ(Request("SELECT * FROM t WHERE name = 'x''; DROP TABLE t; --'"),
            J(R"({"filters": {"name": "x'; DROP TABLE t; --"}})"));
  EXPECT_EQ(Request("SELECT * FROM t WHERE name = ''' OR ''1''=''1'"), J(R"({"filters": {"name": "' OR '1'='1"}})"));
  EXPECT_EQ(Request(R"(SELECT "a""; DROP TABLE t; --" FROM t)"), J(R"({"fields": ["a\"; DROP TABLE t; --"]})"));
  EXPECT_EQ(Parsed(R"(SELECT * FROM "t""; DROP TABLE x")").table, "t\"; DROP TABLE x");
  // A string that is closed early leaves SQL the subset refuses.
  EXPECT_EQ(Error("SELECT * FROM t WHERE name = 'x'; DROP TABLE t; --'"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE name = 'x'; DROP TABLE t"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE name = '' OR 1=1"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE 1=1 OR name = 'x'"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE name = 'a\\' OR 1=1"), "sql.unsupported");  // \ escapes nothing
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = 1 UNION SELECT * FROM secrets"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t WHERE ((((a = 1))))"), "sql.unsupported");
  EXPECT_EQ(Error("SELECT * FROM t ORDER BY (CASE WHEN 1=1 THEN a END)"), "sql.unsupported");
}

TEST(SqlSelectTest, LookalikeCharactersAreNotSql) {
  EXPECT_EQ(Error("SELECT * FROM t WHERE name = ‘x’"), "sql.syntax");  // curly quotes
  EXPECT_NE(Message("SELECT * FROM t WHERE name = ‘x’").find("U+2018"), std::string::npos);
  EXPECT_EQ(Error("SELECT * FROM t WHERE name ＝ 'x'"), "sql.syntax");  // full-width =
  EXPECT_EQ(Error("SELECT * FROM t WHERE name = 'x'；"), "sql.syntax");  // full-width ;
  EXPECT_EQ(Error("SELECT *\u3000FROM t"), "sql.syntax");               // ideographic space
  EXPECT_EQ(Error("SELECT * FROM t WHERE a\u200B= 1"), "sql.syntax");   // zero-width space
  EXPECT_EQ(Error("SELECT 金额（万元） FROM t"), "sql.syntax");          // quote such names
  EXPECT_EQ(Error("SЕLECT * FROM t"), "sql.syntax");                   // Cyrillic Е: just a name
}

TEST(SqlSelectTest, BytesThatAreNotText) {
  using namespace std::string_literals;
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = 'x\0y'"s), "sql.syntax");
  EXPECT_EQ(Error("SELECT * FROM t\0; DROP TABLE t"s), "sql.syntax");
  EXPECT_NE(Message("SELECT * FROM t\0"s).find("at byte 15: NUL"), std::string::npos);
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = '\xff'"), "sql.syntax");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = '\xc0\xa7'"), "sql.syntax");    // overlong '
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = '\xed\xa0\x80'"), "sql.syntax");  // surrogate
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = '\xe6\xa8'"), "sql.syntax");    // cut short
  EXPECT_EQ(Error("SELECT * FROM t WHERE a\x01= 1"), "sql.syntax");
}

TEST(SqlSelectTest, SizeLimits) {
  const std::string head = "SELECT * FROM t WHERE a = '";
  std::string fits = head + std::string(kMaxSqlBytes - head.size() - 1, 'x') + "'";
  ASSERT_EQ(fits.size(), kMaxSqlBytes);
  EXPECT_EQ(Error(fits).substr(0, 2), "ok");
  EXPECT_EQ(Error(fits + " "), "sql.too_large");
  EXPECT_EQ(Error(std::string(1 << 20, ' ')), "sql.too_large");

  std::string where;
  for (size_t i = 0; i < kMaxSqlPredicates; ++i) where += (i ? " AND c" : "c") + std::to_string(i) + " = 1";
  EXPECT_EQ(Error("SELECT * FROM t WHERE " + where).substr(0, 2), "ok");
  EXPECT_EQ(Error("SELECT * FROM t WHERE " + where + " AND x = 1"), "sql.too_large");

  std::string list;
  for (size_t i = 0; i < kMaxSqlInValues; ++i) list += (i ? ", " : "") + std::to_string(i);
  json in = Request("SELECT * FROM t WHERE a IN (" + list + ")");
  EXPECT_EQ(in["filters"]["a"].size(), kMaxSqlInValues);
  EXPECT_EQ(Error("SELECT * FROM t WHERE a IN (" + list + ", 1000)"), "sql.too_large");
}

// ---------------------------------------------------------------- the native builder accepts it

model::FieldDef F(const std::string& name, ColumnType type) {
  model::FieldDef f;
  f.name = name;
  f.title = name;
  f.type = type;
  return f;
}

model::VersionInfo Companies() {
  model::VersionInfo v;
  v.dataset_id = "companies";
  v.version = 1;
  v.table = "d1_v1";
  v.fields = {F("id", ColumnType::kInteger),      F("name", ColumnType::kText),  F("capital", ColumnType::kDecimal),
              F("founded", ColumnType::kDate),    F("active", ColumnType::kBoolean), F("district", ColumnType::kText),
              F("区县", ColumnType::kText)};
  return v;
}

Result<model::QueryPlan> Plan(std::string_view sql) {
  auto parsed = ParseSqlSelect(sql);
  if (!parsed.ok()) return parsed.status();
  return BuildPlan(parsed->request, Companies(), QueryLimits{});
}

TEST(SqlSelectPlanTest, RowsWithFiltersAndSort) {
  auto plan = Plan(R"(SELECT name, capital AS cap FROM "companies"
                      WHERE capital >= 100 AND capital < 500.5 AND district IN ('樊城区', '襄城区') AND name <> 'x'
                        AND founded BETWEEN '2020-01-01' AND '2020-12-31' AND active = TRUE AND 区县 IS NOT NULL
                        AND id = 7
                      ORDER BY cap DESC, id LIMIT 20 OFFSET 40)");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->fields, (std::vector<std::string>{"name", "capital", "id"}));  // id: a hidden sort key
  EXPECT_EQ(plan->hidden_fields, 1u);
  EXPECT_EQ(plan->filters.size(), 10u);
  std::map<std::string, std::vector<model::FilterOp>> ops;
  for (const auto& f : plan->filters) ops[f.field].push_back(f.op);
  using model::FilterOp;
  EXPECT_EQ(ops["capital"], (std::vector<FilterOp>{FilterOp::kGte, FilterOp::kLt}));
  EXPECT_EQ(ops["name"], (std::vector<FilterOp>{FilterOp::kNe, FilterOp::kNotNull}));
  EXPECT_EQ(ops["founded"], (std::vector<FilterOp>{FilterOp::kGte, FilterOp::kLte}));
  EXPECT_EQ(ops["district"], (std::vector<FilterOp>{FilterOp::kIn}));
  EXPECT_EQ(ops["区县"], (std::vector<FilterOp>{FilterOp::kNotNull}));
  EXPECT_EQ(ops["id"], (std::vector<FilterOp>{FilterOp::kEq}));
  ASSERT_EQ(plan->sort.size(), 2u);
  EXPECT_EQ(plan->sort[0].field, "capital");
  EXPECT_TRUE(plan->sort[0].descending);
  EXPECT_EQ(plan->sort[1].field, "id");
  EXPECT_EQ(plan->limit, 20);
  EXPECT_EQ(plan->offset, 40);
}

TEST(SqlSelectPlanTest, AggregatesSortedByAlias) {
  auto plan = Plan(R"(SELECT district, count(*) AS n, sum(capital) AS total, avg(capital), min(founded), max(name),
                             count(区县)
                      FROM companies c WHERE c.active = false
                      GROUP BY c.district ORDER BY n DESC, total, AVG(capital) DESC, district)");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->group_by, (std::vector<std::string>{"district"}));
  std::vector<std::string> aliases;
  for (const auto& a : plan->aggregates) aliases.push_back(a.alias);
  EXPECT_EQ(aliases, (std::vector<std::string>{"count", "sum_capital", "avg_capital", "min_founded", "max_name",
                                               "count_区县"}));
  ASSERT_EQ(plan->sort.size(), 4u);
  EXPECT_EQ(plan->sort[0].field, "count");
  EXPECT_TRUE(plan->sort[0].descending);
  EXPECT_EQ(plan->sort[1].field, "sum_capital");
  EXPECT_EQ(plan->sort[2].field, "avg_capital");
  EXPECT_EQ(plan->sort[3].field, "district");
  EXPECT_EQ(plan->filters.size(), 1u);
}

TEST(SqlSelectPlanTest, OtherHappyShapes) {
  for (const char* sql : {
           R"(SELECT * FROM "companies")",
           "SELECT count(*) FROM companies WHERE capital BETWEEN 1 AND 2.5",
           "SELECT DISTINCT district FROM companies ORDER BY district DESC",
           "SELECT district FROM companies GROUP BY district ORDER BY district",
           "SELECT 区县, count(id) FROM companies GROUP BY 区县 ORDER BY count(id) DESC LIMIT 3",
           "SELECT * FROM companies WHERE id IN (1, 2, 3) AND founded > '2020-01-01' AND name IS NULL",
       }) {
    auto plan = Plan(sql);
    EXPECT_TRUE(plan.ok()) << sql << "\n" << plan.status().ToString();
  }
  auto distinct = Plan("SELECT district FROM companies GROUP BY district");
  ASSERT_TRUE(distinct.ok());
  EXPECT_TRUE(distinct->distinct);
  EXPECT_TRUE(distinct->aggregates.empty());  // no count column appears
  // Field names are BuildPlan's to check.
  EXPECT_EQ(Plan("SELECT nope FROM companies").status().error_code(), "query.unknown_field");
  EXPECT_EQ(Plan("SELECT sum(name) FROM companies").status().error_code(), "query.bad_aggregate");
}

}  // namespace
}  // namespace yungu::query

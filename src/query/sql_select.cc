// A recursive-descent parser for the SELECT subset in sql_select.h, and the
// mapping of what it read onto the native query request.
#include "yungu/query/sql_select.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "query/sql_lexer.h"
#include "yungu/core/shorten.h"

namespace yungu::query {
namespace {

using nlohmann::json;
using sql::IsKeyword;
using sql::SyntaxError;
using sql::Token;
using sql::TokenKind;
using sql::UnsupportedError;

Status TooLarge(size_t offset, const std::string& message) {
  return InvalidArgument("sql.too_large", "at byte " + std::to_string(offset) + ": " + message);
}

std::string Shorten(std::string_view s) { return ShortenUtf8(s, 64, "..."); }

// Bare names fold to lower case, as PostgreSQL (and so CKAN) reads them.
std::string FoldCase(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// Keywords of the subset: never bare column names or aliases.
constexpr std::string_view kGrammarWords[] = {"SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY",    "ORDER",
                                              "LIMIT",  "OFFSET",   "AND",  "IN",    "IS",    "NULL",  "TRUE",
                                              "FALSE",  "BETWEEN",  "AS",   "ASC",   "DESC",  "NULLS"};

// Keywords of SQL the subset refuses, with the reason given to the client.
struct RefusedWord {
  std::string_view word;
  std::string_view why;
};
constexpr RefusedWord kRefusedWords[] = {
    {"OR", "OR is not supported: conditions can only be joined with AND"},
    {"NOT", "NOT is not supported (only IS NOT NULL)"},
    {"LIKE", "LIKE is not supported: compare with =, IN or a range"},
    {"ILIKE", "ILIKE is not supported: compare with =, IN or a range"},
    {"SIMILAR", "SIMILAR TO is not supported: compare with =, IN or a range"},
    {"JOIN", "joins are not supported: query one dataset"},
    {"INNER", "joins are not supported: query one dataset"},
    {"LEFT", "joins are not supported: query one dataset"},
    {"RIGHT", "joins are not supported: query one dataset"},
    {"FULL", "joins are not supported: query one dataset"},
    {"CROSS", "joins are not supported: query one dataset"},
    {"NATURAL", "joins are not supported: query one dataset"},
    {"LATERAL", "joins are not supported: query one dataset"},
    {"ON", "joins are not supported: query one dataset"},
    {"USING", "USING is not supported"},
    {"UNION", "UNION is not supported: send one SELECT"},
    {"INTERSECT", "INTERSECT is not supported: send one SELECT"},
    {"EXCEPT", "EXCEPT is not supported: send one SELECT"},
    {"HAVING", "HAVING is not supported"},
    {"WITH", "WITH (common table expressions) is not supported"},
    {"WINDOW", "window functions are not supported"},
    {"OVER", "window functions are not supported"},
    {"FETCH", "FETCH is not supported: use LIMIT"},
    {"FOR", "FOR UPDATE/SHARE is not supported"},
    {"INTO", "SELECT INTO is not supported"},
    {"CASE", "CASE expressions are not supported"},
    {"CAST", "CAST is not supported"},
    {"EXISTS", "EXISTS is not supported"},
    {"ANY", "ANY is not supported: use IN"},
    {"SOME", "SOME is not supported: use IN"},
    {"ALL", "ALL is not supported"},
    {"ARRAY", "arrays are not supported"},
    {"INTERVAL", "intervals are not supported"},
    {"COLLATE", "COLLATE is not supported"},
    {"TABLESAMPLE", "TABLESAMPLE is not supported"},
    {"ONLY", "ONLY is not supported"},
    {"SYMMETRIC", "BETWEEN SYMMETRIC is not supported"},
};

// First words of statements that are not SELECT.
constexpr std::string_view kStatementWords[] = {
    "INSERT",  "UPDATE",   "DELETE",     "DROP",    "CREATE",  "ALTER",  "TRUNCATE", "COPY",   "GRANT",
    "REVOKE",  "VALUES",   "TABLE",      "EXPLAIN", "SET",     "SHOW",   "BEGIN",    "START",  "COMMIT",
    "ROLLBACK", "SAVEPOINT", "CALL",     "DO",      "EXECUTE", "PREPARE", "DEALLOCATE", "VACUUM", "ANALYZE",
    "LOCK",    "LISTEN",   "NOTIFY",     "MERGE",   "REINDEX", "CLUSTER", "DISCARD",  "RESET",  "COMMENT",
    "REFRESH", "IMPORT",   "DECLARE",    "MOVE",    "CLOSE",   "CHECKPOINT", "LOAD",  "REPLACE", "UPSERT"};

bool IsReserved(const Token& t) {
  for (auto w : kGrammarWords) {
    if (IsKeyword(t, w)) return true;
  }
  for (const auto& r : kRefusedWords) {
    if (IsKeyword(t, r.word)) return true;
  }
  return false;
}

bool IsAggregate(const std::string& fn) {
  return fn == "count" || fn == "sum" || fn == "avg" || fn == "min" || fn == "max";
}

// Symbols that only make sense in expressions, which the subset has none of.
bool IsOperator(const std::string& symbol) {
  for (std::string_view s : {",", "(", ")", ".", ";", "=", "<", ">", "<=", ">=", "<>", "!="}) {
    if (symbol == s) return false;
  }
  return true;
}

struct ColumnRef {
  std::string name;
  bool qualified = false;  // written as table.name
  size_t offset = 0;
};

// One entry of the select list: a column or an aggregate.
struct SelectItem {
  std::string function;  // count, sum, avg, min, max; empty for a plain column
  std::string column;    // empty for COUNT(*)
  std::string alias;     // empty without AS
  size_t offset = 0;

  // The name the native answer gives the column; for aggregates BuildPlan's
  // alias, e.g. "count" or "sum_capital".
  std::string NativeName() const {
    if (function.empty()) return column;
    return column.empty() ? function : function + "_" + column;
  }
  std::string OutputName() const { return alias.empty() ? NativeName() : alias; }
};

struct SortItem {
  SelectItem key;  // a column, or an aggregate written out again
  bool qualified = false;
  bool descending = false;
};

enum class Clause { kFrom, kWhere, kGroupBy, kOrderBy, kLimit };

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<SqlSelect> Parse() {
    YG_RETURN_IF_ERROR(Statement());
    for (const auto& [qualifier, offset] : qualifiers_) {
      if (qualifier != table_ && qualifier != table_alias_) {
        return UnsupportedError(offset, "'" + Shorten(qualifier) + "' is not the table in FROM: only one table can be queried");
      }
    }
    return Build();
  }

 private:
  // ------------------------------------------------------------ tokens

  const Token& Peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool AtWord(std::string_view keyword, size_t ahead = 0) const { return IsKeyword(Peek(ahead), keyword); }
  bool AtSymbol(std::string_view symbol, size_t ahead = 0) const {
    return Peek(ahead).kind == TokenKind::kSymbol && Peek(ahead).text == symbol;
  }
  bool AcceptWord(std::string_view keyword) {
    if (!AtWord(keyword)) return false;
    Next();
    return true;
  }
  bool AcceptSymbol(std::string_view symbol) {
    if (!AtSymbol(symbol)) return false;
    Next();
    return true;
  }
  bool AtName(size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == TokenKind::kQuotedName || (t.kind == TokenKind::kWord && !IsReserved(t));
  }
  bool AtLiteral() const {
    const Token& t = Peek();
    return t.kind == TokenKind::kString || t.kind == TokenKind::kNumber || AtWord("TRUE") || AtWord("FALSE") ||
           AtWord("NULL") || (AtSymbol("-") && Peek(1).kind == TokenKind::kNumber);
  }

  // The error for the token at hand when `expected` should have come: a
  // construct the subset refuses is named as such, anything else is syntax.
  Status Unexpected(const std::string& expected) const {
    const Token& t = Peek();
    const std::string want = "expected " + expected + ", found ";
    switch (t.kind) {
      case TokenKind::kEnd:
        return SyntaxError(t.offset, want + "the end of the statement");
      case TokenKind::kWord:
        for (const auto& r : kRefusedWords) {
          if (IsKeyword(t, r.word)) return UnsupportedError(t.offset, std::string(r.why));
        }
        if (IsKeyword(t, "SELECT")) return UnsupportedError(t.offset, "subqueries are not supported");
        return SyntaxError(t.offset, want + "'" + Shorten(t.text) + "'");
      case TokenKind::kSymbol:
        if (t.text == "(") {
          return UnsupportedError(t.offset, AtWord("SELECT", 1) ? "subqueries are not supported"
                                                                : "parentheses are not supported here: nothing nests");
        }
        if (t.text == "`") return UnsupportedError(t.offset, "`quoted` names are not supported: use \"double quotes\"");
        if (IsOperator(t.text)) {
          return UnsupportedError(t.offset, "operator '" + t.text + "' is not supported: no expressions or arithmetic");
        }
        return SyntaxError(t.offset, want + "'" + t.text + "'");
      case TokenKind::kString:
        return SyntaxError(t.offset, want + "the string '" + Shorten(t.text) + "'");
      case TokenKind::kNumber:
        return SyntaxError(t.offset, want + "the number " + Shorten(t.text));
      case TokenKind::kQuotedName:
        return SyntaxError(t.offset, want + "\"" + Shorten(t.text) + "\"");
    }
    return SyntaxError(t.offset, want + "something else");
  }

  // The error for a name followed by '(' other than an accepted aggregate.
  Status FunctionError() const {
    const Token& t = Peek();
    std::string fn = t.kind == TokenKind::kWord ? FoldCase(t.text) : t.text;
    if (IsAggregate(fn)) {
      return UnsupportedError(t.offset, "aggregates are only supported in the select list and ORDER BY");
    }
    return UnsupportedError(t.offset, "function " + Shorten(fn) + "() is not supported (only COUNT, SUM, AVG, MIN, MAX)");
  }

  Result<std::string> Name(const std::string& expected) {
    if (!AtName()) return Unexpected(expected);
    const Token& t = Next();
    return t.kind == TokenKind::kQuotedName ? t.text : FoldCase(t.text);
  }

  // name or qualifier.name
  Result<ColumnRef> Column() {
    ColumnRef col;
    col.offset = Peek().offset;
    if (AtName() && AtSymbol("(", 1)) return FunctionError();
    YG_ASSIGN_OR_RETURN(std::string first, Name("a column name"));
    if (!AcceptSymbol(".")) {
      col.name = std::move(first);
      return col;
    }
    if (AtSymbol("*")) return UnsupportedError(Peek().offset, "* must be the only item in the select list");
    YG_ASSIGN_OR_RETURN(col.name, Name("a column name after '.'"));
    if (AtSymbol(".")) return UnsupportedError(col.offset, "schema-qualified names are not supported");
    qualifiers_.emplace_back(std::move(first), col.offset);
    col.qualified = true;
    return col;
  }

  // ------------------------------------------------------------ values

  Result<json> NumberValue(const Token& number, bool negative, size_t offset) const {
    const std::string text = (negative ? "-" : "") + number.text;
    const char* end = text.data() + text.size();
    if (number.text.find_first_not_of("0123456789") == std::string::npos) {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(text.data(), end, v);
      if (ec != std::errc() || p != end) return UnsupportedError(offset, "integer out of range: " + Shorten(text));
      return json(v);
    }
    double d = 0;
    auto [p, ec] = std::from_chars(text.data(), end, d);
    if (ec != std::errc() || p != end || !std::isfinite(d)) {
      return UnsupportedError(offset, "number out of range: " + Shorten(text));
    }
    return json(d);
  }

  // 'string' | number | -number | TRUE | FALSE
  Result<json> Value() {
    const Token& t = Peek();
    if (t.kind == TokenKind::kString) {
      Next();
      return json(t.text);
    }
    if (t.kind == TokenKind::kNumber) {
      Next();
      return NumberValue(t, false, t.offset);
    }
    if (AtSymbol("-") && Peek(1).kind == TokenKind::kNumber) {
      Next();
      return NumberValue(Next(), true, t.offset);
    }
    if (AtWord("TRUE") || AtWord("FALSE")) {
      Next();
      return json(IsKeyword(t, "TRUE"));
    }
    if (AtWord("NULL")) {
      return UnsupportedError(t.offset, "comparing with NULL is never true: use IS NULL or IS NOT NULL");
    }
    if (AtName()) {
      if (AtSymbol("(", 1)) return FunctionError();
      if (t.kind == TokenKind::kWord && Peek(1).kind == TokenKind::kString) {
        return UnsupportedError(t.offset, "typed literals such as DATE '2024-01-01' are not supported: write the string");
      }
      return UnsupportedError(t.offset, "comparing a column with another column is not supported");
    }
    return Unexpected("a value");
  }

  // ------------------------------------------------------------ clauses

  Status Statement() {
    if (!AtWord("SELECT")) {
      for (auto w : kStatementWords) {
        if (AtWord(w)) return UnsupportedError(Peek().offset, std::string(w) + " statements are not supported: send one SELECT");
      }
      return Unexpected("SELECT");
    }
    Next();
    distinct_ = AcceptWord("DISTINCT");
    if (distinct_ && AtWord("ON")) return UnsupportedError(Peek().offset, "DISTINCT ON is not supported");
    YG_RETURN_IF_ERROR(SelectList());
    if (!AcceptWord("FROM")) return Unexpected("',' or FROM");
    YG_RETURN_IF_ERROR(From());
    Clause last = Clause::kFrom;
    if (AcceptWord("WHERE")) {
      YG_RETURN_IF_ERROR(Where());
      last = Clause::kWhere;
    }
    if (AcceptWord("GROUP")) {
      if (!AcceptWord("BY")) return Unexpected("BY");
      YG_RETURN_IF_ERROR(GroupBy());
      last = Clause::kGroupBy;
    }
    if (AcceptWord("ORDER")) {
      if (!AcceptWord("BY")) return Unexpected("BY");
      YG_RETURN_IF_ERROR(OrderBy());
      last = Clause::kOrderBy;
    }
    // PostgreSQL takes LIMIT and OFFSET in either order.
    while (true) {
      if (!limit_ && AcceptWord("LIMIT")) {
        YG_ASSIGN_OR_RETURN(limit_, WholeNumber("LIMIT"));
      } else if (!offset_ && AcceptWord("OFFSET")) {
        YG_ASSIGN_OR_RETURN(offset_, WholeNumber("OFFSET"));
      } else {
        break;
      }
      last = Clause::kLimit;
    }
    if (AcceptSymbol(";") && Peek().kind != TokenKind::kEnd) {
      return UnsupportedError(Peek().offset, "more than one statement is not supported");
    }
    if (Peek().kind != TokenKind::kEnd) return Unexpected(WhatMayFollow(last));
    return Status::Ok();
  }

  std::string WhatMayFollow(Clause last) const {
    std::vector<std::string> options;
    if (last == Clause::kWhere) options.push_back("AND");
    if (last == Clause::kGroupBy || last == Clause::kOrderBy) options.push_back("','");
    if (last < Clause::kWhere) options.push_back("WHERE");
    if (last < Clause::kGroupBy) options.push_back("GROUP BY");
    if (last < Clause::kOrderBy) options.push_back("ORDER BY");
    if (!limit_) options.push_back("LIMIT");
    if (!offset_) options.push_back("OFFSET");
    std::string out;
    for (const auto& o : options) out += o + ", ";
    return out.substr(0, out.size() - 2) + " or the end of the statement";
  }

  Status SelectList() {
    const bool qualified_star = AtName() && AtSymbol(".", 1) && AtSymbol("*", 2);
    if (AtSymbol("*") || qualified_star) {
      if (qualified_star) {
        const size_t at = Peek().offset;
        YG_ASSIGN_OR_RETURN(std::string qualifier, Name("a table name"));
        qualifiers_.emplace_back(std::move(qualifier), at);
        Next();  // '.'
      }
      Next();  // '*'
      star_ = true;
      if (AtSymbol(",")) return UnsupportedError(Peek().offset, "* must be the only item in the select list");
      return Status::Ok();
    }
    do {
      YG_RETURN_IF_ERROR(SelectListItem());
    } while (AcceptSymbol(","));
    return Status::Ok();
  }

  Status SelectListItem() {
    SelectItem item;
    if (AtSymbol("*")) return UnsupportedError(Peek().offset, "* must be the only item in the select list");
    if (AtLiteral()) return UnsupportedError(Peek().offset, "constant values in the select list are not supported");
    if (AtName() && AtSymbol("(", 1)) {
      YG_ASSIGN_OR_RETURN(item, Aggregate());
    } else {
      YG_ASSIGN_OR_RETURN(ColumnRef col, Column());
      item.column = std::move(col.name);
      item.offset = col.offset;
    }
    if (AcceptWord("AS")) {
      YG_ASSIGN_OR_RETURN(item.alias, Name("a name after AS"));
    } else if (AtName()) {
      YG_ASSIGN_OR_RETURN(item.alias, Name("a name"));
    }
    items_.push_back(std::move(item));
    return Status::Ok();
  }

  // COUNT(*) | COUNT(col) | SUM|AVG|MIN|MAX(col)
  Result<SelectItem> Aggregate() {
    SelectItem item;
    const Token& fn = Peek();
    item.offset = fn.offset;
    item.function = fn.kind == TokenKind::kWord ? FoldCase(fn.text) : fn.text;
    if (!IsAggregate(item.function)) return FunctionError();
    Next();
    Next();  // '('
    if (AtWord("DISTINCT") || AtWord("ALL")) {
      return UnsupportedError(Peek().offset, Upper(item.function) + "(" + Upper(Peek().text) + " ...) is not supported");
    }
    if (AtSymbol("*")) {
      if (item.function != "count") return SyntaxError(Peek().offset, "only COUNT takes *");
      Next();
    } else {
      if (AtLiteral()) return UnsupportedError(Peek().offset, "aggregates take a column or *, not a value");
      YG_ASSIGN_OR_RETURN(ColumnRef col, Column());
      item.column = std::move(col.name);
    }
    if (!AcceptSymbol(")")) return Unexpected("')'");
    if (AtWord("FILTER") && AtSymbol("(", 1)) return UnsupportedError(Peek().offset, "aggregate FILTER is not supported");
    return item;
  }

  Status From() {
    if (AtName() && AtSymbol("(", 1)) return UnsupportedError(Peek().offset, "table functions are not supported");
    YG_ASSIGN_OR_RETURN(table_, Name("a table name (the dataset id)"));
    if (AtSymbol(".")) {
      return UnsupportedError(Peek().offset, "schema-qualified table names are not supported: name the dataset id only");
    }
    if (AcceptWord("AS")) {
      YG_ASSIGN_OR_RETURN(table_alias_, Name("a table alias after AS"));
    } else if (AtName()) {
      YG_ASSIGN_OR_RETURN(table_alias_, Name("a table alias"));
    }
    if (AtSymbol(",")) return UnsupportedError(Peek().offset, "more than one table is not supported: query one dataset");
    return Status::Ok();
  }

  Status Where() {
    do {
      YG_RETURN_IF_ERROR(Predicate());
    } while (AcceptWord("AND"));
    return Status::Ok();
  }

  Status Predicate() {
    const size_t start = Peek().offset;
    if (++predicates_ > kMaxSqlPredicates) {
      return TooLarge(start, "more than " + std::to_string(kMaxSqlPredicates) + " conditions");
    }
    if (AtLiteral()) {
      return UnsupportedError(start, "a condition must compare a column with a value, the column first (col = 1)");
    }
    YG_ASSIGN_OR_RETURN(ColumnRef col, Column());
    const Token& op = Peek();
    static const std::pair<std::string_view, std::string_view> kComparisons[] = {
        {"=", "eq"}, {"<>", "ne"}, {"!=", "ne"}, {"<", "lt"}, {"<=", "lte"}, {">", "gt"}, {">=", "gte"}};
    for (const auto& [symbol, native] : kComparisons) {
      if (!AtSymbol(symbol)) continue;
      Next();
      YG_ASSIGN_OR_RETURN(json value, Value());
      YG_RETURN_IF_ERROR(AddCondition(col, std::string(native), std::move(value), op.offset));
      // SQL's <> never matches NULL; the native "ne" does.
      if (native == "ne") YG_RETURN_IF_ERROR(AddCondition(col, "null", false, op.offset));
      return Status::Ok();
    }
    if (AcceptWord("IN")) return InList(col, op.offset);
    if (AcceptWord("IS")) {
      const bool negated = AcceptWord("NOT");
      if (AcceptWord("NULL")) return AddCondition(col, "null", !negated, op.offset);
      if (Peek().kind == TokenKind::kWord) {
        return UnsupportedError(Peek().offset, std::string("IS ") + (negated ? "NOT " : "") + Upper(Shorten(Peek().text)) +
                                                   " is not supported: only IS NULL and IS NOT NULL");
      }
      return Unexpected("NULL");
    }
    if (AcceptWord("BETWEEN")) {
      if (AtWord("ASYMMETRIC")) return UnsupportedError(Peek().offset, "BETWEEN ASYMMETRIC is not supported");
      YG_ASSIGN_OR_RETURN(json low, Value());
      if (!AcceptWord("AND")) return Unexpected("AND of BETWEEN ... AND ...");
      YG_ASSIGN_OR_RETURN(json high, Value());
      YG_RETURN_IF_ERROR(AddCondition(col, "gte", std::move(low), op.offset));
      return AddCondition(col, "lte", std::move(high), op.offset);
    }
    return Unexpected("a comparison (=, <>, <, <=, >, >=, IN, IS or BETWEEN)");
  }

  Status InList(const ColumnRef& col, size_t offset) {
    if (!AcceptSymbol("(")) return Unexpected("'(' after IN");
    if (AtWord("SELECT")) return UnsupportedError(Peek().offset, "subqueries are not supported");
    json values = json::array();
    do {
      if (values.size() == kMaxSqlInValues) {
        return TooLarge(Peek().offset, "more than " + std::to_string(kMaxSqlInValues) + " values in an IN list");
      }
      YG_ASSIGN_OR_RETURN(json v, Value());
      values.push_back(std::move(v));
    } while (AcceptSymbol(","));
    if (!AcceptSymbol(")")) return Unexpected("',' or ')'");
    return AddCondition(col, "in", std::move(values), offset);
  }

  // One native condition per column and operator: repeating one with the
  // same value changes nothing, with another value is refused (rather than
  // guessing which bound is tighter in the column's type).
  Status AddCondition(const ColumnRef& col, const std::string& op, json value, size_t offset) {
    auto& ops = conditions_[col.name];
    auto [it, added] = ops.emplace(op, value);
    if (added || it->second == value) return Status::Ok();
    if (op == "null") {
      return UnsupportedError(offset, "'" + Shorten(col.name) + "' cannot be both NULL and not NULL"
                                          " (a comparison such as <> already excludes NULL)");
    }
    static const std::map<std::string, std::string> kSqlNames = {
        {"eq", "="}, {"ne", "<>"}, {"lt", "<"}, {"lte", "<="}, {"gt", ">"}, {"gte", ">="}, {"in", "IN"}};
    return UnsupportedError(offset, "'" + Shorten(col.name) + "' already has a different " + kSqlNames.at(op) +
                                        " condition: one of each kind per column");
  }

  Status GroupBy() {
    do {
      if (Peek().kind == TokenKind::kNumber) {
        return UnsupportedError(Peek().offset, "GROUP BY a position is not supported: name the column");
      }
      YG_ASSIGN_OR_RETURN(ColumnRef col, Column());
      group_by_.push_back(std::move(col));
    } while (AcceptSymbol(","));
    return Status::Ok();
  }

  Status OrderBy() {
    do {
      SortItem s;
      if (Peek().kind == TokenKind::kNumber) {
        return UnsupportedError(Peek().offset, "ORDER BY a position is not supported: name the column");
      }
      if (AtName() && AtSymbol("(", 1)) {
        YG_ASSIGN_OR_RETURN(s.key, Aggregate());
      } else {
        YG_ASSIGN_OR_RETURN(ColumnRef col, Column());
        s.key.column = std::move(col.name);
        s.key.offset = col.offset;
        s.qualified = col.qualified;
      }
      if (AcceptWord("DESC")) {
        s.descending = true;
      } else {
        AcceptWord("ASC");
      }
      if (AtWord("USING")) return UnsupportedError(Peek().offset, "ORDER BY ... USING is not supported");
      if (AtWord("NULLS")) {
        const size_t at = Next().offset;
        bool nulls_first = false;
        if (AcceptWord("FIRST")) {
          nulls_first = true;
        } else if (!AcceptWord("LAST")) {
          return Unexpected("FIRST or LAST");
        }
        // The hub sorts NULL below every value (SQLite's order, on both
        // backends); only the placement that agrees with it can be honoured.
        if (nulls_first == s.descending) {
          return UnsupportedError(at, std::string("NULLS ") + (nulls_first ? "FIRST" : "LAST") + " with " +
                                          (s.descending ? "DESC" : "ASC") +
                                          " is not supported: NULLs come first ascending and last descending");
        }
      }
      sort_.push_back(std::move(s));
    } while (AcceptSymbol(","));
    return Status::Ok();
  }

  Result<int64_t> WholeNumber(const std::string& clause) {
    const Token& t = Peek();
    int64_t v = 0;
    if (t.kind == TokenKind::kNumber) {
      const char* end = t.text.data() + t.text.size();
      auto [p, ec] = std::from_chars(t.text.data(), end, v);
      if (ec == std::errc() && p == end) {
        Next();
        return v;
      }
    }
    return SyntaxError(t.offset, "expected a whole number after " + clause);
  }

  // ------------------------------------------------------------ mapping

  bool GroupsBy(const std::string& column) const {
    for (const auto& g : group_by_) {
      if (g.name == column) return true;
    }
    return false;
  }

  // The native sort key: an ORDER BY name means an output column (alias)
  // first, as in PostgreSQL, then a column of the dataset.
  Result<std::string> SortKeyName(const SortItem& s, bool grouped) const {
    const SelectItem* selected = nullptr;
    if (!s.key.function.empty()) {
      for (const auto& item : items_) {
        if (item.function == s.key.function && item.column == s.key.column) selected = &item;
      }
      if (!selected) {
        return UnsupportedError(s.key.offset, "ORDER BY an aggregate that is not selected is not supported: select it too");
      }
      return selected->NativeName();
    }
    if (!s.qualified) {
      for (const auto& item : items_) {
        if (item.OutputName() == s.key.column) selected = &item;
      }
    }
    if (!selected) {
      for (const auto& item : items_) {
        if (item.function.empty() && item.column == s.key.column) selected = &item;
      }
    }
    if (selected) return selected->NativeName();
    if ((!grouped && !distinct_) || star_) return s.key.column;
    return UnsupportedError(s.key.offset, "ORDER BY '" + Shorten(s.key.column) + "' must name a selected column" +
                                              (grouped ? " or aggregate in a grouped query" : " with DISTINCT"));
  }

  Result<SqlSelect> Build() const {
    SqlSelect out;
    out.table = table_;
    json& request = out.request = json::object();

    std::vector<const SelectItem*> plain, aggregates;
    for (const auto& item : items_) (item.function.empty() ? plain : aggregates).push_back(&item);
    const bool grouped = !aggregates.empty() || !group_by_.empty();
    if (star_ && grouped) return UnsupportedError(group_by_[0].offset, "SELECT * with GROUP BY is not supported");

    // The answer's columns must stay apart both as the native answer names
    // them and after renaming.
    std::set<std::string> native_names, output_names;
    for (const auto& item : items_) {
      if (!native_names.insert(item.NativeName()).second) {
        return UnsupportedError(item.offset, "'" + Shorten(item.NativeName()) + "' is selected twice");
      }
    }
    for (const auto& item : items_) {
      if (!output_names.insert(item.OutputName()).second) {
        return UnsupportedError(item.offset, "two columns would be named '" + Shorten(item.OutputName()) + "'");
      }
    }
    if (grouped) {
      for (const auto* p : plain) {
        if (!GroupsBy(p->column)) {
          return UnsupportedError(p->offset, "'" + Shorten(p->column) + "' must be in GROUP BY or inside an aggregate");
        }
      }
      // The native answer always carries the group columns.
      for (const auto& g : group_by_) {
        bool selected = false;
        for (const auto* p : plain) selected |= p->column == g.name;
        if (!selected) {
          return UnsupportedError(g.offset, "GROUP BY '" + Shorten(g.name) + "' must also be in the select list");
        }
      }
    }

    json columns = json::array();
    for (const auto* p : plain) columns.push_back(p->column);
    if (grouped && aggregates.empty()) {
      // GROUP BY without aggregates lists the distinct groups; the native
      // group_by would add a count column.
      request["fields"] = columns;
      request["distinct"] = true;
    } else if (grouped) {
      if (!plain.empty()) request["group_by"] = columns;
      json list = json::array();
      for (const auto* a : aggregates) list.push_back(a->function + (a->column.empty() ? "" : ":" + a->column));
      request["aggregates"] = std::move(list);
      // DISTINCT adds nothing here: grouped rows already differ.
    } else {
      if (!star_) request["fields"] = columns;
      if (distinct_) request["distinct"] = true;
    }

    if (!conditions_.empty()) {
      json filters = json::object();
      for (const auto& [column, ops] : conditions_) {
        if (ops.size() == 1 && (ops.count("eq") || ops.count("in"))) {
          filters[column] = ops.begin()->second;  // {"f": v} or {"f": [a, b]}
        } else {
          filters[column] = json(ops);
        }
      }
      request["filters"] = std::move(filters);
    }
    if (!sort_.empty()) {
      json sort = json::array();
      for (const auto& s : sort_) {
        YG_ASSIGN_OR_RETURN(std::string key, SortKeyName(s, grouped));
        sort.push_back((s.descending ? "-" : "") + key);
      }
      request["sort"] = std::move(sort);
    }
    if (limit_) request["limit"] = *limit_;
    if (offset_) request["offset"] = *offset_;

    for (const auto& item : items_) {
      out.columns.push_back(item.NativeName());
      if (!item.alias.empty() && item.alias != item.NativeName()) out.renames[item.NativeName()] = item.alias;
    }
    return out;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;

  bool distinct_ = false;
  bool star_ = false;
  std::vector<SelectItem> items_;
  std::string table_;
  std::string table_alias_;
  std::vector<std::pair<std::string, size_t>> qualifiers_;  // table.column qualifiers, checked against FROM
  size_t predicates_ = 0;
  std::map<std::string, std::map<std::string, json>> conditions_;  // column -> native operator -> operand
  std::vector<ColumnRef> group_by_;
  std::vector<SortItem> sort_;
  std::optional<int64_t> limit_;
  std::optional<int64_t> offset_;
};

}  // namespace

Result<SqlSelect> ParseSqlSelect(std::string_view sql) {
  if (sql.size() > kMaxSqlBytes) {
    return InvalidArgument("sql.too_large", "the statement is longer than " + std::to_string(kMaxSqlBytes) + " bytes");
  }
  YG_ASSIGN_OR_RETURN(auto tokens, sql::Tokenize(sql));
  return Parser(std::move(tokens)).Parse();
}

}  // namespace yungu::query

#include "storage/sql/plan_compiler.h"

#include <algorithm>

#include "yungu/core/search_tokens.h"

namespace yungu::storage::sql {
namespace {

using model::FilterOp;

std::string QuoteIdent(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

class Compiler {
 public:
  Compiler(Dialect d, const model::VersionInfo& v, const model::QueryPlan& p) : pg_(d == Dialect::kPostgres), version_(v), plan_(p) {}

  Result<int> Index(const std::string& field) const {
    for (size_t i = 0; i < version_.fields.size(); ++i) {
      if (version_.fields[i].name == field) return static_cast<int>(i);
    }
    return InvalidArgument("query.unknown_field", "unknown field '" + field + "'");
  }

  Result<std::string> Column(const std::string& field) const {
    YG_ASSIGN_OR_RETURN(int i, Index(field));
    return "c" + std::to_string(i);
  }

  std::string Param(const Value& v) {
    out_.params.push_back(v);
    if (!pg_) return "?" + std::to_string(out_.params.size());
    // Typed, so that e.g. an integer column compares with a decimal as a
    // number, as in SQLite.
    std::string p = "$" + std::to_string(out_.params.size());
    switch (v.index()) {
      case 1: return p + "::bigint";
      case 2: return p + "::double precision";
      case 3: return p + "::boolean";
      case 0: return p;
      default: return p + "::text";
    }
  }

  Result<std::string> Where() {
    std::string where;
    for (const auto& f : plan_.filters) {
      YG_ASSIGN_OR_RETURN(std::string c, Column(f.field));
      std::string cond;
      auto one = [&]() -> Result<std::string> {
        if (f.values.size() != 1) return InvalidArgument("query.bad_filter", "filter on '" + f.field + "' needs one value");
        return Param(f.values[0]);
      };
      switch (f.op) {
        case FilterOp::kEq: {
          if (!f.values.empty() && IsNull(f.values[0])) { cond = c + " IS NULL"; break; }
          YG_ASSIGN_OR_RETURN(std::string p, one());
          cond = c + " = " + p;
          break;
        }
        case FilterOp::kNe: {
          YG_ASSIGN_OR_RETURN(std::string p, one());
          cond = "(" + c + " <> " + p + " OR " + c + " IS NULL)";
          break;
        }
        case FilterOp::kIn: {
          if (f.values.empty()) { cond = False(); break; }
          std::string list;
          for (const auto& v : f.values) list += (list.empty() ? "" : ", ") + Param(v);
          cond = c + " IN (" + list + ")";
          break;
        }
        case FilterOp::kLt: { YG_ASSIGN_OR_RETURN(std::string p, one()); cond = c + " < " + p; break; }
        case FilterOp::kLte: { YG_ASSIGN_OR_RETURN(std::string p, one()); cond = c + " <= " + p; break; }
        case FilterOp::kGt: { YG_ASSIGN_OR_RETURN(std::string p, one()); cond = c + " > " + p; break; }
        case FilterOp::kGte: { YG_ASSIGN_OR_RETURN(std::string p, one()); cond = c + " >= " + p; break; }
        case FilterOp::kIsNull: cond = c + " IS NULL"; break;
        case FilterOp::kNotNull: cond = c + " IS NOT NULL"; break;
      }
      where += (where.empty() ? "" : " AND ") + cond;
    }
    if (!plan_.full_text.empty()) {
      YG_ASSIGN_OR_RETURN(std::string cond, FullText());
      where += (where.empty() ? "" : " AND ") + cond;
    }
    return where;
  }

  Result<std::string> FullText() {
    std::vector<int> text_columns;
    const auto& only = plan_.full_text_fields;
    for (size_t i = 0; i < version_.fields.size(); ++i) {
      if (version_.fields[i].type != ColumnType::kText) continue;
      if (!only.empty() && std::find(only.begin(), only.end(), version_.fields[i].name) == only.end()) continue;
      text_columns.push_back(static_cast<int>(i));
    }
    if (text_columns.empty()) return False();
    // The index covers every text column; restricted to some, it only
    // narrows the candidates and the substring test below decides.
    bool restricted = !only.empty();
    if (version_.search_ready) {
      std::string match = pg_ ? text::BuildTsQuery(plan_.full_text) : text::BuildFtsQuery(plan_.full_text);
      if (match.empty()) return False();
      if (pg_) {
        fts_from_ = QuoteIdent(version_.table) + " JOIN (SELECT rid FROM " + QuoteIdent(version_.table + "_fts") +
                    " WHERE doc @@ " + Param(match) + "::tsquery) f ON _rid = f.rid";
      } else {
        // Drive the query from the index, in row order, so "the first 100
        // matches" stops after 100 instead of collecting every match.
        fts_from_ = QuoteIdent(version_.table + "_fts") + "(" + Param(match) + ") f JOIN " +
                    QuoteIdent(version_.table) + " ON _rid = f.rowid";
      }
      if (!restricted) return True();
    }
    // No index yet: a scan that matches the same terms as substrings.
    std::string all;
    for (const auto& term : text::SearchTerms(plan_.full_text)) {
      std::string pattern = "%";
      for (char ch : term.text) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
        pattern += ch;
      }
      pattern += '%';
      std::string p = Param(pattern);
      std::string any;
      for (int i : text_columns) {
        any += (any.empty() ? "" : " OR ") + ("c" + std::to_string(i)) + (pg_ ? " ILIKE " : " LIKE ") + p +
               " ESCAPE '\\'";
      }
      all += (all.empty() ? "(" : " AND (") + any + ")";
    }
    return all.empty() ? False() : all;
  }

  // Keyset condition: rows strictly after the cursor in (sort keys, _rid).
  Result<std::string> After(const std::vector<std::pair<std::string, bool>>& keys) {
    const auto& cursor = *plan_.after;
    if (cursor.sort_values.size() != keys.size()) {
      return InvalidArgument("query.bad_cursor", "the cursor does not belong to this sort order");
    }
    std::string any;
    std::string prefix;
    for (size_t i = 0; i <= keys.size(); ++i) {
      std::string after;
      if (i == keys.size()) {
        after = "_rid > " + Param(cursor.row_id);
      } else {
        const auto& [col, desc] = keys[i];
        const Value& v = cursor.sort_values[i];
        if (!desc) {
          after = IsNull(v) ? col + " IS NOT NULL" : col + " > " + Param(v);
        } else {
          after = IsNull(v) ? False() : "(" + col + " < " + Param(v) + " OR " + col + " IS NULL)";
        }
      }
      any += (any.empty() ? "(" : " OR (") + prefix + after + ")";
      if (i < keys.size()) {
        const auto& [col, desc] = keys[i];
        const Value& v = cursor.sort_values[i];
        prefix += (IsNull(v) ? col + " IS NULL" : col + " = " + Param(v)) + " AND ";
      }
    }
    return "(" + any + ")";
  }

  std::string From() const { return " FROM " + (fts_from_.empty() ? QuoteIdent(version_.table) : fts_from_); }

  Result<CompiledQuery> Select() {
    YG_ASSIGN_OR_RETURN(std::string where, Where());
    std::string from = From();
    bool grouped = !plan_.aggregates.empty();
    std::string select;
    std::string group;
    std::vector<std::pair<std::string, std::string>> names;  // output name -> SQL expression
    if (grouped) {
      for (const auto& g : plan_.group_by) {
        YG_ASSIGN_OR_RETURN(int i, Index(g));
        names.emplace_back(g, "c" + std::to_string(i));
        group += (group.empty() ? "" : ", ") + ("c" + std::to_string(i));
        AddColumn(g, version_.fields[i].type);
      }
      for (const auto& a : plan_.aggregates) {
        std::string expr;
        ColumnType type = ColumnType::kInteger;
        if (a.fn == model::AggregateFn::kCount && a.field.empty()) {
          expr = "count(*)";
        } else {
          YG_ASSIGN_OR_RETURN(int i, Index(a.field));
          std::string c = "c" + std::to_string(i);
          ColumnType ft = version_.fields[i].type;
          switch (a.fn) {
            case model::AggregateFn::kCount: expr = "count(" + c + ")"; break;
            case model::AggregateFn::kSum:
              expr = "sum(" + c + ")";
              type = ft == ColumnType::kInteger ? ColumnType::kInteger : ColumnType::kDecimal;
              break;
            case model::AggregateFn::kAvg: expr = "avg(" + c + ")"; type = ColumnType::kDecimal; break;
            case model::AggregateFn::kMin: expr = "min(" + c + ")"; type = ft; break;
            case model::AggregateFn::kMax: expr = "max(" + c + ")"; type = ft; break;
          }
        }
        names.emplace_back(a.alias, expr);
        AddColumn(a.alias, type);
      }
    } else {
      if (plan_.with_row_id && !plan_.distinct) {
        names.emplace_back("_rid", "_rid");
        AddColumn("_rid", ColumnType::kInteger);
      }
      for (const auto& f : plan_.fields) {
        YG_ASSIGN_OR_RETURN(int i, Index(f));
        names.emplace_back(f, "c" + std::to_string(i));
        AddColumn(f, version_.fields[i].type);
      }
    }
    for (const auto& [name, expr] : names) select += (select.empty() ? "" : ", ") + expr;

    std::vector<std::pair<std::string, bool>> keys;  // SQL expression, descending
    for (const auto& s : plan_.sort) {
      std::string expr;
      for (const auto& [name, e] : names) {
        if (name == s.field) expr = e;
      }
      if (expr.empty() && !grouped && !plan_.distinct) {
        YG_ASSIGN_OR_RETURN(expr, Column(s.field));
      }
      if (expr.empty()) return InvalidArgument("query.bad_sort", "cannot sort by '" + s.field + "' here");
      keys.emplace_back(expr, s.descending);
    }
    if (plan_.after) {
      if (grouped || plan_.distinct) {
        return InvalidArgument("query.bad_cursor", "cursors page plain row queries only");
      }
      YG_ASSIGN_OR_RETURN(std::string after, After(keys));
      where += (where.empty() ? "" : " AND ") + after;
    }
    std::string sql = std::string("SELECT ") + (plan_.distinct && !grouped ? "DISTINCT " : "") + select + from;
    if (!where.empty()) sql += " WHERE " + where;
    if (grouped && !group.empty()) sql += " GROUP BY " + group;
    std::string order;
    for (const auto& [expr, desc] : keys) {
      order += (order.empty() ? "" : ", ") + expr + (desc ? " DESC" : " ASC");
      if (pg_) order += desc ? " NULLS LAST" : " NULLS FIRST";  // SQLite's order of nulls
    }
    // Row order breaks ties; from the index it is the order rows come in.
    if (!grouped && !plan_.distinct) {
      order += (order.empty() ? "" : ", ") + std::string(fts_from_.empty() || pg_ ? "_rid ASC" : "f.rowid ASC");
    }
    if (!order.empty()) sql += " ORDER BY " + order;
    sql += " LIMIT " + Param(plan_.limit) + " OFFSET " + Param(plan_.after ? 0 : plan_.offset);
    out_.sql = std::move(sql);
    return std::move(out_);
  }

  Result<CompiledQuery> Count() {
    YG_ASSIGN_OR_RETURN(std::string where, Where());
    std::string from = From();
    std::string filtered = from + (where.empty() ? "" : " WHERE " + where);
    if (!plan_.aggregates.empty()) {
      std::string group;
      for (const auto& g : plan_.group_by) {
        YG_ASSIGN_OR_RETURN(std::string c, Column(g));
        group += (group.empty() ? "" : ", ") + c;
      }
      if (group.empty()) out_.params.clear();  // one row whatever the filters
      out_.sql = group.empty() ? "SELECT 1"
                               : "SELECT count(*) FROM (SELECT 1" + filtered + " GROUP BY " + group + ") g";
    } else if (plan_.distinct) {
      std::string cols;
      for (const auto& f : plan_.fields) {
        YG_ASSIGN_OR_RETURN(std::string c, Column(f));
        cols += (cols.empty() ? "" : ", ") + c;
      }
      out_.sql = "SELECT count(*) FROM (SELECT DISTINCT " + cols + filtered + ") g";
    } else {
      out_.sql = "SELECT count(*)" + filtered;
    }
    AddColumn("count", ColumnType::kInteger);
    return std::move(out_);
  }

 private:
  std::string False() const { return pg_ ? "false" : "0"; }
  std::string True() const { return pg_ ? "true" : "1"; }

  void AddColumn(const std::string& name, ColumnType type) {
    out_.columns.push_back(name);
    out_.types.push_back(type);
  }

  bool pg_;
  const model::VersionInfo& version_;
  const model::QueryPlan& plan_;
  CompiledQuery out_;
  std::string fts_from_;  // set when the full-text index drives the query
};

}  // namespace

Result<CompiledQuery> CompileSelect(Dialect dialect, const model::VersionInfo& version,
                                    const model::QueryPlan& plan) {
  return Compiler(dialect, version, plan).Select();
}

Result<CompiledQuery> CompileCount(Dialect dialect, const model::VersionInfo& version, const model::QueryPlan& plan) {
  return Compiler(dialect, version, plan).Count();
}

}  // namespace yungu::storage::sql

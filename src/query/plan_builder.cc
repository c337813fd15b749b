#include "yungu/query/plan_builder.h"

#include <algorithm>
#include <set>

#include "yungu/core/shorten.h"

namespace yungu::query {
namespace {

using nlohmann::json;

std::string Shorten(std::string_view s) { return ShortenUtf8(s, 64, "..."); }

Status BadRequest(const std::string& code, const std::string& message) {
  return InvalidArgument("query." + code, message);
}

class Builder {
 public:
  Builder(const model::VersionInfo& v, const QueryLimits& l) : version_(v), limits_(l) {}

  Result<const model::FieldDef*> Field(const std::string& name) const {
    for (const auto& f : version_.fields) {
      if (f.name == name) return &f;
    }
    return BadRequest("unknown_field", "unknown field '" + Shorten(name) + "'");
  }

  // "a,b" or ["a","b"] -> names.
  // More names than this only repeat some: SQLite refuses over 2000 result
  // columns or ORDER BY / GROUP BY terms, which would be a 500.
  static constexpr size_t kMaxNames = 1000;

  Result<std::vector<std::string>> NameList(const json& j, const char* key) const {
    YG_ASSIGN_OR_RETURN(auto out, NameListUncapped(j, key));
    if (out.size() > kMaxNames) {
      return BadRequest("bad_parameter", std::string(key) + " lists more than " + std::to_string(kMaxNames) + " names");
    }
    return out;
  }

  Result<std::vector<std::string>> NameListUncapped(const json& j, const char* key) const {
    std::vector<std::string> out;
    if (j.is_string()) {
      std::string s = j.get<std::string>();
      size_t pos = 0;
      while (pos <= s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos) end = s.size();
        std::string name = s.substr(pos, end - pos);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        if (!name.empty()) out.push_back(name);
        pos = end + 1;
      }
      return out;
    }
    if (j.is_array()) {
      for (const auto& item : j) {
        if (!item.is_string()) return BadRequest("bad_parameter", std::string(key) + " must list names as strings");
        out.push_back(item.get<std::string>());
      }
      return out;
    }
    return BadRequest("bad_parameter", std::string(key) + " must be a string or an array of strings");
  }

  Result<int64_t> Integer(const json& j, const char* key, int64_t min, int64_t max) const {
    int64_t v = 0;
    if (j.is_number_integer()) {
      v = j.get<int64_t>();
    } else if (j.is_string()) {
      const std::string s = j.get<std::string>();
      try {
        size_t used = 0;
        v = std::stoll(s, &used);
        if (used != s.size()) throw std::invalid_argument(s);
      } catch (const std::exception&) {
        return BadRequest("bad_parameter", std::string(key) + " must be an integer");
      }
    } else {
      return BadRequest("bad_parameter", std::string(key) + " must be an integer");
    }
    if (v < min || v > max) {
      return BadRequest("bad_parameter", std::string(key) + " must be between " + std::to_string(min) +
                                             " and " + std::to_string(max));
    }
    return v;
  }

  Result<bool> Bool(const json& j, const char* key) const {
    if (j.is_boolean()) return j.get<bool>();
    if (j == "true" || j == "1") return true;
    if (j == "false" || j == "0") return false;
    return BadRequest("bad_parameter", std::string(key) + " must be true or false");
  }

  Status AddFilter(const std::string& name, model::FilterOp op, const json& value, model::QueryPlan& plan) {
    if (plan.filters.size() >= limits_.max_filters) {
      return BadRequest("too_many_filters", "at most " + std::to_string(limits_.max_filters) + " filters");
    }
    YG_ASSIGN_OR_RETURN(const model::FieldDef* field, Field(name));
    model::Filter f{name, op, {}};
    if (op == model::FilterOp::kIn) {
      if (!value.is_array()) return BadRequest("bad_filter", "'in' on '" + Shorten(name) + "' needs an array");
      if (value.size() > limits_.max_in_values) {
        return BadRequest("bad_filter", "at most " + std::to_string(limits_.max_in_values) + " values in a list");
      }
      for (const auto& item : value) {
        if (item.is_array() || item.is_object()) return BadRequest("bad_filter", "list values must be scalars");
        YG_ASSIGN_OR_RETURN(Value v, ValueForColumn(item, *field));
        f.values.push_back(std::move(v));
      }
    } else if (op != model::FilterOp::kIsNull && op != model::FilterOp::kNotNull) {
      if (value.is_array() || value.is_object()) {
        return BadRequest("bad_filter", "filter on '" + Shorten(name) + "' needs a single value");
      }
      if (value.is_null() && op != model::FilterOp::kEq) {
        return BadRequest("bad_filter", "only equality can compare with null");
      }
      YG_ASSIGN_OR_RETURN(Value v, ValueForColumn(value, *field));
      f.values.push_back(std::move(v));
    }
    plan.filters.push_back(std::move(f));
    return Status::Ok();
  }

  Status Filters(const json& j, model::QueryPlan& plan) {
    if (!j.is_object()) {
      return BadRequest("bad_filter", "filters must be a JSON object such as {\"district\": \"樊城区\"}");
    }
    for (const auto& [name, value] : j.items()) {
      if (value.is_array()) {
        YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kIn, value, plan));
      } else if (value.is_object()) {
        if (value.empty()) return BadRequest("bad_filter", "empty condition on '" + Shorten(name) + "'");
        for (const auto& [op, operand] : value.items()) {
          if (op == "eq") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kEq, operand, plan));
          else if (op == "ne") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kNe, operand, plan));
          else if (op == "in") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kIn, operand, plan));
          else if (op == "lt") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kLt, operand, plan));
          else if (op == "lte") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kLte, operand, plan));
          else if (op == "gt") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kGt, operand, plan));
          else if (op == "gte") YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kGte, operand, plan));
          else if (op == "null") {
            if (!operand.is_boolean()) return BadRequest("bad_filter", "'null' takes true or false");
            YG_RETURN_IF_ERROR(AddFilter(name, operand.get<bool>() ? model::FilterOp::kIsNull
                                                                  : model::FilterOp::kNotNull,
                                         json(), plan));
          } else {
            return BadRequest("bad_filter", "unknown operator '" + Shorten(op) +
                                                "' (eq, ne, in, lt, lte, gt, gte, null)");
          }
        }
      } else {
        YG_RETURN_IF_ERROR(AddFilter(name, model::FilterOp::kEq, value, plan));
      }
    }
    return Status::Ok();
  }

  Status Aggregates(const json& j, model::QueryPlan& plan) {
    std::vector<json> items;
    if (j.is_string()) {
      YG_ASSIGN_OR_RETURN(auto names, NameList(j, "aggregates"));
      for (auto& n : names) items.push_back(n);
    } else if (j.is_array()) {
      for (const auto& item : j) items.push_back(item);
    } else {
      return BadRequest("bad_aggregate", "aggregates must be a list such as [\"count\", \"sum:capital\"]");
    }
    std::set<std::string> aliases;
    for (const auto& item : items) {
      std::string fn, field, alias;
      if (item.is_string()) {
        std::string s = item.get<std::string>();
        size_t colon = s.find(':');
        fn = s.substr(0, colon);
        if (colon != std::string::npos) field = s.substr(colon + 1);
      } else if (item.is_object()) {
        for (const char* k : {"fn", "field", "as"}) {
          if (item.contains(k) && !item[k].is_string()) {
            return BadRequest("bad_aggregate", std::string("the aggregate's \"") + k + "\" must be a string");
          }
        }
        fn = item.value("fn", "");
        field = item.value("field", "");
        alias = item.value("as", "");
      } else {
        return BadRequest("bad_aggregate", "each aggregate is \"fn:field\" or {\"fn\", \"field\", \"as\"}");
      }
      model::Aggregate a;
      if (fn == "count") a.fn = model::AggregateFn::kCount;
      else if (fn == "sum") a.fn = model::AggregateFn::kSum;
      else if (fn == "avg") a.fn = model::AggregateFn::kAvg;
      else if (fn == "min") a.fn = model::AggregateFn::kMin;
      else if (fn == "max") a.fn = model::AggregateFn::kMax;
      else return BadRequest("bad_aggregate", "unknown aggregate '" + Shorten(fn) + "' (count, sum, avg, min, max)");
      if (field.empty() && a.fn != model::AggregateFn::kCount) {
        return BadRequest("bad_aggregate", fn + " needs a field, e.g. \"" + fn + ":field\"");
      }
      if (!field.empty()) {
        YG_ASSIGN_OR_RETURN(const model::FieldDef* f, Field(field));
        bool numeric = f->type == ColumnType::kInteger || f->type == ColumnType::kDecimal;
        if ((a.fn == model::AggregateFn::kSum || a.fn == model::AggregateFn::kAvg) && !numeric) {
          return BadRequest("bad_aggregate", fn + " needs a numeric field; '" + field + "' is " +
                                                 std::string(ColumnTypeName(f->type)));
        }
      }
      a.field = field;
      a.alias = !alias.empty() ? alias : (field.empty() ? fn : fn + "_" + field);
      if (!aliases.insert(a.alias).second) return BadRequest("bad_aggregate", "duplicate aggregate '" + a.alias + "'");
      plan.aggregates.push_back(std::move(a));
    }
    return Status::Ok();
  }

  Status Sort(const json& j, model::QueryPlan& plan) {
    std::vector<std::string> keys;
    if (j.is_array() && !j.empty() && j[0].is_object()) {
      for (const auto& item : j) {
        if (!item.is_object() || !item.contains("field") || !item["field"].is_string()) {
          return BadRequest("bad_sort", "sort objects need a field");
        }
        if (item.contains("order") && !item["order"].is_string()) return BadRequest("bad_sort", "order is asc or desc");
        if (keys.size() >= kMaxNames) {
          return BadRequest("bad_parameter", "sort lists more than " + std::to_string(kMaxNames) + " names");
        }
        std::string order = item.value("order", "asc");
        if (order != "asc" && order != "desc") return BadRequest("bad_sort", "order is asc or desc");
        keys.push_back((order == "desc" ? "-" : "") + item["field"].get<std::string>());
      }
    } else {
      YG_ASSIGN_OR_RETURN(keys, NameList(j, "sort"));
    }
    for (auto key : keys) {
      model::SortKey s;
      if (!key.empty() && (key[0] == '-' || key[0] == '+')) {
        s.descending = key[0] == '-';
        key.erase(0, 1);
      } else if (size_t sp = key.rfind(' '); sp != std::string::npos) {
        std::string dir = key.substr(sp + 1);
        if (dir != "asc" && dir != "desc") return BadRequest("bad_sort", "sort direction is asc or desc");
        s.descending = dir == "desc";
        key = key.substr(0, sp);
      }
      bool is_alias = false;
      for (const auto& a : plan.aggregates) is_alias |= a.alias == key;
      if (!is_alias) YG_RETURN_IF_ERROR(Field(key).status());
      s.field = key;
      plan.sort.push_back(std::move(s));
    }
    return Status::Ok();
  }

  Result<model::QueryPlan> Build(const json& req) {
    static const std::set<std::string> kKeys = {"fields", "filters", "q", "sort", "limit", "offset", "cursor",
                                                "total", "distinct", "group_by", "aggregates", "version"};
    if (!req.is_object()) return BadRequest("bad_request", "the query must be a JSON object");
    for (const auto& [key, value] : req.items()) {
      if (!kKeys.count(key)) return BadRequest("unknown_parameter", "unknown query parameter '" + Shorten(key) + "'");
    }
    model::QueryPlan plan;
    plan.limit = limits_.default_limit;
    if (req.contains("fields")) {
      YG_ASSIGN_OR_RETURN(plan.fields, NameList(req["fields"], "fields"));
      for (const auto& f : plan.fields) YG_RETURN_IF_ERROR(Field(f).status());
    }
    if (plan.fields.empty()) {
      for (const auto& f : version_.fields) plan.fields.push_back(f.name);
    }
    if (req.contains("filters")) {
      json filters = req["filters"];
      if (filters.is_string()) {
        filters = json::parse(filters.get<std::string>(), nullptr, false);
        if (filters.is_discarded()) return BadRequest("bad_filter", "filters is not valid JSON");
      }
      YG_RETURN_IF_ERROR(Filters(filters, plan));
    }
    if (req.contains("q")) {
      if (!req["q"].is_string()) return BadRequest("bad_parameter", "q must be a string");
      plan.full_text = req["q"].get<std::string>();
      if (plan.full_text.size() > limits_.max_text_bytes) {
        return BadRequest("bad_parameter", "q is longer than " + std::to_string(limits_.max_text_bytes) + " bytes");
      }
    }
    if (req.contains("distinct")) {
      YG_ASSIGN_OR_RETURN(plan.distinct, Bool(req["distinct"], "distinct"));
    }
    if (req.contains("total")) {
      YG_ASSIGN_OR_RETURN(plan.include_total, Bool(req["total"], "total"));
    }
    if (req.contains("group_by")) {
      YG_ASSIGN_OR_RETURN(plan.group_by, NameList(req["group_by"], "group_by"));
      for (const auto& g : plan.group_by) YG_RETURN_IF_ERROR(Field(g).status());
    }
    if (req.contains("aggregates")) YG_RETURN_IF_ERROR(Aggregates(req["aggregates"], plan));
    if (!plan.group_by.empty() && plan.aggregates.empty()) {
      plan.aggregates.push_back({model::AggregateFn::kCount, "", "count"});
    }
    if (req.contains("sort")) YG_RETURN_IF_ERROR(Sort(req["sort"], plan));
    if (!plan.aggregates.empty()) {
      for (const auto& s : plan.sort) {
        bool ok = false;
        for (const auto& g : plan.group_by) ok |= g == s.field;
        for (const auto& a : plan.aggregates) ok |= a.alias == s.field;
        if (!ok) return BadRequest("bad_sort", "a grouped query sorts by its groups or aggregates, not '" + s.field + "'");
      }
    }
    if (req.contains("limit")) {
      YG_ASSIGN_OR_RETURN(plan.limit, Integer(req["limit"], "limit", 0, limits_.max_limit));
    }
    if (req.contains("offset")) {
      YG_ASSIGN_OR_RETURN(plan.offset, Integer(req["offset"], "offset", 0, limits_.max_offset));
    }
    if (req.contains("cursor")) {
      if (!req["cursor"].is_string()) return BadRequest("bad_cursor", "cursor must be a string");
      if (plan.distinct || !plan.aggregates.empty()) {
        return BadRequest("bad_cursor", "cursors page plain row queries, not distinct or grouped ones");
      }
      std::string text = req["cursor"].get<std::string>();
      if (!text.empty()) {
        YG_ASSIGN_OR_RETURN(model::Cursor c, DecodeCursor(text, version_, plan));
        plan.after = std::move(c);
      }
    }
    plan.timeout_ms = limits_.timeout_ms;
    plan.with_row_id = plan.aggregates.empty() && !plan.distinct;
    if (plan.with_row_id) {
      for (const auto& s : plan.sort) {
        if (std::find(plan.fields.begin(), plan.fields.end(), s.field) == plan.fields.end()) {
          plan.fields.push_back(s.field);
          ++plan.hidden_fields;
        }
      }
    }
    return plan;
  }

 private:
  const model::VersionInfo& version_;
  const QueryLimits& limits_;
};

}  // namespace

Result<model::QueryPlan> BuildPlan(const json& request, const model::VersionInfo& version,
                                   const QueryLimits& limits) {
  return Builder(version, limits).Build(request);
}

}  // namespace yungu::query

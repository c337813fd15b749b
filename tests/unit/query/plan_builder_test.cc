// BuildPlan: turning a client's JSON request into a validated QueryPlan, and
// the opaque paging cursors.
#include "yungu/query/plan_builder.h"

#include <gtest/gtest.h>

#include "unit/value_repr.h"
#include <sodium.h>

#include <cstring>

namespace yungu::query {
namespace {

using model::FilterOp;
using nlohmann::json;

model::FieldDef F(const std::string& name, ColumnType type) {
  model::FieldDef f;
  f.name = name;
  f.title = name;
  f.type = type;
  return f;
}

model::VersionInfo Version() {
  model::VersionInfo v;
  v.dataset_id = "companies";
  v.version = 3;
  v.table = "d1_v3";
  v.row_count = 10;
  v.fields = {F("id", ColumnType::kInteger),     F("name", ColumnType::kText),
              F("capital", ColumnType::kDecimal), F("founded", ColumnType::kDate),
              F("active", ColumnType::kBoolean),  F("updated", ColumnType::kDateTime),
              F("district", ColumnType::kText)};
  return v;
}

Result<model::QueryPlan> Build(const json& request, const QueryLimits& limits = {}) {
  return BuildPlan(request, Version(), limits);
}

// The error code of a request that must fail (or "ok").
std::string Error(const json& request, const QueryLimits& limits = {}) {
  auto plan = Build(request, limits);
  if (plan.ok()) return "ok";
  EXPECT_EQ(plan.status().code(), Code::kInvalidArgument) << request.dump();
  return plan.status().error_code();
}

using yungu::testing::Repr;

std::string Base64Url(const std::string& text) {
  std::string out(sodium_base64_encoded_len(text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// ---------------------------------------------------------------- basics

TEST(PlanBuilderTest, Defaults) {
  auto plan = Build(json::object());
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->fields.size(), 7u);
  EXPECT_EQ(plan->fields[0], "id");
  EXPECT_EQ(plan->limit, 100);
  EXPECT_EQ(plan->offset, 0);
  EXPECT_TRUE(plan->filters.empty());
  EXPECT_TRUE(plan->with_row_id);
  EXPECT_FALSE(plan->distinct);
  EXPECT_FALSE(plan->include_total);
  EXPECT_EQ(plan->hidden_fields, 0u);

  QueryLimits limits;
  limits.default_limit = 7;
  EXPECT_EQ(Build(json::object(), limits)->limit, 7);
}

TEST(PlanBuilderTest, RequestMustBeAnObjectWithKnownKeys) {
  EXPECT_EQ(Error(json::array()), "query.bad_request");
  EXPECT_EQ(Error(json("x")), "query.bad_request");
  EXPECT_EQ(Error(json{{"limt", 5}}), "query.unknown_parameter");
  EXPECT_EQ(Error(json{{"filter", json::object()}}), "query.unknown_parameter");
  // "version" is read by the service, and allowed here.
  EXPECT_EQ(Error(json{{"version", 3}}), "ok");
}

TEST(PlanBuilderTest, Fields) {
  auto plan = Build(json{{"fields", "name, capital"}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->fields, (std::vector<std::string>{"name", "capital"}));
  plan = Build(json{{"fields", json::array({"district", "id"})}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->fields, (std::vector<std::string>{"district", "id"}));
  // An empty list means every field.
  EXPECT_EQ(Build(json{{"fields", ""}})->fields.size(), 7u);

  EXPECT_EQ(Error(json{{"fields", "name,nope"}}), "query.unknown_field");
  EXPECT_EQ(Error(json{{"fields", json::array({"Name"})}}), "query.unknown_field");  // case matters
  EXPECT_EQ(Error(json{{"fields", 5}}), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"fields", json::array({"name", 1})}}), "query.bad_parameter");
}

// ---------------------------------------------------------------- filters

TEST(PlanBuilderTest, FilterForms) {
  auto plan = Build(json{{"filters",
                          {{"district", "樊城区"},
                           {"id", json::array({1, 2, 3})},
                           {"capital", {{"gte", 100}, {"lt", 500.5}}},
                           {"founded", {{"null", true}}},
                           {"name", {{"null", false}}},
                           {"updated", {{"ne", "2024-01-01 08:00"}}},
                           {"active", {{"eq", true}}}}}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::map<std::string, std::vector<std::pair<FilterOp, std::vector<std::string>>>> got;
  for (const auto& f : plan->filters) {
    std::vector<std::string> values;
    for (const auto& v : f.values) values.push_back(Repr(v));
    got[f.field].push_back({f.op, values});
  }
  using V = std::vector<std::string>;
  EXPECT_EQ(got["district"][0].first, FilterOp::kEq);
  EXPECT_EQ(got["district"][0].second, V{"s:樊城区"});
  EXPECT_EQ(got["id"][0].first, FilterOp::kIn);
  EXPECT_EQ(got["id"][0].second, (V{"i:1", "i:2", "i:3"}));
  ASSERT_EQ(got["capital"].size(), 2u);
  EXPECT_EQ(got["capital"][0].first, FilterOp::kGte);
  EXPECT_EQ(got["capital"][0].second, V{"f:100"});
  EXPECT_EQ(got["capital"][1].first, FilterOp::kLt);
  EXPECT_EQ(got["capital"][1].second, V{"f:500.5"});
  EXPECT_EQ(got["founded"][0].first, FilterOp::kIsNull);
  EXPECT_TRUE(got["founded"][0].second.empty());
  EXPECT_EQ(got["name"][0].first, FilterOp::kNotNull);
  EXPECT_EQ(got["updated"][0].first, FilterOp::kNe);
  EXPECT_EQ(got["updated"][0].second, V{"T:2024-01-01T08:00:00"});  // seconds added, as stored
  EXPECT_EQ(got["active"][0].second, V{"b:true"});

  for (const char* op : {"eq", "ne", "lt", "lte", "gt", "gte"}) {
    auto p = Build(json{{"filters", {{"id", {{op, 5}}}}}});
    ASSERT_TRUE(p.ok()) << op;
    ASSERT_EQ(p->filters.size(), 1u);
  }
  auto in = Build(json{{"filters", {{"id", {{"in", json::array({4, 5})}}}}}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->filters[0].op, FilterOp::kIn);

  // Equality with null is a null test.
  auto eq_null = Build(json{{"filters", {{"name", nullptr}}}});
  ASSERT_TRUE(eq_null.ok());
  EXPECT_EQ(eq_null->filters[0].op, FilterOp::kEq);
  EXPECT_TRUE(IsNull(eq_null->filters[0].values[0]));
}

TEST(PlanBuilderTest, FiltersAsAJsonString) {
  auto plan = Build(json{{"filters", "{\"district\": \"樊城区\", \"id\": {\"gt\": 3}}"}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->filters.size(), 2u);
  EXPECT_EQ(Error(json{{"filters", "{district: 1}"}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", "[1, 2]"}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", "{\"nope\": 1}"}}), "query.unknown_field");
  EXPECT_EQ(Error(json{{"filters", json::array({1})}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", 5}}), "query.bad_filter");
}

TEST(PlanBuilderTest, BadFilters) {
  EXPECT_EQ(Error(json{{"filters", {{"nope", 1}}}}), "query.unknown_field");
  EXPECT_EQ(Error(json{{"filters", {{"nope", {{"gt", 1}}}}}}), "query.unknown_field");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"like", 1}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"GT", 1}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", json::object()}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"gt", json::array({1})}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"gt", {{"x", 1}}}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"ne", nullptr}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"lt", nullptr}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"in", 5}}}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", json::array({json::array({1})})}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"null", "yes"}}}}}}), "query.bad_filter");
}

TEST(PlanBuilderTest, TooManyFiltersAndInValues) {
  QueryLimits limits;
  limits.max_filters = 2;
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"gt", 1}, {"lt", 9}}}}}}, limits), "ok");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"gt", 1}, {"lt", 9}}}, {"name", "x"}}}}, limits),
            "query.too_many_filters");

  limits = QueryLimits{};
  limits.max_in_values = 3;
  EXPECT_EQ(Error(json{{"filters", {{"id", json::array({1, 2, 3})}}}}, limits), "ok");
  EXPECT_EQ(Error(json{{"filters", {{"id", json::array({1, 2, 3, 4})}}}}, limits), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", {{"in", json::array({1, 2, 3, 4})}}}}}}, limits), "query.bad_filter");
  // The default limit is 1000 values.
  EXPECT_EQ(Error(json{{"filters", {{"id", json(std::vector<int>(1001, 1))}}}}), "query.bad_filter");
  EXPECT_EQ(Error(json{{"filters", {{"id", json(std::vector<int>(1000, 1))}}}}), "ok");
}

// ---------------------------------------------------------------- values

std::string ValueOf(const std::string& field, const json& value) {
  auto plan = Build(json{{"filters", {{field, {{"eq", value}}}}}});
  if (!plan.ok()) return plan.status().error_code();
  return Repr(plan->filters.at(0).values.at(0));
}

TEST(PlanBuilderTest, IntegerValues) {
  EXPECT_EQ(ValueOf("id", 12), "i:12");
  EXPECT_EQ(ValueOf("id", "12"), "i:12");
  EXPECT_EQ(ValueOf("id", -5), "i:-5");
  EXPECT_EQ(ValueOf("id", 3.0), "i:3");
  EXPECT_EQ(ValueOf("id", 2.5), "f:2.5");  // comparing with 2.5 is meaningful
  for (json bad : {json("abc"), json("12abc"), json(" 12"), json("1.5"), json(true), json("")}) {
    EXPECT_EQ(ValueOf("id", bad), "query.bad_value") << bad.dump();
  }
}

TEST(PlanBuilderTest, DecimalValues) {
  EXPECT_EQ(ValueOf("capital", 1.5), "f:1.5");
  EXPECT_EQ(ValueOf("capital", 2), "f:2");
  EXPECT_EQ(ValueOf("capital", "3.25"), "f:3.25");
  for (json bad : {json("x"), json("1,000"), json("inf"), json("nan"), json(false), json("")}) {
    EXPECT_EQ(ValueOf("capital", bad), "query.bad_value") << bad.dump();
  }
}

TEST(PlanBuilderTest, DateValues) {
  EXPECT_EQ(ValueOf("founded", "2024-02-29"), "D:2024-02-29");  // leap year
  EXPECT_EQ(ValueOf("founded", "2000-02-29"), "D:2000-02-29");
  for (json bad : {json("2023-02-29"), json("1900-02-29"), json("2024-13-01"), json("2024-04-31"),
                   json("2024-00-10"), json("2024-01-00"), json("20240101"), json("2024/01/01"),
                   json("2024-1-1"), json("2024-01-01T08:00"), json(20240101), json("")}) {
    EXPECT_EQ(ValueOf("founded", bad), "query.bad_value") << bad.dump();
  }
}

TEST(PlanBuilderTest, DateTimeValues) {
  EXPECT_EQ(ValueOf("updated", "2024-03-01T08:30:00"), "T:2024-03-01T08:30:00");
  EXPECT_EQ(ValueOf("updated", "2024-03-01 08:30"), "T:2024-03-01T08:30:00");
  EXPECT_EQ(ValueOf("updated", "2024-03-01"), "T:2024-03-01T00:00:00");  // midnight
  EXPECT_EQ(ValueOf("updated", "2024-03-01T08:30:00.250Z"), "T:2024-03-01T08:30:00.250Z");
  EXPECT_EQ(ValueOf("updated", "2024-03-01T08:30:00+08:00"), "T:2024-03-01T08:30:00+08:00");
  for (json bad : {json("2024-03-01X08:30"), json("2024-03-01T8:30"), json("2024-02-30T00:00"), json(1),
                   json("2024-03-01T24:00"), json("2024-03-01T08:60"), json("2024-03-01T08:30:61"),
                   json("2024-03-01T08:30:00junk"), json("2024-03-01T08:30:00."), json("2024-03-01T08:30:00+8")}) {
    EXPECT_EQ(ValueOf("updated", bad), "query.bad_value") << bad.dump();
  }
}

TEST(PlanBuilderTest, BooleanValues) {
  EXPECT_EQ(ValueOf("active", true), "b:true");
  EXPECT_EQ(ValueOf("active", "false"), "b:false");
  for (json bad : {json("yes"), json(1), json(0), json("TRUE"), json("是")}) {
    EXPECT_EQ(ValueOf("active", bad), "query.bad_value") << bad.dump();
  }
}

TEST(PlanBuilderTest, TextValues) {
  EXPECT_EQ(ValueOf("name", "'; DROP TABLE x; --"), "s:'; DROP TABLE x; --");
  EXPECT_EQ(ValueOf("name", 123), "s:123");
  EXPECT_EQ(ValueOf("name", true), "s:true");
  // In lists convert every element.
  auto plan = Build(json{{"filters", {{"id", json::array({1, "2"})}}}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Repr(plan->filters[0].values[1]), "i:2");
  EXPECT_EQ(Error(json{{"filters", {{"id", json::array({1, "x"})}}}}), "query.bad_value");
}

// ---------------------------------------------------------------- paging and flags

TEST(PlanBuilderTest, LimitAndOffsetBounds) {
  EXPECT_EQ(Build(json{{"limit", 0}})->limit, 0);
  EXPECT_EQ(Build(json{{"limit", 10000}})->limit, 10000);
  EXPECT_EQ(Build(json{{"limit", "25"}})->limit, 25);
  EXPECT_EQ(Build(json{{"offset", 100000}})->offset, 100000);
  EXPECT_EQ(Build(json{{"offset", "7"}})->offset, 7);
  for (json bad : {json(-1), json(10001), json("10x"), json(1.5), json(true), json(""), json("abc"),
                   json("99999999999999999999999")}) {
    EXPECT_EQ(Error(json{{"limit", bad}}), "query.bad_parameter") << bad.dump();
  }
  EXPECT_EQ(Error(json{{"offset", -1}}), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"offset", 100001}}), "query.bad_parameter");

  QueryLimits limits;
  limits.max_limit = 50;
  limits.max_offset = 10;
  EXPECT_EQ(Error(json{{"limit", 51}}, limits), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"offset", 11}}, limits), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"limit", 50}, {"offset", 10}}, limits), "ok");
}

TEST(PlanBuilderTest, FullTextAndFlags) {
  auto plan = Build(json{{"q", "企业信用"}, {"distinct", "true"}, {"total", 1 == 1}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->full_text, "企业信用");
  EXPECT_TRUE(plan->distinct);
  EXPECT_TRUE(plan->include_total);
  EXPECT_FALSE(plan->with_row_id);  // distinct rows have no row id
  EXPECT_TRUE(Build(json{{"total", "1"}})->include_total);
  EXPECT_FALSE(Build(json{{"total", "0"}})->include_total);
  EXPECT_EQ(Error(json{{"total", "yes"}}), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"distinct", 2}}), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"q", 5}}), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"q", std::string(257, 'a')}}), "query.bad_parameter");
  EXPECT_EQ(Error(json{{"q", std::string(256, 'a')}}), "ok");
}

// ---------------------------------------------------------------- sort

TEST(PlanBuilderTest, SortForms) {
  auto keys = [](const json& sort) {
    std::vector<std::string> out;
    auto plan = Build(json{{"sort", sort}});
    if (!plan.ok()) return std::vector<std::string>{plan.status().error_code()};
    for (const auto& s : plan->sort) out.push_back((s.descending ? "-" : "+") + s.field);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(keys("-capital,name"), (V{"-capital", "+name"}));
  EXPECT_EQ(keys("+capital"), (V{"+capital"}));
  EXPECT_EQ(keys("capital desc, name asc"), (V{"-capital", "+name"}));
  EXPECT_EQ(keys(json::array({"-founded", "id"})), (V{"-founded", "+id"}));
  EXPECT_EQ(keys(json::array({{{"field", "capital"}, {"order", "desc"}}, {{"field", "id"}}})), (V{"-capital", "+id"}));
  EXPECT_EQ(keys("capital sideways"), V{"query.bad_sort"});
  EXPECT_EQ(keys(json::array({{{"order", "desc"}}})), V{"query.bad_sort"});
  EXPECT_EQ(keys(json::array({{{"field", "id"}, {"order", "up"}}})), V{"query.bad_sort"});
  EXPECT_EQ(keys("-nope"), V{"query.unknown_field"});
  EXPECT_EQ(keys(json::array({{{"field", "nope"}}})), V{"query.unknown_field"});
  EXPECT_EQ(keys(5), V{"query.bad_parameter"});
}

TEST(PlanBuilderTest, SortFieldsOutsideTheProjectionAreHidden) {
  auto plan = Build(json{{"fields", "name"}, {"sort", "-capital,name"}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->fields, (std::vector<std::string>{"name", "capital"}));
  EXPECT_EQ(plan->hidden_fields, 1u);
}

// ---------------------------------------------------------------- grouping

TEST(PlanBuilderTest, AggregateParsing) {
  auto plan = Build(json{{"group_by", "district"},
                         {"aggregates", json::array({"count", "sum:capital", "count:name",
                                                     {{"fn", "avg"}, {"field", "capital"}, {"as", "mean"}},
                                                     {{"fn", "max"}, {"field", "founded"}}})}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->aggregates.size(), 5u);
  EXPECT_EQ(plan->aggregates[0].fn, model::AggregateFn::kCount);
  EXPECT_EQ(plan->aggregates[0].field, "");
  EXPECT_EQ(plan->aggregates[0].alias, "count");
  EXPECT_EQ(plan->aggregates[1].fn, model::AggregateFn::kSum);
  EXPECT_EQ(plan->aggregates[1].field, "capital");
  EXPECT_EQ(plan->aggregates[1].alias, "sum_capital");
  EXPECT_EQ(plan->aggregates[2].alias, "count_name");
  EXPECT_EQ(plan->aggregates[3].fn, model::AggregateFn::kAvg);
  EXPECT_EQ(plan->aggregates[3].alias, "mean");
  EXPECT_EQ(plan->aggregates[4].fn, model::AggregateFn::kMax);
  EXPECT_EQ(plan->aggregates[4].alias, "max_founded");
  EXPECT_EQ(plan->group_by, std::vector<std::string>{"district"});
  EXPECT_FALSE(plan->with_row_id);

  auto from_string = Build(json{{"aggregates", "count, min:capital"}});
  ASSERT_TRUE(from_string.ok());
  ASSERT_EQ(from_string->aggregates.size(), 2u);
  EXPECT_EQ(from_string->aggregates[1].fn, model::AggregateFn::kMin);
  EXPECT_TRUE(from_string->group_by.empty());

  // Grouping alone counts.
  auto group_only = Build(json{{"group_by", json::array({"district", "active"})}});
  ASSERT_TRUE(group_only.ok());
  ASSERT_EQ(group_only->aggregates.size(), 1u);
  EXPECT_EQ(group_only->aggregates[0].fn, model::AggregateFn::kCount);
  EXPECT_EQ(group_only->aggregates[0].alias, "count");
}

TEST(PlanBuilderTest, BadAggregates) {
  EXPECT_EQ(Error(json{{"aggregates", json::array({"sum:name"})}}), "query.bad_aggregate");  // text
  EXPECT_EQ(Error(json{{"aggregates", json::array({"avg:founded"})}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({"avg:active"})}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({"median:capital"})}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({"sum"})}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({"count", "count"})}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({"sum:capital", {{"fn", "max"}, {"field", "id"}, {"as", "sum_capital"}}})}}),
            "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", 5}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({5})}}), "query.bad_aggregate");
  EXPECT_EQ(Error(json{{"aggregates", json::array({"sum:nope"})}}), "query.unknown_field");
  EXPECT_EQ(Error(json{{"group_by", "nope"}}), "query.unknown_field");
  EXPECT_EQ(Error(json{{"group_by", 5}}), "query.bad_parameter");
  // min/max work on any type.
  EXPECT_EQ(Error(json{{"aggregates", json::array({"min:name", "max:founded", "max:active"})}}), "ok");
}

TEST(PlanBuilderTest, GroupedSort) {
  auto plan = Build(json{{"group_by", "district"}, {"aggregates", json::array({"sum:capital"})},
                         {"sort", "-sum_capital,district"}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->sort.size(), 2u);
  EXPECT_EQ(plan->sort[0].field, "sum_capital");
  EXPECT_TRUE(plan->sort[0].descending);
  EXPECT_EQ(plan->hidden_fields, 0u);
  // A grouped query sorts by its groups and aggregates only.
  EXPECT_EQ(Error(json{{"group_by", "district"}, {"sort", "name"}}), "query.bad_sort");
  EXPECT_EQ(Error(json{{"group_by", "district"}, {"sort", "-count"}}), "ok");
  EXPECT_EQ(Error(json{{"group_by", "district"}, {"sort", "nope"}}), "query.unknown_field");
  // An alias is not a field outside grouped queries.
  EXPECT_EQ(Error(json{{"sort", "sum_capital"}}), "query.unknown_field");
}

// ---------------------------------------------------------------- cursors

class CursorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }

  model::QueryPlan SortedPlan(const std::string& sort) {
    auto plan = Build(json{{"fields", "name"}, {"sort", sort}});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return *plan;
  }
};

TEST_F(CursorTest, RoundTrip) {
  model::QueryPlan plan = SortedPlan("-capital,founded,active");
  ASSERT_EQ(plan.fields, (std::vector<std::string>{"name", "capital", "founded", "active"}));
  // A raw row: row id, then plan.fields.
  Row row{int64_t{42}, std::string("襄阳某公司"), 1234.5, Date{"2020-05-06"}, true};
  std::string text = EncodeCursor(Version(), plan, row);
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);

  auto cursor = DecodeCursor(text, Version(), plan);
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  EXPECT_EQ(cursor->row_id, 42);
  ASSERT_EQ(cursor->sort_values.size(), 3u);
  EXPECT_EQ(Repr(cursor->sort_values[0]), "f:1234.5");
  EXPECT_EQ(Repr(cursor->sort_values[1]), "D:2020-05-06");
  EXPECT_EQ(Repr(cursor->sort_values[2]), "b:true");

  // Through BuildPlan.
  auto next = Build(json{{"fields", "name"}, {"sort", "-capital,founded,active"}, {"cursor", text}});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_TRUE(next->after.has_value());
  EXPECT_EQ(next->after->row_id, 42);
  EXPECT_EQ(Repr(next->after->sort_values[0]), "f:1234.5");
  // An empty cursor is the first page.
  auto first = Build(json{{"sort", "-capital"}, {"cursor", ""}});
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->after.has_value());
}

TEST_F(CursorTest, RoundTripWithNullsAndNoSort) {
  model::QueryPlan plan = SortedPlan("founded,name");
  Row row{int64_t{7}, std::string("x"), Value{}};
  auto cursor = DecodeCursor(EncodeCursor(Version(), plan, row), Version(), plan);
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  EXPECT_EQ(Repr(cursor->sort_values[0]), "null");
  EXPECT_EQ(Repr(cursor->sort_values[1]), "s:x");

  auto unsorted = Build(json::object());
  ASSERT_TRUE(unsorted.ok());
  Row plain{int64_t{9}, int64_t{1}, std::string("a"), 1.0, Date{"2020-01-01"}, false, DateTime{"2020-01-01T00:00:00"},
            Value{}};
  auto c = DecodeCursor(EncodeCursor(Version(), *unsorted, plain), Version(), *unsorted);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->row_id, 9);
  EXPECT_TRUE(c->sort_values.empty());
}

TEST_F(CursorTest, GarbageAndTamperedCursors) {
  model::QueryPlan plan = SortedPlan("-capital");
  Row row{int64_t{42}, std::string("n"), 10.0};
  std::string good = EncodeCursor(Version(), plan, row);
  ASSERT_TRUE(DecodeCursor(good, Version(), plan).ok());

  std::string flipped = good;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';  // breaks the opening brace of the JSON
  std::vector<std::string> bad = {
      "!!!",
      "not a cursor",
      flipped,
      good.substr(0, good.size() / 2),
      Base64Url("{\"k\":[10.0],\"r\":42,\"s\":\"-capital\",\"v\":3} x"),  // trailing garbage
      good + "=",
      std::string(9000, 'A'),
      Base64Url("[1,2,3]"),
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[10.0]}"),             // no row id
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[10.0],\"r\":\"1\"}"),  // row id as text
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":10.0,\"r\":1}"),       // keys not a list
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[\"abc\"],\"r\":1}"),  // not a decimal
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[[1]],\"r\":1}"),
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[{\"a\":1}],\"r\":1}"),
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[1,2],\"r\":1}"),       // too many keys
      Base64Url("{\"v\":3,\"s\":\"-capital\",\"k\":[],\"r\":1}"),          // too few
      Base64Url("not json at all"),
  };
  for (const auto& text : bad) {
    auto c = DecodeCursor(text, Version(), plan);
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.status().error_code(), "query.bad_cursor") << text;
    EXPECT_EQ(Error(json{{"fields", "name"}, {"sort", "-capital"}, {"cursor", text}}), "query.bad_cursor") << text;
  }
  EXPECT_EQ(Error(json{{"sort", "-capital"}, {"cursor", 5}}), "query.bad_cursor");
}

TEST_F(CursorTest, CursorFromAnotherQueryIsRejected) {
  model::QueryPlan by_capital = SortedPlan("-capital");
  std::string text = EncodeCursor(Version(), by_capital, Row{int64_t{1}, std::string("n"), 5.0});

  // A different sort order, or the same field ascending.
  EXPECT_EQ(DecodeCursor(text, Version(), SortedPlan("capital")).status().error_code(), "query.bad_cursor");
  EXPECT_EQ(DecodeCursor(text, Version(), SortedPlan("-founded")).status().error_code(), "query.bad_cursor");
  EXPECT_EQ(DecodeCursor(text, Version(), SortedPlan("-capital,name")).status().error_code(), "query.bad_cursor");
  EXPECT_EQ(Error(json{{"sort", "name"}, {"cursor", text}}), "query.bad_cursor");
  EXPECT_EQ(Error(json{{"cursor", text}}), "query.bad_cursor");

  // Another version of the dataset.
  model::VersionInfo v4 = Version();
  v4.version = 4;
  EXPECT_EQ(DecodeCursor(text, v4, by_capital).status().error_code(), "query.bad_cursor");

  // Cursors page plain rows only.
  EXPECT_EQ(Error(json{{"sort", "-capital"}, {"distinct", true}, {"cursor", text}}), "query.bad_cursor");
  EXPECT_EQ(Error(json{{"group_by", "district"}, {"cursor", text}}), "query.bad_cursor");

  // The same sort written another way is the same query.
  EXPECT_EQ(Error(json{{"sort", "capital desc"}, {"cursor", text}}), "ok");
  EXPECT_EQ(Error(json{{"sort", json::array({{{"field", "capital"}, {"order", "desc"}}})}, {"cursor", text}}), "ok");
}

}  // namespace
}  // namespace yungu::query

namespace yungu::query {
namespace {

// Regressions: these once reached SQLite (too many result columns or ORDER BY
// / GROUP BY terms) or threw a JSON type error, both answered with a 500.
TEST(PlanBuilderHostileTest, LongNameListsAndNonStringMembersAreBadRequests) {
  std::string many;
  for (int i = 0; i < 3000; ++i) many += i ? ",name" : "name";
  json sort_objects = json::array();
  for (int i = 0; i < 3000; ++i) sort_objects.push_back({{"field", "name"}});
  for (const json& request :
       {json{{"fields", many}}, json{{"sort", many}}, json{{"group_by", many}}, json{{"sort", sort_objects}},
        json{{"sort", json::array({json{{"field", 1}}})}},
        json{{"sort", json::array({json{{"field", "name"}, {"order", 1}}})}},
        json{{"group_by", "district"}, {"aggregates", json::array({json{{"fn", 1}}})}},
        json{{"group_by", "district"}, {"aggregates", json::array({json{{"fn", "sum"}, {"field", nullptr}}})}}}) {
    auto plan = BuildPlan(request, Version(), QueryLimits{});
    ASSERT_FALSE(plan.ok()) << request.dump().substr(0, 200);
    EXPECT_EQ(plan.status().code(), Code::kInvalidArgument) << plan.status().ToString();
  }
  std::string fine;
  for (int i = 0; i < 1000; ++i) fine += i ? ",name" : "name";
  EXPECT_TRUE(BuildPlan(json{{"fields", fine}}, Version(), QueryLimits{}).ok());
}

}  // namespace
}  // namespace yungu::query

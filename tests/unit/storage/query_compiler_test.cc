// The query compiler, checked against a reference model computed in the
// test: filters, sorting with NULLs, offset and keyset paging, distinct,
// grouping and counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "storage_test_util.h"

namespace yungu::storage {
namespace {

using model::FilterOp;
using testing::Field;
using testing::Repr;
using testing::RunQuery;

using Strings = std::vector<std::string>;

const char* const kNames[] = {"张三", "李四", "王五", "赵六", "钱七"};
const char* const kCities[] = {"襄阳", "武汉", "宜昌", "十堰"};
constexpr int kRows = 23;

// SQLite's order of values: NULL, then numbers, then text.
int Rank(const Value& v) {
  switch (v.index()) {
    case 0: return 0;
    case 1: case 2: case 3: return 1;
    default: return 2;
  }
}
double Num(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::get<bool>(v) ? 1 : 0;
}
int Cmp(const Value& a, const Value& b) {
  int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) return 0;
  if (ra == 1) return Num(a) < Num(b) ? -1 : Num(a) > Num(b) ? 1 : 0;
  int c = ValueToText(a).compare(ValueToText(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

class QueryCompilerTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDepartment("TJJ", "市统计局");
    ASSERT_TRUE(store().CreateDataset(Meta("people", "人员", "TJJ")).ok());
    fields_ = {Field("id", ColumnType::kInteger, true), Field("name", ColumnType::kText),
               Field("city", ColumnType::kText),         Field("age", ColumnType::kInteger),
               Field("score", ColumnType::kDecimal),     Field("birthday", ColumnType::kDate),
               Field("active", ColumnType::kBoolean)};
    for (int i = 0; i < kRows; ++i) {
      Row r;
      r.push_back(int64_t{1000 - 7 * i});
      r.push_back(std::string(kNames[i % 5]));
      r.push_back(i % 5 == 4 ? Value{} : Value{std::string(kCities[i % 4])});
      r.push_back(i % 6 == 0 ? Value{} : Value{int64_t{20 + (i * 7) % 5 * 10}});
      r.push_back(i % 5 == 0 ? Value{} : Value{i * 1.5});
      if (i % 7 == 3) {
        r.push_back(Value{});
      } else {
        r.push_back(Date{"19" + std::to_string(80 + i % 10) + "-0" + std::to_string(1 + i % 9) + "-1" +
                         std::to_string(i % 10)});
      }
      r.push_back(i % 3 != 0);
      data_.push_back(r);
    }
    auto v = testing::WriteVersion(store(), testing::Spec("people", fields_), data_);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    version_ = *v;
  }

  size_t Idx(const std::string& name) const {
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].name == name) return i;
    }
    ADD_FAILURE() << "no field " << name;
    return 0;
  }

  model::QueryPlan Plan() const {
    model::QueryPlan plan;
    for (const auto& f : fields_) plan.fields.push_back(f.name);
    plan.limit = 1000;
    plan.with_row_id = true;
    return plan;
  }

  // ---- the reference model ----

  static bool Holds(const model::Filter& f, const Value& cell) {
    switch (f.op) {
      case FilterOp::kEq:
        if (IsNull(f.values[0])) return IsNull(cell);
        return !IsNull(cell) && Cmp(cell, f.values[0]) == 0;
      case FilterOp::kNe: return IsNull(cell) || Cmp(cell, f.values[0]) != 0;
      case FilterOp::kIn:
        for (const auto& v : f.values) {
          if (!IsNull(cell) && !IsNull(v) && Cmp(cell, v) == 0) return true;
        }
        return false;
      case FilterOp::kLt: return !IsNull(cell) && Cmp(cell, f.values[0]) < 0;
      case FilterOp::kLte: return !IsNull(cell) && Cmp(cell, f.values[0]) <= 0;
      case FilterOp::kGt: return !IsNull(cell) && Cmp(cell, f.values[0]) > 0;
      case FilterOp::kGte: return !IsNull(cell) && Cmp(cell, f.values[0]) >= 0;
      case FilterOp::kIsNull: return IsNull(cell);
      case FilterOp::kNotNull: return !IsNull(cell);
    }
    return false;
  }

  // Row ids (1-based insertion order) of matching rows in the plan's order.
  std::vector<int64_t> Expected(const model::QueryPlan& plan) const {
    std::vector<int64_t> rids;
    for (int i = 0; i < kRows; ++i) {
      bool ok = true;
      for (const auto& f : plan.filters) ok = ok && Holds(f, data_[i][Idx(f.field)]);
      if (ok) rids.push_back(i + 1);
    }
    std::stable_sort(rids.begin(), rids.end(), [&](int64_t a, int64_t b) {
      for (const auto& s : plan.sort) {
        size_t c = Idx(s.field);
        int cmp = Cmp(data_[a - 1][c], data_[b - 1][c]);
        if (cmp != 0) return s.descending ? cmp > 0 : cmp < 0;
      }
      return a < b;
    });
    return rids;
  }

  // ---- running the store ----

  std::vector<int64_t> Rids(const model::QueryPlan& plan) {
    auto out = RunQuery(store(), version_, plan);
    EXPECT_TRUE(out.status.ok()) << out.status.ToString();
    std::vector<int64_t> rids;
    for (const auto& r : out.rows) {
      rids.push_back(std::get<int64_t>(r[0]));
      // Every returned row holds exactly the stored values.
      for (size_t f = 0; f < plan.fields.size(); ++f) {
        EXPECT_EQ(Repr(r[f + 1]), Repr(data_[rids.back() - 1][Idx(plan.fields[f])]));
      }
    }
    return rids;
  }

  int64_t CountOf(const model::QueryPlan& plan) {
    auto n = store().Count(version_, plan);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  void ExpectMatches(const model::QueryPlan& plan, const std::string& what) {
    auto expected = Expected(plan);
    EXPECT_EQ(Rids(plan), expected) << what;
    EXPECT_EQ(CountOf(plan), static_cast<int64_t>(expected.size())) << what;
  }

  std::vector<int64_t> PageByOffset(model::QueryPlan plan, int64_t limit) {
    std::vector<int64_t> all;
    plan.limit = limit;
    for (int64_t page = 0; page <= kRows + 1; ++page) {
      plan.offset = page * limit;
      auto rids = Rids(plan);
      all.insert(all.end(), rids.begin(), rids.end());
      if (static_cast<int64_t>(rids.size()) < limit) break;
    }
    return all;
  }

  std::vector<int64_t> PageByCursor(model::QueryPlan plan, int64_t limit) {
    std::vector<int64_t> all;
    plan.limit = limit;
    plan.offset = 0;
    for (int pages = 0; pages <= kRows + 1; ++pages) {
      auto out = RunQuery(store(), version_, plan);
      EXPECT_TRUE(out.status.ok()) << out.status.ToString();
      for (const auto& r : out.rows) all.push_back(std::get<int64_t>(r[0]));
      if (static_cast<int64_t>(out.rows.size()) < limit) break;
      const Row& last = out.rows.back();
      model::Cursor cursor;
      cursor.row_id = std::get<int64_t>(last[0]);
      for (const auto& s : plan.sort) {
        auto it = std::find(plan.fields.begin(), plan.fields.end(), s.field);
        cursor.sort_values.push_back(last[1 + (it - plan.fields.begin())]);
      }
      plan.after = cursor;
    }
    return all;
  }

  std::vector<model::FieldDef> fields_;
  std::vector<Row> data_;
  model::VersionInfo version_;
};

model::Filter F(const std::string& field, FilterOp op, std::vector<Value> values = {}) {
  return model::Filter{field, op, std::move(values)};
}

TEST_F(QueryCompilerTest, NoFiltersReturnsEverythingInInsertOrder) {
  model::QueryPlan plan = Plan();
  ExpectMatches(plan, "all");
  EXPECT_EQ(Rids(plan).size(), static_cast<size_t>(kRows));
}

TEST_F(QueryCompilerTest, EveryFilterOperator) {
  struct Case {
    std::string field;
    Value value;
  };
  const std::vector<Case> cases = {
      {"age", int64_t{40}},          {"city", std::string("武汉")}, {"score", 9.0},
      {"birthday", Date{"1985-06-15"}}, {"active", true},            {"name", std::string("王五")},
      {"score", 9.5},                 {"age", 2.5},
  };
  for (const auto& c : cases) {
    for (FilterOp op : {FilterOp::kEq, FilterOp::kNe, FilterOp::kLt, FilterOp::kLte, FilterOp::kGt, FilterOp::kGte}) {
      model::QueryPlan plan = Plan();
      plan.filters.push_back(F(c.field, op, {c.value}));
      ExpectMatches(plan, c.field + " op " + std::to_string(static_cast<int>(op)) + " " + Repr(c.value));
    }
  }
}

TEST_F(QueryCompilerTest, NotEqualIncludesNulls) {
  model::QueryPlan plan = Plan();
  plan.filters.push_back(F("city", FilterOp::kNe, {std::string("襄阳")}));
  auto rids = Rids(plan);
  int nulls = 0;
  for (auto rid : rids) nulls += IsNull(data_[rid - 1][Idx("city")]);
  EXPECT_GT(nulls, 0);
  ExpectMatches(plan, "ne");
}

TEST_F(QueryCompilerTest, InLists) {
  model::QueryPlan plan = Plan();
  plan.filters.push_back(F("city", FilterOp::kIn, {std::string("襄阳"), std::string("宜昌")}));
  ExpectMatches(plan, "in text");

  plan = Plan();
  plan.filters.push_back(F("age", FilterOp::kIn, {int64_t{20}, int64_t{40}, int64_t{99}}));
  ExpectMatches(plan, "in int");

  plan = Plan();
  plan.filters.push_back(F("birthday", FilterOp::kIn, {Date{"1980-01-10"}}));
  ExpectMatches(plan, "in date");
  EXPECT_EQ(Rids(plan).size(), 1u);

  plan = Plan();
  plan.filters.push_back(F("age", FilterOp::kIn, {}));
  EXPECT_TRUE(Rids(plan).empty());
  EXPECT_EQ(CountOf(plan), 0);
}

TEST_F(QueryCompilerTest, NullTests) {
  for (const char* field : {"city", "age", "score", "birthday"}) {
    model::QueryPlan plan = Plan();
    plan.filters.push_back(F(field, FilterOp::kIsNull));
    auto nulls = Rids(plan);
    EXPECT_FALSE(nulls.empty()) << field;
    ExpectMatches(plan, std::string("is null ") + field);
    plan.filters[0] = F(field, FilterOp::kNotNull);
    ExpectMatches(plan, std::string("not null ") + field);
    EXPECT_EQ(Rids(plan).size() + nulls.size(), static_cast<size_t>(kRows));
    // Equality with null is an IS NULL test.
    plan.filters[0] = F(field, FilterOp::kEq, {Value{}});
    EXPECT_EQ(Rids(plan), nulls) << field;
  }
}

TEST_F(QueryCompilerTest, FiltersAreAnded) {
  model::QueryPlan plan = Plan();
  plan.filters.push_back(F("age", FilterOp::kGte, {int64_t{30}}));
  plan.filters.push_back(F("age", FilterOp::kLt, {int64_t{50}}));
  plan.filters.push_back(F("active", FilterOp::kEq, {true}));
  plan.filters.push_back(F("city", FilterOp::kNotNull));
  auto expected = Expected(plan);
  EXPECT_FALSE(expected.empty());
  ExpectMatches(plan, "and");
}

const std::vector<std::vector<model::SortKey>>& Sorts() {
  static const std::vector<std::vector<model::SortKey>> kSorts = {
      {},
      {{"age", false}},
      {{"age", true}},
      {{"city", false}, {"age", true}},
      {{"city", true}, {"score", false}},
      {{"birthday", true}, {"city", false}, {"age", false}},
      {{"active", false}, {"name", true}},
      {{"score", true}},
      {{"name", false}, {"id", true}},
      {{"city", true}, {"birthday", true}, {"score", true}},
  };
  return kSorts;
}

std::string Describe(const std::vector<model::SortKey>& sort) {
  std::string s;
  for (const auto& k : sort) s += (k.descending ? "-" : "+") + k.field + " ";
  return s.empty() ? "(rid)" : s;
}

TEST_F(QueryCompilerTest, MultiColumnSortWithNulls) {
  for (const auto& sort : Sorts()) {
    model::QueryPlan plan = Plan();
    plan.sort = sort;
    ExpectMatches(plan, Describe(sort));
  }
  // NULLs come first ascending and last descending.
  model::QueryPlan plan = Plan();
  plan.sort = {{"age", false}};
  auto asc = Rids(plan);
  EXPECT_TRUE(IsNull(data_[asc.front() - 1][Idx("age")]));
  plan.sort = {{"age", true}};
  auto desc = Rids(plan);
  EXPECT_TRUE(IsNull(data_[desc.back() - 1][Idx("age")]));
}

TEST_F(QueryCompilerTest, SortByFieldNotInProjection) {
  model::QueryPlan plan = Plan();
  plan.fields = {"name"};
  plan.sort = {{"score", true}};
  auto out = RunQuery(store(), version_, plan);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  std::vector<int64_t> rids;
  for (const auto& r : out.rows) rids.push_back(std::get<int64_t>(r[0]));
  EXPECT_EQ(rids, Expected(plan));
  EXPECT_EQ(out.columns, (Strings{"_rid", "name"}));
}

TEST_F(QueryCompilerTest, CursorPagingVisitsEveryRowOnce) {
  std::vector<std::vector<model::Filter>> filter_sets = {
      {},
      {F("active", FilterOp::kEq, {true})},
      {F("age", FilterOp::kNe, {int64_t{30}})},
  };
  for (const auto& filters : filter_sets) {
    for (const auto& sort : Sorts()) {
      model::QueryPlan plan = Plan();
      plan.sort = sort;
      plan.filters = filters;
      auto expected = Expected(plan);
      for (int64_t limit : {1, 4, 7, 50}) {
        std::string what = Describe(sort) + " limit " + std::to_string(limit) + " filters " +
                           std::to_string(filters.size());
        auto by_cursor = PageByCursor(plan, limit);
        EXPECT_EQ(by_cursor, expected) << what;
        std::set<int64_t> unique(by_cursor.begin(), by_cursor.end());
        EXPECT_EQ(unique.size(), by_cursor.size()) << "a row was visited twice: " << what;
        if (limit == 4 || limit == 7) {
          EXPECT_EQ(PageByOffset(plan, limit), expected) << what;
        }
      }
    }
  }
}

TEST_F(QueryCompilerTest, CursorIgnoresOffset) {
  model::QueryPlan plan = Plan();
  plan.sort = {{"age", false}};
  auto expected = Expected(plan);
  model::Cursor cursor;
  cursor.row_id = expected[4];
  cursor.sort_values = {data_[expected[4] - 1][Idx("age")]};
  plan.after = cursor;
  plan.offset = 3;  // a cursor continues right after its row
  plan.limit = 2;
  EXPECT_EQ(Rids(plan), (std::vector<int64_t>{expected[5], expected[6]}));
}

TEST_F(QueryCompilerTest, CursorOfTheWrongShapeIsRejected) {
  model::QueryPlan plan = Plan();
  plan.sort = {{"age", false}};
  plan.after = model::Cursor{{int64_t{1}, int64_t{2}}, 3};
  auto out = RunQuery(store(), version_, plan);
  EXPECT_EQ(out.status.error_code(), "query.bad_cursor");
}

TEST_F(QueryCompilerTest, LimitAndOffset) {
  model::QueryPlan plan = Plan();
  plan.limit = 0;
  EXPECT_TRUE(Rids(plan).empty());
  EXPECT_EQ(CountOf(plan), kRows);  // counts ignore paging
  plan.limit = 5;
  plan.offset = 20;
  EXPECT_EQ(Rids(plan), (std::vector<int64_t>{21, 22, 23}));
  plan.offset = 100;
  EXPECT_TRUE(Rids(plan).empty());
  EXPECT_EQ(CountOf(plan), kRows);
}

TEST_F(QueryCompilerTest, Distinct) {
  model::QueryPlan plan;
  plan.fields = {"city"};
  plan.distinct = true;
  plan.sort = {{"city", false}};
  plan.limit = 100;
  auto out = RunQuery(store(), version_, plan);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.columns, Strings{"city"});
  std::set<std::string> cities;
  for (const auto& r : data_) cities.insert(Repr(r[Idx("city")]));
  std::vector<std::string> expected(cities.begin(), cities.end());
  // Sorted as SQLite sorts: NULL first, then the bytes of the text.
  std::sort(expected.begin(), expected.end(), [](const std::string& a, const std::string& b) {
    if (a == "null" || b == "null") return a == "null" && b != "null";
    return a < b;
  });
  EXPECT_EQ(testing::Column(out.rows, 0), expected);
  EXPECT_EQ(CountOf(plan), static_cast<int64_t>(expected.size()));

  model::QueryPlan pairs;
  pairs.fields = {"city", "active"};
  pairs.distinct = true;
  pairs.limit = 100;
  std::set<std::pair<std::string, std::string>> want;
  for (const auto& r : data_) want.insert({Repr(r[Idx("city")]), Repr(r[Idx("active")])});
  out = RunQuery(store(), version_, pairs);
  ASSERT_TRUE(out.status.ok());
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& r : out.rows) got.insert({Repr(r[0]), Repr(r[1])});
  EXPECT_EQ(got, want);
  EXPECT_EQ(out.rows.size(), want.size());
  EXPECT_EQ(CountOf(pairs), static_cast<int64_t>(want.size()));

  // Distinct over a filtered set.
  pairs.filters.push_back(F("city", FilterOp::kEq, {std::string("襄阳")}));
  out = RunQuery(store(), version_, pairs);
  ASSERT_TRUE(out.status.ok());
  std::set<std::string> actives;
  for (const auto& r : data_) {
    if (Repr(r[Idx("city")]) == "s:襄阳") actives.insert(Repr(r[Idx("active")]));
  }
  EXPECT_EQ(out.rows.size(), actives.size());
  EXPECT_EQ(CountOf(pairs), static_cast<int64_t>(actives.size()));

  // Distinct queries cannot be paged with a cursor.
  plan.after = model::Cursor{{Value{}}, 1};
  EXPECT_EQ(RunQuery(store(), version_, plan).status.error_code(), "query.bad_cursor");
}

TEST_F(QueryCompilerTest, GroupByWithEveryAggregate) {
  model::QueryPlan plan;
  plan.group_by = {"city"};
  plan.aggregates = {
      {model::AggregateFn::kCount, "", "count"},       {model::AggregateFn::kCount, "age", "count_age"},
      {model::AggregateFn::kSum, "age", "sum_age"},    {model::AggregateFn::kSum, "score", "sum_score"},
      {model::AggregateFn::kAvg, "score", "avg_score"}, {model::AggregateFn::kMin, "age", "min_age"},
      {model::AggregateFn::kMax, "age", "max_age"},    {model::AggregateFn::kMin, "birthday", "min_birthday"},
      {model::AggregateFn::kMax, "name", "max_name"},
  };
  plan.sort = {{"city", false}};
  plan.limit = 100;
  auto out = RunQuery(store(), version_, plan);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.columns, (Strings{"city", "count", "count_age", "sum_age", "sum_score", "avg_score", "min_age",
                                  "max_age", "min_birthday", "max_name"}));

  struct Agg {
    int64_t count = 0, count_age = 0;
    std::optional<int64_t> sum_age, min_age, max_age;
    std::optional<double> sum_score;
    int64_t n_score = 0;
    std::optional<std::string> min_birthday, max_name;
  };
  std::map<std::string, Agg> want;
  for (const auto& r : data_) {
    Agg& a = want[Repr(r[Idx("city")])];
    ++a.count;
    if (auto* age = std::get_if<int64_t>(&r[Idx("age")])) {
      ++a.count_age;
      a.sum_age = a.sum_age.value_or(0) + *age;
      a.min_age = std::min(a.min_age.value_or(*age), *age);
      a.max_age = std::max(a.max_age.value_or(*age), *age);
    }
    if (auto* s = std::get_if<double>(&r[Idx("score")])) {
      a.sum_score = a.sum_score.value_or(0) + *s;
      ++a.n_score;
    }
    if (auto* d = std::get_if<Date>(&r[Idx("birthday")])) {
      a.min_birthday = std::min(a.min_birthday.value_or(d->iso), d->iso);
    }
    const std::string& name = std::get<std::string>(r[Idx("name")]);
    a.max_name = std::max(a.max_name.value_or(name), name);
  }
  ASSERT_EQ(out.rows.size(), want.size());
  EXPECT_EQ(Repr(out.rows[0][0]), "null");  // the NULL group sorts first
  for (const auto& row : out.rows) {
    const std::string key = Repr(row[0]);
    ASSERT_TRUE(want.count(key)) << key;
    const Agg& a = want[key];
    EXPECT_EQ(Repr(row[1]), "i:" + std::to_string(a.count)) << key;
    EXPECT_EQ(Repr(row[2]), "i:" + std::to_string(a.count_age)) << key;
    EXPECT_EQ(Repr(row[3]), a.sum_age ? "i:" + std::to_string(*a.sum_age) : "null") << key;
    if (a.sum_score) {
      ASSERT_TRUE(std::holds_alternative<double>(row[4])) << key;
      EXPECT_DOUBLE_EQ(std::get<double>(row[4]), *a.sum_score) << key;
      ASSERT_TRUE(std::holds_alternative<double>(row[5])) << key;
      EXPECT_DOUBLE_EQ(std::get<double>(row[5]), *a.sum_score / a.n_score) << key;
    } else {
      EXPECT_TRUE(IsNull(row[4]) && IsNull(row[5])) << key;
    }
    EXPECT_EQ(Repr(row[6]), a.min_age ? "i:" + std::to_string(*a.min_age) : "null") << key;
    EXPECT_EQ(Repr(row[7]), a.max_age ? "i:" + std::to_string(*a.max_age) : "null") << key;
    EXPECT_EQ(Repr(row[8]), a.min_birthday ? "D:" + *a.min_birthday : "null") << key;
    EXPECT_EQ(Repr(row[9]), "s:" + *a.max_name) << key;
  }
  EXPECT_EQ(CountOf(plan), static_cast<int64_t>(want.size()));
}

TEST_F(QueryCompilerTest, GroupedSortByAggregateAndFilter) {
  model::QueryPlan plan;
  plan.group_by = {"city", "active"};
  plan.aggregates = {{model::AggregateFn::kCount, "", "n"}};
  plan.filters.push_back(F("age", FilterOp::kNotNull));
  plan.sort = {{"n", true}, {"city", false}, {"active", false}};
  plan.limit = 100;
  auto out = RunQuery(store(), version_, plan);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  std::map<std::pair<std::string, std::string>, int64_t> want;
  for (const auto& r : data_) {
    if (!IsNull(r[Idx("age")])) ++want[{Repr(r[Idx("city")]), Repr(r[Idx("active")])}];
  }
  ASSERT_EQ(out.rows.size(), want.size());
  int64_t total = 0;
  for (size_t i = 0; i < out.rows.size(); ++i) {
    const auto& row = out.rows[i];
    int64_t n = std::get<int64_t>(row[2]);
    EXPECT_EQ(n, (want[{Repr(row[0]), Repr(row[1])}])) << i;
    if (i > 0) {
      EXPECT_GE(std::get<int64_t>(out.rows[i - 1][2]), n) << "not sorted by n desc";
    }
    total += n;
  }
  EXPECT_EQ(total, static_cast<int64_t>(Expected(Plan()).size()) - 4);  // rows with a null age: i % 6 == 0
  EXPECT_EQ(CountOf(plan), static_cast<int64_t>(want.size()));
  // Limit and offset page the groups.
  plan.limit = 2;
  plan.offset = 1;
  auto page = RunQuery(store(), version_, plan);
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(testing::Reprs(page.rows[0]), testing::Reprs(out.rows[1]));
}

TEST_F(QueryCompilerTest, AggregateWithoutGroups) {
  model::QueryPlan plan;
  plan.aggregates = {{model::AggregateFn::kCount, "", "count"}, {model::AggregateFn::kMax, "score", "top"}};
  plan.filters.push_back(F("active", FilterOp::kEq, {false}));
  plan.limit = 10;
  auto out = RunQuery(store(), version_, plan);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  ASSERT_EQ(out.rows.size(), 1u);
  int64_t inactive = 0;
  double top = 0;
  for (const auto& r : data_) {
    if (!std::get<bool>(r[Idx("active")])) {
      ++inactive;
      if (auto* s = std::get_if<double>(&r[Idx("score")])) top = std::max(top, *s);
    }
  }
  EXPECT_EQ(Repr(out.rows[0][0]), "i:" + std::to_string(inactive));
  EXPECT_DOUBLE_EQ(std::get<double>(out.rows[0][1]), top);
  EXPECT_EQ(CountOf(plan), 1);
}

TEST_F(QueryCompilerTest, CompileErrors) {
  model::QueryPlan plan = Plan();
  plan.fields = {"nope"};
  EXPECT_EQ(RunQuery(store(), version_, plan).status.error_code(), "query.unknown_field");
  plan = Plan();
  plan.filters.push_back(F("nope", FilterOp::kEq, {int64_t{1}}));
  EXPECT_EQ(RunQuery(store(), version_, plan).status.error_code(), "query.unknown_field");
  EXPECT_EQ(store().Count(version_, plan).status().error_code(), "query.unknown_field");
  plan = Plan();
  plan.filters.push_back(F("age", FilterOp::kLt, {}));
  EXPECT_EQ(RunQuery(store(), version_, plan).status.error_code(), "query.bad_filter");
  model::QueryPlan grouped;
  grouped.group_by = {"city"};
  grouped.aggregates = {{model::AggregateFn::kCount, "", "count"}};
  grouped.sort = {{"age", false}};
  EXPECT_EQ(RunQuery(store(), version_, grouped).status.error_code(), "query.bad_sort");
}

}  // namespace
}  // namespace yungu::storage

// SQL metacharacters in values and in field names: values are always bound
// parameters and field names never reach SQL text (columns are c0..cN).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "storage_test_util.h"

namespace yungu::storage {
namespace {

using model::FilterOp;
using testing::Field;
using testing::Repr;
using testing::RunQuery;

using Strings = std::vector<std::string>;

const std::vector<std::string>& NastyValues() {
  static const std::vector<std::string> kValues = {
      "'; DROP TABLE x; --", "%", "_", "\"", "\\", "a%b", "a_b", "'", "NULL", "", "plain", "a\\%", "?1", "c0",
      std::string("nul\0byte", 8), "\" OR 1=1 --", "%_%",
  };
  // PostgreSQL text cannot hold U+0000: that store refuses such values (see
  // NulCharacterIsRefusedOrKept), so its pass has a tab in that place.
  static const std::vector<std::string> kWithoutNul = [] {
    std::vector<std::string> out = kValues;
    for (auto& v : out) std::replace(v.begin(), v.end(), '\0', '\t');
    return out;
  }();
  return yungu::testing::OnPostgres() ? kWithoutNul : kValues;
}

class SqlSafetyTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDepartment("TJJ", "市统计局");
    ASSERT_TRUE(store().CreateDataset(Meta("weird", "怪名字", "TJJ")).ok());
    // A table the injected SQL would drop, if it ever ran.
    testing::RawExec(db_path(), "CREATE TABLE x (v INTEGER); INSERT INTO x VALUES (1)");

    // Field names that would break SQL if they were identifiers, including
    // names of the backend's own columns.
    fields_ = {Field("c1", ColumnType::kText),        Field("a\"b", ColumnType::kText),
               Field("x; drop", ColumnType::kInteger), Field("名称", ColumnType::kText),
               Field("c0", ColumnType::kInteger, true), Field("--", ColumnType::kText),
               Field("_rid", ColumnType::kInteger)};
    const auto& values = NastyValues();
    for (size_t i = 0; i < values.size(); ++i) {
      data_.push_back(Row{std::string("n") + std::to_string(i), values[i], int64_t(i * 10), values[i],
                          int64_t(i + 100), std::string(i % 2 ? "odd" : "even"), int64_t(1000 - i)});
    }
    auto v = testing::WriteVersion(store(), testing::Spec("weird", fields_), data_);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    version_ = *v;
  }

  model::QueryPlan Plan() const {
    model::QueryPlan plan;
    for (const auto& f : fields_) plan.fields.push_back(f.name);
    plan.limit = 1000;
    return plan;
  }

  // Values of field "c1" (n<i>) of the rows a plan returns.
  Strings Names(const model::QueryPlan& plan) {
    auto out = RunQuery(store(), version_, plan);
    EXPECT_TRUE(out.status.ok()) << out.status.ToString();
    size_t col = std::find(out.columns.begin(), out.columns.end(), "c1") - out.columns.begin();
    Strings names;
    for (const auto& r : out.rows) names.push_back(std::get<std::string>(r.at(col)));
    return names;
  }

  void ExpectDatabaseIntact() {
    auto tables = testing::TableNames(db_path());
    EXPECT_NE(std::find(tables.begin(), tables.end(), "x"), tables.end()) << "table x is gone";
    EXPECT_NE(std::find(tables.begin(), tables.end(), version_.table), tables.end());
    EXPECT_EQ(testing::RawInt(db_path(), "SELECT count(*) FROM x"), 1);
    EXPECT_EQ(testing::RawInt(db_path(), "SELECT count(*) FROM " + version_.table),
              static_cast<int64_t>(NastyValues().size()));
    EXPECT_EQ(testing::RawInt(db_path(), "SELECT count(*) FROM datasets"), 1);
  }

  std::vector<model::FieldDef> fields_;
  std::vector<Row> data_;
  model::VersionInfo version_;
};

TEST_F(SqlSafetyTest, ValuesRoundTripExactly) {
  auto out = RunQuery(store(), version_, Plan());
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.columns, (Strings{"c1", "a\"b", "x; drop", "名称", "c0", "--", "_rid"}));
  ASSERT_EQ(out.rows.size(), data_.size());
  for (size_t i = 0; i < data_.size(); ++i) EXPECT_EQ(testing::Reprs(out.rows[i]), testing::Reprs(data_[i])) << i;
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, EqualityMatchesLiterally) {
  const auto& values = NastyValues();
  for (size_t i = 0; i < values.size(); ++i) {
    for (const char* field : {"a\"b", "名称"}) {
      model::QueryPlan plan = Plan();
      plan.filters.push_back({field, FilterOp::kEq, {values[i]}});
      EXPECT_EQ(Names(plan), Strings{"n" + std::to_string(i)}) << "value #" << i << " on " << field;
      EXPECT_EQ(*store().Count(version_, plan), 1) << i;
    }
  }
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, OtherOperatorsMatchLiterally) {
  const auto& values = NastyValues();
  model::QueryPlan plan = Plan();
  plan.filters.push_back({"a\"b", FilterOp::kIn, {std::string("%"), std::string("_"), std::string("'")}});
  EXPECT_EQ(Names(plan), (Strings{"n1", "n2", "n7"}));

  plan = Plan();
  plan.filters.push_back({"a\"b", FilterOp::kNe, {std::string("%")}});
  EXPECT_EQ(Names(plan).size(), values.size() - 1);

  // Range comparisons compare bytes, nothing is a wildcard.
  plan = Plan();
  plan.filters.push_back({"a\"b", FilterOp::kLt, {std::string("a")}});
  Strings expected;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] < std::string("a")) expected.push_back("n" + std::to_string(i));
  }
  EXPECT_EQ(Names(plan), expected);
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, FullTextScanTreatsWildcardsLiterally) {
  // Before the index exists the scan matches the query's search terms as
  // substrings; LIKE wildcards and quotes in the text never act as syntax.
  auto match = [&](const std::string& text) {
    model::QueryPlan plan = Plan();
    plan.full_text = text;
    Strings names = Names(plan);
    auto count = store().Count(version_, plan);
    EXPECT_TRUE(count.ok()) << text;
    EXPECT_EQ(*count, static_cast<int64_t>(names.size())) << text;
    return names;
  };
  for (const char* only_syntax : {"%", "_", "\\", "'", "\"", "--", "%_%", "*", "?", "' = '"}) {
    EXPECT_EQ(match(only_syntax), Strings{}) << only_syntax;
  }
  // "a%b" is the terms a and b, not a pattern: rows holding both letters.
  EXPECT_EQ(match("a%b"), (Strings{"n0", "n5", "n6"}));
  EXPECT_EQ(match("a_b"), (Strings{"n0", "n5", "n6"}));
  // "?1" is the term 1.
  EXPECT_EQ(match("?1"), (Strings{"n1", "n10", "n11", "n12", "n13", "n14", "n15", "n16"}));
  EXPECT_EQ(match("'; DROP TABLE x; --"), Strings{"n0"});
  EXPECT_EQ(match("plain"), Strings{"n10"});
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, FullTextIndexTreatsSyntaxLiterally) {
  ASSERT_TRUE(store().BuildSearchIndex(version_).ok());
  auto indexed = store().GetVersion("weird", version_.version);
  ASSERT_TRUE(indexed.ok());
  ASSERT_TRUE(indexed->search_ready);
  version_ = *indexed;
  auto match = [&](const std::string& text) {
    model::QueryPlan plan = Plan();
    plan.full_text = text;
    return Names(plan);
  };
  EXPECT_EQ(match("'; DROP TABLE x; --"), Strings{"n0"});
  EXPECT_EQ(match("\" OR 1=1 --"), Strings{"n15"});  // "or" AND "1" AND "1": only the row holding them
  EXPECT_EQ(match("NULL"), Strings{"n8"});
  EXPECT_EQ(match("%"), Strings{});
  EXPECT_EQ(match("*"), Strings{});
  EXPECT_EQ(match("NEAR(plain"), Strings{});
  EXPECT_EQ(match("plain*"), Strings{"n10"});
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, FieldNamesMapToTheirOwnColumns) {
  // "c1" is the first field (stored in column c0); "c0" is the fifth.
  model::QueryPlan plan = Plan();
  plan.filters.push_back({"c1", FilterOp::kEq, {std::string("n3")}});
  EXPECT_EQ(Names(plan), Strings{"n3"});

  plan = Plan();
  plan.filters.push_back({"c0", FilterOp::kEq, {int64_t{105}}});
  EXPECT_EQ(Names(plan), Strings{"n5"});

  plan = Plan();
  plan.filters.push_back({"x; drop", FilterOp::kGte, {int64_t{150}}});
  plan.sort = {{"x; drop", true}};
  Strings want;
  for (size_t i = NastyValues().size(); i-- > 15;) want.push_back("n" + std::to_string(i));
  EXPECT_EQ(Names(plan), want);

  // A user field called _rid is the user's, not the backend's row id.
  plan = Plan();
  plan.fields = {"_rid", "c1"};
  plan.filters.push_back({"_rid", FilterOp::kEq, {int64_t{1000}}});
  auto out = RunQuery(store(), version_, plan);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  ASSERT_EQ(out.rows.size(), 1u);
  EXPECT_EQ(Repr(out.rows[0][0]), "i:1000");
  EXPECT_EQ(Repr(out.rows[0][1]), "s:n0");

  plan = Plan();
  plan.fields = {"c1"};
  plan.sort = {{"_rid", false}};  // the user's column: descending insertion order
  plan.limit = 3;
  const size_t n = NastyValues().size();
  EXPECT_EQ(Names(plan),
            (Strings{"n" + std::to_string(n - 1), "n" + std::to_string(n - 2), "n" + std::to_string(n - 3)}));
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, OddFieldNamesWorkEverywhere) {
  // Sort, group and aggregate on them.
  model::QueryPlan grouped;
  grouped.group_by = {"--"};
  grouped.aggregates = {{model::AggregateFn::kCount, "", "count"},
                        {model::AggregateFn::kSum, "x; drop", "sum_x; drop"},
                        {model::AggregateFn::kMax, "a\"b", "max \"ab\""}};
  grouped.sort = {{"sum_x; drop", true}};
  grouped.limit = 10;
  auto out = RunQuery(store(), version_, grouped);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.columns, (Strings{"--", "count", "sum_x; drop", "max \"ab\""}));
  ASSERT_EQ(out.rows.size(), 2u);
  int64_t odd = 0, even = 0;
  for (size_t i = 0; i < NastyValues().size(); ++i) (i % 2 ? odd : even) += static_cast<int64_t>(i * 10);
  EXPECT_EQ(Repr(out.rows[0][2]), "i:" + std::to_string(std::max(odd, even)));
  EXPECT_EQ(*store().Count(version_, grouped), 2);

  model::QueryPlan distinct;
  distinct.fields = {"--"};
  distinct.distinct = true;
  distinct.limit = 10;
  EXPECT_EQ(*store().Count(version_, distinct), 2);

  // Keyset paging on an odd name.
  model::QueryPlan plan = Plan();
  plan.with_row_id = true;
  plan.sort = {{"a\"b", true}};
  plan.limit = 4;
  Strings paged;
  for (int page = 0; page < 10; ++page) {
    auto rows = RunQuery(store(), version_, plan);
    ASSERT_TRUE(rows.status.ok()) << rows.status.ToString();
    for (const auto& r : rows.rows) paged.push_back(std::get<std::string>(r[1]));
    if (rows.rows.size() < 4) break;
    plan.after = model::Cursor{{rows.rows.back()[2]}, std::get<int64_t>(rows.rows.back()[0])};
  }
  EXPECT_EQ(paged.size(), NastyValues().size());
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), NastyValues().size());

  // Upsert keyed on a field named c0.
  auto spec = testing::Spec("weird", fields_, WriteMode::kUpsert);
  Row changed = data_[3];
  changed[1] = std::string("changed'; --");
  auto v2 = testing::WriteVersion(store(), spec, {changed});
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->row_count, static_cast<int64_t>(NastyValues().size()));
  model::QueryPlan find = Plan();
  find.filters.push_back({"a\"b", FilterOp::kEq, {std::string("changed'; --")}});
  auto found = RunQuery(store(), *v2, find);
  ASSERT_TRUE(found.status.ok());
  ASSERT_EQ(found.rows.size(), 1u);
  EXPECT_EQ(Repr(found.rows[0][0]), "s:n3");
  ExpectDatabaseIntact();
}

TEST_F(SqlSafetyTest, UnknownOddFieldNamesAreRejected) {
  for (const std::string name : {"c0\" FROM sqlite_schema --", "c99", "a\"\"b", "x; DROP", "1=1"}) {
    model::QueryPlan plan = Plan();
    plan.fields = {name};
    EXPECT_EQ(RunQuery(store(), version_, plan).status.error_code(), "query.unknown_field") << name;
    plan = Plan();
    plan.filters.push_back({name, FilterOp::kEq, {int64_t{1}}});
    EXPECT_EQ(store().Count(version_, plan).status().error_code(), "query.unknown_field") << name;
    plan = Plan();
    plan.sort = {{name, false}};
    EXPECT_EQ(RunQuery(store(), version_, plan).status.error_code(), "query.unknown_field") << name;
  }
  ExpectDatabaseIntact();
}

// The embedded store keeps a NUL character in text exactly; PostgreSQL
// cannot, and its store refuses the row with a clear error rather than
// alter the value or fail half-way.
using NulTest = testing::StoreFixture;

TEST_F(NulTest, NulCharacterIsRefusedOrKept) {
  AddDepartment("TJJ", "市统计局");
  ASSERT_TRUE(store().CreateDataset(Meta("nul", "空字符", "TJJ")).ok());
  auto spec = testing::Spec("nul", {testing::Field("t", ColumnType::kText)});
  auto v = testing::WriteVersion(store(), spec, {Row{std::string("a\0b", 3)}});
  if (yungu::testing::OnPostgres()) {
    EXPECT_EQ(v.status().error_code(), "ingest.nul_character");
    EXPECT_EQ(store().GetDataset("nul")->current_version, 0);
  } else {
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    auto out = testing::RunQuery(store(), *v, testing::AllRows(*v));
    ASSERT_EQ(out.rows.size(), 1u);
    EXPECT_EQ(std::get<std::string>(out.rows[0][0]), std::string("a\0b", 3));
  }
}

}  // namespace
}  // namespace yungu::storage

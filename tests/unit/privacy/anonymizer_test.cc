#include "yungu/privacy/anonymizer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>

#include "privacy/anon_table.h"

namespace yungu::privacy {
namespace {

template <typename T>
T Ok(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) throw std::runtime_error("unexpected error");
  return std::move(r).value();
}

// A table as a caller holds it: named columns of text and a hierarchy each.
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> columns;
  std::vector<Hierarchy> hierarchies;
  std::optional<std::vector<std::string>> sensitive;

  size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }

  std::vector<QuasiIdentifier> Inputs() const {
    std::vector<QuasiIdentifier> qis;
    for (size_t i = 0; i < names.size(); ++i) qis.push_back({names[i], columns[i], hierarchies[i]});
    return qis;
  }

  Result<Anonymizer> Create() const {
    std::optional<SensitiveColumn> s;
    if (sensitive) s = SensitiveColumn{"sensitive", *sensitive};
    return Anonymizer::Create(Inputs(), s);
  }
};

AnonymizerConfig Config(int k, double suppression = 0, int l = 0,
                        LossMetric metric = LossMetric::kNonUniformEntropy) {
  AnonymizerConfig c;
  c.k = k;
  c.suppression_limit = suppression;
  c.l = l;
  c.metric = metric;
  return c;
}

// ---------------------------------------------------------------------------
// An independent oracle: evaluates every transformation by grouping rows on
// their generalised text (numbered here, separately from the library), with
// no packing, no pruning and no reuse between transformations, and prices it
// from value frequencies.

struct NodeFacts {
  std::vector<size_t> failing_rows;  // rows of classes below k or l
  double loss = 0;
  bool satisfies = false;
};

using Classes = std::vector<std::vector<size_t>>;  // row indices per class

struct Oracle {
  const Table& table;
  std::vector<std::vector<std::vector<uint32_t>>> generalised;  // [q][level][row]: id of the generalised text
  std::vector<std::vector<double>> entropy;                      // [q][level]
  std::vector<uint32_t> sensitive;                               // [row]
  size_t id_bytes = 1;  // bytes per id in a class key: 1 while every id fits

  explicit Oracle(const Table& t) : table(t) {
    for (size_t q = 0; q < t.names.size(); ++q) {
      const Hierarchy& h = t.hierarchies[q];
      generalised.emplace_back();
      entropy.emplace_back();
      std::map<std::string, double> original;
      for (const std::string& v : t.columns[q]) original[v] += 1;
      for (int level = 0; level <= h.height(); ++level) {
        std::map<std::string, uint32_t> ids;
        std::map<std::string, double> freq;
        std::vector<uint32_t> row_ids;
        for (const std::string& v : t.columns[q]) {
          const std::string g(Ok(h.Generalize(v, level)));
          row_ids.push_back(ids.try_emplace(g, uint32_t(ids.size())).first->second);
          freq[g] += 1;
        }
        double loss = 0;
        for (const auto& [v, a] : original) loss += a * std::log2(freq[std::string(Ok(h.Generalize(v, level)))] / a);
        entropy.back().push_back(loss);
        generalised.back().push_back(std::move(row_ids));
        if (ids.size() > 256) id_bytes = sizeof(uint32_t);
      }
    }
    if (t.sensitive) {
      std::map<std::string, uint32_t> ids;
      for (const std::string& v : *t.sensitive) sensitive.push_back(ids.try_emplace(v, uint32_t(ids.size())).first->second);
    }
  }

  Classes Group(const std::vector<int>& levels) const {
    std::unordered_map<std::string, size_t> index;
    index.reserve(table.rows());
    Classes classes;
    for (size_t r = 0; r < table.rows(); ++r) {
      std::string key;
      for (size_t q = 0; q < levels.size(); ++q) {
        const uint32_t id = generalised[q][levels[q]][r];
        for (size_t b = 0; b < id_bytes; ++b) key.push_back(static_cast<char>(id >> (8 * b)));
      }
      const auto [it, inserted] = index.try_emplace(key, classes.size());
      if (inserted) classes.emplace_back();
      classes[it->second].push_back(r);
    }
    return classes;
  }

  NodeFacts Evaluate(const Classes& classes, const std::vector<int>& levels, const AnonymizerConfig& c) const {
    const size_t n = table.rows();
    NodeFacts f;
    double passing_squares = 0;
    for (const std::vector<size_t>& rows : classes) {
      std::set<uint32_t> distinct;
      if (c.l > 0) {
        for (size_t r : rows) distinct.insert(sensitive[r]);
      }
      const bool passes = rows.size() >= size_t(c.k) && (c.l == 0 || distinct.size() >= size_t(c.l));
      if (passes) {
        passing_squares += double(rows.size()) * double(rows.size());
      } else {
        f.failing_rows.insert(f.failing_rows.end(), rows.begin(), rows.end());
      }
    }
    std::sort(f.failing_rows.begin(), f.failing_rows.end());
    const double allowed = std::floor(c.suppression_limit * double(n) + 1e-9);
    f.satisfies = double(f.failing_rows.size()) <= allowed;
    if (c.metric == LossMetric::kNonUniformEntropy) {
      for (size_t q = 0; q < levels.size(); ++q) f.loss += entropy[q][levels[q]];
    } else {
      f.loss = passing_squares + double(f.failing_rows.size()) * double(n);
    }
    return f;
  }

  std::vector<std::vector<int>> AllLevels() const {
    std::vector<std::vector<int>> all;
    std::vector<int> levels(table.names.size(), 0);
    while (true) {
      all.push_back(levels);
      size_t q = 0;
      while (q < levels.size() && levels[q] == table.hierarchies[q].height()) levels[q++] = 0;
      if (q == levels.size()) return all;
      ++levels[q];
    }
  }
};

bool SameLoss(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

int Height(const std::vector<int>& levels) {
  int h = 0;
  for (int l : levels) h += l;
  return h;
}

// The search agrees with the oracle for each configuration: same existence,
// the least loss, a transformation of that loss and no more general than any
// other of that loss, and the oracle's failing rows as its suppressed rows.
void ExpectOptimal(const Oracle& oracle, const Anonymizer& a,
                   const std::vector<std::pair<std::string, AnonymizerConfig>>& configs) {
  const std::vector<std::vector<int>> all = oracle.AllLevels();
  std::vector<bool> any(configs.size(), false);
  std::vector<double> best(configs.size(), 0);
  std::vector<int> lowest(configs.size(), 0);  // least height among optimal transformations
  for (const std::vector<int>& levels : all) {
    const Classes classes = oracle.Group(levels);
    for (size_t i = 0; i < configs.size(); ++i) {
      const NodeFacts f = oracle.Evaluate(classes, levels, configs[i].second);
      if (!f.satisfies) continue;
      if (!any[i] || (f.loss < best[i] && !SameLoss(f.loss, best[i]))) {
        any[i] = true;
        best[i] = f.loss;
        lowest[i] = Height(levels);
      } else if (SameLoss(f.loss, best[i])) {
        lowest[i] = std::min(lowest[i], Height(levels));
      }
    }
  }
  for (size_t i = 0; i < configs.size(); ++i) {
    SCOPED_TRACE(configs[i].first);
    const AnonymizerConfig& c = configs[i].second;
    const Anonymization got = Ok(a.Search(c));
    EXPECT_EQ(got.lattice_size, all.size());
    ASSERT_EQ(got.found, any[i]);
    if (!any[i]) {
      EXPECT_TRUE(got.levels.empty());
      continue;
    }
    EXPECT_TRUE(SameLoss(got.information_loss, best[i])) << got.information_loss << " vs " << best[i];
    EXPECT_EQ(Height(got.levels), lowest[i]);
    const NodeFacts chosen = oracle.Evaluate(oracle.Group(got.levels), got.levels, c);
    EXPECT_TRUE(chosen.satisfies);
    EXPECT_TRUE(SameLoss(chosen.loss, best[i]));
    EXPECT_EQ(got.suppressed_rows, chosen.failing_rows);
  }
}

// Groups the published rows (what a caller would release) and checks the
// privacy model on them directly.
void ExpectPublishedRowsSatisfy(const Table& t, const Anonymizer& a, const Anonymization& result,
                                const AnonymizerConfig& c) {
  ASSERT_TRUE(result.found);
  std::map<std::vector<std::string>, std::pair<size_t, std::set<std::string>>> classes;
  const std::set<size_t> suppressed(result.suppressed_rows.begin(), result.suppressed_rows.end());
  for (size_t r = 0; r < t.rows(); ++r) {
    const std::vector<std::string_view> published = Ok(a.GeneralizeRow(result, r));
    ASSERT_EQ(published.size(), t.names.size());
    if (suppressed.count(r)) {
      for (std::string_view v : published) EXPECT_EQ(v, "*");
      continue;
    }
    auto& entry = classes[std::vector<std::string>(published.begin(), published.end())];
    ++entry.first;
    if (t.sensitive) entry.second.insert((*t.sensitive)[r]);
  }
  for (const auto& [values, entry] : classes) {
    EXPECT_GE(entry.first, size_t(c.k));
    if (c.l > 0) {
      EXPECT_GE(entry.second.size(), size_t(c.l));
    }
  }
  EXPECT_EQ(classes.size(), result.equivalence_classes);
  EXPECT_LE(double(result.suppressed_rows.size()), std::floor(c.suppression_limit * double(t.rows()) + 1e-9));
}

// ---------------------------------------------------------------------------
// A table small enough to solve by hand.
//
//   row  sex  age        age hierarchy: 21..24 -> 20-24 -> *
//   0    M    21                        35, 36 -> 35-39 -> *
//   1    M    22         sex hierarchy: M, F -> *
//   2    M    23
//   3    M    24         Transformations (sex level, age level) for k = 2:
//   4    F    21           (0,0) every row alone                 fails
//   5    F    22           (1,0) *,21 x2  *,22 x2  rest single   fails: 4 rows
//   6    F    35           (0,1) M,20-24 x4  F,20-24 x2  F,35-39 x2 passes
//   7    F    36           (0,2) (1,1) (1,2) generalise (0,1)    pass
Table HandTable() {
  Table t;
  t.names = {"sex", "age"};
  t.columns = {{"M", "M", "M", "M", "F", "F", "F", "F"}, {"21", "22", "23", "24", "21", "22", "35", "36"}};
  t.hierarchies = {Ok(Hierarchy::Parse("M;*\nF;*\n")),
                   Ok(Hierarchy::Parse("21;20-24;*\n22;20-24;*\n23;20-24;*\n24;20-24;*\n35;35-39;*\n36;35-39;*\n"))};
  return t;
}

TEST(AnonymizerHandTable, OptimumWithoutSuppression) {
  const Table t = HandTable();
  const Anonymizer a = Ok(t.Create());
  EXPECT_EQ(a.rows(), 8u);
  EXPECT_EQ(a.lattice_size(), 6u);
  EXPECT_EQ(a.distinct_tuples(), 8u);
  const Anonymization r = Ok(a.Search(Config(2)));
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.levels, (std::vector<int>{0, 1}));
  EXPECT_TRUE(r.suppressed_rows.empty());
  EXPECT_EQ(r.equivalence_classes, 3u);
  EXPECT_EQ(r.lattice_size, 6u);
  EXPECT_GE(r.transformations_checked, 2u);  // (0,1) passes, and (1,0) must be seen to fail
  EXPECT_LE(r.transformations_checked, 6u);
  // Entropy by hand: ages 21, 22 (2 rows each, band of 6): 4 * log2(6/2);
  // 23, 24 (1 row, band of 6): 2 * log2(6); 35, 36 (1 row, band of 2): 2.
  // = 6 log2(3) + 4.
  EXPECT_NEAR(r.information_loss, 6 * std::log2(3.0) + 4, 1e-9);
  EXPECT_EQ(Ok(a.GeneralizeRow(r, 0)), (std::vector<std::string_view>{"M", "20-24"}));
  EXPECT_EQ(Ok(a.GeneralizeRow(r, 7)), (std::vector<std::string_view>{"F", "35-39"}));
  ExpectPublishedRowsSatisfy(t, a, r, Config(2));
}

TEST(AnonymizerHandTable, SuppressionLimitDecides) {
  const Table t = HandTable();
  const Anonymizer a = Ok(t.Create());
  // Four rows may go: (1,0) passes with rows 2, 3, 6 and 7 (ages 23, 24, 35,
  // 36) suppressed, and loses only the sex column: 8 rows * log2(8/4) = 8,
  // less than (0,1)'s 6 log2(3) + 4 = 13.5.
  const Anonymization four = Ok(a.Search(Config(2, 0.5)));
  ASSERT_TRUE(four.found);
  EXPECT_EQ(four.levels, (std::vector<int>{1, 0}));
  EXPECT_EQ(four.suppressed_rows, (std::vector<size_t>{2, 3, 6, 7}));
  EXPECT_NEAR(four.information_loss, 8.0, 1e-9);
  EXPECT_EQ(four.equivalence_classes, 2u);
  EXPECT_EQ(Ok(a.GeneralizeRow(four, 2)), (std::vector<std::string_view>{"*", "*"}));
  EXPECT_EQ(Ok(a.GeneralizeRow(four, 4)), (std::vector<std::string_view>{"*", "21"}));
  ExpectPublishedRowsSatisfy(t, a, four, Config(2, 0.5));
  // Three rows are not enough for (1,0).
  const Anonymization three = Ok(a.Search(Config(2, 0.375)));
  ASSERT_TRUE(three.found);
  EXPECT_EQ(three.levels, (std::vector<int>{0, 1}));
  EXPECT_TRUE(three.suppressed_rows.empty());
}

TEST(AnonymizerHandTable, NoSolution) {
  const Table t = HandTable();
  const Anonymizer a = Ok(t.Create());
  const Anonymization r = Ok(a.Search(Config(9)));  // more than the 8 rows
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(r.levels.empty());
  EXPECT_TRUE(r.suppressed_rows.empty());
  EXPECT_EQ(r.lattice_size, 6u);
  EXPECT_GE(r.transformations_checked, 1u);
  EXPECT_FALSE(a.GeneralizeRow(r, 0).ok());
  // With every row allowed to go, the bottom "passes" by suppressing all
  // (ARX's semantics): nothing is generalised, nothing published.
  const Anonymization all = Ok(a.Search(Config(9, 1.0)));
  ASSERT_TRUE(all.found);
  EXPECT_EQ(all.levels, (std::vector<int>{0, 0}));
  EXPECT_EQ(all.suppressed_rows.size(), 8u);
  EXPECT_EQ(all.equivalence_classes, 0u);
}

TEST(AnonymizerHandTable, DistinctLDiversity) {
  Table t = HandTable();
  // Rows 6 and 7 (F, 35-39) share a diagnosis: (0,1) and (1,1) keep them
  // alone together, so l = 2 needs the age column at '*': (0,2) gives
  // M,* = {flu, cold}, F,* = {flu, cold, asthma}.
  t.sensitive = std::vector<std::string>{"flu", "flu", "cold", "flu", "cold", "flu", "asthma", "asthma"};
  const Anonymizer a = Ok(t.Create());
  const Anonymization k_only = Ok(a.Search(Config(2)));
  EXPECT_EQ(k_only.levels, (std::vector<int>{0, 1}));
  const Anonymization r = Ok(a.Search(Config(2, 0, 2)));
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.levels, (std::vector<int>{0, 2}));
  EXPECT_TRUE(r.suppressed_rows.empty());
  ExpectPublishedRowsSatisfy(t, a, r, Config(2, 0, 2));
  // Suppressing the two asthma rows instead keeps (0,1): M,20-24 {flu, cold}
  // and F,20-24 {cold, flu} are diverse.
  const Anonymization s = Ok(a.Search(Config(2, 0.25, 2)));
  ASSERT_TRUE(s.found);
  EXPECT_EQ(s.levels, (std::vector<int>{0, 1}));
  EXPECT_EQ(s.suppressed_rows, (std::vector<size_t>{6, 7}));
  // Four distinct values exist nowhere.
  EXPECT_FALSE(Ok(a.Search(Config(1, 0, 4))).found);
}

TEST(AnonymizerHandTable, ChineseValuesArePublishedGeneralised) {
  Table t;
  t.names = {"区县"};
  t.columns = {{"海淀区", "朝阳区", "海淀区", "和平区", "河西区", "和平区"}};
  t.hierarchies = {Ok(Hierarchy::Parse("海淀区;北京市;*\n朝阳区;北京市;*\n和平区;天津市;*\n河西区;天津市;*\n"))};
  const Anonymizer a = Ok(t.Create());
  const Anonymization r = Ok(a.Search(Config(3)));
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.levels, (std::vector<int>{1}));
  EXPECT_EQ(Ok(a.GeneralizeRow(r, 1))[0], "北京市");
  EXPECT_EQ(Ok(a.GeneralizeRow(r, 4))[0], "天津市");
  EXPECT_EQ(a.quasi_identifier_name(0), "区县");
}

// Discernibility charges |D| per suppressed row, so a generalisation of a
// satisfying transformation can lose less; the search must still find it.
//
//   value counts: a 5, b 1, c 5, d 1 (12 rows); a,b -> ab; c,d -> cd; -> *
//   k = 2, two rows may go:
//     level 0: a 5, c 5 pass; b, d suppressed: 25 + 25 + 12 * 2 = 74
//     level 1: ab 6, cd 6:                     36 + 36          = 72  (optimum)
//     level 2: * 12:                           144
TEST(AnonymizerMetrics, DiscernibilityIsNotMonotonicUnderSuppression) {
  Table t;
  t.names = {"x"};
  t.columns = {{"a", "a", "a", "a", "a", "b", "c", "c", "c", "c", "c", "d"}};
  t.hierarchies = {Ok(Hierarchy::Parse("a;ab;*\nb;ab;*\nc;cd;*\nd;cd;*\n"))};
  const Anonymizer a = Ok(t.Create());
  const Anonymization dm = Ok(a.Search(Config(2, 2.0 / 12, 0, LossMetric::kDiscernibility)));
  ASSERT_TRUE(dm.found);
  EXPECT_EQ(dm.levels, (std::vector<int>{1}));
  EXPECT_EQ(dm.information_loss, 72.0);
  EXPECT_TRUE(dm.suppressed_rows.empty());
  const Anonymization at_bottom =
      Ok(a.Evaluate(Config(2, 2.0 / 12, 0, LossMetric::kDiscernibility), std::vector<int>{0}));
  EXPECT_TRUE(at_bottom.found);
  EXPECT_EQ(at_bottom.information_loss, 74.0);
  EXPECT_EQ(at_bottom.suppressed_rows, (std::vector<size_t>{5, 11}));
  // Entropy does not charge suppression: the bottom is free.
  const Anonymization entropy = Ok(a.Search(Config(2, 2.0 / 12)));
  EXPECT_EQ(entropy.levels, (std::vector<int>{0}));
  EXPECT_EQ(entropy.information_loss, 0.0);
  EXPECT_EQ(entropy.suppressed_rows, (std::vector<size_t>{5, 11}));
  // Without suppression discernibility is monotonic: level 1 again, 72.
  const Anonymization strict = Ok(a.Search(Config(2, 0, 0, LossMetric::kDiscernibility)));
  EXPECT_EQ(strict.levels, (std::vector<int>{1}));
  EXPECT_EQ(strict.information_loss, 72.0);
}

TEST(AnonymizerMetrics, Names) {
  EXPECT_EQ(LossMetricName(LossMetric::kNonUniformEntropy), "non_uniform_entropy");
  EXPECT_EQ(LossMetricName(LossMetric::kDiscernibility), "discernibility");
  EXPECT_EQ(ParseLossMetric("discernibility"), LossMetric::kDiscernibility);
  EXPECT_EQ(ParseLossMetric("non_uniform_entropy"), LossMetric::kNonUniformEntropy);
  EXPECT_FALSE(ParseLossMetric("precision").has_value());
}

TEST(AnonymizerEvaluate, OneTransformation) {
  const Table t = HandTable();
  const Anonymizer a = Ok(t.Create());
  const Anonymization failing = Ok(a.Evaluate(Config(2), std::vector<int>{1, 0}));
  EXPECT_FALSE(failing.found);
  EXPECT_EQ(failing.suppressed_rows, (std::vector<size_t>{2, 3, 6, 7}));
  EXPECT_EQ(failing.transformations_checked, 1u);
  const Anonymization top = Ok(a.Evaluate(Config(2, 0, 0, LossMetric::kDiscernibility), std::vector<int>{1, 2}));
  EXPECT_TRUE(top.found);
  EXPECT_EQ(top.information_loss, 64.0);  // one class of 8
  EXPECT_EQ(top.equivalence_classes, 1u);
  for (const std::vector<int>& bad : {std::vector<int>{0}, std::vector<int>{0, 3}, std::vector<int>{-1, 0}}) {
    const Result<Anonymization> r = a.Evaluate(Config(2), bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().error_code(), "privacy.invalid_input");
  }
}

TEST(AnonymizerErrors, Config) {
  const Anonymizer a = Ok(HandTable().Create());
  for (const AnonymizerConfig& c : {Config(0), Config(2, -0.1), Config(2, 1.5), Config(2, std::nan("")),
                                    Config(2, 0, -1), Config(2, 0, 2)}) {  // l without a sensitive column
    const Result<Anonymization> r = a.Search(c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().error_code(), "privacy.invalid_config");
  }
}

TEST(AnonymizerErrors, Input) {
  Table t = HandTable();
  auto expect = [](const Result<Anonymizer>& r, std::string_view code, std::string_view fragment) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().error_code(), code);
    EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
  };
  expect(Anonymizer::Create({}), "privacy.invalid_input", "at least one quasi-identifier");

  Table missing = t;
  missing.columns[1][5] = "99";
  expect(missing.Create(), "privacy.value_not_in_hierarchy", "column 'age', row 6: value '99'");

  Table ragged = t;
  ragged.columns[1].pop_back();
  expect(ragged.Create(), "privacy.invalid_input", "has 7 values, expected 8");

  Table no_hierarchy = t;
  no_hierarchy.hierarchies[0] = Hierarchy();
  expect(no_hierarchy.Create(), "privacy.invalid_input", "column 'sex' has an empty hierarchy");

  Table short_sensitive = t;
  short_sensitive.sensitive = std::vector<std::string>{"x"};
  expect(short_sensitive.Create(), "privacy.invalid_input", "sensitive column");

  // 25 two-level columns: 2^25 transformations.
  Table wide;
  for (int q = 0; q < 25; ++q) {
    wide.names.push_back("c" + std::to_string(q));
    wide.columns.push_back({"v"});
    wide.hierarchies.push_back(Ok(Hierarchy::Parse("v;*\n")));
  }
  const Result<Anonymizer> too_large = wide.Create();
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(too_large.status().error_code(), "privacy.lattice_too_large");
}

TEST(AnonymizerErrors, GeneralizeRow) {
  const Anonymizer a = Ok(HandTable().Create());
  const Anonymization r = Ok(a.Search(Config(2)));
  EXPECT_EQ(a.GeneralizeRow(r, 8).status().error_code(), "privacy.invalid_input");
  Anonymization foreign = r;
  foreign.levels = {0, 5};
  EXPECT_EQ(a.GeneralizeRow(foreign, 0).status().error_code(), "privacy.invalid_input");
  foreign.levels = {0};
  EXPECT_EQ(a.GeneralizeRow(foreign, 0).status().error_code(), "privacy.invalid_input");
}

TEST(AnonymizerEdges, EmptyTableIsTriviallyAnonymous) {
  Table t = HandTable();
  for (auto& c : t.columns) c.clear();
  const Anonymizer a = Ok(t.Create());
  const Anonymization r = Ok(a.Search(Config(5)));
  ASSERT_TRUE(r.found);
  // Every transformation loses nothing; ties go to the least generalised.
  EXPECT_EQ(r.levels, (std::vector<int>{0, 0}));
  EXPECT_EQ(r.information_loss, 0.0);
}

// ---------------------------------------------------------------------------
// Random tables against the oracle: every configuration the search handles
// differently (snapshots, pruning by entropy, the non-monotonic pass for
// discernibility with suppression, l-diversity) must give the optimum.

Table RandomTable(std::mt19937& rng, bool with_sensitive) {
  Table t;
  const int qis = 2 + int(rng() % 3);
  const size_t rows = 30 + rng() % 150;
  for (int q = 0; q < qis; ++q) {
    const int values = 2 + int(rng() % 9);
    const int height = 1 + int(rng() % 3);
    std::string text;
    for (int v = 0; v < values; ++v) {
      text += "q" + std::to_string(q) + "v" + std::to_string(v);
      for (int level = 1; level <= height; ++level) {
        text += ";" + (level == height ? std::string("*") : "L" + std::to_string(level) + "_" + std::to_string(v >> level));
      }
      text += "\n";
    }
    t.names.push_back("q" + std::to_string(q));
    t.hierarchies.push_back(Ok(Hierarchy::Parse(text)));
    // Skewed: low values common, high values rare, so some classes are small.
    std::vector<std::string> column;
    for (size_t r = 0; r < rows; ++r) {
      const int v = int(std::min<unsigned>(rng() % values, rng() % values));
      column.push_back("q" + std::to_string(q) + "v" + std::to_string(v));
    }
    t.columns.push_back(std::move(column));
  }
  if (with_sensitive) {
    std::vector<std::string> s;
    for (size_t r = 0; r < rows; ++r) s.push_back("s" + std::to_string(rng() % 4));
    t.sensitive = std::move(s);
  }
  return t;
}

TEST(AnonymizerOracle, RandomTablesEveryConfiguration) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 24; ++round) {
    const Table t = RandomTable(rng, round % 2 == 1);
    const Anonymizer a = Ok(t.Create());
    std::vector<std::pair<std::string, AnonymizerConfig>> configs;
    for (int k : {1, 2, 3, 6}) {
      for (double suppression : {0.0, 0.05, 0.2}) {
        for (int l : t.sensitive ? std::vector<int>{0, 2, 3} : std::vector<int>{0}) {
          for (LossMetric m : {LossMetric::kNonUniformEntropy, LossMetric::kDiscernibility}) {
            configs.emplace_back("round " + std::to_string(round) + " k=" + std::to_string(k) +
                                     " s=" + std::to_string(suppression) + " l=" + std::to_string(l) + " " +
                                     std::string(LossMetricName(m)),
                                 Config(k, suppression, l, m));
          }
        }
      }
    }
    ExpectOptimal(Oracle(t), a, configs);
    for (const auto& [label, c] : configs) {
      SCOPED_TRACE(label);
      const Anonymization r = Ok(a.Search(c));
      if (r.found) ExpectPublishedRowsSatisfy(t, a, r, c);
    }
  }
}

// Five columns of 20,000 values need 75 bits: tuples cannot be packed into
// one 64-bit key, and classes are formed column by column instead.
TEST(AnonymizerOracle, KeysTooWideToPack) {
  Table t;
  std::mt19937 rng(7);
  for (int q = 0; q < 5; ++q) {
    std::vector<std::vector<std::string>> rows;
    for (int v = 0; v < 20000; ++v) {
      rows.push_back({"c" + std::to_string(q) + "_" + std::to_string(v), "g" + std::to_string(v % 3), "*"});
    }
    t.names.push_back("c" + std::to_string(q));
    t.hierarchies.push_back(Ok(Hierarchy::FromRows(rows)));
    std::vector<std::string> column;
    for (int r = 0; r < 400; ++r) column.push_back("c" + std::to_string(q) + "_" + std::to_string(rng() % 6));
    t.columns.push_back(std::move(column));
  }
  const internal::EncodedTable encoded = Ok(internal::EncodeTable(t.Inputs(), std::nullopt));
  EXPECT_FALSE(encoded.packed);
  const Anonymizer a = Ok(t.Create());
  const std::vector<std::pair<std::string, AnonymizerConfig>> configs = {
      {"k=3", Config(3)}, {"k=3, 10%", Config(3, 0.1)}, {"k=5, 5%, dm", Config(5, 0.05, 0, LossMetric::kDiscernibility)}};
  ExpectOptimal(Oracle(t), a, configs);
  for (const auto& [label, c] : configs) {
    const Anonymization r = Ok(a.Search(c));
    EXPECT_GT(r.transformations_checked, 1u) << label;
    EXPECT_EQ(r.rollups, 0u) << label;
  }
}

// Four columns of 65,536 values fill a 64-bit key exactly; a column with a
// single value needs no bits at all.
TEST(AnonymizerOracle, KeysFillingSixtyFourBits) {
  Table t;
  std::mt19937 rng(11);
  for (int q = 0; q < 4; ++q) {
    std::vector<std::vector<std::string>> rows;
    for (int v = 0; v < 65536; ++v) rows.push_back({std::to_string(v), v < 3 ? "low" : "high"});
    t.names.push_back("c" + std::to_string(q));
    t.hierarchies.push_back(Ok(Hierarchy::FromRows(rows)));
    std::vector<std::string> column;
    for (int r = 0; r < 200; ++r) column.push_back(std::to_string(rng() % 4));
    t.columns.push_back(std::move(column));
  }
  t.names.push_back("constant");
  t.hierarchies.push_back(Ok(Hierarchy::Parse("same;*\n")));
  t.columns.push_back(std::vector<std::string>(200, "same"));
  const internal::EncodedTable encoded = Ok(internal::EncodeTable(t.Inputs(), std::nullopt));
  EXPECT_TRUE(encoded.packed);
  const Anonymizer a = Ok(t.Create());
  ExpectOptimal(Oracle(t), a, {{"k=4", Config(4)}, {"k=4, 5%", Config(4, 0.05)}});
}

// ---------------------------------------------------------------------------
// ARX's Adult subset (3,016 rows) with the 8 quasi-identifiers of ARX's
// benchmark (every column but occupation).

std::string ReadTestFile(const std::string& name) {
  std::ifstream in(std::string(YUNGU_TEST_DATA_DIR) + "/adult/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing test file " + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Table AdultSubset(const std::vector<std::string>& qis, const std::string& sensitive = "") {
  const DelimitedText data = Ok(ParseDelimitedText(ReadTestFile("adult_subset.csv")));
  const DelimitedText::Row header = data.row(0);
  auto column = [&](const std::string& name) {
    size_t c = 0;
    while (c < header.size() && header[c] != name) ++c;
    std::vector<std::string> values;
    for (size_t r = 1; r < data.rows(); ++r) values.emplace_back(data.row(r)[c]);
    return values;
  };
  Table t;
  for (const std::string& name : qis) {
    t.names.push_back(name);
    t.columns.push_back(column(name));
    t.hierarchies.push_back(Ok(Hierarchy::Parse(ReadTestFile("adult_hierarchy_" + name + ".csv"))));
  }
  if (!sensitive.empty()) t.sensitive = column(sensitive);
  return t;
}

const std::vector<std::string> kBenchmarkQis = {"sex",       "age",           "race", "marital-status", "education",
                                                "native-country", "workclass", "salary-class"};

TEST(AnonymizerAdult, SubsetMatchesTheOracle) {
  const Table t = AdultSubset(kBenchmarkQis, "occupation");
  ASSERT_EQ(t.rows(), 3016u);
  const Anonymizer a = Ok(t.Create());
  EXPECT_EQ(a.lattice_size(), 4320u);
  ExpectOptimal(Oracle(t), a,
                {{"k=5", Config(5)},
                 {"k=5, 4%", Config(5, 0.04)},
                 {"k=5, 4%, discernibility", Config(5, 0.04, 0, LossMetric::kDiscernibility)},
                 {"k=3, 1%, l=3", Config(3, 0.01, 3)}});
}

TEST(AnonymizerAdult, SubsetOptimumIsPublishable) {
  const Table t = AdultSubset(kBenchmarkQis);
  const Anonymizer a = Ok(t.Create());
  const Anonymization r = Ok(a.Search(Config(5)));
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.lattice_size, 4320u);
  EXPECT_GT(r.transformations_checked, 0u);
  EXPECT_LT(r.transformations_checked, 4320u);  // pruning did its work
  EXPECT_TRUE(r.suppressed_rows.empty());
  ExpectPublishedRowsSatisfy(t, a, r, Config(5));
  const Anonymization s = Ok(a.Search(Config(5, 0.04)));
  ASSERT_TRUE(s.found);
  EXPECT_LE(s.suppressed_rows.size(), 120u);  // floor(0.04 * 3016)
  EXPECT_LT(s.information_loss, r.information_loss);
  ExpectPublishedRowsSatisfy(t, a, s, Config(5, 0.04));
}

TEST(AnonymizerAdult, ConcurrentSearchesAgree) {
  const Table t = AdultSubset(kBenchmarkQis);
  const Anonymizer a = Ok(t.Create());
  const Anonymization expected = Ok(a.Search(Config(5, 0.02)));
  std::vector<Anonymization> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      Result<Anonymization> r = a.Search(Config(5, 0.02));
      if (r.ok()) results[i] = std::move(r).value();
    });
  }
  for (std::thread& th : threads) th.join();
  for (const Anonymization& r : results) {
    EXPECT_EQ(r.levels, expected.levels);
    EXPECT_EQ(r.suppressed_rows, expected.suppressed_rows);
    EXPECT_EQ(r.information_loss, expected.information_loss);
    EXPECT_EQ(r.transformations_checked, expected.transformations_checked);
  }
}

}  // namespace
}  // namespace yungu::privacy

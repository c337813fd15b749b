// A 200,000-row run whose failures are planted at known rows, so every count
// is known exactly. Row i (1-based) holds:
//   id        i, but i-1 when i % 1000 == 0            -> 200 duplicate keys
//   district  "unknown" when i % 7 == 0, else one of 5 -> 28,571 not allowed
//   age       "n/a" when i % 333 == 0 (600 type failures), else -1 when
//             i % 250 == 0 (800 rows, 2 of them also % 333) -> 798 out of range
//   mobile    null when i % 40 == 0 (5,000), else "12345" when i % 50 == 0
//             (4,000 rows, 1,000 of them also % 40) -> 3,000 bad formats
//   code      lower case when i % 17 == 0              -> 11,764 no match
//   reg_date  2025-01-01 when i % 5000 == 0, after today -> 40 in the future
//   end_date  a day before reg_date when i % 400 == 0  -> 500 out of order
//   region    "R" + i % 11; keys are R0..R9            -> 18,181 not found
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "yungu/quality/checker.h"

namespace yungu::quality {
namespace {

constexpr int64_t kRows = 200000;

model::FieldDef Field(std::string name, ColumnType type) {
  model::FieldDef f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

std::vector<model::FieldDef> Fields() {
  auto id = Field("id", ColumnType::kInteger);
  id.primary_key = true;
  auto district = Field("district", ColumnType::kText);
  district.required = true;
  district.rules.allowed = {"樊城区", "襄城区", "襄州区", "东津新区", "高新区"};
  auto age = Field("age", ColumnType::kInteger);
  age.rules.min = 0;
  age.rules.max = 120;
  auto mobile = Field("mobile", ColumnType::kText);
  mobile.rules.format = "mobile";
  auto code = Field("code", ColumnType::kText);
  code.rules.pattern = "[A-Z]{2}\\d{4}";
  auto reg = Field("reg_date", ColumnType::kDate);
  reg.rules.not_future = true;
  auto end = Field("end_date", ColumnType::kDate);
  end.rules.not_before = "reg_date";
  auto region = Field("region", ColumnType::kText);
  region.rules.references = "regions.code";
  return {id, district, age, mobile, code, reg, end, region};
}

std::string Day(int64_t day_of_2020) {
  // 2020-01-01 plus day_of_2020 days, kept simple: months of 28 days.
  const int64_t month = day_of_2020 / 28 % 12 + 1;
  const int64_t day = day_of_2020 % 28 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "2020-%02d-%02d", static_cast<int>(month), static_cast<int>(day));
  return buf;
}

Row MakeRow(int64_t i) {
  static const char* kDistricts[] = {"樊城区", "襄城区", "襄州区", "东津新区", "高新区"};
  Row row(8);
  row[0] = i % 1000 == 0 ? i - 1 : i;
  row[1] = std::string(i % 7 == 0 ? "unknown" : kDistricts[i % 5]);
  if (i % 333 == 0) {
    row[2] = std::string("n/a");
  } else {
    row[2] = i % 250 == 0 ? int64_t{-1} : i % 100;
  }
  if (i % 40 != 0) {
    char mobile[16];
    std::snprintf(mobile, sizeof mobile, "138%08lld", static_cast<long long>(i));
    row[3] = std::string(i % 50 == 0 ? "12345" : mobile);
  }
  char code[16];
  std::snprintf(code, sizeof code, "%s%04lld", i % 17 == 0 ? "ab" : "AB", static_cast<long long>(i % 10000));
  row[4] = std::string(code);
  // reg_date on the 1st-14th, end_date one day before or after it.
  const int64_t reg = (i % 12) * 28 + i % 14 + 1;
  row[5] = i % 5000 == 0 ? Date{"2025-01-01"} : Date{Day(reg)};
  if (i % 5000 == 0) {
    row[6] = Date{i % 400 == 0 ? "2024-12-31" : "2025-01-02"};
  } else {
    row[6] = Date{Day(i % 400 == 0 ? reg - 1 : reg + 1)};
  }
  row[7] = "R" + std::to_string(i % 11);
  return row;
}

CheckerOptions Options() {
  CheckerOptions options;
  options.today = "2024-06-30";
  auto keys = std::make_shared<const std::unordered_set<std::string>>(
      std::unordered_set<std::string>{"R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"});
  options.reference_keys = [keys](std::string_view, std::string_view)
      -> Result<std::shared_ptr<const std::unordered_set<std::string>>> { return keys; };
  return options;
}

std::vector<std::string> Columns() {
  std::vector<std::string> columns;
  for (const auto& f : Fields()) columns.push_back(f.name);
  return columns;
}

const RuleResult& RuleOf(const QualityReport& report, std::string_view field, std::string_view rule) {
  for (const auto& r : report.rules) {
    if (r.field == field && r.rule == rule) return r;
  }
  static const RuleResult kNone;
  ADD_FAILURE() << "no rule " << rule << " on " << field;
  return kNone;
}

TEST(LargeRunTest, CountsAreExact) {
  auto checker = QualityChecker::Create(Fields(), Columns(), Options());
  ASSERT_TRUE(checker.ok()) << checker.status().ToString();
  for (int64_t i = 1; i <= kRows; ++i) checker->Add(MakeRow(i), i);
  const QualityReport report = checker->Finish();

  EXPECT_EQ(report.rows, kRows);
  ASSERT_TRUE(report.key.has_value());
  EXPECT_EQ(report.key->checked, kRows);
  EXPECT_EQ(report.key->duplicates, 200);
  EXPECT_EQ(report.key->examples.at(0), (Example{1000, "999", "duplicate: row 999"}));

  const auto& district = RuleOf(report, "district", kRuleEnum);
  EXPECT_EQ(district.checked, kRows);
  EXPECT_EQ(district.failed, 28571);
  EXPECT_EQ(district.examples.at(0).row, 7);

  const auto& age_type = RuleOf(report, "age", kRuleType);
  EXPECT_EQ(age_type.checked, kRows);
  EXPECT_EQ(age_type.failed, 600);
  const auto& age_range = RuleOf(report, "age", kRuleRange);
  EXPECT_EQ(age_range.checked, kRows - 600);
  EXPECT_EQ(age_range.failed, 798);
  EXPECT_EQ(age_range.examples.at(0), (Example{250, "-1", "below_min: 0"}));

  EXPECT_EQ(report.fields[3].missing, 5000);
  EXPECT_EQ(report.fields[3].filled, kRows - 5000);
  const auto& mobile = RuleOf(report, "mobile", kRuleFormat);
  EXPECT_EQ(mobile.checked, kRows - 5000);
  EXPECT_EQ(mobile.failed, 3000);
  EXPECT_EQ(mobile.examples.at(0).row, 50);

  const auto& code = RuleOf(report, "code", kRulePattern);
  EXPECT_EQ(code.checked, kRows);
  EXPECT_EQ(code.failed, 11764);
  EXPECT_EQ(code.examples.at(0), (Example{17, "ab0017", "no_match"}));

  EXPECT_EQ(RuleOf(report, "reg_date", kRuleNotFuture).failed, 40);
  const auto& order = RuleOf(report, "end_date", kRuleDateOrder);
  EXPECT_EQ(order.checked, kRows);
  EXPECT_EQ(order.failed, 500);
  EXPECT_EQ(RuleOf(report, "region", kRuleReference).failed, 18181);
  EXPECT_EQ(RuleOf(report, "end_date", kRuleType).failed, 0);
}

// Resident memory of this process in KiB (Linux), for the measurement below.
int64_t ResidentKiB() {
  std::ifstream status("/proc/self/status");
  std::string word;
  while (status >> word) {
    if (word == "VmRSS:") {
      int64_t kib = 0;
      status >> kib;
      return kib;
    }
  }
  return 0;
}

// Throughput and memory on a million rows: a measurement, not a test.
// Run with --gtest_also_run_disabled_tests --gtest_filter='*Million*'.
TEST(LargeRunTest, DISABLED_MillionRowsThroughput) {
  constexpr int64_t kMillion = 1000000;
  std::vector<Row> rows;
  rows.reserve(kMillion);
  for (int64_t i = 1; i <= kMillion; ++i) rows.push_back(MakeRow(i));
  const int64_t rss_before = ResidentKiB();
  CheckerOptions options = Options();
  options.expected_rows = kMillion;
  auto checker = QualityChecker::Create(Fields(), Columns(), std::move(options));
  ASSERT_TRUE(checker.ok());
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 1; i <= kMillion; ++i) checker->Add(rows[i - 1], i);
  const QualityReport report = checker->Finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%lld rows x %zu fields in %.3f s: %.0f rows/s; checker memory %lld KiB; score %.2f\n",
              static_cast<long long>(report.rows), Fields().size(), seconds,
              static_cast<double>(report.rows) / seconds, static_cast<long long>(ResidentKiB() - rss_before),
              report.score.value);
  EXPECT_EQ(report.key->duplicates, 1000);
}

}  // namespace
}  // namespace yungu::quality

// The governance service on a real SQLite store: pseudonyms that join across
// datasets, stored quality reports and their history, the release check's
// groups, cross-source verification counts and the open-rate statistics.
#include "yungu/governance/governance_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>

#include <fstream>

#include "yungu/ingest/pipeline.h"
#include "yungu/model/catalog_json.h"
#include "yungu/privacy/key_ring.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::governance {
namespace {

using nlohmann::json;

model::FieldDef F(const std::string& name, ColumnType type) {
  model::FieldDef f;
  f.name = name;
  f.title = name;
  f.type = type;
  return f;
}

class GovernanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("yungu_governance_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
            std::to_string(std::random_device{}()));
    auto store = storage::OpenSqliteStore(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    queries_ = std::make_unique<query::QueryService>(*store_);
    keys_ = privacy::KeyRing::InMemory();
    queries_->SetKeyRing(keys_.get());
    GovernanceOptions options;
    options.background = false;
    gov_ = std::make_unique<GovernanceService>(*store_, *queries_, options);
    for (const char* code : {"A", "B"}) {
      model::Department d;
      d.code = code;
      d.name = std::string(code) + "局";
      ASSERT_TRUE(store_->PutDepartment(d).ok());
    }
  }
  void TearDown() override {
    gov_.reset();
    queries_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Registers a dataset and writes its first version.
  model::DatasetMeta Make(model::DatasetMeta meta, const std::vector<Row>& rows) {
    if (meta.name.empty()) meta.name = meta.id;
    EXPECT_TRUE(store_->CreateDataset(meta).ok());
    storage::VersionSpec spec;
    spec.dataset_id = meta.id;
    spec.fields = meta.fields;
    auto writer = store_->BeginVersion(spec);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    for (const auto& r : rows) EXPECT_TRUE((*writer)->Append(r).ok());
    auto v = (*writer)->Commit();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    auto stored = store_->GetDataset(meta.id);
    EXPECT_TRUE(stored.ok());
    return *stored;
  }

  std::vector<Row> Read(const std::string& id, const query::ReadScope& scope, const json& request = json::object()) {
    auto q = queries_->Prepare(id, request, &scope);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    if (!q.ok()) return {};
    auto cursor = queries_->Open(*q);
    EXPECT_TRUE(cursor.ok());
    std::vector<Row> out;
    Row row;
    while (true) {
      auto more = (*cursor)->Next(row);
      if (!more.ok() || !*more) break;
      out.emplace_back(row.begin() + (q->plan.with_row_id ? 1 : 0), row.end());
    }
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<query::QueryService> queries_;
  std::unique_ptr<privacy::KeyRing> keys_;
  std::unique_ptr<GovernanceService> gov_;
};

TEST_F(GovernanceTest, PseudonymsOfOneDomainJoinAcrossDatasets) {
  model::DatasetMeta a;
  a.id = "patients";
  a.department = "A";
  a.fields = {F("id_number", ColumnType::kText), F("visits", ColumnType::kInteger)};
  Make(a, {{std::string("420602198001011001"), int64_t{3}}, {std::string("420602198102021014"), int64_t{1}}});
  model::DatasetMeta b;
  b.id = "insured";
  b.department = "B";
  b.fields = {F("sfzh", ColumnType::kText)};
  Make(b, {{std::string("420602198102021014")}, {std::string("420602198001011001")}});

  model::MaskSpec person;
  person.method = model::MaskMethod::kPseudonym;
  person.domain = "person";
  query::ReadScope sa;
  sa.masks["id_number"] = person;
  query::ReadScope sb;
  sb.masks["sfzh"] = person;
  auto ra = Read("patients", sa);
  auto rb = Read("insured", sb);
  ASSERT_EQ(ra.size(), 2u);
  ASSERT_EQ(rb.size(), 2u);
  const auto pa = std::get<std::string>(ra[0][0]);
  EXPECT_EQ(pa.rfind("P1-", 0), 0u) << pa;
  EXPECT_EQ(pa, std::get<std::string>(rb[1][0]));  // the same person in both
  EXPECT_EQ(std::get<std::string>(ra[1][0]), std::get<std::string>(rb[0][0]));
  EXPECT_NE(pa, std::get<std::string>(ra[1][0]));
  EXPECT_TRUE(keys_->IsPseudonymOf(pa, "person", Value(std::string("420602198001011001"))));

  // Another domain, or a new key, cannot be linked.
  model::MaskSpec other = person;
  other.domain = "patient";
  sa.masks["id_number"] = other;
  EXPECT_NE(std::get<std::string>(Read("patients", sa)[0][0]), pa);
  ASSERT_TRUE(keys_->Rotate().ok());
  sa.masks["id_number"] = person;
  auto rotated = std::get<std::string>(Read("patients", sa)[0][0]);
  EXPECT_EQ(rotated.rfind("P2-", 0), 0u);
  EXPECT_NE(rotated, pa);
}

TEST_F(GovernanceTest, QualityReportsAreStoredPerVersionWithTheirHistory) {
  model::DatasetMeta m;
  m.id = "firms";
  m.department = "A";
  auto code = F("code", ColumnType::kText);
  code.rules.unique = true;  // (a primary key's duplicates never reach a version)
  auto capital = F("capital", ColumnType::kDecimal);
  capital.rules.min = 0;
  m.fields = {code, capital};
  auto meta = Make(m, {{std::string("a"), 1.5}, {std::string("b"), -2.0}, {std::string("a"), 3.0}});
  auto report = gov_->QualityJson(meta);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["rows"], 3);
  bool range_seen = false;
  for (const auto& r : (*report)["rules"]) {
    if (r["rule"] == "unique") {
      EXPECT_EQ(r["failed"], 1);
    }
    if (r["rule"] == "range") {
      range_seen = true;
      EXPECT_EQ(r["failed"], 1);
      EXPECT_EQ(r["examples"][0]["row"], 2);
    }
  }
  EXPECT_TRUE(range_seen);
  const double first_score = (*report)["score"]["value"].get<double>();
  EXPECT_LT(first_score, 100);

  auto stored = store_->governance().GetReport("firms", 1, storage::kQualityReport);
  ASSERT_TRUE(stored.ok());
  EXPECT_DOUBLE_EQ(stored->score, first_score);  // no timeliness for an irregular dataset
  auto history = store_->governance().ListReports("firms", storage::kQualityReport);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_TRUE((*history)[0].json.empty());

  // Deleting the dataset takes its reports along (a re-created one starts at version 1).
  ASSERT_TRUE(store_->DeleteDataset("firms").ok());
  EXPECT_EQ(store_->governance().GetReport("firms", 1, storage::kQualityReport).status().code(), Code::kNotFound);
}

TEST_F(GovernanceTest, ReleaseCheckCountsGroupsAsThePublicWouldSeeThem) {
  model::DatasetMeta m;
  m.id = "survey";
  m.department = "A";
  m.opening_type = model::OpeningType::kUnconditional;
  m.k_anonymity = 3;
  auto district = F("district", ColumnType::kText);
  district.quasi_identifier = true;
  auto age = F("age", ColumnType::kInteger);
  age.quasi_identifier = true;
  m.fields = {district, age};
  std::vector<Row> rows;
  for (int a : {21, 24, 27, 33, 35}) rows.push_back({std::string("襄城区"), int64_t{a}});
  auto meta = Make(m, rows);

  auto check = gov_->ReleaseCheck(meta);
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_FALSE((*check)["passed"]);
  EXPECT_EQ((*check)["problems"][0]["groups_below_k"], 5);

  // Ages in decades: 20-29 (3 rows) passes, 30-39 (2 rows) is the smallest group.
  model::MaskSpec decade;
  decade.method = model::MaskMethod::kBucket;
  decade.bucket_width = 10;
  meta.fields[1].masks.public_audience = decade;
  check = gov_->ReleaseCheck(meta);
  ASSERT_TRUE(check.ok());
  ASSERT_EQ((*check)["problems"].size(), 1u);
  const auto& problem = (*check)["problems"][0];
  EXPECT_EQ(problem["groups"], 2);
  EXPECT_EQ(problem["groups_below_k"], 1);
  EXPECT_EQ(problem["smallest_groups"][0]["values"]["age"], "30-39");
  EXPECT_EQ(problem["smallest_groups"][0]["count"], 2);
  Status st = gov_->RequireReleasable(meta);
  EXPECT_EQ(st.error_code(), "release.k_anonymity");
  EXPECT_NE(st.message().find("district=襄城区, age=30-39 (2)"), std::string::npos) << st.message();

  decade.bucket_width = 20;  // [20, 40): one group of 5
  meta.fields[1].masks.public_audience = decade;
  EXPECT_TRUE(gov_->RequireReleasable(meta).ok());
}

TEST_F(GovernanceTest, VerificationComparesCopiesWithTheSourceByKey) {
  model::DatasetMeta src;
  src.id = "registry";
  src.department = "A";
  auto key = F("code", ColumnType::kText);
  key.entity_key = "uscc";
  auto capital = F("capital", ColumnType::kDecimal);
  capital.element = "enterprise.registered_capital";
  src.fields = {key, capital};
  Make(src, {{std::string("K1"), 10.0}, {std::string("K2"), 20.0}, {std::string("K3"), 30.0}});
  model::DatasetMeta copy = src;
  copy.id = "tax";
  copy.department = "B";
  copy.fields[1].type = ColumnType::kText;  // copies may hold the element as text
  Make(copy, {{std::string("k1"), std::string("10")}, {std::string("K2"), std::string("25")},
              {std::string("K9"), std::string("1")}, {std::string("K3"), Value()}});

  storage::DataElement e;
  e.code = "enterprise.registered_capital";
  e.entity_kind = "uscc";
  e.dataset_id = "registry";
  e.field = "capital";
  ASSERT_TRUE(gov_->sources().Declare(e).ok());
  auto run = gov_->sources().Verify(e.code, "on_demand");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->agreements, 1);  // k1 matches K1 (keys compare case-insensitively), 10 == 10.0
  EXPECT_EQ(run->disagreements, 1);
  auto result = json::parse(run->json);
  const auto& c = result["copies"][0];
  EXPECT_EQ(c["unmatched"], 1);
  EXPECT_EQ(c["empty"], 1);
  EXPECT_EQ(c["examples"][0]["key"], "K2");
  EXPECT_EQ(c["examples"][0]["copy"], "25");

  // A second source for the same element replaces the first (一数一源).
  e.dataset_id = "tax";
  ASSERT_TRUE(gov_->sources().Declare(e).ok());
  auto view = gov_->sources().Describe(e.code);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->element.dataset_id, "tax");
  ASSERT_EQ(view->copies.size(), 1u);
  EXPECT_EQ(view->copies[0].dataset_id, "registry");
}

TEST_F(GovernanceTest, StatsCountOpenRatesPerDepartmentAndCity) {
  auto add = [&](const std::string& id, const std::string& dept, model::OpeningType opening) {
    model::DatasetMeta m;
    m.id = id;
    m.name = id;
    m.department = dept;
    m.opening_type = opening;
    ASSERT_TRUE(store_->CreateDataset(m).ok());
  };
  add("a1", "A", model::OpeningType::kUnconditional);
  add("a2", "A", model::OpeningType::kConditional);
  add("a3", "A", model::OpeningType::kNone);
  add("b1", "B", model::OpeningType::kNone);
  auto stats = gov_->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ((*stats)["city"]["entries"], 4);
  EXPECT_EQ((*stats)["city"]["opened"], 2);
  EXPECT_DOUBLE_EQ((*stats)["city"]["open_rate"].get<double>(), 0.5);
  EXPECT_FALSE((*stats)["city"]["meets_2018_target"]);
  const auto& first = (*stats)["departments"][0];  // the league table: highest rate first
  EXPECT_EQ(first["department"], "A");
  EXPECT_NEAR(first["open_rate"].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_TRUE(first["meets_2018_target"]);
  EXPECT_FALSE(first["meets_2020_target"]);
  EXPECT_EQ(first["opening"]["conditional"], 1);
}

TEST_F(GovernanceTest, AnIngestIntoAnOpenDatasetMustPassTheReleaseCheckBeforeItCommits) {
  model::DatasetMeta m;
  m.id = "hotline";
  m.name = "热线工单";
  m.department = "A";
  m.opening_type = model::OpeningType::kUnconditional;
  m.fields = {F("topic", ColumnType::kText), F("reply", ColumnType::kText)};
  ASSERT_TRUE(store_->CreateDataset(m).ok());
  auto ingest = [&](const std::string& csv) {
    const auto file = dir_ / "upload.csv";
    std::ofstream(file) << csv;
    auto meta = store_->GetDataset("hotline");
    EXPECT_TRUE(meta.ok());
    auto gate = gov_->ReleaseGateFor(*meta, storage::WriteMode::kReplace);
    EXPECT_NE(gate, nullptr);
    ingest::IngestOptions options;
    options.gate = gate.get();
    return ingest::IngestFile(*store_, "hotline", file, options);
  };
  auto clean = ingest("topic,reply\n路灯,已修复\n噪音,已转办\n");
  ASSERT_TRUE(clean.status.ok()) << clean.status.ToString();

  // Replies that carry callers' mobile numbers would reach the public as stored.
  auto leaking = ingest("topic,reply\n路灯,13812345678\n噪音,13987654321\n占道,15011112222\n");
  EXPECT_EQ(leaking.status.error_code(), "release.personal_data");
  EXPECT_NE(leaking.status.message().find("field 'reply'"), std::string::npos) << leaking.status.message();
  EXPECT_EQ(leaking.status.message().find("13812345678"), std::string::npos) << "never the values themselves";
  auto meta = store_->GetDataset("hotline");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->current_version, 1) << "the refused version was not committed";
  EXPECT_EQ(meta->row_count, 2);

  // Datasets that are not open to the public have no gate.
  meta->opening_type = model::OpeningType::kConditional;
  EXPECT_EQ(gov_->ReleaseGateFor(*meta, storage::WriteMode::kReplace), nullptr);
}

TEST_F(GovernanceTest, ExportsAreMaskedOnASecondThreadInOrderAndCanStopEarly) {
  model::DatasetMeta m;
  m.id = "calls";
  m.department = "A";
  m.fields = {F("n", ColumnType::kInteger), F("mobile", ColumnType::kText)};
  std::vector<Row> rows;
  for (int64_t i = 0; i < 5000; ++i) rows.push_back({i, std::string("138") + std::to_string(10000000 + i)});
  Make(m, rows);
  query::ReadScope scope;
  model::MaskSpec mobile;
  mobile.method = model::MaskMethod::kMobile;
  scope.masks["mobile"] = mobile;

  auto q = queries_->PrepareExport("calls", json::object(), &scope);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_TRUE(q->stream);
  auto cursor = queries_->Open(*q);
  ASSERT_TRUE(cursor.ok());
  const size_t skip = q->plan.with_row_id ? 1 : 0;
  Row row;
  int64_t seen = 0;
  for (;;) {
    auto more = (*cursor)->Next(row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ASSERT_EQ(std::get<int64_t>(row[skip]), seen) << "rows keep their order";
    const auto& shown = std::get<std::string>(row[skip + 1]);
    ASSERT_EQ(shown.substr(3, 4), "****") << shown;
    ASSERT_EQ(shown.substr(7), std::to_string(10000000 + seen).substr(4)) << shown;
    ++seen;
  }
  EXPECT_EQ(seen, 5000);

  // A client that goes away after a few rows: the worker stops, nothing hangs.
  for (int i = 0; i < 20; ++i) {
    auto early = queries_->Open(*q);
    ASSERT_TRUE(early.ok());
    ASSERT_TRUE((*early)->Next(row).ok());
  }
}

}  // namespace
}  // namespace yungu::governance

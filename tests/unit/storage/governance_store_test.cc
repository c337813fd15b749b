// The governance records: per-version reports, the authoritative-source
// registry (一数一源) and cross-source verification runs.
#include "yungu/storage/governance_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/storage/storage_test_util.h"

namespace yungu::storage::testing {
namespace {

class GovernanceStoreTest : public StoreFixture {
 protected:
  GovernanceStore& gov() { return store().governance(); }

  static VersionReport Report(const std::string& dataset, int64_t version, std::string_view kind, double score,
                              const std::string& computed_at = "2024-05-01T08:00:00Z") {
    VersionReport r;
    r.dataset_id = dataset;
    r.version = version;
    r.kind = std::string(kind);
    r.computed_at = computed_at;
    r.score = score;
    r.json = R"({"dataset":")" + dataset + R"(","version":)" + std::to_string(version) + "}";
    return r;
  }

  static DataElement Element(const std::string& code, const std::string& dataset) {
    DataElement e;
    e.code = code;
    e.name = "注册资本";
    e.entity_kind = "uscc";
    e.dataset_id = dataset;
    e.field = "registered_capital";
    e.key_field = "uscc";
    e.declared_by = "u_1";
    e.declared_at = "2024-05-01T08:00:00Z";
    e.description = "以市场监管局登记为准";
    return e;
  }

  static VerificationRun Run(const std::string& element, const std::string& run_at, int64_t agreements,
                             int64_t disagreements) {
    VerificationRun v;
    v.element = element;
    v.run_at = run_at;
    v.trigger = "on_demand";
    v.agreements = agreements;
    v.disagreements = disagreements;
    v.json = R"({"copies":[]})";
    return v;
  }

  static std::vector<std::string> Codes(const std::vector<DataElement>& elements) {
    std::vector<std::string> out;
    for (const auto& e : elements) out.push_back(e.code);
    return out;
  }

  static std::vector<int64_t> Versions(const std::vector<VersionReport>& reports) {
    std::vector<int64_t> out;
    for (const auto& r : reports) out.push_back(r.version);
    return out;
  }

  // Rows of verification_runs kept for `element`, read past the interface.
  int64_t StoredRuns(const std::string& element) {
    return RawInt(db_path(), "SELECT count(*) FROM verification_runs WHERE element = '" + element + "'");
  }
};

TEST_F(GovernanceStoreTest, ReportsRoundTripAndAreReplacedPerVersionAndKind) {
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 1, kQualityReport, 87.5)).ok());
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 1, kDiscoveryReport, 0.25)).ok());

  auto got = gov().GetReport("enterprises", 1, kQualityReport);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->dataset_id, "enterprises");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->kind, "quality");
  EXPECT_EQ(got->computed_at, "2024-05-01T08:00:00Z");
  EXPECT_DOUBLE_EQ(got->score, 87.5);
  EXPECT_EQ(got->json, R"({"dataset":"enterprises","version":1})");
  EXPECT_DOUBLE_EQ(gov().GetReport("enterprises", 1, kDiscoveryReport)->score, 0.25);

  // Recomputing the same version replaces its report.
  VersionReport again = Report("enterprises", 1, kQualityReport, 91.125, "2024-05-02T08:00:00Z");
  again.json = R"({"recomputed":true})";
  ASSERT_TRUE(gov().PutReport(again).ok());
  got = gov().GetReport("enterprises", 1, kQualityReport);
  ASSERT_TRUE(got.ok());
  EXPECT_DOUBLE_EQ(got->score, 91.125);
  EXPECT_EQ(got->computed_at, "2024-05-02T08:00:00Z");
  EXPECT_EQ(got->json, R"({"recomputed":true})");
  EXPECT_EQ(gov().ListReports("enterprises", kQualityReport)->size(), 1u);
}

TEST_F(GovernanceStoreTest, MissingReportsAreNotFound) {
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 1, kQualityReport, 80)).ok());
  for (auto status : {gov().GetReport("enterprises", 2, kQualityReport).status(),
                      gov().GetReport("enterprises", 1, kDiscoveryReport).status(),
                      gov().GetReport("persons", 1, kQualityReport).status()}) {
    EXPECT_EQ(status.code(), Code::kNotFound);
    EXPECT_EQ(status.error_code(), "governance.report_not_found");
  }
  auto none = gov().ListReports("persons", kQualityReport);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto latest = gov().LatestReports("no_such_kind");
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(latest->empty());
}

TEST_F(GovernanceStoreTest, ListReportsIsTheHistoryNewestVersionFirstWithoutJson) {
  for (int64_t v : {2, 10, 1, 3}) {
    ASSERT_TRUE(gov().PutReport(Report("enterprises", v, kQualityReport, 50.0 + v)).ok());
  }
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 11, kDiscoveryReport, 0.5)).ok());
  ASSERT_TRUE(gov().PutReport(Report("persons", 12, kQualityReport, 10)).ok());

  auto history = gov().ListReports("enterprises", kQualityReport);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  EXPECT_EQ(Versions(*history), (std::vector<int64_t>{10, 3, 2, 1}));
  for (const auto& r : *history) {
    EXPECT_EQ(r.dataset_id, "enterprises");
    EXPECT_EQ(r.kind, "quality");
    EXPECT_DOUBLE_EQ(r.score, 50.0 + r.version);
    EXPECT_TRUE(r.json.empty());
  }
  EXPECT_EQ(Versions(*gov().ListReports("enterprises", kDiscoveryReport)), (std::vector<int64_t>{11}));
}

TEST_F(GovernanceStoreTest, LatestReportsTakeEachDatasetsNewestVersionInDatasetOrder) {
  ASSERT_TRUE(gov().PutReport(Report("persons", 1, kQualityReport, 60, "2024-05-01T01:00:00Z")).ok());
  ASSERT_TRUE(gov().PutReport(Report("persons", 3, kQualityReport, 70, "2024-05-03T01:00:00Z")).ok());
  ASSERT_TRUE(gov().PutReport(Report("persons", 2, kQualityReport, 65, "2024-05-02T01:00:00Z")).ok());
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 7, kQualityReport, 90, "2024-05-07T01:00:00Z")).ok());
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 8, kDiscoveryReport, 0.1)).ok());
  ASSERT_TRUE(gov().PutReport(Report("Zoning", 4, kQualityReport, 40, "2024-05-04T01:00:00Z")).ok());
  ASSERT_TRUE(gov().PutReport(Report("air_quality", 1, kDiscoveryReport, 0.0)).ok());

  auto latest = gov().LatestReports(kQualityReport);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_EQ(latest->size(), 3u);
  // Dataset ids in byte order (upper case first).
  EXPECT_EQ((*latest)[0].dataset_id, "Zoning");
  EXPECT_EQ((*latest)[1].dataset_id, "enterprises");
  EXPECT_EQ((*latest)[2].dataset_id, "persons");
  const VersionReport& persons = (*latest)[2];
  EXPECT_EQ(persons.version, 3);
  EXPECT_EQ(persons.kind, "quality");
  EXPECT_EQ(persons.computed_at, "2024-05-03T01:00:00Z");
  EXPECT_DOUBLE_EQ(persons.score, 70);
  EXPECT_TRUE(persons.json.empty());
  EXPECT_EQ((*latest)[1].version, 7);

  auto discovery = gov().LatestReports(kDiscoveryReport);
  ASSERT_TRUE(discovery.ok());
  ASSERT_EQ(discovery->size(), 2u);
  EXPECT_EQ((*discovery)[0].dataset_id, "air_quality");
  EXPECT_EQ((*discovery)[1].dataset_id, "enterprises");
  EXPECT_EQ((*discovery)[1].version, 8);
}

TEST_F(GovernanceStoreTest, ElementsRoundTripAndADeclarationMovesTheSource) {
  ASSERT_TRUE(gov().PutElement(Element("enterprise.registered_capital", "enterprises")).ok());
  auto got = gov().GetElement("enterprise.registered_capital");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "注册资本");
  EXPECT_EQ(got->entity_kind, "uscc");
  EXPECT_EQ(got->dataset_id, "enterprises");
  EXPECT_EQ(got->field, "registered_capital");
  EXPECT_EQ(got->key_field, "uscc");
  EXPECT_EQ(got->declared_by, "u_1");
  EXPECT_EQ(got->declared_at, "2024-05-01T08:00:00Z");
  EXPECT_EQ(got->description, "以市场监管局登记为准");

  DataElement moved = Element("enterprise.registered_capital", "enterprise_register");
  moved.field = "capital";
  moved.key_field = "credit_code";
  moved.declared_by = "u_2";
  moved.declared_at = "2024-06-01T08:00:00Z";
  moved.description = "";
  ASSERT_TRUE(gov().PutElement(moved).ok());
  got = gov().GetElement("enterprise.registered_capital");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->dataset_id, "enterprise_register");
  EXPECT_EQ(got->field, "capital");
  EXPECT_EQ(got->key_field, "credit_code");
  EXPECT_EQ(got->declared_by, "u_2");
  EXPECT_EQ(got->declared_at, "2024-06-01T08:00:00Z");
  EXPECT_EQ(got->description, "");
  EXPECT_EQ(gov().ListElements()->size(), 1u);
}

TEST_F(GovernanceStoreTest, ElementsAreListedByCode) {
  auto empty = gov().ListElements();
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  for (const char* code : {"person.name", "enterprise.name", "Enterprise.capital", "enterprise.address"}) {
    ASSERT_TRUE(gov().PutElement(Element(code, "enterprises")).ok());
  }
  auto all = gov().ListElements();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(Codes(*all), (std::vector<std::string>{"Enterprise.capital", "enterprise.address", "enterprise.name",
                                                   "person.name"}));
}

TEST_F(GovernanceStoreTest, MissingElementsAreNotFound) {
  Status get = gov().GetElement("no.such").status();
  EXPECT_EQ(get.code(), Code::kNotFound);
  EXPECT_EQ(get.error_code(), "governance.element_not_found");
  Status del = gov().DeleteElement("no.such");
  EXPECT_EQ(del.code(), Code::kNotFound);
  EXPECT_EQ(del.error_code(), "governance.element_not_found");
}

TEST_F(GovernanceStoreTest, DeletingAnElementDropsItsVerificationHistoryOnly) {
  ASSERT_TRUE(gov().PutElement(Element("enterprise.name", "enterprises")).ok());
  ASSERT_TRUE(gov().PutElement(Element("enterprise.address", "enterprises")).ok());
  ASSERT_TRUE(gov().PutVerification(Run("enterprise.name", "2024-05-01T09:00:00Z", 10, 1)).ok());
  ASSERT_TRUE(gov().PutVerification(Run("enterprise.address", "2024-05-01T09:00:00Z", 20, 2)).ok());

  ASSERT_TRUE(gov().DeleteElement("enterprise.name").ok());
  EXPECT_EQ(gov().GetElement("enterprise.name").status().error_code(), "governance.element_not_found");
  EXPECT_EQ(gov().LatestVerification("enterprise.name").status().error_code(), "governance.verification_not_found");
  EXPECT_EQ(gov().DeleteElement("enterprise.name").error_code(), "governance.element_not_found");
  EXPECT_EQ(Codes(*gov().ListElements()), (std::vector<std::string>{"enterprise.address"}));
  EXPECT_EQ(gov().LatestVerification("enterprise.address")->agreements, 20);

  // Re-declared, the element starts with no history.
  ASSERT_TRUE(gov().PutElement(Element("enterprise.name", "enterprises")).ok());
  EXPECT_EQ(gov().LatestVerification("enterprise.name").status().code(), Code::kNotFound);
}

TEST_F(GovernanceStoreTest, AFailedDeleteKeepsTheRunsOfAnUndeclaredElement) {
  ASSERT_TRUE(gov().PutVerification(Run("person.name", "2024-05-01T09:00:00Z", 3, 0)).ok());
  EXPECT_EQ(gov().DeleteElement("person.name").error_code(), "governance.element_not_found");
  auto run = gov().LatestVerification("person.name");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->agreements, 3);
}

TEST_F(GovernanceStoreTest, LatestVerificationIsTheLastRunStored) {
  Status none = gov().LatestVerification("enterprise.name").status();
  EXPECT_EQ(none.code(), Code::kNotFound);
  EXPECT_EQ(none.error_code(), "governance.verification_not_found");

  ASSERT_TRUE(gov().PutVerification(Run("enterprise.name", "2024-05-02T09:00:00Z", 10, 1)).ok());
  VerificationRun second = Run("enterprise.name", "2024-05-01T09:00:00Z", 12, 3);  // an earlier run_at
  second.trigger = "ingest:enterprises";
  second.json = R"({"copies":[{"dataset":"tax","disagree":3}]})";
  ASSERT_TRUE(gov().PutVerification(second).ok());
  ASSERT_TRUE(gov().PutVerification(Run("enterprise.address", "2024-05-03T09:00:00Z", 99, 0)).ok());

  auto latest = gov().LatestVerification("enterprise.name");
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_EQ(latest->element, "enterprise.name");
  EXPECT_EQ(latest->run_at, "2024-05-01T09:00:00Z");
  EXPECT_EQ(latest->trigger, "ingest:enterprises");
  EXPECT_EQ(latest->agreements, 12);
  EXPECT_EQ(latest->disagreements, 3);
  EXPECT_EQ(latest->json, R"({"copies":[{"dataset":"tax","disagree":3}]})");
}

TEST_F(GovernanceStoreTest, VerificationHistoryKeepsTheNewestHundredRuns) {
  for (int i = 1; i <= 105; ++i) {
    ASSERT_TRUE(gov().PutVerification(Run("enterprise.name", "2024-05-01T09:00:00Z", i, 0)).ok());
  }
  ASSERT_TRUE(gov().PutVerification(Run("enterprise.address", "2024-05-01T09:00:00Z", 1, 0)).ok());
  EXPECT_EQ(StoredRuns("enterprise.name"), 100);
  EXPECT_EQ(StoredRuns("enterprise.address"), 1);
  EXPECT_EQ(gov().LatestVerification("enterprise.name")->agreements, 105);
}

TEST_F(GovernanceStoreTest, RecordsSurviveReopening) {
  ASSERT_TRUE(gov().PutReport(Report("enterprises", 1, kQualityReport, 80)).ok());
  ASSERT_TRUE(gov().PutElement(Element("enterprise.name", "enterprises")).ok());
  ASSERT_TRUE(gov().PutVerification(Run("enterprise.name", "2024-05-01T09:00:00Z", 5, 0)).ok());
  Open();
  EXPECT_TRUE(gov().GetReport("enterprises", 1, kQualityReport).ok());
  EXPECT_TRUE(gov().GetElement("enterprise.name").ok());
  EXPECT_EQ(gov().LatestVerification("enterprise.name")->agreements, 5);
}

}  // namespace
}  // namespace yungu::storage::testing

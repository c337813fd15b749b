// Reports, the authoritative-source registry and verification runs.
#include "storage/postgres/pg_governance_store.h"

namespace yungu::storage::pg {
namespace {

constexpr const char* kReportSummaryColumns = "dataset_id, version, kind, computed_at, score";

VersionReport ReadReportSummary(const PgResult& res, int r) {
  VersionReport out;
  out.dataset_id = res.Text(r, 0);
  out.version = res.Int(r, 1);
  out.kind = res.Text(r, 2);
  out.computed_at = res.Text(r, 3);
  out.score = res.Double(r, 4);
  return out;
}

std::vector<VersionReport> ReadReportSummaries(const PgResult& res) {
  std::vector<VersionReport> out;
  out.reserve(res.rows());
  for (int r = 0; r < res.rows(); ++r) out.push_back(ReadReportSummary(res, r));
  return out;
}

constexpr const char* kElementColumns =
    "code, name, entity_kind, dataset_id, field, key_field, declared_by, declared_at, description";

DataElement ReadElement(const PgResult& res, int r) {
  DataElement e;
  e.code = res.Text(r, 0);
  e.name = res.Text(r, 1);
  e.entity_kind = res.Text(r, 2);
  e.dataset_id = res.Text(r, 3);
  e.field = res.Text(r, 4);
  e.key_field = res.Text(r, 5);
  e.declared_by = res.Text(r, 6);
  e.declared_at = res.Text(r, 7);
  e.description = res.Text(r, 8);
  return e;
}

Status ElementNotFound(std::string_view code) {
  return NotFound("governance.element_not_found", "no data element '" + std::string(code) + "'");
}

// The newest runs kept per element.
constexpr int kVerificationHistory = 100;

}  // namespace

Status PgGovernanceStore::PutReport(const VersionReport& r) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn
      ->Exec("INSERT INTO version_reports(dataset_id, version, kind, computed_at, score, report) "
             "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(dataset_id, kind, version) DO UPDATE SET "
             "computed_at = excluded.computed_at, score = excluded.score, report = excluded.report",
             Params().Text(r.dataset_id).Int(r.version).Text(r.kind).Text(r.computed_at).Double(r.score).Text(r.json))
      .status();
}

Result<VersionReport> PgGovernanceStore::GetReport(std::string_view dataset_id, int64_t version,
                                                   std::string_view kind) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kReportSummaryColumns +
                                                   ", report FROM version_reports "
                                                   "WHERE dataset_id = $1 AND version = $2 AND kind = $3",
                                               Params().Text(dataset_id).Int(version).Text(kind)));
  if (res.rows() == 0) {
    return NotFound("governance.report_not_found", "no " + std::string(kind) + " report for version " +
                                                        std::to_string(version) + " of '" +
                                                        std::string(dataset_id) + "'");
  }
  VersionReport out = ReadReportSummary(res, 0);
  out.json = res.Text(0, 5);
  return out;
}

Result<std::vector<VersionReport>> PgGovernanceStore::ListReports(std::string_view dataset_id,
                                                                  std::string_view kind) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kReportSummaryColumns +
                                                   " FROM version_reports WHERE dataset_id = $1 AND kind = $2 "
                                                   "ORDER BY version DESC",
                                               Params().Text(dataset_id).Text(kind)));
  return ReadReportSummaries(res);
}

Result<std::vector<VersionReport>> PgGovernanceStore::LatestReports(std::string_view kind) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // One row per dataset, the one of its highest version; datasets in id order.
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT DISTINCT ON (dataset_id) ") +
                                                   kReportSummaryColumns +
                                                   " FROM version_reports WHERE kind = $1 "
                                                   "ORDER BY dataset_id, version DESC",
                                               Params().Text(kind)));
  return ReadReportSummaries(res);
}

Status PgGovernanceStore::PutElement(const DataElement& e) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn
      ->Exec(std::string("INSERT INTO data_elements(") + kElementColumns +
                 ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(code) DO UPDATE SET "
                 "name = excluded.name, entity_kind = excluded.entity_kind, dataset_id = excluded.dataset_id, "
                 "field = excluded.field, key_field = excluded.key_field, declared_by = excluded.declared_by, "
                 "declared_at = excluded.declared_at, description = excluded.description",
             Params()
                 .Text(e.code)
                 .Text(e.name)
                 .Text(e.entity_kind)
                 .Text(e.dataset_id)
                 .Text(e.field)
                 .Text(e.key_field)
                 .Text(e.declared_by)
                 .Text(e.declared_at)
                 .Text(e.description))
      .status();
}

Result<DataElement> PgGovernanceStore::GetElement(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kElementColumns +
                                                   " FROM data_elements WHERE code = $1",
                                               Params().Text(code)));
  if (res.rows() == 0) return ElementNotFound(code);
  return ReadElement(res, 0);
}

Result<std::vector<DataElement>> PgGovernanceStore::ListElements() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec(std::string("SELECT ") + kElementColumns + " FROM data_elements ORDER BY code"));
  std::vector<DataElement> out;
  out.reserve(res.rows());
  for (int r = 0; r < res.rows(); ++r) out.push_back(ReadElement(res, r));
  return out;
}

Status PgGovernanceStore::DeleteElement(std::string_view code) {
  // One statement: the element and its verification history go together,
  // and nothing is deleted when there is no such element.
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("WITH gone AS (DELETE FROM data_elements WHERE code = $1 RETURNING code), "
                                 "runs AS (DELETE FROM verification_runs WHERE element IN (SELECT code FROM gone)) "
                                 "SELECT count(*) FROM gone",
                                 Params().Text(code)));
  if (res.Int(0, 0) == 0) return ElementNotFound(code);
  return Status::Ok();
}

Status PgGovernanceStore::PutVerification(const VerificationRun& run) {
  // One statement: the insert and the trim of the history to the newest
  // runs. The trim does not see the row being inserted, so it keeps one
  // fewer older run.
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn
      ->Exec("WITH added AS (INSERT INTO verification_runs(element, run_at, trigger, agreements, disagreements, "
             "result) VALUES($1, $2, $3, $4, $5, $6)) "
             "DELETE FROM verification_runs WHERE element = $1 AND id NOT IN "
             "(SELECT id FROM verification_runs WHERE element = $1 ORDER BY id DESC LIMIT $7)",
             Params()
                 .Text(run.element)
                 .Text(run.run_at)
                 .Text(run.trigger)
                 .Int(run.agreements)
                 .Int(run.disagreements)
                 .Text(run.json)
                 .Int(kVerificationHistory - 1))
      .status();
}

Result<VerificationRun> PgGovernanceStore::LatestVerification(std::string_view element) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("SELECT element, run_at, trigger, agreements, disagreements, result "
                                 "FROM verification_runs WHERE element = $1 ORDER BY id DESC LIMIT 1",
                                 Params().Text(element)));
  if (res.rows() == 0) {
    return NotFound("governance.verification_not_found",
                    "element '" + std::string(element) + "' has not been verified yet");
  }
  VerificationRun out;
  out.element = res.Text(0, 0);
  out.run_at = res.Text(0, 1);
  out.trigger = res.Text(0, 2);
  out.agreements = res.Int(0, 3);
  out.disagreements = res.Int(0, 4);
  out.json = res.Text(0, 5);
  return out;
}

}  // namespace yungu::storage::pg

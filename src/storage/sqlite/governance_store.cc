#include "storage/sqlite/governance_store.h"

#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {
namespace {

constexpr const char* kReportSummaryColumns = "dataset_id, version, kind, computed_at, score";

VersionReport ReadReportSummary(Statement& stmt) {
  VersionReport r;
  r.dataset_id = stmt.ColumnText(0);
  r.version = stmt.ColumnInt(1);
  r.kind = stmt.ColumnText(2);
  r.computed_at = stmt.ColumnText(3);
  r.score = sqlite3_column_double(stmt.raw(), 4);
  return r;
}

Result<std::vector<VersionReport>> ReadReportSummaries(Statement& stmt) {
  std::vector<VersionReport> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadReportSummary(stmt));
  }
  return out;
}

constexpr const char* kElementColumns =
    "code, name, entity_kind, dataset_id, field, key_field, declared_by, declared_at, description";

DataElement ReadElement(Statement& stmt) {
  DataElement e;
  e.code = stmt.ColumnText(0);
  e.name = stmt.ColumnText(1);
  e.entity_kind = stmt.ColumnText(2);
  e.dataset_id = stmt.ColumnText(3);
  e.field = stmt.ColumnText(4);
  e.key_field = stmt.ColumnText(5);
  e.declared_by = stmt.ColumnText(6);
  e.declared_at = stmt.ColumnText(7);
  e.description = stmt.ColumnText(8);
  return e;
}

}  // namespace

Status SqliteGovernanceStore::PutReport(const VersionReport& r) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("INSERT OR REPLACE INTO version_reports"
                                          "(dataset_id, version, kind, computed_at, score, report) "
                                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
  stmt.BindText(1, r.dataset_id);
  stmt.BindInt(2, r.version);
  stmt.BindText(3, r.kind);
  stmt.BindText(4, r.computed_at);
  stmt.Bind(5, Value(r.score));
  stmt.BindText(6, r.json);
  YG_RETURN_IF_ERROR(stmt.Run());
  stmt = Statement();
  return tx.Commit();
}

Result<VersionReport> SqliteGovernanceStore::GetReport(std::string_view dataset_id, int64_t version,
                                                       std::string_view kind) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("SELECT ") + kReportSummaryColumns +
                                          ", report FROM version_reports "
                                          "WHERE dataset_id = ?1 AND version = ?2 AND kind = ?3"));
  stmt.BindText(1, dataset_id);
  stmt.BindInt(2, version);
  stmt.BindText(3, kind);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return NotFound("governance.report_not_found", "no " + std::string(kind) + " report for version " +
                                                        std::to_string(version) + " of '" +
                                                        std::string(dataset_id) + "'");
  }
  VersionReport r = ReadReportSummary(stmt);
  r.json = stmt.ColumnText(5);
  return r;
}

Result<std::vector<VersionReport>> SqliteGovernanceStore::ListReports(std::string_view dataset_id,
                                                                      std::string_view kind) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("SELECT ") + kReportSummaryColumns +
                                          " FROM version_reports WHERE dataset_id = ?1 AND kind = ?2 "
                                          "ORDER BY version DESC"));
  stmt.BindText(1, dataset_id);
  stmt.BindText(2, kind);
  return ReadReportSummaries(stmt);
}

Result<std::vector<VersionReport>> SqliteGovernanceStore::LatestReports(std::string_view kind) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("SELECT dataset_id, max(version), kind, computed_at, score "
                                          "FROM version_reports WHERE kind = ?1 GROUP BY dataset_id"));
  stmt.BindText(1, kind);
  return ReadReportSummaries(stmt);
}

Status SqliteGovernanceStore::PutElement(const DataElement& e) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("INSERT OR REPLACE INTO data_elements(") +
                                          kElementColumns + ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  const std::string* values[] = {&e.code,      &e.name,        &e.entity_kind, &e.dataset_id, &e.field,
                                 &e.key_field, &e.declared_by, &e.declared_at, &e.description};
  for (int i = 0; i < 9; ++i) stmt.BindText(i + 1, *values[i]);
  YG_RETURN_IF_ERROR(stmt.Run());
  stmt = Statement();
  return tx.Commit();
}

Result<DataElement> SqliteGovernanceStore::GetElement(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kElementColumns +
                                                          " FROM data_elements WHERE code = ?1"));
  stmt.BindText(1, code);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("governance.element_not_found", "no data element '" + std::string(code) + "'");
  return ReadElement(stmt);
}

Result<std::vector<DataElement>> SqliteGovernanceStore::ListElements() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kElementColumns +
                                                          " FROM data_elements ORDER BY code"));
  std::vector<DataElement> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadElement(stmt));
  }
  return out;
}

Status SqliteGovernanceStore::DeleteElement(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  for (const char* sql : {"DELETE FROM verification_runs WHERE element = ?1", "DELETE FROM data_elements WHERE code = ?1"}) {
    YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(sql));
    stmt.BindText(1, code);
    YG_RETURN_IF_ERROR(stmt.Run());
  }
  if (conn->Changes() == 0) {
    return NotFound("governance.element_not_found", "no data element '" + std::string(code) + "'");
  }
  return tx.Commit();
}

Status SqliteGovernanceStore::PutVerification(const VerificationRun& run) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("INSERT INTO verification_runs"
                                          "(element, run_at, trigger, agreements, disagreements, result) "
                                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
  stmt.BindText(1, run.element);
  stmt.BindText(2, run.run_at);
  stmt.BindText(3, run.trigger);
  stmt.BindInt(4, run.agreements);
  stmt.BindInt(5, run.disagreements);
  stmt.BindText(6, run.json);
  YG_RETURN_IF_ERROR(stmt.Run());
  stmt = Statement();
  // Keep a bounded history per element: the newest 100 runs.
  YG_ASSIGN_OR_RETURN(Statement trim,
                      conn->PrepareCached("DELETE FROM verification_runs WHERE element = ?1 AND id NOT IN "
                                          "(SELECT id FROM verification_runs WHERE element = ?1 "
                                          "ORDER BY id DESC LIMIT 100)"));
  trim.BindText(1, run.element);
  YG_RETURN_IF_ERROR(trim.Run());
  trim = Statement();
  return tx.Commit();
}

Result<VerificationRun> SqliteGovernanceStore::LatestVerification(std::string_view element) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("SELECT element, run_at, trigger, agreements, disagreements, result "
                                          "FROM verification_runs WHERE element = ?1 ORDER BY id DESC LIMIT 1"));
  stmt.BindText(1, element);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return NotFound("governance.verification_not_found",
                    "element '" + std::string(element) + "' has not been verified yet");
  }
  VerificationRun r;
  r.element = stmt.ColumnText(0);
  r.run_at = stmt.ColumnText(1);
  r.trigger = stmt.ColumnText(2);
  r.agreements = stmt.ColumnInt(3);
  r.disagreements = stmt.ColumnInt(4);
  r.json = stmt.ColumnText(5);
  return r;
}

}  // namespace yungu::storage::sqlite

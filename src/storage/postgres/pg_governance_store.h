// PgGovernanceStore: reports, the authoritative-source registry and
// verification runs in the PostgreSQL database (tables of migration 4).
#pragma once

#include "storage/postgres/pg_pool.h"
#include "yungu/storage/governance_store.h"

namespace yungu::storage::pg {

class PgGovernanceStore final : public GovernanceStore {
 public:
  explicit PgGovernanceStore(PgPool& pool) : pool_(pool) {}

  Status PutReport(const VersionReport& report) override;
  Result<VersionReport> GetReport(std::string_view dataset_id, int64_t version, std::string_view kind) override;
  Result<std::vector<VersionReport>> ListReports(std::string_view dataset_id, std::string_view kind) override;
  Result<std::vector<VersionReport>> LatestReports(std::string_view kind) override;

  Status PutElement(const DataElement& element) override;
  Result<DataElement> GetElement(std::string_view code) override;
  Result<std::vector<DataElement>> ListElements() override;
  Status DeleteElement(std::string_view code) override;

  Status PutVerification(const VerificationRun& run) override;
  Result<VerificationRun> LatestVerification(std::string_view element) override;

 private:
  PgPool& pool_;
};

}  // namespace yungu::storage::pg

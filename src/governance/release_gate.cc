// The release check applied to an ingest into a dataset already open to the
// public (无条件开放): the uploaded rows are scanned for personal data in the
// fields the public sees unmasked, and the quasi-identifier groups of the new
// version are counted, while the rows are written; a failing check refuses
// the commit, so the public never sees the version.
#include <optional>

#include "governance/release_rules.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/discovery.h"

namespace yungu::governance {
namespace {

class ReleaseGate final : public ingest::CommitGate {
 public:
  ReleaseGate(model::DatasetMeta meta, int k, int public_max_sensitivity, double threshold, bool replaces,
              query::QueryService& queries)
      : meta_(std::move(meta)),
        k_(k),
        public_max_sensitivity_(public_max_sensitivity),
        threshold_(threshold),
        replaces_(replaces),
        queries_(queries) {}

  Status Start(const std::vector<model::FieldDef>& fields) override {
    auto column_of = [&](const std::string& name) -> std::optional<size_t> {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == name) return i;
      }
      return std::nullopt;
    };
    auto view = internal::PublicView(meta_, public_max_sensitivity_);
    YG_ASSIGN_OR_RETURN(const privacy::Detector* detector, privacy::SharedDetector());
    privacy::ScanOptions scan;
    scan.threshold = threshold_;
    for (const auto& [field, mask] : view) {
      auto column = column_of(field->name);
      if (mask || !column) continue;
      if (!field->personal.empty() && field->personal != "none") {
        problems_.push_back(internal::PersonalDataProblem(field->name, field->personal,
                                                          "declared personal data (" + field->personal + ")"));
      } else if (field->personal.empty()) {
        scanners_.emplace_back(*column, privacy::FieldScanner(*detector, field->name, field->title, scan));
      }
    }
    qis_ = internal::PublicQuasiIdentifiers(view);
    for (const auto& name : qis_.names) {
      auto column = column_of(name);
      if (!column) {  // not in this version: the public cannot see it
        qi_columns_.clear();
        qis_ = {};
        break;
      }
      qi_columns_.push_back(*column);
    }
    if (qis_.names.empty()) return Status::Ok();
    YG_ASSIGN_OR_RETURN(masker_, privacy::Masker::Create(qis_.columns, nullptr));
    // Appends and upserts keep the current rows: their groups count too
    // (an upsert's replaced rows are counted in both; see docs/governance.md).
    if (!replaces_ && meta_.current_version > 0) {
      YG_RETURN_IF_ERROR(internal::CountStoredGroups(qis_, meta_.id, queries_, counts_));
    }
    return Status::Ok();
  }

  void Observe(const Row& row) override {
    for (auto& [column, scanner] : scanners_) {
      if (column >= row.size()) continue;
      Status st = scanner.Add(row[column]);
      if (!st.ok() && scan_error_.ok()) scan_error_ = st;
    }
    if (!masker_) return;
    std::vector<std::string> key;
    key.reserve(qi_columns_.size());
    for (size_t i = 0; i < qi_columns_.size(); ++i) {
      key.push_back(qi_columns_[i] < row.size() ? ValueToText(masker_->Mask(i, row[qi_columns_[i]])) : "");
    }
    ++counts_[std::move(key)];
  }

  Status BeforeCommit() override {
    YG_RETURN_IF_ERROR(scan_error_);
    nlohmann::json problems = problems_;
    for (const auto& [column, scanner] : scanners_) {
      privacy::FieldFinding finding = scanner.Finish();
      if (!finding.dominant || *finding.dominant == privacy::PiiKind::kUscc) continue;
      const std::string kind(privacy::PiiKindName(*finding.dominant));
      double share = 0;
      for (const auto& k : finding.kinds) {
        if (k.kind == *finding.dominant) share = k.contained_share;
      }
      problems.push_back(internal::PersonalDataProblem(
          finding.name, kind,
          "the upload holds " + kind + " in " + std::to_string(static_cast<int>(share * 100 + 0.5)) +
              "% of its values"));
    }
    if (masker_) {
      nlohmann::json problem = internal::KAnonymityProblem(qis_.names, counts_, k_);
      if (!problem.is_null()) problems.push_back(std::move(problem));
    }
    return internal::ReleaseRefusal("dataset '" + meta_.id +
                                        "' is open to the public (无条件开放) and this version would not pass its "
                                        "release check, so it was not committed",
                                    problems);
  }

 private:
  model::DatasetMeta meta_;  // the masks' fields point into it
  int k_;
  int public_max_sensitivity_;
  double threshold_;
  bool replaces_;
  query::QueryService& queries_;

  nlohmann::json problems_ = nlohmann::json::array();
  std::vector<std::pair<size_t, privacy::FieldScanner>> scanners_;
  Status scan_error_;
  internal::QuasiIdentifiers qis_;
  std::vector<size_t> qi_columns_;
  std::optional<privacy::Masker> masker_;
  internal::GroupCounts counts_;
};

}  // namespace

std::unique_ptr<ingest::CommitGate> GovernanceService::ReleaseGateFor(const model::DatasetMeta& meta,
                                                                     storage::WriteMode mode) {
  if (meta.opening_type != model::OpeningType::kUnconditional) return nullptr;
  const int k = meta.k_anonymity > 0 ? meta.k_anonymity : options_.default_k;
  return std::make_unique<ReleaseGate>(meta, k, options_.public_max_sensitivity, options_.discovery_threshold,
                                       mode == storage::WriteMode::kReplace, queries_);
}

}  // namespace yungu::governance

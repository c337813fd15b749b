#include "yungu/privacy/anonymizer.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "privacy/anon_check.h"
#include "privacy/anon_search.h"
#include "privacy/anon_table.h"
#include "privacy/lattice.h"

namespace yungu::privacy {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kInvalidConfig[] = "privacy.invalid_config";
constexpr char kInvalidInput[] = "privacy.invalid_input";
// A limit such as 0.29 of 100 rows is 28.999999999999996 in binary; the
// tolerance keeps it 29 rows.
constexpr double kSuppressionTolerance = 1e-9;
constexpr std::string_view kSuppressedValue = "*";

Result<internal::CheckConfig> Resolve(const AnonymizerConfig& config, const internal::EncodedTable& table) {
  if (config.k < 1) return InvalidArgument(kInvalidConfig, "k must be at least 1");
  if (config.l < 0) return InvalidArgument(kInvalidConfig, "l must not be negative");
  if (config.l > 0 && !table.has_sensitive) {
    return InvalidArgument(kInvalidConfig, "l-diversity needs a sensitive column");
  }
  if (!(config.suppression_limit >= 0.0 && config.suppression_limit <= 1.0)) {
    return InvalidArgument(kInvalidConfig, "the suppression limit must be between 0 and 1");
  }
  if (config.metric != LossMetric::kNonUniformEntropy && config.metric != LossMetric::kDiscernibility) {
    return InvalidArgument(kInvalidConfig, "unknown information-loss metric");
  }
  internal::CheckConfig c;
  c.k = static_cast<uint32_t>(config.k);
  c.l = static_cast<uint32_t>(config.l);
  c.metric = config.metric;
  const double allowed = std::floor(config.suppression_limit * static_cast<double>(table.rows) + kSuppressionTolerance);
  c.max_suppressed = std::min<uint64_t>(static_cast<uint64_t>(allowed), table.rows);
  return c;
}

std::vector<int> Heights(const internal::EncodedTable& table) {
  std::vector<int> heights;
  for (const internal::EncodedQi& q : table.qis) heights.push_back(q.height);
  return heights;
}

}  // namespace

std::string_view LossMetricName(LossMetric metric) {
  switch (metric) {
    case LossMetric::kNonUniformEntropy:
      return "non_uniform_entropy";
    case LossMetric::kDiscernibility:
      return "discernibility";
  }
  return "unknown";
}

std::optional<LossMetric> ParseLossMetric(std::string_view name) {
  if (name == "non_uniform_entropy") return LossMetric::kNonUniformEntropy;
  if (name == "discernibility") return LossMetric::kDiscernibility;
  return std::nullopt;
}

Anonymizer::Anonymizer(std::unique_ptr<const internal::EncodedTable> table) : table_(std::move(table)) {}
Anonymizer::Anonymizer(Anonymizer&&) noexcept = default;
Anonymizer& Anonymizer::operator=(Anonymizer&&) noexcept = default;
Anonymizer::~Anonymizer() = default;

Result<Anonymizer> Anonymizer::Create(const std::vector<QuasiIdentifier>& quasi_identifiers,
                                      std::optional<SensitiveColumn> sensitive) {
  YG_ASSIGN_OR_RETURN(internal::EncodedTable table, internal::EncodeTable(quasi_identifiers, sensitive));
  return Anonymizer(std::make_unique<const internal::EncodedTable>(std::move(table)));
}

Result<Anonymization> Anonymizer::Search(const AnonymizerConfig& config) const {
  const Clock::time_point start = Clock::now();
  YG_ASSIGN_OR_RETURN(const internal::CheckConfig check, Resolve(config, *table_));
  const internal::Lattice lattice(Heights(*table_));
  internal::Checker checker(*table_, lattice, check);
  // Entropy ignores suppression; discernibility is monotonic only when no
  // row may be suppressed.
  const bool monotonic = check.metric == LossMetric::kNonUniformEntropy || check.max_suppressed == 0;
  const internal::SearchOutcome best = internal::FindOptimum(*table_, lattice, checker, monotonic);

  Anonymization result;
  result.metric = config.metric;
  result.lattice_size = lattice.size();
  if (best.found) {
    result.found = true;
    result.levels.resize(table_->qis.size());
    lattice.Levels(best.node, result.levels);
    const internal::CheckOutcome chosen = checker.Materialize(best.node, result.suppressed_rows);
    result.equivalence_classes = chosen.passing_classes;
    result.information_loss = chosen.loss;
  }
  result.transformations_checked = checker.checks();
  result.rollups = checker.rollups();
  result.search_time = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
  return result;
}

Result<Anonymization> Anonymizer::Evaluate(const AnonymizerConfig& config, std::span<const int> levels) const {
  const Clock::time_point start = Clock::now();
  YG_ASSIGN_OR_RETURN(const internal::CheckConfig check, Resolve(config, *table_));
  if (levels.size() != table_->qis.size()) {
    return InvalidArgument(kInvalidInput, "expected " + std::to_string(table_->qis.size()) + " levels, got " +
                                              std::to_string(levels.size()));
  }
  for (size_t q = 0; q < levels.size(); ++q) {
    if (levels[q] < 0 || levels[q] > table_->qis[q].height) {
      return InvalidArgument(kInvalidInput, "level " + std::to_string(levels[q]) + " of '" + table_->qis[q].name +
                                                "' is outside 0.." + std::to_string(table_->qis[q].height));
    }
  }
  const internal::Lattice lattice(Heights(*table_));
  internal::Checker checker(*table_, lattice, check);
  Anonymization result;
  result.metric = config.metric;
  result.lattice_size = lattice.size();
  result.levels.assign(levels.begin(), levels.end());
  const internal::CheckOutcome out = checker.Materialize(lattice.Node(levels), result.suppressed_rows);
  result.found = out.satisfies;
  result.equivalence_classes = out.passing_classes;
  result.information_loss = out.loss;
  result.transformations_checked = 1;
  result.search_time = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
  return result;
}

Result<std::vector<std::string_view>> Anonymizer::GeneralizeRow(const Anonymization& result, size_t row) const {
  const internal::EncodedTable& t = *table_;
  if (result.levels.size() != t.qis.size()) {
    return InvalidArgument(kInvalidInput, "the result has no transformation for these quasi-identifiers");
  }
  if (row >= t.rows) {
    return InvalidArgument(kInvalidInput, "row " + std::to_string(row) + " is outside the table's " +
                                              std::to_string(t.rows) + " rows");
  }
  for (size_t q = 0; q < t.qis.size(); ++q) {
    if (result.levels[q] < 0 || result.levels[q] > t.qis[q].height) {
      return InvalidArgument(kInvalidInput, "the result's level for '" + t.qis[q].name + "' is out of range");
    }
  }
  std::vector<std::string_view> values(t.qis.size(), kSuppressedValue);
  if (std::binary_search(result.suppressed_rows.begin(), result.suppressed_rows.end(), row)) return values;
  const uint32_t tuple = t.row_tuple[row];
  for (size_t q = 0; q < t.qis.size(); ++q) {
    values[q] = t.qis[q].hierarchy.ValueAt(t.tuple_ids[q][tuple], result.levels[q]);
  }
  return values;
}

size_t Anonymizer::rows() const { return table_->rows; }
size_t Anonymizer::quasi_identifier_count() const { return table_->qis.size(); }
const std::string& Anonymizer::quasi_identifier_name(size_t i) const { return table_->qis[i].name; }
const Hierarchy& Anonymizer::hierarchy(size_t i) const { return table_->qis[i].hierarchy; }
uint64_t Anonymizer::lattice_size() const { return table_->lattice_size; }
size_t Anonymizer::distinct_tuples() const { return table_->tuples(); }

}  // namespace yungu::privacy

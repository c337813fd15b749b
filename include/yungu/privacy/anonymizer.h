// k-anonymity by full-domain generalisation: finds the transformation (one
// generalisation level per quasi-identifier) with the least information loss
// among those that make every published equivalence class at least k rows
// large -- and, optionally, hold at least l distinct values of a sensitive
// column -- after suppressing at most a given share of rows.
//
// The search walks the generalisation lattice with the Flash strategy
// (Kohlmayer, Prasser et al., "Flash: Efficient, Stable and Optimal
// K-Anonymity", PASSAT 2012), as ARX does: greedy upward paths checked by
// binary search, with predictive tagging -- a transformation that satisfies
// the privacy model lets every generalisation of it be tagged as satisfying,
// one that does not lets every specialisation be tagged as not satisfying.
//
// What is guaranteed. The privacy model used here is monotonic even with
// suppression: generalising merges classes, a class that contains a class of
// k (or l distinct) already has k (or l distinct), so the rows in failing
// classes never grow. The result is therefore the exact optimum over the
// whole lattice for every configuration:
//  - kNonUniformEntropy never charges suppression, so it is monotonic and the
//    generalisations of a satisfying transformation are never evaluated;
//  - kDiscernibility charges each suppressed row |D|; with a suppression
//    limit that allows at least one row it is not monotonic (a generalisation
//    may suppress fewer rows and lose less), so every satisfying
//    transformation is evaluated unless a lower bound proves it cannot win.
// Among transformations of equal loss the least generalised (smallest sum of
// levels) is returned, so equal inputs give equal results.
//
// Cost. Rows are collapsed into distinct quasi-identifier tuples once, in
// Create. A check groups tuples, or -- when each tuple's ids pack into 64
// bits (the sum over columns of ceil(log2(hierarchy size))) and l is 0 --
// the classes of an already checked specialisation, rewriting only the
// fields whose level changed. Wider tuples are regrouped column by column.
//
// Thread-safety: an Anonymizer is immutable after Create; Search, Evaluate
// and GeneralizeRow are const and keep their working memory on the call, so
// any number of threads may use one Anonymizer at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/privacy/hierarchy.h"

namespace yungu::privacy {

namespace internal {
struct EncodedTable;
}

enum class LossMetric {
  // ARX's monotonic non-uniform entropy (the metric of ARX's benchmark,
  // arx-deidentifier/anonbench): the sum over quasi-identifiers and rows of
  // -log2 P(original value | published value), the probabilities taken from
  // the column's value frequencies. Suppressed rows are charged as if
  // published. Depends only on the levels, not on the classes.
  kNonUniformEntropy,
  // Discernibility (Bayardo & Agrawal): the sum over published classes of
  // |class|^2, plus |D| for every suppressed row.
  kDiscernibility,
};
std::string_view LossMetricName(LossMetric metric);  // "non_uniform_entropy", "discernibility"
std::optional<LossMetric> ParseLossMetric(std::string_view name);

struct AnonymizerConfig {
  int k = 5;                       // >= 1
  double suppression_limit = 0.0;  // share of rows that may be suppressed, 0..1; at most
                                   // floor(limit * rows) rows are
  int l = 0;                       // distinct l-diversity of the sensitive column; 0 = off
  LossMetric metric = LossMetric::kNonUniformEntropy;
};

// One quasi-identifier: its values (one per row, read during Create only,
// not retained) and its hierarchy (copied). Every value must be an original
// value of the hierarchy.
struct QuasiIdentifier {
  std::string name;
  std::span<const std::string> values;
  Hierarchy hierarchy;
};

// The sensitive column for l-diversity (read during Create only).
struct SensitiveColumn {
  std::string name;
  std::span<const std::string> values;
};

struct Anonymization {
  // False when no transformation satisfies the model within the suppression
  // limit, not even the top of the lattice; `levels` is then empty.
  bool found = false;
  std::vector<int> levels;               // generalisation level per quasi-identifier
  std::vector<size_t> suppressed_rows;   // ascending row indices
  size_t equivalence_classes = 0;        // published (non-suppressed) classes
  double information_loss = 0;           // of `levels` under `metric`
  LossMetric metric = LossMetric::kNonUniformEntropy;
  uint64_t lattice_size = 0;             // transformations in the lattice
  uint64_t transformations_checked = 0;  // transformations whose classes were computed
  uint64_t rollups = 0;                  // checks computed from a checked specialisation
  std::chrono::nanoseconds search_time{0};
};

class Anonymizer {
 public:
  // Encodes the table: each row's quasi-identifier values as hierarchy ids,
  // identical rows collapsed. Errors (InvalidArgument):
  //  "privacy.invalid_input": no quasi-identifiers, columns of different
  //    lengths, an empty (default-constructed) hierarchy, more than
  //    2^32 - 1 rows;
  //  "privacy.value_not_in_hierarchy": a value its hierarchy lacks (the
  //    message names the column, the 1-based row and the value) -- values
  //    are never guessed, a hierarchy must list every value of its column;
  // ResourceExhausted "privacy.lattice_too_large": more than 2^24
  //    transformations.
  static Result<Anonymizer> Create(const std::vector<QuasiIdentifier>& quasi_identifiers,
                                   std::optional<SensitiveColumn> sensitive = std::nullopt);

  // A moved-from Anonymizer may only be destroyed or assigned to.
  Anonymizer(Anonymizer&&) noexcept;
  Anonymizer& operator=(Anonymizer&&) noexcept;
  ~Anonymizer();

  // Finds the optimal transformation (see the file comment). Success with
  // found == false means no transformation satisfies the model. Errors
  // (InvalidArgument "privacy.invalid_config"): k < 1, l < 0, l > 0 without a
  // sensitive column, a suppression limit outside 0..1.
  Result<Anonymization> Search(const AnonymizerConfig& config) const;

  // Applies one transformation without searching: found tells whether it
  // satisfies the model, with its suppressed rows and loss (the loss as if
  // rows failing the model were suppressed). Errors: those of Search, and
  // "privacy.invalid_input" for levels of the wrong count or out of range.
  Result<Anonymization> Evaluate(const AnonymizerConfig& config, std::span<const int> levels) const;

  // The published quasi-identifier values of `row` under `result` (from
  // Search or Evaluate on this anonymizer): each value generalised to its
  // level, or "*" for every value of a suppressed row (as ARX publishes
  // them). The views point into this anonymizer's hierarchies and live as
  // long as it. Errors ("privacy.invalid_input"): a result without a
  // transformation or not from this anonymizer, a row out of range.
  Result<std::vector<std::string_view>> GeneralizeRow(const Anonymization& result, size_t row) const;

  size_t rows() const;
  size_t quasi_identifier_count() const;
  const std::string& quasi_identifier_name(size_t i) const;
  const Hierarchy& hierarchy(size_t i) const;
  uint64_t lattice_size() const;
  size_t distinct_tuples() const;  // distinct rows of quasi-identifier values

 private:
  explicit Anonymizer(std::unique_ptr<const internal::EncodedTable> table);
  std::unique_ptr<const internal::EncodedTable> table_;
};

}  // namespace yungu::privacy

// Checking one transformation: grouping the tuples into equivalence classes
// at the node's levels, testing each class against k (and l), and pricing
// the node under the metric.
//
// A check starts from the smallest stored grouping of a node it generalises
// (a "snapshot"), else from the distinct tuples: generalisation only merges
// classes, so a class of a specialisation lands whole in one class of the
// node, and only the fields of quasi-identifiers whose level differs need
// rewriting in its packed key.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "privacy/anon_group_table.h"
#include "privacy/anon_table.h"
#include "privacy/lattice.h"
#include "yungu/privacy/anonymizer.h"

namespace yungu::privacy::internal {

struct CheckConfig {
  uint32_t k = 5;
  uint32_t l = 0;
  uint64_t max_suppressed = 0;  // rows
  LossMetric metric = LossMetric::kNonUniformEntropy;
};

struct CheckOutcome {
  bool satisfies = false;
  uint64_t failing_rows = 0;  // rows of classes below k or l
  uint32_t classes = 0;
  uint32_t passing_classes = 0;
  // The metric with every failing row suppressed.
  double loss = 0;
  // A lower bound of the loss of this node and of all its generalisations:
  // for discernibility the sum of |class|^2 over all classes (a row never
  // lands in a smaller class higher up, and a suppressed row costs |D|).
  double generalization_bound = 0;
};

class Checker {
 public:
  Checker(const EncodedTable& table, const Lattice& lattice, const CheckConfig& config);

  // Checks `node`. The grouping of a failing node -- and with
  // `keep_satisfying` of a satisfying one -- is stored for later checks of
  // its generalisations, when it is smaller than what it was computed from
  // (only while k alone is checked on packed keys).
  CheckOutcome Check(uint32_t node, bool keep_satisfying);

  // Checks `node` from the distinct tuples and lists the rows to suppress
  // (ascending); not counted as a check.
  CheckOutcome Materialize(uint32_t node, std::vector<size_t>& suppressed_rows);

  // The non-uniform entropy of a node (independent of the data's grouping).
  double Entropy(uint32_t node) const;

  // Whether the metric's value is known before a check: then PriorBound is
  // the loss of `node` and a lower bound of its generalisations' losses.
  bool HasPriorBound() const { return config_.metric == LossMetric::kNonUniformEntropy; }
  double PriorBound(uint32_t node) const { return Entropy(node); }

  uint64_t checks() const { return checks_; }
  uint64_t rollups() const { return rollups_; }

 private:
  struct Snapshot {
    uint32_t node = 0;
    std::vector<uint64_t> keys;
    std::vector<uint32_t> counts;
  };

  // Groups `keys`/`counts` (packed keys at node `from`) at node `to`.
  void GroupPacked(std::span<const uint64_t> keys, std::span<const uint32_t> counts, uint32_t from, uint32_t to,
                   bool record);
  // Groups the distinct tuples at `to` column by column (keys too wide to pack).
  void GroupWide(uint32_t to);
  void CountDistinctSensitive();
  CheckOutcome Evaluate(uint32_t node);
  bool Passes(size_t c) const {
    return class_counts_[c] >= config_.k && (config_.l == 0 || class_distinct_[c] >= config_.l);
  }
  const Snapshot* BestSource(uint32_t node) const;
  void Keep(uint32_t node);

  const EncodedTable& table_;
  const Lattice& lattice_;
  CheckConfig config_;
  std::vector<int> levels_scratch_;

  GroupTable groups_;
  std::vector<uint64_t> rolled_;        // keys of the entries being grouped, at the target node
  std::vector<uint64_t> class_keys_;    // [class], packed path only
  std::vector<uint32_t> class_counts_;  // [class]
  std::vector<uint32_t> class_distinct_;  // [class] distinct sensitive values, when l > 0
  std::vector<uint32_t> entry_class_;   // [tuple] when grouping from the tuples with `record`

  std::vector<Snapshot> snapshots_;     // oldest first
  size_t snapshot_entries_ = 0;
  std::vector<Snapshot> spare_;         // evicted, buffers reused

  uint64_t checks_ = 0;
  uint64_t rollups_ = 0;
};

}  // namespace yungu::privacy::internal

#include "privacy/anon_check.h"

#include <algorithm>

namespace yungu::privacy::internal {
namespace {

// Snapshot budget: enough for the failing nodes of a few Flash paths; past
// it the oldest go first (Flash works upward from recent paths).
constexpr size_t kMaxSnapshots = 64;
constexpr size_t kMinSnapshotEntries = size_t{1} << 16;
constexpr size_t kSnapshotEntriesPerTuple = 4;

}  // namespace

Checker::Checker(const EncodedTable& table, const Lattice& lattice, const CheckConfig& config)
    : table_(table), lattice_(lattice), config_(config), levels_scratch_(2 * table.qis.size()) {}

double Checker::Entropy(uint32_t node) const {
  double loss = 0;
  for (size_t q = 0; q < table_.qis.size(); ++q) loss += table_.qis[q].entropy[lattice_.Level(node, static_cast<int>(q))];
  return loss;
}

void Checker::GroupPacked(std::span<const uint64_t> keys, std::span<const uint32_t> counts, uint32_t from,
                          uint32_t to, bool record) {
  const size_t n_qi = table_.qis.size();
  std::span<int> from_levels(levels_scratch_.data(), n_qi);
  std::span<int> to_levels(levels_scratch_.data() + n_qi, n_qi);
  lattice_.Levels(from, from_levels);
  lattice_.Levels(to, to_levels);

  const size_t n = keys.size();
  rolled_.resize(n);
  uint64_t keep = ~uint64_t{0};
  for (size_t q = 0; q < n_qi; ++q) {
    if (from_levels[q] != to_levels[q]) keep &= ~(table_.qis[q].mask << table_.qis[q].shift);
  }
  for (size_t i = 0; i < n; ++i) rolled_[i] = keys[i] & keep;
  // One pass per rewritten field keeps each pass a tight gather over a
  // small table.
  for (size_t q = 0; q < n_qi; ++q) {
    if (from_levels[q] == to_levels[q]) continue;
    const EncodedQi& e = table_.qis[q];
    const uint64_t* map = e.roll_up[from_levels[q]][to_levels[q]].data();
    const int shift = e.shift;
    const uint64_t mask = e.mask;
    for (size_t i = 0; i < n; ++i) rolled_[i] |= map[(keys[i] >> shift) & mask];
  }

  // The node has at most as many classes as combinations of its
  // generalised values: high in the lattice that is few, and a small table
  // stays in cache.
  uint64_t most_classes = 1;
  for (size_t q = 0; q < n_qi && most_classes < n; ++q) {
    most_classes *= table_.qis[q].distinct_in_data[to_levels[q]];
  }
  groups_.Reset(std::min<uint64_t>(most_classes, n));
  class_keys_.clear();
  class_counts_.clear();
  if (record) entry_class_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t c = groups_.Insert(rolled_[i]);
    if (c == class_counts_.size()) {
      class_keys_.push_back(rolled_[i]);
      class_counts_.push_back(0);
    }
    class_counts_[c] += counts[i];
    if (record) entry_class_[i] = c;
  }
}

void Checker::GroupWide(uint32_t to) {
  const size_t n = table_.tuples();
  entry_class_.assign(n, 0);
  for (size_t q = 0; q < table_.qis.size(); ++q) {
    const Hierarchy& h = table_.qis[q].hierarchy;
    const int level = lattice_.Level(to, static_cast<int>(q));
    const std::vector<uint32_t>& ids = table_.tuple_ids[q];
    groups_.Reset(n);
    for (size_t i = 0; i < n; ++i) {
      entry_class_[i] = groups_.Insert((uint64_t{entry_class_[i]} << 32) | h.LevelId(ids[i], level));
    }
  }
  class_keys_.clear();
  class_counts_.assign(groups_.size(), 0);
  for (size_t i = 0; i < n; ++i) class_counts_[entry_class_[i]] += table_.tuple_counts[i];
}

void Checker::CountDistinctSensitive() {
  class_distinct_.assign(class_counts_.size(), 0);
  groups_.Reset(table_.pair_count.size());
  for (size_t p = 0; p < table_.pair_count.size(); ++p) {
    const uint32_t c = entry_class_[table_.pair_tuple[p]];
    bool inserted = false;
    groups_.Insert((uint64_t{c} << 32) | table_.pair_value[p], inserted);
    if (inserted) ++class_distinct_[c];
  }
}

CheckOutcome Checker::Evaluate(uint32_t node) {
  CheckOutcome out;
  out.classes = static_cast<uint32_t>(class_counts_.size());
  // Sums of squares stay below rows^2 < 2^64.
  uint64_t passing_squares = 0;
  uint64_t all_squares = 0;
  for (size_t c = 0; c < class_counts_.size(); ++c) {
    const uint64_t count = class_counts_[c];
    all_squares += count * count;
    if (Passes(c)) {
      ++out.passing_classes;
      passing_squares += count * count;
    } else {
      out.failing_rows += count;
    }
  }
  out.satisfies = out.failing_rows <= config_.max_suppressed;
  if (config_.metric == LossMetric::kNonUniformEntropy) {
    out.loss = Entropy(node);
    out.generalization_bound = out.loss;
  } else {
    out.loss = static_cast<double>(passing_squares) +
               static_cast<double>(out.failing_rows) * static_cast<double>(table_.rows);
    out.generalization_bound = static_cast<double>(all_squares);
  }
  return out;
}

const Checker::Snapshot* Checker::BestSource(uint32_t node) const {
  const Snapshot* best = nullptr;
  for (const Snapshot& s : snapshots_) {
    if ((best == nullptr || s.counts.size() < best->counts.size()) && lattice_.Generalizes(node, s.node)) best = &s;
  }
  return best;
}

void Checker::Keep(uint32_t node) {
  Snapshot s;
  if (!spare_.empty()) {
    s = std::move(spare_.back());
    spare_.pop_back();
  }
  s.node = node;
  s.keys.assign(class_keys_.begin(), class_keys_.end());
  s.counts.assign(class_counts_.begin(), class_counts_.end());
  snapshot_entries_ += s.counts.size();
  snapshots_.push_back(std::move(s));
  const size_t budget = std::max(kMinSnapshotEntries, kSnapshotEntriesPerTuple * table_.tuples());
  while (snapshots_.size() > kMaxSnapshots || (snapshot_entries_ > budget && snapshots_.size() > 1)) {
    snapshot_entries_ -= snapshots_.front().counts.size();
    spare_.push_back(std::move(snapshots_.front()));
    snapshots_.erase(snapshots_.begin());
  }
}

CheckOutcome Checker::Check(uint32_t node, bool keep_satisfying) {
  ++checks_;
  if (config_.l > 0 || !table_.packed) {
    // Distinct sensitive values cannot be merged from class counts alone, and
    // wide keys have no packed form to roll up: group the tuples.
    if (table_.packed) {
      GroupPacked(table_.tuple_keys, table_.tuple_counts, 0, node, true);
    } else {
      GroupWide(node);
    }
    if (config_.l > 0) CountDistinctSensitive();
    return Evaluate(node);
  }
  const Snapshot* source = BestSource(node);
  if (source != nullptr) {
    ++rollups_;
    GroupPacked(source->keys, source->counts, source->node, node, false);
  } else {
    GroupPacked(table_.tuple_keys, table_.tuple_counts, 0, node, false);
  }
  const size_t source_size = source != nullptr ? source->counts.size() : table_.tuples();
  const CheckOutcome out = Evaluate(node);
  if ((keep_satisfying || !out.satisfies) && class_counts_.size() < source_size) Keep(node);
  return out;
}

CheckOutcome Checker::Materialize(uint32_t node, std::vector<size_t>& suppressed_rows) {
  if (table_.packed) {
    GroupPacked(table_.tuple_keys, table_.tuple_counts, 0, node, true);
  } else {
    GroupWide(node);
  }
  if (config_.l > 0) CountDistinctSensitive();
  const CheckOutcome out = Evaluate(node);
  std::vector<bool> failing(class_counts_.size());
  for (size_t c = 0; c < class_counts_.size(); ++c) failing[c] = !Passes(c);
  suppressed_rows.clear();
  suppressed_rows.reserve(out.failing_rows);
  for (size_t r = 0; r < table_.rows; ++r) {
    if (failing[entry_class_[table_.row_tuple[r]]]) suppressed_rows.push_back(r);
  }
  return out;
}

}  // namespace yungu::privacy::internal

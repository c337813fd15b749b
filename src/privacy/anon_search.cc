#include "privacy/anon_search.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

namespace yungu::privacy::internal {
namespace {

// Low two bits: what is known about the node; kChecked on top.
constexpr uint8_t kUnknown = 0;
constexpr uint8_t kSatisfying = 1;
constexpr uint8_t kFailing = 2;
constexpr uint8_t kKnownMask = 3;
constexpr uint8_t kChecked = 4;
// Cannot beat the best loss found (nor can its generalisations): known from
// the metric alone, without a check.
constexpr uint8_t kPruned = 8;

// Flash's order of candidates: lower nodes first; within a height, the
// node generalised least relative to its hierarchies, then the one keeping
// the most distinct values; the id makes the order total.
struct Order {
  int height;
  double relative_level;
  double lost_distinct;
  uint32_t node;

  bool operator<(const Order& o) const {
    if (height != o.height) return height < o.height;
    if (relative_level != o.relative_level) return relative_level < o.relative_level;
    if (lost_distinct != o.lost_distinct) return lost_distinct < o.lost_distinct;
    return node < o.node;
  }
  bool operator>(const Order& o) const { return o < *this; }
};

class FlashSearch {
 public:
  FlashSearch(const EncodedTable& table, const Lattice& lattice, Checker& checker, bool monotonic_metric)
      : lattice_(lattice), checker_(checker), monotonic_(monotonic_metric),
        prior_bound_(checker.HasPriorBound()), state_(lattice.size(), kUnknown),
        levels_(lattice.dimensions()) {
    const int dims = lattice.dimensions();
    relative_level_.resize(dims);
    lost_distinct_.resize(dims);
    for (int q = 0; q < dims; ++q) {
      const EncodedQi& e = table.qis[q];
      const double base = std::max<uint32_t>(1, e.distinct_in_data[0]);
      for (int level = 0; level <= e.height; ++level) {
        relative_level_[q].push_back(e.height == 0 ? 0.0 : double(level) / e.height);
        lost_distinct_[q].push_back(1.0 - e.distinct_in_data[level] / base);
      }
    }
    if (!monotonic_) bound_.assign(lattice.size(), 0.0);
  }

  SearchOutcome Run() {
    std::vector<Order> candidates;
    for (int h = 0; h <= lattice_.max_height(); ++h) {
      candidates.clear();
      for (uint32_t node : lattice_.NodesAtHeight(h)) {
        if (Open(node)) candidates.push_back(OrderOf(node));
      }
      std::sort(candidates.begin(), candidates.end());
      for (const Order& start : candidates) {
        if (!Open(start.node)) continue;
        heap_.push(start);
        while (!heap_.empty()) {
          const uint32_t head = heap_.top().node;
          heap_.pop();
          if (!Open(head)) continue;
          if (CannotImprove(head)) {
            Prune(head);
            continue;
          }
          FindPath(head);
          CheckPath();
        }
      }
    }
    if (!monotonic_) PriceUncheckedSatisfying();
    return best_;
  }

 private:
  uint8_t Known(uint32_t node) const { return state_[node] & kKnownMask; }
  // Still worth looking at: neither tagged nor pruned.
  bool Open(uint32_t node) const { return (state_[node] & (kKnownMask | kPruned)) == 0; }

  Order OrderOf(uint32_t node) {
    lattice_.Levels(node, levels_);
    Order o{lattice_.Height(node), 0.0, 0.0, node};
    for (size_t q = 0; q < levels_.size(); ++q) {
      o.relative_level += relative_level_[q][levels_[q]];
      o.lost_distinct += lost_distinct_[q][levels_[q]];
    }
    return o;
  }

  // Greedy path upward from `head` through open nodes, each step taking
  // the first successor in Flash's order.
  void FindPath(uint32_t head) {
    path_.clear();
    path_.push_back(head);
    uint32_t current = head;
    while (true) {
      bool found = false;
      Order next{};
      for (int q = 0; q < lattice_.dimensions(); ++q) {
        if (lattice_.Level(current, q) == lattice_.height(q)) continue;
        const uint32_t up = current + lattice_.stride(q);
        if (!Open(up)) continue;
        const Order o = OrderOf(up);
        if (!found || o < next) {
          next = o;
          found = true;
        }
      }
      if (!found) return;
      current = next.node;
      path_.push_back(current);
    }
  }

  // Binary search for the lowest satisfying node of the path: what a check
  // learns is propagated by tagging, so later probes are often free.
  void CheckPath() {
    int low = 0;
    int high = static_cast<int>(path_.size()) - 1;
    while (low <= high) {
      const int mid = (low + high) / 2;
      const uint32_t node = path_[mid];
      if (Open(node)) {
        CheckNode(node);
      }
      if (Known(node) == kSatisfying) {
        high = mid - 1;
      } else {
        low = mid + 1;
      }
    }
  }

  void CheckNode(uint32_t node) {
    const CheckOutcome out = checker_.Check(node, /*keep_satisfying=*/!monotonic_);
    state_[node] |= kChecked;
    if (!monotonic_) bound_[node] = std::max(bound_[node], out.generalization_bound);
    if (out.satisfies) {
      Consider(node, out.loss);
      Tag(node, kSatisfying);
      return;
    }
    Tag(node, kFailing);
    for (int q = 0; q < lattice_.dimensions(); ++q) {
      if (lattice_.Level(node, q) == lattice_.height(q)) continue;
      const uint32_t up = node + lattice_.stride(q);
      if (Open(up)) heap_.push(OrderOf(up));
    }
  }

  // With a metric known before checking, a path is not started from a node
  // that cannot beat the best loss found. Nodes inside a path are still
  // checked: a failing one tags its whole down-set, which saves more checks
  // than skipping it would (measured on Adult without suppression).
  bool CannotImprove(uint32_t node) const {
    return prior_bound_ && best_.found && !Beats(node, checker_.PriorBound(node));
  }

  // Marks `node` and its generalisations as unable to beat the best loss
  // (the prior bound is monotonic); a pruned node's cone is already pruned.
  void Prune(uint32_t node) {
    state_[node] |= kPruned;
    stack_.clear();
    stack_.push_back(node);
    while (!stack_.empty()) {
      const uint32_t x = stack_.back();
      stack_.pop_back();
      for (int q = 0; q < lattice_.dimensions(); ++q) {
        if (lattice_.Level(x, q) == lattice_.height(q)) continue;
        const uint32_t y = x + lattice_.stride(q);
        if ((state_[y] & kPruned) != 0) continue;
        state_[y] |= kPruned;
        stack_.push_back(y);
      }
    }
  }

  // Predictive tagging: a satisfying node's generalisations satisfy, a
  // failing node's specialisations fail. A node already tagged the same way
  // has had its own cone tagged, so the walk stops there.
  void Tag(uint32_t node, uint8_t known) {
    const bool up = known == kSatisfying;
    state_[node] = static_cast<uint8_t>((state_[node] & ~kKnownMask) | known);
    stack_.clear();
    stack_.push_back(node);
    while (!stack_.empty()) {
      const uint32_t x = stack_.back();
      stack_.pop_back();
      for (int q = 0; q < lattice_.dimensions(); ++q) {
        const int level = lattice_.Level(x, q);
        if (up ? level == lattice_.height(q) : level == 0) continue;
        const uint32_t y = up ? x + lattice_.stride(q) : x - lattice_.stride(q);
        if (Known(y) != kUnknown) continue;
        state_[y] = static_cast<uint8_t>(state_[y] | known);
        stack_.push_back(y);
      }
    }
  }

  // Whether `node` at `loss` would replace the best so far: less loss, or
  // equal loss and less generalisation (then the lower id, for a fixed
  // answer).
  bool Beats(uint32_t node, double loss) const {
    if (!best_.found || loss < best_.loss) return true;
    if (loss > best_.loss) return false;
    const int height = lattice_.Height(node);
    const int best_height = lattice_.Height(best_.node);
    return height < best_height || (height == best_height && node < best_.node);
  }

  void Consider(uint32_t node, double loss) {
    if (Beats(node, loss)) best_ = {true, node, loss};
  }

  // With a metric that may fall as suppression falls, a generalisation of a
  // satisfying node can beat it: price every satisfying node whose lower
  // bound (inherited from all checked specialisations) is below the best
  // loss so far. Heights ascend, so a node's predecessors are final.
  void PriceUncheckedSatisfying() {
    for (int h = 0; h <= lattice_.max_height(); ++h) {
      for (uint32_t node : lattice_.NodesAtHeight(h)) {
        double bound = bound_[node];
        for (int q = 0; q < lattice_.dimensions(); ++q) {
          if (lattice_.Level(node, q) > 0) bound = std::max(bound, bound_[node - lattice_.stride(q)]);
        }
        bound_[node] = bound;
        if (Known(node) != kSatisfying || (state_[node] & kChecked) != 0) continue;
        if (!Beats(node, bound)) continue;
        const CheckOutcome out = checker_.Check(node, /*keep_satisfying=*/true);
        state_[node] |= kChecked;
        bound_[node] = std::max(bound, out.generalization_bound);
        if (out.satisfies) Consider(node, out.loss);
      }
    }
  }

  const Lattice& lattice_;
  Checker& checker_;
  const bool monotonic_;
  const bool prior_bound_;
  std::vector<uint8_t> state_;
  std::vector<double> bound_;  // lower bounds of the loss, without a monotonic metric
  std::vector<std::vector<double>> relative_level_;
  std::vector<std::vector<double>> lost_distinct_;
  std::vector<int> levels_;
  std::vector<uint32_t> path_;
  std::vector<uint32_t> stack_;
  std::priority_queue<Order, std::vector<Order>, std::greater<Order>> heap_;
  SearchOutcome best_;
};

}  // namespace

SearchOutcome FindOptimum(const EncodedTable& table, const Lattice& lattice, Checker& checker,
                          bool monotonic_metric) {
  return FlashSearch(table, lattice, checker, monotonic_metric).Run();
}

}  // namespace yungu::privacy::internal

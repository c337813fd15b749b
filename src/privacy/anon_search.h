// The optimal-transformation search: Flash's traversal with predictive
// tagging, then -- for a metric that is not monotonic under suppression --
// a bottom-up pass over the satisfying transformations no check has priced,
// pruned by lower bounds.
#pragma once

#include <cstdint>

#include "privacy/anon_check.h"
#include "privacy/anon_table.h"
#include "privacy/lattice.h"

namespace yungu::privacy::internal {

struct SearchOutcome {
  bool found = false;
  uint32_t node = 0;
  double loss = 0;
};

// `monotonic_metric`: no generalisation of a satisfying node can lose less
// than it, so generalisations of satisfying nodes need no pricing.
SearchOutcome FindOptimum(const EncodedTable& table, const Lattice& lattice, Checker& checker,
                          bool monotonic_metric);

}  // namespace yungu::privacy::internal

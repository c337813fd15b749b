// The anonymiser's encoded input: quasi-identifier values as hierarchy ids,
// identical rows collapsed into distinct tuples with counts, and the tables
// every check reuses (per-level id maps, the packed key layout, the entropy
// of each level).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/privacy/anonymizer.h"
#include "yungu/privacy/hierarchy.h"

namespace yungu::privacy::internal {

// More transformations than this are refused: the search keeps a byte of
// state per transformation and buckets them all by height.
constexpr uint64_t kMaxLatticeSize = uint64_t{1} << 24;

struct EncodedQi {
  std::string name;
  Hierarchy hierarchy;
  int height = 0;
  // Bit field of this quasi-identifier in a packed tuple key.
  int shift = 0;
  uint64_t mask = 0;  // unshifted
  // roll_up[from][to][id at `from`] = (id at `to`) << shift, for from < to.
  std::vector<std::vector<std::vector<uint64_t>>> roll_up;
  // entropy[level]: this column's share of the non-uniform entropy.
  std::vector<double> entropy;
  // distinct_in_data[level]: distinct values of the column at that level.
  std::vector<uint32_t> distinct_in_data;
};

struct EncodedTable {
  size_t rows = 0;
  std::vector<EncodedQi> qis;
  uint64_t lattice_size = 1;

  // Distinct quasi-identifier tuples: level-0 ids per column (column-major)
  // and how many rows share each tuple.
  std::vector<std::vector<uint32_t>> tuple_ids;  // [qi][tuple]
  std::vector<uint32_t> tuple_counts;            // [tuple]
  std::vector<uint32_t> row_tuple;               // [row] -> tuple
  // True when every column's field fits one 64-bit key; then tuple_keys
  // holds each tuple's key at the bottom of the lattice and checks roll up.
  bool packed = false;
  std::vector<uint64_t> tuple_keys;  // [tuple], when packed

  // Sensitive column: distinct (tuple, sensitive value) pairs with counts.
  bool has_sensitive = false;
  std::string sensitive_name;
  std::vector<uint32_t> pair_tuple;
  std::vector<uint32_t> pair_value;
  std::vector<uint32_t> pair_count;

  size_t tuples() const { return tuple_counts.size(); }
};

Result<EncodedTable> EncodeTable(const std::vector<QuasiIdentifier>& quasi_identifiers,
                                 const std::optional<SensitiveColumn>& sensitive);

}  // namespace yungu::privacy::internal

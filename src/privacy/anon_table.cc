#include "privacy/anon_table.h"

#include <bit>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "privacy/anon_group_table.h"

namespace yungu::privacy::internal {
namespace {

constexpr char kInvalidInput[] = "privacy.invalid_input";

Status CheckShape(const std::vector<QuasiIdentifier>& qis, const std::optional<SensitiveColumn>& sensitive) {
  if (qis.empty()) return InvalidArgument(kInvalidInput, "at least one quasi-identifier is needed");
  const size_t rows = qis[0].values.size();
  for (const QuasiIdentifier& qi : qis) {
    if (qi.hierarchy.size() == 0) {
      return InvalidArgument(kInvalidInput, "column '" + qi.name + "' has an empty hierarchy");
    }
    if (qi.values.size() != rows) {
      return InvalidArgument(kInvalidInput, "column '" + qi.name + "' has " + std::to_string(qi.values.size()) +
                                                " values, expected " + std::to_string(rows));
    }
  }
  if (sensitive && sensitive->values.size() != rows) {
    return InvalidArgument(kInvalidInput, "sensitive column '" + sensitive->name + "' has " +
                                              std::to_string(sensitive->values.size()) + " values, expected " +
                                              std::to_string(rows));
  }
  if (rows >= std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument(kInvalidInput, "more than 2^32 - 1 rows");
  }
  uint64_t lattice = 1;
  for (const QuasiIdentifier& qi : qis) {
    lattice *= static_cast<uint64_t>(qi.hierarchy.height() + 1);
    if (lattice > kMaxLatticeSize) {
      return ResourceExhausted("privacy.lattice_too_large",
                               "the generalisation lattice has more than " + std::to_string(kMaxLatticeSize) +
                                   " transformations; use fewer quasi-identifiers or shorter hierarchies");
    }
  }
  return Status::Ok();
}

// Level-0 ids of one column, or the first value its hierarchy lacks.
Status EncodeColumn(const QuasiIdentifier& qi, std::vector<uint32_t>& ids) {
  ids.resize(qi.values.size());
  // Columns repeat values heavily; remembering the last lookup skips most
  // hashing of sorted or clustered data.
  std::string_view last;
  uint32_t last_id = 0;
  bool have_last = false;
  for (size_t r = 0; r < qi.values.size(); ++r) {
    const std::string& v = qi.values[r];
    if (have_last && v == last) {
      ids[r] = last_id;
      continue;
    }
    const std::optional<uint32_t> id = qi.hierarchy.Find(v);
    if (!id) {
      return InvalidArgument("privacy.value_not_in_hierarchy", "column '" + qi.name + "', row " +
                                                                   std::to_string(r + 1) + ": value '" + v +
                                                                   "' is not in the column's hierarchy");
    }
    ids[r] = last_id = *id;
    last = v;
    have_last = true;
  }
  return Status::Ok();
}

void BuildLevelTables(EncodedQi& q, const std::vector<uint32_t>& ids) {
  const Hierarchy& h = q.hierarchy;
  const int levels = q.height + 1;

  // Frequencies of original values, then of each generalised value.
  std::vector<uint32_t> freq0(h.size(), 0);
  for (uint32_t id : ids) ++freq0[id];
  q.entropy.assign(levels, 0.0);
  q.distinct_in_data.assign(levels, 0);
  for (int level = 0; level < levels; ++level) {
    std::vector<uint64_t> freq(h.DistinctAt(level), 0);
    for (uint32_t row = 0; row < h.size(); ++row) freq[h.LevelId(row, level)] += freq0[row];
    for (uint64_t f : freq) q.distinct_in_data[level] += f > 0;
    double loss = 0;
    for (uint32_t row = 0; row < h.size(); ++row) {
      if (freq0[row] == 0) continue;
      const double a = freq0[row];
      const double b = static_cast<double>(freq[h.LevelId(row, level)]);
      loss += a * std::log2(b / a);
    }
    q.entropy[level] = loss;
  }
}

void BuildRollUps(EncodedQi& q) {
  const Hierarchy& h = q.hierarchy;
  const int levels = q.height + 1;
  q.roll_up.assign(levels, {});
  for (int from = 0; from < levels; ++from) {
    q.roll_up[from].resize(levels);
    for (int to = from + 1; to < levels; ++to) {
      std::vector<uint64_t>& map = q.roll_up[from][to];
      map.assign(h.DistinctAt(from), 0);
      for (uint32_t row = 0; row < h.size(); ++row) {
        map[h.LevelId(row, from)] = uint64_t{h.LevelId(row, to)} << q.shift;
      }
    }
  }
}

// Numbers the distinct tuples of `ids` (one vector per column) in order of
// first appearance; with `packed`, from each row's packed key in one pass,
// otherwise column by column, pairing the tuple id so far with the next id.
std::vector<uint32_t> NumberTuples(const EncodedTable& t, const std::vector<std::vector<uint32_t>>& ids,
                                   GroupTable& table) {
  std::vector<uint32_t> row_tuple(t.rows, 0);
  if (t.packed) {
    table.Reset(t.rows);
    for (size_t r = 0; r < t.rows; ++r) {
      uint64_t key = 0;
      for (size_t q = 0; q < t.qis.size(); ++q) key |= uint64_t{ids[q][r]} << t.qis[q].shift;
      row_tuple[r] = table.Insert(key);
    }
    return row_tuple;
  }
  for (size_t q = 0; q < t.qis.size(); ++q) {
    table.Reset(t.rows);
    for (size_t r = 0; r < t.rows; ++r) {
      row_tuple[r] = table.Insert((uint64_t{row_tuple[r]} << 32) | ids[q][r]);
    }
  }
  return row_tuple;
}

}  // namespace

Result<EncodedTable> EncodeTable(const std::vector<QuasiIdentifier>& quasi_identifiers,
                                 const std::optional<SensitiveColumn>& sensitive) {
  YG_RETURN_IF_ERROR(CheckShape(quasi_identifiers, sensitive));
  EncodedTable t;
  t.rows = quasi_identifiers[0].values.size();
  const size_t n_qi = quasi_identifiers.size();

  std::vector<std::vector<uint32_t>> ids(n_qi);
  int bits = 0;
  for (size_t q = 0; q < n_qi; ++q) {
    const QuasiIdentifier& in = quasi_identifiers[q];
    YG_RETURN_IF_ERROR(EncodeColumn(in, ids[q]));
    EncodedQi e;
    e.name = in.name;
    e.hierarchy = in.hierarchy;
    e.height = in.hierarchy.height();
    // Ids at every level are below size().
    const int width = static_cast<int>(std::bit_width(in.hierarchy.size() - 1));
    e.shift = width == 0 ? 0 : bits;  // an empty field must not shift by 64
    e.mask = width == 0 ? 0 : (~uint64_t{0} >> (64 - width));
    bits += width;
    t.lattice_size *= static_cast<uint64_t>(e.height + 1);
    BuildLevelTables(e, ids[q]);
    t.qis.push_back(std::move(e));
  }
  t.packed = bits <= 64;
  if (t.packed) {
    for (EncodedQi& q : t.qis) BuildRollUps(q);
  }

  GroupTable table;
  t.row_tuple = NumberTuples(t, ids, table);
  const uint32_t tuples = table.size();
  t.tuple_counts.assign(tuples, 0);
  t.tuple_ids.assign(n_qi, std::vector<uint32_t>(tuples, 0));
  std::vector<bool> seen(tuples, false);
  for (size_t r = 0; r < t.rows; ++r) {
    const uint32_t tuple = t.row_tuple[r];
    ++t.tuple_counts[tuple];
    if (seen[tuple]) continue;
    seen[tuple] = true;
    for (size_t q = 0; q < n_qi; ++q) t.tuple_ids[q][tuple] = ids[q][r];
  }
  if (t.packed) {
    t.tuple_keys.assign(tuples, 0);
    for (uint32_t tuple = 0; tuple < tuples; ++tuple) {
      for (size_t q = 0; q < n_qi; ++q) t.tuple_keys[tuple] |= uint64_t{t.tuple_ids[q][tuple]} << t.qis[q].shift;
    }
  }

  if (sensitive) {
    t.has_sensitive = true;
    t.sensitive_name = sensitive->name;
    std::unordered_map<std::string_view, uint32_t> dictionary;
    table.Reset(t.rows);
    for (size_t r = 0; r < t.rows; ++r) {
      const uint32_t value =
          dictionary.try_emplace(sensitive->values[r], static_cast<uint32_t>(dictionary.size())).first->second;
      const uint32_t pair = table.Insert((uint64_t{t.row_tuple[r]} << 32) | value);
      if (pair == t.pair_count.size()) {
        t.pair_tuple.push_back(t.row_tuple[r]);
        t.pair_value.push_back(value);
        t.pair_count.push_back(0);
      }
      ++t.pair_count[pair];
    }
  }
  return t;
}

}  // namespace yungu::privacy::internal

// A validated, backend-neutral description of one datastore query.
//
// The query module builds a QueryPlan from user input and checks every
// identifier against the version's schema; a storage backend compiles it to
// parameterised SQL of its own dialect. Values never become SQL text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yungu/core/value.h"

namespace yungu::model {

enum class FilterOp { kEq, kNe, kIn, kLt, kLte, kGt, kGte, kIsNull, kNotNull };

struct Filter {
  std::string field;
  FilterOp op = FilterOp::kEq;
  std::vector<Value> values;  // one value, several for kIn, none for null tests
};

struct SortKey {
  std::string field;
  bool descending = false;
};

enum class AggregateFn { kCount, kSum, kAvg, kMin, kMax };

struct Aggregate {
  AggregateFn fn = AggregateFn::kCount;
  std::string field;  // empty for count(*)
  std::string alias;  // output column name, e.g. "sum_capital"
};

// Keyset position for deep paging: the sort-key values of the last row a
// client saw plus its row id, so the next page starts right after it.
struct Cursor {
  std::vector<Value> sort_values;
  int64_t row_id = 0;
};

struct QueryPlan {
  std::vector<std::string> fields;  // projection; never empty once validated
  std::vector<Filter> filters;      // all must hold (AND)
  std::string full_text;            // match within the dataset's text columns
  // When non-empty, full-text matches only within these fields: a caller who
  // may not see every field must not find rows by the hidden ones.
  std::vector<std::string> full_text_fields;
  std::vector<SortKey> sort;
  bool distinct = false;
  std::vector<std::string> group_by;
  std::vector<Aggregate> aggregates;  // non-empty means a grouped query
  int64_t limit = 100;
  int64_t offset = 0;
  std::optional<Cursor> after;
  bool include_total = false;
  // Set when the caller wants the row id of each row (for cursors).
  bool with_row_id = false;
  // Trailing entries of `fields` added only so the cursor can see every sort
  // key; they are not shown to the client.
  size_t hidden_fields = 0;
  // Longest the backend may work on the query (0: no limit); past it the
  // query fails with kTimeout rather than hold a server thread.
  int64_t timeout_ms = 0;
};

}  // namespace yungu::model

// QualityChecker: streams the rows of one stored version through the rules
// declared on the dataset's fields and produces its QualityReport.
//
//   auto checker = QualityChecker::Create(meta.fields, version_columns, options);
//   for (each row r, numbered from 1) checker->Add(r, number);
//   QualityReport report = checker->Finish();
//
// Memory does not grow with the rows except for uniqueness: a 128-bit hash
// and a row number (24 bytes a slot, 32-64 bytes a key) per distinct key of
// each unique field and of the primary key; docs/quality.md weighs this
// against keeping the texts. Patterns are compiled once into vectorscan
// databases; no std::regex runs per row.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/value.h"
#include "yungu/model/catalog.h"
#include "yungu/quality/report.h"

namespace yungu::quality {

// The keys of a referenced field ("dataset_id.field"), each in its
// yungu::ValueToText form. Called once per reference rule, from Create.
using ReferenceKeys = std::function<Result<std::shared_ptr<const std::unordered_set<std::string>>>(
    std::string_view dataset, std::string_view field)>;

struct CheckerOptions {
  size_t examples_per_rule = 5;  // failing values kept per rule (and for duplicate keys)
  // The day not_future rules judge against, YYYY-MM-DD in China time
  // (UTC+8). Required when some field has a not_future rule.
  std::string today;
  // Without it, or when it fails, reference rules are reported as skipped
  // with the reason, and the rest of the report is produced as usual.
  ReferenceKeys reference_keys;
  // The number of rows about to be added, when known (a stored version's
  // row count): key sets are then sized once instead of regrown. Only a
  // hint; any number of rows may be added.
  size_t expected_rows = 0;
};

class QualityChecker {
 public:
  // `fields`: the dataset's declared fields (types, required, primary_key,
  // rules). `columns`: the stored version's column names in row order. A
  // declared field without a column is missing in every row; a column
  // without a declared field is ignored (both are listed in the report).
  // Errors: InvalidArgument "quality.invalid_rule" (ValidateFieldRules),
  // "quality.bad_today" (today missing or not a date while needed),
  // "quality.duplicate_column" (a column name given twice).
  static Result<QualityChecker> Create(const std::vector<model::FieldDef>& fields,
                                       const std::vector<std::string>& columns, CheckerOptions options);

  QualityChecker(QualityChecker&&) noexcept;
  QualityChecker& operator=(QualityChecker&&) noexcept;
  ~QualityChecker();

  // Judges one row. `row` holds values in `columns` order (missing trailing
  // cells count as null, extra cells are ignored); `row_number` is 1-based
  // and is what examples cite. Not thread-safe: one thread feeds a checker.
  void Add(const Row& row, int64_t row_number);

  // The report of the rows added so far, without timeliness (see
  // AttachTimeliness). May be called more than once.
  QualityReport Finish() const;

 private:
  class Impl;
  explicit QualityChecker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace yungu::quality

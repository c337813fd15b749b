// Generalisation hierarchies in ARX's CSV form: one row per original value,
// the value first and then its generalisation at each level up, e.g.
//
//   34;30-34;30-39;20-39;*
//   北京市海淀区;北京市;华北;*
//
// A hierarchy is an immutable value: copying it is cheap enough for the
// handful of quasi-identifiers of a dataset, and every method is const, so a
// hierarchy may be shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::privacy {

class DelimitedText;
namespace internal {
Result<DelimitedText> SplitDelimited(std::string text, const char* error_code);
}

// Delimited text as ARX writes it, split into rows of cells. The object
// owns the text; each cell is 8 bytes of offset and length into it, so a
// large file costs little beyond its own size.
class DelimitedText {
  struct Cell {
    uint32_t offset;
    uint32_t length;
  };

 public:
  // The cells of one row, as views into the text: valid until the
  // DelimitedText is moved, assigned or destroyed.
  class Row {
   public:
    size_t size() const { return size_; }
    std::string_view operator[](size_t j) const { return {text_ + cells_[j].offset, cells_[j].length}; }

   private:
    friend class DelimitedText;
    Row(const char* text, const Cell* cells, size_t size) : text_(text), cells_(cells), size_(size) {}
    const char* text_;
    const Cell* cells_;
    size_t size_;
  };

  char separator() const { return separator_; }
  size_t rows() const { return row_begin_.size(); }
  // Preconditions: i < rows(); for Row::operator[], j < size().
  Row row(size_t i) const {
    const size_t end = i + 1 < row_begin_.size() ? row_begin_[i + 1] : cells_.size();
    return Row(text_.data(), cells_.data() + row_begin_[i], end - row_begin_[i]);
  }
  size_t line_number(size_t i) const { return line_numbers_[i]; }  // 1-based source line of row i

 private:
  friend Result<DelimitedText> internal::SplitDelimited(std::string text, const char* error_code);

  char separator_ = ';';
  std::string text_;  // quoted cells are unescaped in place
  std::vector<Cell> cells_;
  std::vector<uint32_t> row_begin_;  // index of each row's first cell
  std::vector<uint32_t> line_numbers_;
};

// Splits UTF-8 text into rows of cells; the text is taken over (move a
// large buffer in to avoid a copy). The separator is detected: the first
// of ';', '\t' and ',' that occurs on every non-blank line the same number of
// times (outside quotes); failing that, the one most frequent on the first
// line; text without any of them is one column. Lines end in LF or CRLF; a
// UTF-8 byte order mark is skipped; blank lines are skipped. A cell may be
// double-quoted ("a;b", "say ""hi""") to hold the separator; quoted cells end
// on their line. Cells are not trimmed.
// Errors (InvalidArgument, "privacy.invalid_csv"): text that is not UTF-8,
// an unterminated or misplaced quote (the message names the line), text of
// 4 GiB or more.
Result<DelimitedText> ParseDelimitedText(std::string text);

// A default-constructed Hierarchy is empty (no values); the anonymiser
// refuses it.
class Hierarchy {
 public:
  // Parses ARX's CSV form (see ParseDelimitedText for the accepted text).
  // Errors (InvalidArgument, "privacy.invalid_hierarchy", the message names
  // the line): no rows, rows of different lengths, an original value listed
  // twice, a value whose parent differs between two rows (at each level the
  // relation value -> parent must be a function), text that is not UTF-8, a
  // bad quote.
  static Result<Hierarchy> Parse(std::string_view text);

  // The same from rows already split (FieldDef::hierarchy); messages name the
  // 1-based row instead of the line.
  static Result<Hierarchy> FromRows(const std::vector<std::vector<std::string>>& rows);

  // Number of levels above the original values (row length - 1); 0 means
  // the values cannot be generalised.
  int height() const { return levels_ - 1; }
  // Number of original values (rows).
  size_t size() const { return rows_; }

  // The row of an original value, or nullopt if the hierarchy lacks it.
  std::optional<uint32_t> Find(std::string_view value) const;

  // Generalisation of the original value of `row` at `level` (0 = itself).
  // Preconditions: row < size(), 0 <= level <= height().
  std::string_view ValueAt(uint32_t row, int level) const {
    return level_values_[level][LevelId(row, level)];
  }

  // Generalises an original value. Errors: "privacy.value_not_in_hierarchy"
  // (NotFound) for a value the hierarchy lacks, "privacy.invalid_level"
  // (InvalidArgument) for a level outside 0..height().
  Result<std::string_view> Generalize(std::string_view value, int level) const;

  // Distinct values at `level`, numbered 0..DistinctAt(level)-1 in order of
  // first appearance; level 0 ids equal rows. Preconditions as for ValueAt.
  uint32_t DistinctAt(int level) const { return static_cast<uint32_t>(level_values_[level].size()); }
  uint32_t LevelId(uint32_t row, int level) const { return ids_[size_t(row) * levels_ + level]; }
  std::string_view LevelValue(int level, uint32_t id) const { return level_values_[level][id]; }

 private:
  // Validates and indexes split rows. Messages name `text`'s line of row i
  // when given, else i + 1 as a row.
  static Result<Hierarchy> Build(const std::vector<std::vector<std::string_view>>& rows,
                                 const DelimitedText* text);

  int levels_ = 1;
  size_t rows_ = 0;
  std::vector<std::vector<std::string>> level_values_;  // [level][id]
  std::vector<uint32_t> ids_;                            // [row * levels_ + level]
  // Original value -> row: open addressing, power-of-two size, each slot
  // holding row + 1 (0 = empty) and the high half of the value's hash.
  std::vector<uint32_t> index_rows_;
  std::vector<uint32_t> index_tags_;
};

}  // namespace yungu::privacy

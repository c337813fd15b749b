#include "yungu/privacy/hierarchy.h"

#include <algorithm>
#include <bit>
#include <functional>
#include <string>
#include <unordered_map>

#include "privacy/anon_delimited.h"

namespace yungu::privacy {
namespace {

constexpr char kInvalidHierarchy[] = "privacy.invalid_hierarchy";
constexpr uint32_t kNoParent = UINT32_MAX;

std::string Quote(std::string_view value) { return "'" + std::string(value) + "'"; }

uint64_t HashValue(std::string_view value) { return std::hash<std::string_view>{}(value); }

}  // namespace

Result<DelimitedText> ParseDelimitedText(std::string text) {
  return internal::SplitDelimited(std::move(text), "privacy.invalid_csv");
}

Result<Hierarchy> Hierarchy::Parse(std::string_view text) {
  YG_ASSIGN_OR_RETURN(const DelimitedText split, internal::SplitDelimited(std::string(text), kInvalidHierarchy));
  std::vector<std::vector<std::string_view>> rows(split.rows());
  for (size_t i = 0; i < split.rows(); ++i) {
    const DelimitedText::Row row = split.row(i);
    for (size_t j = 0; j < row.size(); ++j) rows[i].push_back(row[j]);
  }
  return Build(rows, &split);
}

Result<Hierarchy> Hierarchy::FromRows(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string_view>> views(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    for (const std::string& cell : rows[i]) {
      if (internal::ValidUtf8Prefix(cell) != cell.size()) {
        return InvalidArgument(kInvalidHierarchy, "row " + std::to_string(i + 1) + ": not valid UTF-8");
      }
      views[i].push_back(cell);
    }
  }
  return Build(views, nullptr);
}

Result<Hierarchy> Hierarchy::Build(const std::vector<std::vector<std::string_view>>& rows,
                                   const DelimitedText* text) {
  auto where = [&](size_t i) {
    return text ? "line " + std::to_string(text->line_number(i)) : "row " + std::to_string(i + 1);
  };
  if (rows.empty()) return InvalidArgument(kInvalidHierarchy, "the hierarchy has no rows");
  const size_t levels = rows[0].size();
  if (levels == 0) return InvalidArgument(kInvalidHierarchy, where(0) + ": no values");
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != levels) {
      return InvalidArgument(kInvalidHierarchy,
                             where(i) + ": " + std::to_string(rows[i].size()) + " values, expected " +
                                 std::to_string(levels) + " as on " + where(0));
    }
  }
  if (rows.size() >= kNoParent) return InvalidArgument(kInvalidHierarchy, "too many rows");

  Hierarchy h;
  h.levels_ = static_cast<int>(levels);
  h.rows_ = rows.size();
  h.level_values_.resize(levels);
  h.ids_.resize(rows.size() * levels);

  // Per level: value -> id, and for each id its parent id one level up plus
  // the row that first fixed that parent (for the message on a conflict).
  std::vector<std::unordered_map<std::string_view, uint32_t>> ids_of(levels);
  std::vector<std::vector<uint32_t>> parent(levels), parent_row(levels);

  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<std::string_view>& row = rows[i];
    uint32_t below = 0;
    for (size_t level = 0; level < levels; ++level) {
      auto [it, inserted] = ids_of[level].try_emplace(row[level], static_cast<uint32_t>(ids_of[level].size()));
      const uint32_t id = it->second;
      if (inserted) {
        h.level_values_[level].emplace_back(row[level]);
        parent[level].push_back(kNoParent);
        parent_row[level].push_back(0);
      } else if (level == 0) {
        // Level 0 ids are assigned in row order, so the id is the first row.
        return InvalidArgument(kInvalidHierarchy, where(i) + ": value " + Quote(row[0]) +
                                                      " is already listed on " + where(id));
      }
      if (level > 0) {
        uint32_t& p = parent[level - 1][below];
        if (p == kNoParent) {
          p = id;
          parent_row[level - 1][below] = static_cast<uint32_t>(i);
        } else if (p != id) {
          return InvalidArgument(
              kInvalidHierarchy,
              where(i) + ": " + Quote(row[level - 1]) + " at level " + std::to_string(level - 1) +
                  " generalises to " + Quote(row[level]) + " here but to " +
                  Quote(h.level_values_[level][p]) + " on " + where(parent_row[level - 1][below]));
        }
      }
      h.ids_[i * levels + level] = id;
      below = id;
    }
  }

  // At most half full, so probes stay short.
  const size_t slots = std::bit_ceil(std::max<size_t>(8, rows.size() * 2));
  h.index_rows_.assign(slots, 0);
  h.index_tags_.assign(slots, 0);
  for (uint32_t row = 0; row < rows.size(); ++row) {
    const uint64_t hash = HashValue(rows[row][0]);
    size_t slot = hash & (slots - 1);
    while (h.index_rows_[slot] != 0) slot = (slot + 1) & (slots - 1);
    h.index_rows_[slot] = row + 1;
    h.index_tags_[slot] = static_cast<uint32_t>(hash >> 32);
  }
  return h;
}

std::optional<uint32_t> Hierarchy::Find(std::string_view value) const {
  if (index_rows_.empty()) return std::nullopt;
  const size_t mask = index_rows_.size() - 1;
  const uint64_t hash = HashValue(value);
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  for (size_t slot = hash & mask; index_rows_[slot] != 0; slot = (slot + 1) & mask) {
    const uint32_t row = index_rows_[slot] - 1;
    if (index_tags_[slot] == tag && level_values_[0][row] == value) return row;
  }
  return std::nullopt;
}

Result<std::string_view> Hierarchy::Generalize(std::string_view value, int level) const {
  if (level < 0 || level > height()) {
    return InvalidArgument("privacy.invalid_level", "level " + std::to_string(level) +
                                                         " is outside 0.." + std::to_string(height()));
  }
  const std::optional<uint32_t> row = Find(value);
  if (!row) return NotFound("privacy.value_not_in_hierarchy", Quote(value) + " is not in the hierarchy");
  return ValueAt(*row, level);
}

}  // namespace yungu::privacy

#include "ingest/csv_dialect.h"

#include <algorithm>
#include <map>
#include <vector>

namespace yungu::ingest::internal {
namespace {

constexpr size_t kMaxSampledRecords = 1000;

// Field count of each record of the sample under one delimiter.
std::vector<size_t> FieldCounts(std::string_view s, char delim, bool complete) {
  std::vector<size_t> counts;
  size_t fields = 1;
  bool in_quotes = false;
  bool at_field_start = true;
  bool record_has_data = false;
  for (size_t i = 0; i < s.size() && counts.size() < kMaxSampledRecords; ++i) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          ++i;
        } else {
          in_quotes = false;
        }
      }
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (record_has_data) counts.push_back(fields);
      fields = 1;
      at_field_start = true;
      record_has_data = false;
      continue;
    }
    record_has_data = true;
    if (c == delim) {
      ++fields;
      at_field_start = true;
      continue;
    }
    if (c == '"' && at_field_start) in_quotes = true;
    at_field_start = false;
  }
  if (complete && record_has_data && !in_quotes) counts.push_back(fields);
  return counts;
}

struct Score {
  double consistency = 0;  // share of records with the modal field count
  size_t fields = 0;       // the modal field count
};

Score Evaluate(const std::vector<size_t>& counts) {
  Score score;
  if (counts.empty()) return score;
  std::map<size_t, size_t> freq;
  for (size_t c : counts) ++freq[c];
  size_t best_count = 0;
  for (const auto& [fields, n] : freq) {
    if (n > best_count || (n == best_count && fields > score.fields)) {
      best_count = n;
      score.fields = fields;
    }
  }
  if (score.fields < 2) return Score{};
  score.consistency = static_cast<double>(best_count) / static_cast<double>(counts.size());
  return score;
}

}  // namespace

char DetectDelimiter(std::string_view sample, bool complete) {
  static constexpr char kCandidates[] = {',', '\t', ';', '|'};
  char best = ',';
  Score best_score;
  for (char delim : kCandidates) {
    if (sample.find(delim) == std::string_view::npos) continue;
    Score s = Evaluate(FieldCounts(sample, delim, complete));
    bool better = s.consistency > best_score.consistency + 1e-9 ||
                  (s.consistency > best_score.consistency - 1e-9 && s.fields > best_score.fields);
    if (s.fields >= 2 && better) {
      best = delim;
      best_score = s;
    }
  }
  return best;
}

}  // namespace yungu::ingest::internal

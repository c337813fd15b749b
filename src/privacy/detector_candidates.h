// Turns the matches of the candidate patterns on one value into a
// Detection: checks that each candidate stands alone in the text (a phone
// number is not the middle of a longer number), validates it, and judges the
// address markers once all of them are in.
#pragma once

#include <string_view>
#include <vector>

#include "privacy/detector_patterns.h"
#include "privacy/pii_recognisers.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy::internal {

class CandidateCollector {
 public:
  // `markers` and `house_numbers` are scratch vectors the caller reuses
  // between values; they are cleared here.
  CandidateCollector(std::string_view text, const DetectionContext& context, bool find_embedded,
                     std::vector<MarkerHit>& markers, std::vector<size_t>& house_numbers);

  // One match of pattern `id` over bytes [from, to) of the text. Matches may
  // come in any order. `from` is meaningless for patterns compiled without
  // start-of-match reporting; their start is worked out here.
  void OnMatch(PatternId id, size_t from, size_t to);

  // Judges addresses and returns the detection. Call once, after the scan.
  Detection Finish();

 private:
  // Where the candidate ending at `to` starts, for patterns compiled without
  // start-of-match reporting.
  size_t StartOf(PatternId id, size_t from, size_t to) const;
  // A token of digits and capitals: which identifier, if any, it is.
  void OnToken(size_t from, size_t to);
  void Found(PiiKind kind, size_t from, size_t to);
  bool Hinted(PiiKind kind) const { return context_.hinted.Has(kind); }

  std::string_view text_;
  const DetectionContext& context_;
  bool find_embedded_;
  std::vector<MarkerHit>& markers_;
  std::vector<size_t>& house_numbers_;
  Detection detection_;
};

}  // namespace yungu::privacy::internal

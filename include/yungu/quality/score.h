// The quality score (质量评分): one number 0-100 from four parts, defined
// with a worked example in docs/quality.md.
#pragma once

#include "yungu/quality/report.h"
#include "yungu/quality/timeliness.h"

namespace yungu::quality {

inline constexpr double kCompletenessWeight = 30;
inline constexpr double kValidityWeight = 40;
inline constexpr double kUniquenessWeight = 15;
inline constexpr double kTimelinessWeight = 15;
// A required (or primary-key) field counts this many times in completeness.
inline constexpr double kRequiredFieldWeight = 2;

// score = sum(weight * value) / sum(weight) over the parts that apply:
//  completeness  weighted mean of the fields' filled shares (required
//                fields weigh kRequiredFieldWeight, others 1); applies
//                when there are rows and declared fields.
//  validity      mean pass share of the rules type, range, enum, pattern,
//                format, not_future, date_order and reference that checked
//                at least one value and were not skipped.
//  uniqueness    mean of the unique rules' pass shares and, with a primary
//                key, 1 - duplicates / checked over complete keys.
//  timeliness    timeliness->score, when given and not nullopt.
// Part values and the score are 0-100. With no part applying, 100.
QualityScore ComputeScore(const QualityReport& report, const Timeliness* timeliness);

// Sets report.timeliness and recomputes report.score with it.
void AttachTimeliness(QualityReport& report, const Timeliness& timeliness);

}  // namespace yungu::quality

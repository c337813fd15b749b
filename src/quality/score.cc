#include "yungu/quality/score.h"

namespace yungu::quality {
namespace {

bool CountsForValidity(const RuleResult& rule) {
  return rule.rule != kRuleRequired && rule.rule != kRuleUnique && rule.checked > 0 && rule.skipped.empty();
}

ScorePart Completeness(const QualityReport& report) {
  ScorePart part{"completeness", kCompletenessWeight, false, 0};
  if (report.rows == 0 || report.fields.empty()) return part;
  double weighted = 0;
  double weights = 0;
  for (const auto& field : report.fields) {
    const double weight = field.required ? kRequiredFieldWeight : 1;
    weighted += weight * field.share;
    weights += weight;
  }
  part.applies = true;
  part.value = 100 * weighted / weights;
  return part;
}

ScorePart Validity(const QualityReport& report) {
  ScorePart part{"validity", kValidityWeight, false, 0};
  double sum = 0;
  int count = 0;
  for (const auto& rule : report.rules) {
    if (!CountsForValidity(rule)) continue;
    sum += rule.pass_share;
    ++count;
  }
  if (count == 0) return part;
  part.applies = true;
  part.value = 100 * sum / count;
  return part;
}

ScorePart Uniqueness(const QualityReport& report) {
  ScorePart part{"uniqueness", kUniquenessWeight, false, 0};
  double sum = 0;
  int count = 0;
  for (const auto& rule : report.rules) {
    if (rule.rule != kRuleUnique || rule.checked == 0) continue;
    sum += rule.pass_share;
    ++count;
  }
  if (report.key && report.key->checked > 0) {
    sum += 1 - static_cast<double>(report.key->duplicates) / static_cast<double>(report.key->checked);
    ++count;
  }
  if (count == 0) return part;
  part.applies = true;
  part.value = 100 * sum / count;
  return part;
}

ScorePart TimelinessPart(const Timeliness* timeliness) {
  ScorePart part{"timeliness", kTimelinessWeight, false, 0};
  if (timeliness && timeliness->score) {
    part.applies = true;
    part.value = *timeliness->score;
  }
  return part;
}

}  // namespace

QualityScore ComputeScore(const QualityReport& report, const Timeliness* timeliness) {
  QualityScore score;
  score.parts = {Completeness(report), Validity(report), Uniqueness(report), TimelinessPart(timeliness)};
  double weighted = 0;
  double weights = 0;
  for (const auto& part : score.parts) {
    if (!part.applies) continue;
    weighted += part.weight * part.value;
    weights += part.weight;
  }
  score.value = weights > 0 ? weighted / weights : 100;  // nothing to fault
  return score;
}

void AttachTimeliness(QualityReport& report, const Timeliness& timeliness) {
  report.timeliness = timeliness;
  report.score = ComputeScore(report, &timeliness);
}

}  // namespace yungu::quality

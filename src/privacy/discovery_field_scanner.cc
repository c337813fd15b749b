// Per-column accumulation of detections, and the finding drawn from it.
#include <algorithm>
#include <charconv>

#include "privacy/pii_text.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

// How often a value that passes a kind's validator really is that kind, on
// realistic government data: checksummed identifiers rarely pass by chance,
// a Luhn check passes one random number in ten, and names and addresses are
// recognised by shape.
double ValidatorPrecision(PiiKind kind) {
  switch (kind) {
    case PiiKind::kCitizenId:
    case PiiKind::kEmail:
    case PiiKind::kUscc:
    case PiiKind::kUsccIndividual:
      return 0.95;
    case PiiKind::kMobile:
    case PiiKind::kLicencePlate:
      return 0.85;
    case PiiKind::kIpAddress:
      return 0.8;
    case PiiKind::kBankCard:
    case PiiKind::kAddress:
      return 0.7;
    case PiiKind::kPersonName:
    case PiiKind::kBirthDate:
      return 0.6;
  }
  return 0.5;
}

// Presidio's context enhancement adds 0.35 to a match with context words
// nearby; a field name is a stronger context than nearby words, a column's
// share a stronger signal than one match, so a little less suffices here.
constexpr double kContextBonus = 0.3;
// Values masked per example wanted, at most.
constexpr int kExampleAttemptsPerSlot = 8;
// Below this many values the share itself is uncertain.
constexpr double kFullConfidenceValues = 30;

bool IsEmpty(const Value& value) {
  if (IsNull(value)) return true;
  if (const auto* text = std::get_if<std::string>(&value)) {
    return internal::TrimSpaces(*text).empty();
  }
  return false;
}

// The text a value was classified as, for byte counts and examples.
std::string_view TextOf(const Value& value, std::string& buffer) {
  if (const auto* text = std::get_if<std::string>(&value)) return internal::TrimSpaces(*text);
  if (const auto* number = std::get_if<int64_t>(&value)) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof(digits), *number).ptr;
    buffer.assign(digits, end);
    return buffer;
  }
  if (const auto* date = std::get_if<Date>(&value)) return date->iso;
  if (const auto* date_time = std::get_if<DateTime>(&value)) return date_time->iso;
  buffer = ValueToText(value);
  return buffer;
}

}  // namespace

FieldScanner::FieldScanner(const Detector& detector, std::string name, std::string title,
                           const ScanOptions& options)
    : detector_(&detector), name_(std::move(name)), title_(std::move(title)), options_(options) {
  context_.hinted = HintedKinds(name_, title_);
  context_.today = options_.today ? *options_.today : TodayInChina();
}

Status FieldScanner::Add(const Value& value) {
  if (IsEmpty(value)) {
    ++empty_;
    return Status::Ok();
  }
  YG_ASSIGN_OR_RETURN(const Detection detection, detector_->ClassifyValue(value, context_));
  std::string buffer;
  const std::string_view text = TextOf(value, buffer);
  ++values_;
  bytes_scanned_ += static_cast<int64_t>(text.size());
  if (detection.contained.empty()) return Status::Ok();
  std::string masked;
  for (PiiKind kind : AllPiiKinds()) {
    if (!detection.contained.Has(kind)) continue;
    const int i = static_cast<int>(kind);
    ++contained_[i];
    if (detection.whole.Has(kind)) ++whole_[i];
    auto& examples = examples_[i];
    // A column of repeated values may never yield enough distinct examples;
    // stop trying after a few rounds rather than mask every value.
    if (static_cast<int>(examples.size()) >= options_.max_examples ||
        example_attempts_[i] >= kExampleAttemptsPerSlot * options_.max_examples) {
      continue;
    }
    ++example_attempts_[i];
    if (masked.empty()) masked = MaskExample(text);
    if (std::find(examples.begin(), examples.end(), masked) == examples.end()) {
      examples.push_back(masked);
    }
  }
  return Status::Ok();
}

FieldFinding FieldScanner::Finish() const {
  FieldFinding finding;
  finding.name = name_;
  finding.title = title_;
  finding.values = values_;
  finding.empty_values = empty_;
  finding.hinted = context_.hinted;
  if (values_ == 0) return finding;
  const double denominator = static_cast<double>(values_);
  for (PiiKind kind : AllPiiKinds()) {
    const int i = static_cast<int>(kind);
    if (contained_[i] == 0) continue;
    finding.kinds.push_back(KindStats{kind, whole_[i], contained_[i], whole_[i] / denominator,
                                      contained_[i] / denominator});
  }
  std::stable_sort(finding.kinds.begin(), finding.kinds.end(),
                   [](const KindStats& a, const KindStats& b) {
                     if (a.contained != b.contained) return a.contained > b.contained;
                     return PiiKindSensitivity(a.kind) > PiiKindSensitivity(b.kind);
                   });
  for (const KindStats& stats : finding.kinds) {
    const bool hinted = context_.hinted.Has(stats.kind);
    const double needed = hinted ? options_.hinted_threshold : options_.threshold;
    if (stats.contained_share < needed) continue;
    finding.detected.Add(stats.kind);
    const int level = PiiKindSensitivity(stats.kind);
    if (!finding.proposed_sensitivity || level > *finding.proposed_sensitivity) {
      finding.proposed_sensitivity = level;
    }
    if (finding.dominant) continue;
    finding.dominant = stats.kind;
    const double evidence =
        ValidatorPrecision(stats.kind) * stats.contained_share + (hinted ? kContextBonus : 0);
    const double sample = std::min(1.0, denominator / kFullConfidenceValues);
    finding.confidence = std::min(1.0, evidence) * sample;
    finding.examples = examples_[static_cast<int>(stats.kind)];
  }
  return finding;
}

}  // namespace yungu::privacy

// The detector: candidate patterns compiled into vectorscan block-mode
// databases once, scanned per value with per-thread scratch space.
#include <hs/hs.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "privacy/detector_candidates.h"
#include "privacy/detector_patterns.h"
#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

using internal::CandidateCollector;
using internal::MarkerHit;
using internal::PatternId;
using internal::PatternSpec;

struct DatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
using DatabasePtr = std::unique_ptr<hs_database_t, DatabaseDeleter>;

// Scratch space is per thread. A thread fits its scratch to a detector's
// databases whenever it scans with another detector than the last one;
// vectorscan only reallocates a scratch that is too small, so a scratch that
// has served several detectors serves them all and switching back is cheap.
// Detectors are told apart by a serial number rather than their address,
// which a new detector may reuse.
std::atomic<uint64_t> next_serial{1};

struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  uint64_t fitted_serial = 0;
  std::vector<MarkerHit> markers;
  std::vector<size_t> house_numbers;

  ThreadScratch() = default;
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() { hs_free_scratch(scratch); }
};

ThreadScratch& LocalScratch() {
  thread_local ThreadScratch scratch;
  return scratch;
}

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
            void* context) {
  static_cast<CandidateCollector*>(context)->OnMatch(static_cast<PatternId>(id),
                                                     static_cast<size_t>(from),
                                                     static_cast<size_t>(to));
  return 0;  // keep scanning
}

Result<DatabasePtr> Compile(const std::vector<const PatternSpec*>& specs) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (const PatternSpec* spec : specs) {
    expressions.push_back(spec->expression.c_str());
    flags.push_back(spec->flags);
    ids.push_back(static_cast<unsigned>(spec->id));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  const hs_error_t rc =
      hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(specs.size()), HS_MODE_BLOCK, nullptr, &db, &error);
  if (rc != HS_SUCCESS) {
    std::string message = "vectorscan rejected the candidate patterns";
    if (error != nullptr) {
      message += ": ";
      message += error->message;
      if (error->expression >= 0 && static_cast<size_t>(error->expression) < specs.size()) {
        const auto id = static_cast<unsigned>(specs[error->expression]->id);
        message += " (pattern " + std::to_string(id) + ")";
      }
      hs_free_compile_error(error);
    }
    return Internal("discovery.pattern_compile", message);
  }
  return DatabasePtr(db);
}

}  // namespace

struct Detector::Impl {
  DetectorOptions options;
  std::vector<DatabasePtr> databases;  // one, or one per pattern (kPatternLoop)
  uint64_t serial = 0;

  // Fits this thread's scratch to the databases.
  Result<hs_scratch_t*> Scratch() const {
    ThreadScratch& local = LocalScratch();
    if (local.fitted_serial != serial) {
      for (const DatabasePtr& db : databases) {
        if (hs_alloc_scratch(db.get(), &local.scratch) != HS_SUCCESS) {
          local.fitted_serial = 0;
          return ResourceExhausted("discovery.scratch",
                                   "cannot allocate vectorscan scratch space");
        }
      }
      local.fitted_serial = serial;
    }
    return local.scratch;
  }
};

Detector::Detector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Detector::Detector(Detector&&) noexcept = default;
Detector& Detector::operator=(Detector&&) noexcept = default;
Detector::~Detector() = default;

Result<Detector> Detector::Create(const DetectorOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const std::vector<PatternSpec> patterns = internal::CandidatePatterns(options.find_embedded);
  if (options.engine == MatchEngine::kMultiPattern) {
    std::vector<const PatternSpec*> all;
    for (const PatternSpec& spec : patterns) all.push_back(&spec);
    YG_ASSIGN_OR_RETURN(DatabasePtr db, Compile(all));
    impl->databases.push_back(std::move(db));
  } else {
    for (const PatternSpec& spec : patterns) {
      YG_ASSIGN_OR_RETURN(DatabasePtr db, Compile({&spec}));
      impl->databases.push_back(std::move(db));
    }
  }
  impl->serial = next_serial.fetch_add(1);
  return Detector(std::move(impl));
}

const DetectorOptions& Detector::options() const { return impl_->options; }

Result<Detection> Detector::Classify(std::string_view text, const DetectionContext& context) const {
  text = internal::TrimSpaces(text);
  if (text.empty()) return Detection{};
  if (text.size() > std::numeric_limits<unsigned>::max()) {
    const std::string bytes = std::to_string(text.size());
    return PayloadTooLarge("discovery.value_too_large",
                           "a value of " + bytes + " bytes is too long to scan");
  }
  YG_ASSIGN_OR_RETURN(hs_scratch_t* scratch, impl_->Scratch());
  ThreadScratch& local = LocalScratch();
  CandidateCollector collector(text, context, impl_->options.find_embedded, local.markers,
                               local.house_numbers);
  for (const DatabasePtr& db : impl_->databases) {
    const hs_error_t rc = hs_scan(db.get(), text.data(), static_cast<unsigned>(text.size()), 0,
                                  scratch, OnMatch, &collector);
    if (rc != HS_SUCCESS) {
      return Internal("discovery.scan", "vectorscan scan failed with code " + std::to_string(rc));
    }
  }
  return collector.Finish();
}

Result<Detection> Detector::ClassifyValue(const Value& value,
                                          const DetectionContext& context) const {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return Classify(std::string_view(*text), context);
  }
  if (const auto* number = std::get_if<int64_t>(&value)) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof(digits), *number).ptr;
    return Classify(std::string_view(digits, end - digits), context);
  }
  if (const auto* number = std::get_if<double>(&value)) {
    // Spreadsheets store long numbers as doubles; only integers below 2^53
    // kept every digit.
    constexpr double kExactIntegers = 9007199254740992.0;
    if (std::isfinite(*number) && std::trunc(*number) == *number &&
        std::fabs(*number) < kExactIntegers) {
      return ClassifyValue(Value(static_cast<int64_t>(*number)), context);
    }
    return Detection{};
  }
  const std::string* iso = nullptr;
  if (const auto* date = std::get_if<Date>(&value)) iso = &date->iso;
  if (const auto* date_time = std::get_if<DateTime>(&value)) iso = &date_time->iso;
  if (iso != nullptr && context.hinted.Has(PiiKind::kBirthDate)) {
    // The calendar date is enough; a time or zone after it changes nothing.
    const auto date = internal::ParseDateCandidate(std::string_view(*iso).substr(0, 10));
    Detection detection;
    if (date && internal::IsPlausibleBirthDate(*date, context.today)) {
      detection.whole.Add(PiiKind::kBirthDate);
      detection.contained.Add(PiiKind::kBirthDate);
    }
    return detection;
  }
  return Detection{};  // null, booleans, dates without a birth hint
}

Result<const Detector*> SharedDetector() {
  static const Result<Detector> kDetector = Detector::Create();
  if (!kDetector.ok()) return kDetector.status();
  return &kDetector.value();
}

}  // namespace yungu::privacy

// Personal-data discovery: which kinds of personal data the values of a
// column really hold, and what sensitivity the column should therefore get.
//
// Recognisers in the manner of Microsoft Presidio: each kind has candidate
// patterns (all compiled into one vectorscan database and matched in one
// pass over a value), a validator that rejects candidates which only look
// right (check digits, Luhn, calendar dates, issuer prefixes, surname and
// stop lists), and context words — the field's name and title — that make a
// weaker signal count. Independent of storage and HTTP: rows come from a
// callback, findings go out as values and JSON.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "yungu/core/result.h"
#include "yungu/core/value.h"
#include "yungu/model/catalog.h"

namespace yungu::privacy {

// The kinds of personal data discovery recognises. Their names (PiiKindName)
// are stable: they appear in JSON and in FieldDef::personal.
enum class PiiKind : uint8_t {
  kCitizenId,       // "citizen_id": GB 11643, 18 digits with a valid check char, or 15 (legacy)
  kMobile,          // "mobile": mainland 11-digit mobile number, optionally +86
  kBankCard,        // "bank_card": 12-19 digits, Luhn, plausible issuer prefix
  kEmail,           // "email"
  kPersonName,      // "person_name": Chinese names (surname list), minority "·" names
  kAddress,         // "address": Chinese street or house address
  kLicencePlate,    // "licence_plate": 京A12345, 粤BD12345 (new energy)
  kIpAddress,       // "ip_address": IPv4 or IPv6
  kUscc,            // "uscc": unified social credit code of a legal entity (not personal)
  kUsccIndividual,  // "uscc_individual": a USCC of an individual business (个体工商户, "92")
  kBirthDate,       // "birth_date": a plausible date of birth; needs a field-name hint
};
inline constexpr int kPiiKindCount = 11;

// Every kind, in declaration order.
const std::array<PiiKind, kPiiKindCount>& AllPiiKinds();
std::string_view PiiKindName(PiiKind kind);
std::optional<PiiKind> ParsePiiKind(std::string_view name);
// The hub's sensitivity scale (1 public .. 4 highly sensitive) for a column of
// this kind: citizen_id and bank_card 4; uscc 1; every other kind 3.
int PiiKindSensitivity(PiiKind kind);

// A set of kinds (a bit set; cheap to copy).
class KindSet {
 public:
  constexpr KindSet() = default;
  constexpr KindSet(std::initializer_list<PiiKind> kinds) {
    for (PiiKind k : kinds) Add(k);
  }
  constexpr void Add(PiiKind kind) { bits_ |= Bit(kind); }
  constexpr void AddAll(KindSet other) { bits_ |= other.bits_; }
  constexpr bool Has(PiiKind kind) const { return (bits_ & Bit(kind)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool operator==(const KindSet&) const = default;
  // Kinds in declaration order.
  std::vector<PiiKind> ToVector() const;

 private:
  static constexpr uint16_t Bit(PiiKind kind) { return uint16_t{1} << static_cast<int>(kind); }
  uint16_t bits_ = 0;
};

// A calendar date; orders by (year, month, day).
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const CivilDate&) const = default;
};
// Today in China (UTC+8), from the system clock.
CivilDate TodayInChina();

// What a value is classified against. Kinds in `hinted` are those the field's
// name or title suggests (see HintedKinds); birth_date and Latin-script
// person names are only reported when hinted, because a value alone cannot
// say that a date is a birthday or that "Grace Hopper" is not a product.
// `today` bounds plausible birth dates (in ID numbers and for birth_date).
struct DetectionContext {
  KindSet hinted;
  CivilDate today;
};

// The kinds one value holds. `whole`: the value, trimmed of surrounding
// spaces, is entirely one such item ("13812345678"). `contained`: the value
// holds one somewhere ("联系电话13812345678"); always a superset of `whole`.
struct Detection {
  KindSet whole;
  KindSet contained;
};

enum class MatchEngine {
  kMultiPattern,  // every pattern in one vectorscan database: one pass per value
  kPatternLoop,   // one database per pattern, scanned in turn: the same results,
                  // slower; kept as a measurement baseline and a cross-check
};

struct DetectorOptions {
  // True: find identifiers anywhere in a value (whole and contained). False:
  // only values that are entirely one item, with patterns anchored at both
  // ends, which lets the matcher give up early on long text; then `contained`
  // equals `whole`.
  bool find_embedded = true;
  MatchEngine engine = MatchEngine::kMultiPattern;
};

// The compiled recognisers. Compiling takes about a tenth of a second, so
// build one and share it: Classify is const and safe to call from many
// threads at once (each thread gets its own vectorscan scratch space,
// allocated on first use and freed when the thread ends). Movable, not
// copyable; a moved-from detector may only be destroyed or assigned to.
class Detector {
 public:
  // Errors: kInternal "discovery.pattern_compile" if vectorscan rejects a
  // pattern (a bug, or a vectorscan build without the needed features).
  static Result<Detector> Create(const DetectorOptions& options = {});

  Detector(Detector&&) noexcept;
  Detector& operator=(Detector&&) noexcept;
  ~Detector();

  // Classifies one text value. Surrounding ASCII and ideographic spaces are
  // ignored. Errors: kPayloadTooLarge "discovery.value_too_large" for a value
  // of 4 GiB or more (vectorscan's limit); kResourceExhausted
  // "discovery.scratch" when scratch space cannot be allocated; kInternal
  // "discovery.scan" if the scan fails.
  Result<Detection> Classify(std::string_view text, const DetectionContext& context) const;

  // Classifies a typed value: text as above; integers (and integral
  // decimals, as spreadsheets store long numbers) by their decimal digits, so
  // a mobile number or legacy ID stored as a number is found; dates and
  // date-times as birth_date candidates; null and booleans hold nothing.
  Result<Detection> ClassifyValue(const Value& value, const DetectionContext& context) const;

  const DetectorOptions& options() const;

 private:
  struct Impl;
  explicit Detector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A process-wide detector with the default options, compiled on first use
// (thread-safe). The pointer stays valid until the process ends.
Result<const Detector*> SharedDetector();

// The kinds a field's name or title suggests: Chinese words in either
// (身份证, 手机, 姓名, 住址, 车牌, 出生 ...), English words and the pinyin
// initials common in government schemas (sfzh, lxdh, xm ...) as whole tokens
// of either (so "zip" does not suggest ip_address and "dept_name" does not
// suggest a person's name).
KindSet HintedKinds(std::string_view name, std::string_view title);

// The masked form of a found value, safe to show in a discovery report: the
// first 3 and last 2 characters are kept when the value has at least 8
// characters, only the first one when it is shorter; the rest become '*'
// (at most 16 of them, so a long text does not reveal its length). Never
// returns a non-empty value itself; surrounding spaces are dropped first.
std::string MaskExample(std::string_view value);

struct ScanOptions {
  // Rows to read before stopping; 0 reads every row.
  int64_t max_rows = 0;
  // Share of a field's non-empty values that must hold a kind for it to be
  // detected, and the lower share enough when the field's name or title
  // suggests that kind.
  double threshold = 0.5;
  double hinted_threshold = 0.2;
  // Masked example values kept per field.
  int max_examples = 3;
  // Upper bound of plausible birth dates; empty: TodayInChina().
  std::optional<CivilDate> today;
};

struct KindStats {
  PiiKind kind = PiiKind::kCitizenId;
  int64_t whole = 0;      // values that are entirely this kind
  int64_t contained = 0;  // values holding one (whole ones included)
  double whole_share = 0;      // of the non-empty values
  double contained_share = 0;
};

struct FieldFinding {
  std::string name;
  std::string title;
  int64_t values = 0;        // non-empty values scanned (the denominator)
  int64_t empty_values = 0;  // nulls and empty or blank strings
  KindSet hinted;            // what the name and title suggest
  // Kinds found in at least one value, by contained share, highest first.
  std::vector<KindStats> kinds;
  // Kinds whose contained share reached the threshold (or the hinted
  // threshold, for a hinted kind).
  KindSet detected;
  // The detected kind with the highest contained share (ties: the more
  // sensitive); empty when nothing was detected.
  std::optional<PiiKind> dominant;
  // How sure discovery is about `dominant`, in [0, 1]: the kind's validator
  // precision times its share, plus a context bonus when hinted, scaled
  // down for fewer than 30 values. 0 without a dominant kind.
  double confidence = 0;
  // The highest sensitivity among detected kinds; empty when none.
  std::optional<int> proposed_sensitivity;
  // Up to ScanOptions::max_examples masked values holding the dominant kind.
  std::vector<std::string> examples;
};

// Accumulates the detections of one column's values. Not thread-safe; the
// detector must outlive it. Raw values are never retained (examples are
// masked as they are taken).
class FieldScanner {
 public:
  FieldScanner(const Detector& detector, std::string name, std::string title,
               const ScanOptions& options = {});

  // Adds one value. Errors: those of Detector::ClassifyValue.
  Status Add(const Value& value);

  // Bytes of the non-empty values added so far, in their text form
  // (integers count their digits, dates their ISO form).
  int64_t bytes_scanned() const { return bytes_scanned_; }

  // The finding over the values added so far; may be called at any time.
  FieldFinding Finish() const;

 private:
  const Detector* detector_;
  std::string name_;
  std::string title_;
  ScanOptions options_;
  DetectionContext context_;
  int64_t values_ = 0;
  int64_t empty_ = 0;
  int64_t bytes_scanned_ = 0;
  std::array<int64_t, kPiiKindCount> whole_{};
  std::array<int64_t, kPiiKindCount> contained_{};
  std::array<std::vector<std::string>, kPiiKindCount> examples_;
  std::array<int, kPiiKindCount> example_attempts_{};
};

struct DiscoveryReport {
  std::vector<FieldFinding> fields;  // in schema order
  int64_t rows_scanned = 0;
  int64_t bytes_scanned = 0;
  double elapsed_seconds = 0;
  bool row_limit_reached = false;  // stopped at ScanOptions::max_rows
};

// Fills `row` with the next row's values, in field order, and returns true;
// returns false when there are no more rows. The same Row object is passed
// every time, so a cursor can reuse its capacity.
using RowSource = std::function<bool(Row& row)>;

// Scans rows from `next_row` until it returns false or `options.max_rows`
// rows have been read, and reports per field. Errors: kInvalidArgument
// "discovery.row_width" when a row's width differs from `fields`; those of
// Detector::Classify. The first overload uses SharedDetector().
Result<DiscoveryReport> ScanRows(const std::vector<model::FieldDef>& fields,
                                 const RowSource& next_row, const ScanOptions& options = {});
Result<DiscoveryReport> ScanRows(const Detector& detector,
                                 const std::vector<model::FieldDef>& fields,
                                 const RowSource& next_row, const ScanOptions& options = {});

// JSON forms, with kinds by their stable names, e.g.
// {"name":"lxdh","title":"联系电话","values":120,"empty_values":3,
//  "hinted":["mobile"],"kinds":[{"kind":"mobile","whole":118,"whole_share":0.983,
//  "contained":118,"contained_share":0.983}],"detected":["mobile"],
//  "dominant":"mobile","confidence":0.93,"proposed_sensitivity":3,
//  "examples":["138******78"]}
// and for a report {"rows_scanned":..,"bytes_scanned":..,"elapsed_ms":..,
// "row_limit_reached":false,"fields":[...]}. Absent values are null.
nlohmann::json ToJson(const FieldFinding& finding);
nlohmann::json ToJson(const DiscoveryReport& report);

}  // namespace yungu::privacy

// GovernanceStore: what the hub computes and declares about data beyond the
// catalog itself — quality and personal-data discovery reports kept per
// version (so the history shows the trend), the 一数一源 registry of
// authoritative sources, and the results of cross-source verification
// (多元校核). Reports are stored as the JSON their engines produce; the
// store only indexes the few columns it is asked to list or sort by.
// Thread-safe, like the Store that owns it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::storage {

// Kinds of per-version reports.
inline constexpr std::string_view kQualityReport = "quality";
inline constexpr std::string_view kDiscoveryReport = "discovery";

struct VersionReport {
  std::string dataset_id;
  int64_t version = 0;
  std::string kind;         // kQualityReport | kDiscoveryReport
  std::string computed_at;  // ISO 8601 UTC
  double score = 0;         // quality score 0-100; share of personal fields for discovery
  std::string json;         // the full report; empty in listings
};

// A data element's one authoritative source (一数一源).
struct DataElement {
  std::string code;         // e.g. "enterprise.registered_capital"
  std::string name;         // e.g. 注册资本
  std::string entity_kind;  // uscc | citizen_id: what the element describes
  std::string dataset_id;   // the authoritative dataset
  std::string field;        // its field carrying the element
  std::string key_field;    // its field carrying the entity key
  std::string declared_by;  // user id
  std::string declared_at;
  std::string description;
};

// One run of cross-source verification of an element.
struct VerificationRun {
  std::string element;
  std::string run_at;
  std::string trigger;  // "on_demand" | "ingest:<dataset_id>"
  int64_t agreements = 0;
  int64_t disagreements = 0;
  std::string json;  // the full result: per copy counts and examples
};

class GovernanceStore {
 public:
  virtual ~GovernanceStore() = default;

  // Inserts or replaces the report of (dataset, version, kind).
  virtual Status PutReport(const VersionReport& report) = 0;
  // NotFound (governance.report_not_found) when none was computed.
  virtual Result<VersionReport> GetReport(std::string_view dataset_id, int64_t version, std::string_view kind) = 0;
  // Every stored report of one kind for a dataset, newest version first,
  // without the JSON (the history).
  virtual Result<std::vector<VersionReport>> ListReports(std::string_view dataset_id, std::string_view kind) = 0;
  // The newest report of `kind` for every dataset that has one, without JSON.
  virtual Result<std::vector<VersionReport>> LatestReports(std::string_view kind) = 0;

  // Declares (or moves) an element's authoritative source. AlreadyExists
  // never happens: an element has exactly one source, so a new declaration
  // replaces the old one.
  virtual Status PutElement(const DataElement& element) = 0;
  virtual Result<DataElement> GetElement(std::string_view code) = 0;  // governance.element_not_found
  virtual Result<std::vector<DataElement>> ListElements() = 0;
  virtual Status DeleteElement(std::string_view code) = 0;

  virtual Status PutVerification(const VerificationRun& run) = 0;
  // The newest run for the element (governance.verification_not_found).
  virtual Result<VerificationRun> LatestVerification(std::string_view element) = 0;
};

}  // namespace yungu::storage

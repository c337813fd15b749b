// 一数一源 and 多元校核: each data element (an enterprise's registered capital,
// a person's registered address, ...) has exactly one authoritative source —
// one field of one department's dataset, keyed by an entity key (unified
// social credit code or citizen ID number). Other datasets whose fields carry
// the same element (FieldDef::element) are its copies. Verification joins
// every copy to the source by entity key and counts agreements and
// disagreements, with examples; it runs on demand and after each ingest of a
// dataset involved. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/query/query_service.h"
#include "yungu/storage/governance_store.h"
#include "yungu/storage/store.h"

namespace yungu::governance {

// One dataset field carrying an element (the source or a copy).
struct ElementHolder {
  std::string dataset_id;
  std::string department;
  std::string field;
  std::string key_field;  // the dataset's field with entity_key = the element's kind; empty if none
};

struct ElementView {
  storage::DataElement element;
  std::vector<ElementHolder> copies;
};

struct VerifyOptions {
  int examples = 10;  // disagreements listed per copy
};

class SourceRegistry {
 public:
  SourceRegistry(storage::Store& store, query::QueryService& queries) : store_(store), queries_(queries) {}

  // Checks and stores the declaration: the code's form, the entity kind, the
  // dataset and both fields exist, the field declares this element and the
  // key field this entity kind. Replaces an earlier source of the element.
  Status Declare(storage::DataElement element);
  Result<ElementView> Describe(std::string_view code);
  Result<std::vector<ElementView>> List();
  // Verifies one element now and stores the run.
  Result<storage::VerificationRun> Verify(std::string_view code, std::string_view trigger,
                                          const VerifyOptions& options = {});
  // After an ingest: verifies every element the dataset is the source or a
  // copy of; returns the runs (errors of one element do not stop the others,
  // they are logged and skipped).
  std::vector<storage::VerificationRun> VerifyAfterIngest(std::string_view dataset_id);

 private:
  Result<std::vector<ElementHolder>> Copies(const storage::DataElement& element);

  storage::Store& store_;
  query::QueryService& queries_;
};

nlohmann::json ToJson(const storage::DataElement& element);
nlohmann::json ToJson(const ElementView& view);

// Every catalog entry, paging through the store (internal scans only: no
// access control applies).
Result<std::vector<model::DatasetMeta>> AllDatasets(storage::Store& store);

}  // namespace yungu::governance

// Catalog records: departments, datasets and their data items, in the terms
// of the national government data resource catalog (政务信息资源目录).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/value.h"
#include "yungu/model/field_policy.h"

namespace yungu::model {

struct Department {
  std::string code;         // e.g. "SCJG"; [A-Za-z0-9_-]{1,32}
  std::string name;         // Chinese name, e.g. 市市场监督管理局
  std::string name_en;
  std::string parent_code;  // empty for a top-level department
  std::string division_code;  // GB/T 2260 division, e.g. 420600
};

// 共享类型: sharing to other government departments.
enum class SharingType { kUnconditional, kConditional, kNone };
// 开放类型: opening to the public.
enum class OpeningType { kUnconditional, kConditional, kNone };
enum class UpdateCycle { kRealtime, kDaily, kWeekly, kMonthly, kQuarterly, kYearly, kIrregular };

std::string_view SharingTypeName(SharingType t);   // "unconditional" ...
std::string_view SharingTypeLabel(SharingType t);  // "无条件共享" ...
std::optional<SharingType> ParseSharingType(std::string_view s);  // either form
std::string_view OpeningTypeName(OpeningType t);
std::string_view OpeningTypeLabel(OpeningType t);
std::optional<OpeningType> ParseOpeningType(std::string_view s);
std::string_view UpdateCycleName(UpdateCycle c);
std::optional<UpdateCycle> ParseUpdateCycle(std::string_view s);

// The plan's domains (主题). Keys are stable identifiers; labels are Chinese.
struct Theme {
  std::string_view key;
  std::string_view label_zh;
  std::string_view label_en;
};
const std::vector<Theme>& Themes();
const Theme* FindTheme(std::string_view key_or_label);

// 信息项: one data item (field) of a dataset.
struct FieldDef {
  std::string name;         // column identifier: [A-Za-z_][A-Za-z0-9_]{0,62} or CJK
  std::string title;        // human title, usually Chinese
  ColumnType type = ColumnType::kText;
  std::string unit;
  std::string description;
  int sensitivity = 1;      // 1 public, 2 internal, 3 sensitive (personal), 4 highly sensitive
  bool primary_key = false;
  bool required = false;
  bool indexed = false;     // build an index for fast equality/range filters
  QualityRules rules;
  FieldMasks masks;
  // Personal data this field holds, as a data officer confirmed it (a
  // discovery kind such as "citizen_id" or "person_name"); empty: none.
  std::string personal;
  // With others so marked, could single a person out (district, age, ...).
  bool quasi_identifier = false;
  // Generalisation hierarchy, one row per value: the value, then each level
  // up (ARX's CSV form). Used by hierarchy masks and the anonymiser.
  std::vector<std::vector<std::string>> hierarchy;
  // 一数一源: the data element this field carries (e.g.
  // "enterprise.registered_capital"), and for key fields the entity kind
  // the field identifies (uscc or citizen_id).
  std::string element;
  std::string entity_key;
};

// A file or page elsewhere that belongs to a dataset (a document, a download
// on another portal, a harvested CKAN resource): listed, not held.
struct Link {
  std::string id;           // "<dataset id>.<n>", assigned by the catalog
  std::string name;
  std::string description;
  std::string format;       // as given, e.g. "PDF", "CSV"
  std::string url;          // http or https
  std::string created_at;   // assigned by the catalog
};

struct DatasetMeta {
  std::string id;             // slug: [a-z0-9][a-z0-9_-]{1,63}
  std::string resource_code;  // 资源代码
  std::string name;           // 资源名称 (Chinese)
  std::string name_en;
  std::string summary;        // 资源摘要
  std::string department;     // provider department code
  std::vector<std::string> themes;  // theme keys
  std::vector<std::string> tags;
  std::string format = "csv";
  SharingType sharing_type = SharingType::kConditional;
  std::string sharing_conditions;
  OpeningType opening_type = OpeningType::kNone;
  UpdateCycle update_cycle = UpdateCycle::kIrregular;
  std::string publish_date;   // YYYY-MM-DD
  std::string licence;
  std::string contact_name;
  std::string contact_phone;
  std::string contact_email;
  std::vector<FieldDef> fields;
  std::vector<Link> links;
  // Further metadata as key/value text: CKAN extras, harvested keys.
  std::map<std::string, std::string> extras;
  // Release check: smallest group its quasi-identifiers may form when opened
  // (0: the platform default, 5).
  int k_anonymity = 0;
  // Maintained by the hub, never taken from callers.
  std::string created_at;
  std::string updated_at;     // last metadata change
  std::string data_updated_at;  // last successful ingest
  int64_t current_version = 0;  // 0 until data has been ingested
  int64_t row_count = 0;
  int64_t metadata_revision = 0;
  // How much the dataset is used: query answers served and exports downloaded.
  int64_t reads = 0;
  int64_t downloads = 0;
};

struct VersionInfo {
  std::string dataset_id;
  int64_t version = 0;
  std::string created_at;
  int64_t row_count = 0;
  std::string mode;        // replace | append | upsert
  std::string source;      // file name or "api"
  std::vector<FieldDef> fields;  // the schema of this version
  std::string table;       // backend-specific storage name
  bool search_ready = false;  // the full-text index has been built
};

struct MetadataRevision {
  int64_t revision = 0;
  std::string changed_at;
  std::string note;
  std::string metadata_json;  // the full metadata as it was after this change
};

}  // namespace yungu::model

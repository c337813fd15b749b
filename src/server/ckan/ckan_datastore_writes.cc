// datastore_create, datastore_upsert and datastore_delete. Every change is
// a new version of the dataset's table, loaded through the ingest pipeline
// (types, quality rules, the release gate, the trace); earlier versions stay
// in the history.
#include <fstream>

#include "server/access_util.h"
#include "server/ckan/ckan_api.h"
#include "server/ingest_path.h"
#include "yungu/ckan/ckan.h"
#include "yungu/core/json_text.h"
#include "yungu/query/plan_builder.h"

namespace yungu::server::ckan_api {
namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

// A temporary file removed when this goes out of scope.
struct TempFile {
  std::filesystem::path path;
  ~TempFile() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove(path, ec);
  }
};

std::filesystem::path SpoolPath(const Call& call, const char* what) {
  std::filesystem::path dir = call.ctx.options.spool_dir;
  if (dir.empty()) dir = std::filesystem::temp_directory_path();
  return dir / ("ckan-" + std::string(what) + "-" + call.req.request_id + ".ndjson");
}

// records: a list of objects (or JSON text of one).
Result<json> Records(const json& data, bool required) {
  YG_ASSIGN_OR_RETURN(json records, ck::JsonParam(data, "records"));
  if (records.is_null()) {
    if (required) return ck::FieldError("records", "Missing value");
    return json::array();
  }
  if (!records.is_array()) return ck::FieldError("records", "Must be a list of dicts");
  for (const auto& r : records) {
    if (!r.is_object()) return ck::FieldError("records", "Must be a list of dicts");
  }
  return records;
}

Status WriteRecords(const json& records, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("ckan.spool", "cannot create a temporary file");
  for (const auto& r : records) out << r.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  out.close();
  if (!out) return IoError("ckan.spool", "cannot write a temporary file");
  return Status::Ok();
}

// The dataset whose table the call names (resource_id, or CKAN's
// resource.package_id for a new table), which the caller may manage.
Result<model::DatasetMeta> TableDataset(Call& call) {
  YG_ASSIGN_OR_RETURN(auto rid, ck::StringParam(call.data, "resource_id"));
  if (!rid || rid->empty()) {
    YG_ASSIGN_OR_RETURN(rid, ck::StringParam(call.data, "id"));
  }
  if ((!rid || rid->empty()) && call.data.contains("resource") && call.data["resource"].is_object()) {
    YG_ASSIGN_OR_RETURN(rid, ck::StringParam(call.data["resource"], "package_id"));
  }
  if (!rid || rid->empty()) return ck::FieldError("resource_id", "Missing value");
  if (rid->find('.') != std::string::npos) {
    return ck::FieldError("resource_id", "Links hold no table; the dataset's table is resource '" +
                                             rid->substr(0, rid->rfind('.')) + "'");
  }
  auto meta = ManagedDataset(call.ctx, call.req, *rid);
  if (!meta.ok() && meta.status().code() == Code::kNotFound) {
    return NotFound("ckan.resource_not_found", "Resource \"" + *rid + "\" was not found.");
  }
  return meta;
}

// datastore_create's fields: [{"id", "type", "info": {"label", "notes"}}].
Result<std::vector<model::FieldDef>> FieldsParam(const json& data) {
  std::vector<model::FieldDef> out;
  YG_ASSIGN_OR_RETURN(json fields, ck::JsonParam(data, "fields"));
  if (fields.is_null()) return out;
  if (!fields.is_array()) return ck::FieldError("fields", "Must be a list of {id, type}");
  YG_ASSIGN_OR_RETURN(auto keys, ck::NameListParam(data, "primary_key"));
  YG_ASSIGN_OR_RETURN(auto indexes, ck::NameListParam(data, "indexes"));
  for (const auto& f : fields) {
    if (!f.is_object() || !f.contains("id") || !f["id"].is_string()) {
      return ck::FieldError("fields", "Each field needs an id");
    }
    model::FieldDef def;
    def.name = f["id"].get<std::string>();
    std::string type = f.contains("type") && f["type"].is_string() ? f["type"].get<std::string>() : "text";
    auto column_type = ck::ColumnTypeFromDatastore(type);
    if (!column_type) return ck::FieldError("fields", "\"" + type + "\" is not a valid field type");
    def.type = *column_type;
    if (auto info = f.find("info"); info != f.end() && info->is_object()) {
      def.title = info->value("label", std::string());
      def.description = info->value("notes", std::string());
    }
    def.primary_key = std::find(keys.begin(), keys.end(), def.name) != keys.end();
    def.indexed = def.primary_key || std::find(indexes.begin(), indexes.end(), def.name) != indexes.end();
    out.push_back(std::move(def));
  }
  for (const auto& k : keys) {
    bool found = std::any_of(out.begin(), out.end(), [&](const model::FieldDef& f) { return f.name == k; });
    if (!found) return ck::FieldError("primary_key", "field \"" + k + "\" is not among the fields");
  }
  return out;
}

json FieldsJson(const std::vector<model::FieldDef>& fields) {
  json out = json::array();
  for (const auto& f : fields) out.push_back({{"id", f.name}, {"type", ck::DatastoreTypeName(f.type)}});
  return out;
}

std::vector<std::string> KeyNames(const std::vector<model::FieldDef>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    if (f.primary_key) out.push_back(f.name);
  }
  return out;
}

// A version with no rows: a new empty table, or one emptied.
Status CommitEmptyVersion(Call& call, const model::DatasetMeta& meta, std::vector<model::FieldDef> fields) {
  storage::VersionSpec spec;
  spec.dataset_id = meta.id;
  spec.fields = std::move(fields);
  spec.mode = storage::WriteMode::kReplace;
  spec.source = "CKAN " + call.action;
  YG_ASSIGN_OR_RETURN(auto writer, call.ctx.services.store->BeginVersion(spec));
  YG_ASSIGN_OR_RETURN(auto version, writer->Commit());
  auto event = EventFor(call.req, "admin", "dataset.ingest");
  event.dataset_id = meta.id;
  event.version = version.version;
  event.detail = {{"rows_written", 0}, {"mode", version.mode}, {"source", version.source}};
  return TraceAdmin(call.ctx, std::move(event));
}

// Loads the records file as a new version.
Status LoadRecords(Call& call, const model::DatasetMeta& meta, const std::filesystem::path& file,
                   storage::WriteMode mode, std::vector<std::string> keys) {
  ingest::IngestOptions options;
  options.mode = mode;
  options.key_fields = std::move(keys);
  options.reader.format = ingest::Format::kNdjson;
  options.source_name = "CKAN " + call.action;
  auto report = IngestAsVersion(call.ctx, call.req, meta, file, options);
  if (report.status.ok()) return Status::Ok();
  const Status& st = report.status;
  if (st.code() != Code::kInvalidArgument && st.code() != Code::kFailedPrecondition) return st;
  std::string message = st.message();
  if (!report.bad_rows.empty()) {
    message += " (record " + std::to_string(report.bad_rows[0].line) + ": " + report.bad_rows[0].message + ")";
  }
  return ck::FieldError("records", message);
}

Result<json> DatastoreCreate(Call& call) {
  YG_ASSIGN_OR_RETURN(auto meta, TableDataset(call));
  YG_ASSIGN_OR_RETURN(auto fields, FieldsParam(call.data));
  YG_ASSIGN_OR_RETURN(json records, Records(call.data, false));
  std::vector<model::FieldDef> table = meta.fields;
  if (meta.current_version > 0) {
    YG_ASSIGN_OR_RETURN(auto version, call.ctx.services.query->ResolveVersion(meta.id));
    table = version->fields;
  }
  if (!fields.empty()) {
    if (meta.current_version > 0) {
      bool same = fields.size() == table.size();
      for (size_t i = 0; same && i < fields.size(); ++i) {
        same = fields[i].name == table[i].name && fields[i].type == table[i].type;
      }
      if (!same) {
        return ck::FieldError("fields", "The table already holds data with other fields; empty it with "
                                        "datastore_delete or load a file with resource_update first");
      }
    } else {
      // The declared fields become the dataset's; titles and rules kept.
      model::DatasetMeta candidate = meta;
      for (auto& f : fields) {
        for (const auto& old : meta.fields) {
          if (old.name == f.name) {
            if (f.title.empty()) f.title = old.title;
            if (f.description.empty()) f.description = old.description;
            f.sensitivity = old.sensitivity;
            f.rules = old.rules;
            f.masks = old.masks;
          }
        }
      }
      candidate.fields = fields;
      YG_RETURN_IF_ERROR(CheckRelease(call.ctx, &meta, candidate));
      YG_ASSIGN_OR_RETURN(auto updated,
                          call.ctx.services.catalog->ReplaceDataset(meta.id, std::move(candidate), "CKAN datastore_create"));
      YG_RETURN_IF_ERROR(TraceMetadataChange(call.ctx, call.req, meta, updated));
      meta = std::move(updated);
      table = meta.fields;
    }
  }
  if (table.empty() && records.empty()) return ck::FieldError("fields", "Missing value");
  if (!records.empty()) {
    TempFile file{SpoolPath(call, "create")};
    YG_RETURN_IF_ERROR(WriteRecords(records, file.path));
    auto mode = meta.current_version > 0 ? storage::WriteMode::kAppend : storage::WriteMode::kReplace;
    YG_RETURN_IF_ERROR(LoadRecords(call, meta, file.path, mode, {}));
  } else if (meta.current_version == 0) {
    YG_RETURN_IF_ERROR(CommitEmptyVersion(call, meta, table));
  }
  YG_ASSIGN_OR_RETURN(auto version, call.ctx.services.query->ResolveVersion(meta.id));
  return json{{"resource_id", meta.id},
              {"fields", FieldsJson(version->fields)},
              {"primary_key", KeyNames(version->fields)},
              {"method", "insert"}};
}

// Whether a row with this record's key values exists in the current table.
Result<bool> KeyExists(Call& call, const std::string& dataset, const std::vector<std::string>& keys,
                       const json& record) {
  json filters = json::object();
  for (const auto& k : keys) {
    if (!record.contains(k) || record[k].is_null()) return ck::FieldError("records", "a record has no \"" + k + "\"");
    filters[k] = record[k];
  }
  YG_ASSIGN_OR_RETURN(auto q, call.ctx.services.query->Prepare(dataset, {{"filters", filters}, {"limit", 0},
                                                                         {"total", true}}));
  YG_ASSIGN_OR_RETURN(int64_t n, call.ctx.services.query->Total(q));
  return n > 0;
}

Result<json> DatastoreUpsert(Call& call) {
  YG_ASSIGN_OR_RETURN(auto meta, TableDataset(call));
  if (meta.current_version == 0) {
    return NotFound("ckan.resource_not_found", "Resource \"" + meta.id + "\" was not found.");
  }
  YG_ASSIGN_OR_RETURN(auto method_param, ck::StringParam(call.data, "method"));
  const std::string method = method_param.value_or("upsert");
  if (method != "upsert" && method != "insert" && method != "update") {
    return ck::FieldError("method", "Value must be one of ['upsert', 'insert', 'update']");
  }
  YG_ASSIGN_OR_RETURN(json records, Records(call.data, true));
  YG_ASSIGN_OR_RETURN(bool dry_run, ck::BoolParam(call.data, "dry_run", false));
  if (dry_run) return ck::FieldError("dry_run", "dry runs are not supported");
  YG_ASSIGN_OR_RETURN(auto version, call.ctx.services.query->ResolveVersion(meta.id));
  std::vector<std::string> keys = KeyNames(version->fields);
  if (method != "insert" && keys.empty()) {
    return ck::FieldError("method", "table does not have a unique key defined (declare a primary key field)");
  }
  if (method == "update") {
    for (const auto& r : records) {
      YG_ASSIGN_OR_RETURN(bool exists, KeyExists(call, meta.id, keys, r));
      if (!exists) {
        json key = json::array();
        for (const auto& k : keys) key.push_back(r[k]);
        return ck::FieldError("key", "key \"" + key.dump() + "\" not found");
      }
    }
  }
  if (!records.empty()) {
    TempFile file{SpoolPath(call, "upsert")};
    YG_RETURN_IF_ERROR(WriteRecords(records, file.path));
    auto mode = method == "insert" ? storage::WriteMode::kAppend : storage::WriteMode::kUpsert;
    YG_RETURN_IF_ERROR(LoadRecords(call, meta, file.path, mode, keys));
  }
  return json{{"resource_id", meta.id}, {"method", method}, {"records_written", records.size()}};
}

// Filter values as the table's typed values, in text.
Result<std::map<size_t, std::vector<std::string>>> DeleteFilters(const json& filters,
                                                                 const model::VersionInfo& version) {
  std::map<size_t, std::vector<std::string>> out;
  for (const auto& [name, value] : filters.items()) {
    size_t index = version.fields.size();
    for (size_t i = 0; i < version.fields.size(); ++i) {
      if (version.fields[i].name == name) index = i;
    }
    if (index == version.fields.size()) return ck::FieldError("filters", "field \"" + name + "\" not in table");
    json values = value.is_array() ? value : json::array({value});
    for (const auto& v : values) {
      YG_ASSIGN_OR_RETURN(Value typed, query::ValueForColumn(v, version.fields[index]));
      out[index].push_back(ValueToText(typed));
    }
  }
  return out;
}

Result<json> DatastoreDelete(Call& call) {
  YG_ASSIGN_OR_RETURN(auto meta, TableDataset(call));
  if (meta.current_version == 0) {
    return NotFound("ckan.resource_not_found", "Resource \"" + meta.id + "\" was not found.");
  }
  YG_ASSIGN_OR_RETURN(auto version, call.ctx.services.query->ResolveVersion(meta.id));
  YG_ASSIGN_OR_RETURN(json filters, ck::JsonParam(call.data, "filters"));
  if (filters.is_null() || (filters.is_object() && filters.empty())) {
    YG_RETURN_IF_ERROR(CommitEmptyVersion(call, meta, version->fields));
    return json{{"resource_id", meta.id}, {"filters", json::object()}, {"deleted", version->row_count}};
  }
  if (!filters.is_object()) return ck::FieldError("filters", "Must be a dict");
  YG_ASSIGN_OR_RETURN(auto wanted, DeleteFilters(filters, *version));

  // The rows that stay go to a file, loaded as the next version.
  auto& qs = *call.ctx.services.query;
  YG_ASSIGN_OR_RETURN(auto q, qs.PrepareExport(meta.id, json::object()));
  YG_ASSIGN_OR_RETURN(auto cursor, qs.Open(q));
  TempFile file{SpoolPath(call, "delete")};
  std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("ckan.spool", "cannot create a temporary file");
  const size_t skip = q.plan.with_row_id ? 1 : 0;
  std::vector<std::string> keys;
  for (const auto& c : q.columns) {
    std::string k;
    AppendJsonString(k, c);
    keys.push_back(k + ":");
  }
  Row row;
  int64_t kept = 0, deleted = 0;
  std::string line;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool more, cursor->Next(row));
    if (!more) break;
    bool match = true;
    for (const auto& [index, values] : wanted) {
      const std::string text = ValueToText(row[index + skip]);
      match = match && !IsNull(row[index + skip]) && std::find(values.begin(), values.end(), text) != values.end();
    }
    if (match) {
      ++deleted;
      continue;
    }
    line = "{";
    for (size_t i = 0; i < q.columns.size(); ++i) {
      if (i) line += ',';
      line += keys[i];
      AppendJsonValue(line, row[i + skip]);
    }
    line += "}\n";
    out << line;
    ++kept;
  }
  cursor.reset();
  out.close();
  if (!out) return IoError("ckan.spool", "cannot write a temporary file");
  if (deleted == 0) return json{{"resource_id", meta.id}, {"filters", filters}, {"deleted", 0}};
  if (kept == 0) {
    YG_RETURN_IF_ERROR(CommitEmptyVersion(call, meta, version->fields));
  } else {
    YG_RETURN_IF_ERROR(LoadRecords(call, meta, file.path, storage::WriteMode::kReplace, {}));
  }
  return json{{"resource_id", meta.id}, {"filters", filters}, {"deleted", deleted}};
}

}  // namespace

void AddDatastoreWriteActions(std::vector<Action>& out) {
  out.push_back({"datastore_create", false,
                 "Add a DataStore table to a dataset, or records to it.\n\n"
                 "    :param resource_id: the dataset's table (its id), or\n"
                 "    :param resource: {\"package_id\": ...} naming the dataset\n"
                 "    :param fields: [{\"id\", \"type\", \"info\": {\"label\", \"notes\"}}]; types int, int4, int8,\n"
                 "        numeric, float8, bool, date, timestamp, text\n"
                 "    :param primary_key: the fields that identify a record\n"
                 "    :param indexes: fields to index\n"
                 "    :param records: the data, a list of dicts\n\n"
                 "    Every change is a new version of the dataset's table.\n",
                 DatastoreCreate});
  out.push_back({"datastore_upsert", false,
                 "Insert, update or upsert records of a DataStore table.\n\n"
                 "    :param resource_id: the dataset's table\n"
                 "    :param records: a list of dicts\n"
                 "    :param method: upsert (default), insert or update; upsert and update match\n"
                 "        records by the table's primary key; a record replaces the whole row\n",
                 DatastoreUpsert});
  out.push_back({"datastore_delete", false,
                 "Delete records of a DataStore table.\n\n"
                 "    :param resource_id: the dataset's table\n"
                 "    :param filters: {field: value or [values]}; without filters the table is emptied\n"
                 "        (earlier versions stay in its history)\n",
                 DatastoreDelete});
}

}  // namespace yungu::server::ckan_api

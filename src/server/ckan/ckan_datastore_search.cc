// datastore_search and datastore_info: CKAN's parameters become a native
// query, which runs through the same read path as the native API (access
// control, masking, quotas, the trace); the answer is written in CKAN's
// shape straight into the response text.
#include <algorithm>

#include "server/access_util.h"
#include "server/ckan/ckan_api.h"
#include "server/read_path.h"
#include "yungu/ckan/ckan.h"
#include "yungu/core/json_text.h"
#include "yungu/core/percent_encoding.h"
#include "yungu/query/sql_select.h"

namespace yungu::server::ckan_api {

// CKAN's default and maximum page sizes of datastore_search.
constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 32000;

namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

enum class RecordsFormat { kObjects, kLists, kCsv, kTsv };

struct SearchRequest {
  std::string resource_id;
  json query = json::object();  // the native query
  RecordsFormat format = RecordsFormat::kObjects;
  bool with_id = true;          // "_id" is answered
  bool include_total = true;
  int64_t limit = kDefaultLimit;
  int64_t offset = 0;
};

Result<SearchRequest> SearchRequestFrom(const json& d) {
  SearchRequest out;
  YG_ASSIGN_OR_RETURN(auto rid, ck::StringParam(d, "resource_id"));
  if (!rid || rid->empty()) {
    YG_ASSIGN_OR_RETURN(rid, ck::StringParam(d, "id"));
  }
  if (!rid || rid->empty()) return ck::FieldError("resource_id", "Missing value");
  out.resource_id = *rid;
  json& q = out.query;

  YG_ASSIGN_OR_RETURN(json filters, ck::JsonParam(d, "filters"));
  if (!filters.is_null()) {
    if (!filters.is_object()) return ck::FieldError("filters", "Must be a dict");
    q["filters"] = filters;
  }
  std::string text;
  // q is text, or (CKAN) an object of per-field queries, maybe as JSON text.
  json query_text;
  if (auto it = d.find("q"); it != d.end() && !it->is_null()) {
    query_text = *it;
    if (it->is_string()) {
      json parsed = json::parse(it->get<std::string>(), nullptr, false);
      if (parsed.is_object()) query_text = parsed;
    }
  }
  if (query_text.is_object()) {
    return ck::FieldError("q", "Full-text search within named fields is not supported; give q as text");
  }
  if (query_text.is_string()) text = query_text.get<std::string>();
  YG_ASSIGN_OR_RETURN(auto full_text, ck::StringParam(d, "full_text"));
  if (full_text && !full_text->empty()) text += (text.empty() ? "" : " ") + *full_text;
  if (!text.empty()) q["q"] = text;

  YG_ASSIGN_OR_RETURN(bool distinct, ck::BoolParam(d, "distinct", false));
  if (distinct) q["distinct"] = true;
  out.with_id = !distinct;
  if (d.contains("fields") && !d["fields"].is_null()) {
    YG_ASSIGN_OR_RETURN(std::vector<std::string> names, ck::NameListParam(d, "fields"));
    out.with_id = out.with_id && std::find(names.begin(), names.end(), "_id") != names.end();
    std::erase(names, "_id");
    if (!names.empty()) q["fields"] = names;
  }
  YG_ASSIGN_OR_RETURN(std::vector<std::string> sort, ck::SortParam(d, "sort"));
  if (!sort.empty()) q["sort"] = sort;
  YG_ASSIGN_OR_RETURN(out.limit, ck::IntParam(d, "limit", kDefaultLimit, 0, INT64_MAX / 2));
  out.limit = std::min(out.limit, kMaxLimit);
  YG_ASSIGN_OR_RETURN(out.offset, ck::IntParam(d, "offset", 0, 0, 100000));
  q["limit"] = out.limit;
  if (out.offset) q["offset"] = out.offset;
  YG_ASSIGN_OR_RETURN(out.include_total, ck::BoolParam(d, "include_total", true));
  if (out.include_total) q["total"] = true;
  YG_ASSIGN_OR_RETURN(auto format, ck::StringParam(d, "records_format"));
  std::string f = format.value_or("objects");
  if (f == "objects") {
    out.format = RecordsFormat::kObjects;
  } else if (f == "lists") {
    out.format = RecordsFormat::kLists;
  } else if (f == "csv") {
    out.format = RecordsFormat::kCsv;
  } else if (f == "tsv") {
    out.format = RecordsFormat::kTsv;
  } else {
    return ck::FieldError("records_format", "Value must be one of ['objects', 'lists', 'csv', 'tsv']");
  }
  // Yungu's access keys pass through.
  for (const char* key : {"grant", "purpose"}) {
    if (auto it = d.find(key); it != d.end()) q[key] = *it;
  }
  return out;
}

// CKAN's _links: this search from its start, and its next page.
std::string Links(const Call& call, const SearchRequest& sr) {
  std::string params;
  for (const auto& [key, value] : call.data.items()) {
    if (key == "offset") continue;
    params += "&" + PercentEncode(key) + "=" + PercentEncode(value.is_string() ? value.get<std::string>() : value.dump());
  }
  std::string base = "/api/3/action/datastore_search";
  std::string start = base + (params.empty() ? "" : "?" + params.substr(1));
  std::string next = base + "?offset=" + std::to_string(sr.offset + sr.limit) + params;
  std::string out = "{\"start\":";
  AppendJsonString(out, start);
  out += ",\"next\":";
  AppendJsonString(out, next);
  out += '}';
  return out;
}

void AppendDelimited(std::string& out, const std::string& text, char delimiter) {
  bool quote = text.find_first_of(std::string("\"\r\n") + delimiter) != std::string::npos;
  if (!quote) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

const model::FieldDef* FindField(const model::VersionInfo& v, const std::string& name) {
  for (const auto& f : v.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Appends "fields" and "records" of the answer, reading every row. Columns
// come in `order` (native names; empty: as answered) and are named as
// `renames` says (the SQL's aliases) or as stored. Returns the number of
// records.
Result<int64_t> AppendFieldsAndRecords(Call& call, const SearchRequest& sr, GuardedRead& read,
                                       const std::map<std::string, std::string>& renames,
                                       const std::vector<std::string>& order, std::string& body) {
  auto& qs = *call.ctx.services.query;
  const query::PreparedQuery& q = read.query;
  const bool with_id = sr.with_id && q.plan.with_row_id;
  const size_t skip = q.plan.with_row_id ? 1 : 0;
  // Positions in the row of the columns written, "_id" first when shown.
  std::vector<size_t> at;
  std::vector<std::string> names;
  if (with_id) {
    at.push_back(0);
    names.push_back("_id");
  }
  auto add = [&](size_t i) {
    at.push_back(skip + i);
    auto it = renames.find(q.columns[i]);
    names.push_back(it == renames.end() ? q.columns[i] : it->second);
  };
  if (order.empty()) {
    for (size_t i = 0; i < q.columns.size(); ++i) add(i);
  } else {
    for (const auto& column : order) {
      auto it = std::find(q.columns.begin(), q.columns.end(), column);
      if (it != q.columns.end()) add(static_cast<size_t>(it - q.columns.begin()));
    }
  }
  YG_ASSIGN_OR_RETURN(auto cursor, qs.Open(q));
  body += "\"fields\":[";
  std::vector<std::string> keys;
  for (size_t k = 0; k < at.size(); ++k) {
    if (k) body += ',';
    body += "{\"id\":";
    AppendJsonString(body, names[k]);
    std::string key;
    AppendJsonString(key, names[k]);
    keys.push_back(key + ":");
    if (with_id && k == 0) {
      body += ",\"type\":\"int\"}";
      continue;
    }
    const size_t i = at[k] - skip;
    body += ",\"type\":\"";
    body += ck::DatastoreTypeName(q.types[i]);
    body += '"';
    if (const auto* f = FindField(*q.version, q.columns[i]); f && (!f->title.empty() || !f->description.empty())) {
      body += ",\"info\":{\"label\":";
      AppendJsonString(body, f->title);
      body += ",\"notes\":";
      AppendJsonString(body, f->description);
      body += '}';
    }
    body += '}';
  }
  body += "],\"records\":";
  const bool text_rows = sr.format == RecordsFormat::kCsv || sr.format == RecordsFormat::kTsv;
  const char delimiter = sr.format == RecordsFormat::kTsv ? '\t' : ',';
  std::string text;
  if (!text_rows) body += '[';
  Row row;
  int64_t n = 0;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool more, cursor->Next(row));
    if (!more) break;
    if (text_rows) {
      for (size_t k = 0; k < at.size(); ++k) {
        if (k) text += delimiter;
        AppendDelimited(text, ValueToText(row[at[k]]), delimiter);
      }
      text += "\r\n";
    } else if (sr.format == RecordsFormat::kLists) {
      body += n ? ",[" : "[";
      for (size_t k = 0; k < at.size(); ++k) {
        if (k) body += ',';
        AppendJsonValue(body, row[at[k]]);
      }
      body += ']';
    } else {
      body += n ? ",{" : "{";
      for (size_t k = 0; k < at.size(); ++k) {
        if (k) body += ',';
        body += keys[k];
        AppendJsonValue(body, row[at[k]]);
      }
      body += '}';
    }
    ++n;
    CountRow(read, row);
  }
  cursor.reset();
  if (text_rows) {
    AppendJsonString(body, text);
  } else {
    body += ']';
  }
  return n;
}

Result<std::string> AnswerText(Call& call, const SearchRequest& sr, GuardedRead& read) {
  auto& qs = *call.ctx.services.query;
  const query::PreparedQuery& q = read.query;
  std::string body;
  body.reserve(32 * 1024);
  body += "{\"resource_id\":";
  AppendJsonString(body, sr.resource_id);
  body += ',';
  YG_RETURN_IF_ERROR(AppendFieldsAndRecords(call, sr, read, {}, {}, body).status());
  body += ",\"limit\":" + std::to_string(q.plan.limit);
  if (sr.offset) body += ",\"offset\":" + std::to_string(sr.offset);
  body += ",\"records_format\":\"";
  body += sr.format == RecordsFormat::kObjects ? "objects"
          : sr.format == RecordsFormat::kLists ? "lists"
          : sr.format == RecordsFormat::kCsv   ? "csv"
                                               : "tsv";
  body += "\",\"include_total\":";
  body += sr.include_total ? "true" : "false";
  if (sr.include_total) {
    YG_ASSIGN_OR_RETURN(int64_t total, qs.Total(q));
    body += ",\"total\":" + std::to_string(total) + ",\"total_was_estimated\":false";
  }
  body += ",\"_links\":" + Links(call, sr);
  body += '}';
  return body;
}

// A resource id that is a link has no DataStore table.
Status CheckTableId(const std::string& resource_id) {
  if (resource_id.find('.') != std::string::npos) {
    return NotFound("ckan.resource_not_found", "Resource \"" + resource_id + "\" was not found.");
  }
  return Status::Ok();
}

Result<json> DatastoreSearch(Call& call) {
  YG_ASSIGN_OR_RETURN(SearchRequest sr, SearchRequestFrom(call.data));
  YG_RETURN_IF_ERROR(CheckTableId(sr.resource_id));
  YG_ASSIGN_OR_RETURN(GuardedRead read, BeginRead(call.ctx, call.req, sr.resource_id, sr.query, "dataset.query",
                                                  ReadKind::kPage, kMaxLimit));
  read.event.detail = {{"via", "ckan"}};
  // The answer's text depends on every parameter given (its _links too).
  YG_ASSIGN_OR_RETURN(call.raw_result, AnswerWithCache(call.ctx, read, "ckan\x1f" + call.data.dump(), [&]() {
                        return AnswerText(call, sr, read);
                      }));
  YG_RETURN_IF_ERROR(FinishRead(call.ctx, read));
  return json();
}

Result<json> DatastoreInfo(Call& call) {
  YG_ASSIGN_OR_RETURN(auto rid, ck::StringParam(call.data, "resource_id"));
  if (!rid || rid->empty()) {
    YG_ASSIGN_OR_RETURN(rid, RequiredString(call.data, "id"));
  }
  YG_RETURN_IF_ERROR(CheckTableId(*rid));
  YG_ASSIGN_OR_RETURN(auto meta, VisiblePackage(call, *rid));
  if (!ck::HasDataTable(meta)) return NotFound("ckan.resource_not_found", "Resource \"" + *rid + "\" was not found.");
  std::vector<model::FieldDef> fields = meta.fields;
  if (meta.current_version > 0) {
    YG_ASSIGN_OR_RETURN(auto version, call.ctx.services.query->ResolveVersion(meta.id));
    fields = version->fields;
  }
  json out_fields = json::array(), schema = json::object();
  for (const auto& f : fields) {
    std::string type(ck::DatastoreTypeName(f.type));
    out_fields.push_back({{"id", f.name},
                          {"type", type},
                          {"info", {{"label", f.title}, {"notes", f.description}}},
                          {"schema", {{"native_type", type}, {"is_index", f.indexed || f.primary_key},
                                      {"notnull", f.required || f.primary_key}}}});
    schema[f.name] = type;
  }
  return json{{"meta",
               {{"id", meta.id},
                {"count", meta.row_count},
                {"table_type", "BASE TABLE"},
                {"aliases", json::array()},
                {"version", meta.current_version}}},
              {"fields", out_fields},
              {"schema", schema}};
}

// One checked SELECT (query::ParseSqlSelect), run as the native query it
// means: the SQL itself never reaches the database.
Result<json> DatastoreSearchSql(Call& call) {
  if (!call.ctx.options.ckan_sql) {
    return PermissionDenied("ckan.sql_disabled", "datastore_search_sql is not enabled on this hub");
  }
  YG_ASSIGN_OR_RETURN(std::string sql, RequiredString(call.data, "sql"));
  auto parsed = query::ParseSqlSelect(sql);
  if (!parsed.ok()) return ck::FieldError("sql", parsed.status().message());
  YG_RETURN_IF_ERROR(CheckTableId(parsed->table));
  json request = parsed->request;
  // CKAN answers at most its row maximum, and says when it cut the answer.
  const bool limited = request.contains("limit");
  if (!limited || request["limit"].get<int64_t>() > kMaxLimit) request["limit"] = kMaxLimit;
  for (const char* key : {"grant", "purpose"}) {
    if (auto it = call.data.find(key); it != call.data.end()) request[key] = *it;
  }
  YG_ASSIGN_OR_RETURN(GuardedRead read, BeginRead(call.ctx, call.req, parsed->table, request, "dataset.query",
                                                  ReadKind::kPage, kMaxLimit));
  read.event.detail = {{"via", "ckan"}, {"sql", sql.substr(0, 2000)}};
  SearchRequest shape;
  shape.with_id = false;
  std::string body = "{\"sql\":";
  AppendJsonString(body, sql);
  body += ',';
  YG_ASSIGN_OR_RETURN(int64_t n, AppendFieldsAndRecords(call, shape, read, parsed->renames, parsed->columns, body));
  body += ",\"records_truncated\":";
  body += n >= kMaxLimit && !limited ? "true" : "false";
  body += '}';
  call.raw_result = std::move(body);
  YG_RETURN_IF_ERROR(FinishRead(call.ctx, read));
  return json();
}

}  // namespace

void AddDatastoreActions(std::vector<Action>& out) {
  out.push_back({"datastore_search", true,
                 "Search a DataStore resource.\n\n"
                 "    :param resource_id: id of the resource to be searched against\n"
                 "    :param filters: matching conditions to select, e.g\n"
                 "        {\"key1\": \"a\", \"key2\": [\"b\", \"c\"], \"key3\": {\"gte\": 10}}\n"
                 "    :param q: full text query\n"
                 "    :param full_text: full text query over all fields\n"
                 "    :param distinct: return only distinct rows (default false)\n"
                 "    :param fields: fields to return (default: all fields in original order)\n"
                 "    :param sort: comma separated field names with ordering, e.g. \"fieldname1, fieldname2 desc\"\n"
                 "    :param limit: maximum number of rows to return (default 100, at most 32000)\n"
                 "    :param offset: offset this number of rows\n"
                 "    :param include_total: include the total number of matching rows (default true)\n"
                 "    :param records_format: objects, lists, csv or tsv\n"
                 "    :param grant: read through this grant (Yungu)\n"
                 "    :param purpose: why the data is read, for the trace (Yungu)\n",
                 DatastoreSearch});
  out.push_back({"datastore_info", true,
                 "Return the fields and row count of a DataStore resource.\n\n"
                 "    :param id: id of the resource\n",
                 DatastoreInfo});
  out.push_back({"datastore_search_sql", true,
                 "Execute a read-only SQL query against the DataStore (off unless the hub enables it).\n\n"
                 "    :param sql: one SELECT over one table (the resource id, quoted):\n"
                 "        SELECT [DISTINCT] cols or COUNT/SUM/AVG/MIN/MAX(col) [AS name] FROM \"id\"\n"
                 "        [WHERE col = | <> | < | <= | > | >= value, IN (...), IS [NOT] NULL,\n"
                 "        BETWEEN ... AND ..., joined by AND] [GROUP BY ...] [ORDER BY ...]\n"
                 "        [LIMIT n] [OFFSET n]; anything else is refused. It runs as a native\n"
                 "        query, with the caller's access, masks and trace.\n",
                 DatastoreSearchSql});
}

}  // namespace yungu::server::ckan_api

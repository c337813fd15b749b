#include "yungu/audit/export.h"

namespace yungu::audit {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

void Cell(std::string& out, std::string_view text, bool guard) {
  bool formula = guard && !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@');
  bool quote = formula || text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out += text;
  } else {
    out += '"';
    if (formula) out += '\'';
    for (char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += ',';
}

std::string Joined(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ';';
    out += values[i];
  }
  return out;
}

std::string JsonText(const nlohmann::json& j) {
  return j.is_null() ? std::string() : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "ndjson") return ExportFormat::kNdjson;
  if (name == "csv") return ExportFormat::kCsv;
  return std::nullopt;
}

std::string_view ExportContentType(ExportFormat format) {
  return format == ExportFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson";
}

std::string CsvHeader() {
  return "index,time,category,action,outcome,error_code,user_id,username,department,roles,via,credential_id,"
         "client_address,dataset_id,version,fields,filter,rows,grant_id,purpose,target,detail,leaf_hash\r\n";
}

std::string CsvRow(const AuditEntry& entry) {
  const AuditEvent& e = entry.event;
  std::string out = std::to_string(entry.index) + ",";
  Cell(out, e.time, false);
  for (const std::string* text : {&e.category, &e.action, &e.outcome, &e.error_code, &e.user_id, &e.username,
                                  &e.department}) {
    Cell(out, *text, true);
  }
  Cell(out, Joined(e.roles), true);
  for (const std::string* text : {&e.via, &e.credential_id, &e.client_address, &e.dataset_id}) Cell(out, *text, true);
  out += std::to_string(e.version) + ",";
  Cell(out, Joined(e.fields), true);
  Cell(out, JsonText(e.filter), true);
  out += std::to_string(e.rows) + "," + std::to_string(e.grant_id) + ",";
  Cell(out, e.purpose, true);
  Cell(out, e.target, true);
  Cell(out, JsonText(e.detail), true);
  out += ToHex(entry.leaf_hash);
  out += "\r\n";
  return out;
}

EntryExport::EntryExport(AuditTrail& trail, AuditQuery query, ExportFormat format, int64_t max_entries)
    : trail_(trail), query_(std::move(query)), format_(format), left_(max_entries) {
  query_.limit = kMaxAuditPage;  // the page size; `max_entries` bounds the whole export
}

Result<bool> EntryExport::Next(std::string& chunk) {
  if (!header_done_) {
    header_done_ = true;
    if (format_ == ExportFormat::kCsv) chunk += CsvHeader();
  }
  while (!finished_ && chunk.size() < kChunkBytes) {
    AuditQuery page_query = query_;
    if (left_ >= 0) page_query.limit = std::min(page_query.limit, left_);
    if (page_query.limit <= 0) {
      finished_ = true;
      break;
    }
    YG_ASSIGN_OR_RETURN(AuditPage page, trail_.Search(page_query));
    for (const auto& entry : page.entries) {
      if (format_ == ExportFormat::kCsv) {
        chunk += CsvRow(entry);
      } else {
        chunk += entry.canonical;
        chunk += '\n';
      }
    }
    if (left_ >= 0) left_ -= static_cast<int64_t>(page.entries.size());
    if (page.next_before < 0) finished_ = true;
    query_.before = page.next_before;
  }
  return !chunk.empty() || !finished_;
}

}  // namespace yungu::audit

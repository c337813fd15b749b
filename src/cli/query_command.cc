// `yungu query` and `yungu export`: the datastore from the command line.
#include <cstdio>
#include <iostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/output/row_writer.h"
#include "yungu/server/query_answer.h"

namespace yungu::cli {
namespace {

struct QueryFlags {
  std::string data = kDefaultDataDir;
  std::string dataset;
  std::string fields, filters, q, sort, cursor, group_by, aggregates;
  int64_t limit = -1, offset = -1, version = 0;
  bool total = false, distinct = false;
  // export only
  std::string format = "csv";
  std::string output;
  bool bom = false;
};

void AddQueryOptions(CLI::App* cmd, QueryFlags& f) {
  cmd->add_option("dataset", f.dataset, "dataset id")->required();
  cmd->add_option("--data", f.data, "data directory")->capture_default_str();
  cmd->add_option("--fields", f.fields, "comma-separated fields");
  cmd->add_option("--filters", f.filters, "JSON filters, e.g. '{\"district\":\"樊城区\",\"capital\":{\"gte\":100}}'");
  cmd->add_option("-q,--search", f.q, "full-text search within the dataset");
  cmd->add_option("--sort", f.sort, "comma-separated fields, '-' prefix for descending");
  cmd->add_option("--group-by", f.group_by, "comma-separated fields to group by");
  cmd->add_option("--agg", f.aggregates, "aggregates, e.g. count,sum:capital");
  cmd->add_option("--version", f.version, "a specific version (default: current)");
  cmd->add_flag("--distinct", f.distinct, "distinct combinations of the selected fields");
}

nlohmann::json RequestOf(const QueryFlags& f) {
  nlohmann::json r = nlohmann::json::object();
  if (!f.fields.empty()) r["fields"] = f.fields;
  if (!f.filters.empty()) r["filters"] = f.filters;
  if (!f.q.empty()) r["q"] = f.q;
  if (!f.sort.empty()) r["sort"] = f.sort;
  if (!f.cursor.empty()) r["cursor"] = f.cursor;
  if (!f.group_by.empty()) r["group_by"] = f.group_by;
  if (!f.aggregates.empty()) r["aggregates"] = f.aggregates;
  if (f.limit >= 0) r["limit"] = f.limit;
  if (f.offset >= 0) r["offset"] = f.offset;
  if (f.version > 0) r["version"] = f.version;
  if (f.total) r["total"] = true;
  if (f.distinct) r["distinct"] = true;
  return r;
}

int RunQuery(const QueryFlags& f) {
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  query::QueryService queries(**store);
  auto answer = server::QueryAnswerJson(queries, f.dataset, RequestOf(f));
  if (!answer.ok()) return ReportError(answer.status());
  std::cout << nlohmann::json::parse(*answer).dump(2) << std::endl;
  return kExitOk;
}

int RunExport(const QueryFlags& f) {
  auto format = output::ParseExportFormat(f.format);
  if (!format) return ReportError(InvalidArgument("cli.bad_format", "format is csv, tsv, json, ndjson or xlsx"));
  if (*format == output::ExportFormat::kXlsx && f.output.empty()) {
    return ReportError(InvalidArgument("cli.needs_output", "xlsx exports need --output FILE"));
  }
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  query::QueryService queries(**store);
  auto prepared = queries.PrepareExport(f.dataset, RequestOf(f));
  if (!prepared.ok()) return ReportError(prepared.status());
  auto cursor = queries.Open(*prepared);
  if (!cursor.ok()) return ReportError(cursor.status());

  FILE* out = stdout;
  if (!f.output.empty()) {
    out = std::fopen(f.output.c_str(), "wb");
    if (!out) return ReportError(IoError("cli.cannot_write", "cannot write " + f.output));
  }
  output::WriterOptions wo;
  wo.bom = f.bom;
  wo.temp_dir = std::filesystem::temp_directory_path();
  auto writer = output::MakeWriter(*format, wo, [out](std::string_view bytes) {
    return std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  });
  if (!writer.ok()) return ReportError(writer.status());
  std::vector<output::Column> columns;
  for (size_t i = 0; i < prepared->columns.size(); ++i) {
    std::string title = prepared->columns[i];
    for (const auto& field : prepared->version->fields) {
      if (field.name == prepared->columns[i] && !field.title.empty()) title = field.title;
    }
    columns.push_back({prepared->columns[i], title, prepared->types[i]});
  }
  Status st = (*writer)->Begin(columns);
  size_t skip = prepared->plan.with_row_id ? 1 : 0;
  Row row, visible;
  int64_t rows = 0;
  while (st.ok()) {
    auto more = (*cursor)->Next(row);
    if (!more.ok()) {
      st = more.status();
      break;
    }
    if (!*more) break;
    visible.assign(row.begin() + skip, row.begin() + skip + columns.size());
    st = (*writer)->Write(visible);
    ++rows;
  }
  if (st.ok()) st = (*writer)->Finish();
  if (out != stdout) std::fclose(out);
  if (!st.ok()) return ReportError(st);
  if (!f.output.empty()) std::fprintf(stderr, "exported %lld rows to %s\n", static_cast<long long>(rows), f.output.c_str());
  return kExitOk;
}

}  // namespace

void AddQueryCommand(CLI::App& app, Runner& run) {
  auto f = std::make_shared<QueryFlags>();
  CLI::App* cmd = app.add_subcommand("query", "Query a dataset and print the JSON answer");
  AddQueryOptions(cmd, *f);
  cmd->add_option("--limit", f->limit, "rows per page (default 100)");
  cmd->add_option("--offset", f->offset, "rows to skip");
  cmd->add_option("--cursor", f->cursor, "next_cursor of a previous page");
  cmd->add_flag("--total", f->total, "include the total count");
  cmd->callback([f, &run] { run = [f] { return RunQuery(*f); }; });
}

void AddExportCommand(CLI::App& app, Runner& run) {
  auto f = std::make_shared<QueryFlags>();
  CLI::App* cmd = app.add_subcommand("export", "Export a dataset (or a filtered part) as CSV, TSV, JSON, NDJSON or XLSX");
  AddQueryOptions(cmd, *f);
  cmd->add_option("--format", f->format, "csv, tsv, json, ndjson, xlsx")->capture_default_str();
  cmd->add_option("-o,--output", f->output, "output file (default: standard output)");
  cmd->add_flag("--bom", f->bom, "prefix CSV/TSV with a UTF-8 BOM so Excel reads Chinese correctly");
  cmd->add_option("--limit", f->limit, "at most this many rows");
  cmd->callback([f, &run] { run = [f] { return RunExport(*f); }; });
}

}  // namespace yungu::cli

// `yungu import DATASET FILE`: ingest a file as a new version.
#include <unistd.h>

#include <iostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "yungu/ingest/pipeline.h"

namespace yungu::cli {
namespace {

struct ImportFlags {
  std::string data = kDefaultDataDir;
  std::string dataset;
  std::string file;
  std::string mode = "replace";
  std::string format = "auto";
  std::string delimiter;
  std::string encoding = "auto";
  std::string sheet;
  std::string keys;
  int64_t max_bad_rows = 0;
  bool infer_schema = false;
  bool no_header = false;
  bool quiet = false;
  bool no_index = false;
};

int RunImport(const ImportFlags& f) {
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  ingest::IngestOptions o;
  o.mode = f.mode == "append" ? storage::WriteMode::kAppend
           : f.mode == "upsert" ? storage::WriteMode::kUpsert
                                : storage::WriteMode::kReplace;
  if (!ingest::ApplyFormatName(f.format, o.reader)) {
    return ReportError(InvalidArgument("cli.bad_format", "unknown format '" + f.format + "'"));
  }
  if (!f.delimiter.empty()) {
    std::string d = f.delimiter == "tab" ? "\t" : f.delimiter;
    if (d.size() != 1) return ReportError(InvalidArgument("cli.bad_delimiter", "--delimiter is one character or 'tab'"));
    o.reader.delimiter = d[0];
  }
  o.reader.encoding = f.encoding;
  o.reader.sheet = f.sheet;
  o.reader.header = !f.no_header;
  o.reader.name_hint = f.file;
  o.max_bad_rows = f.max_bad_rows;
  o.infer_schema = f.infer_schema;
  o.build_search_index = !f.no_index;
  size_t pos = 0;
  while (pos < f.keys.size()) {
    size_t end = f.keys.find(',', pos);
    if (end == std::string::npos) end = f.keys.size();
    if (end > pos) o.key_fields.push_back(f.keys.substr(pos, end - pos));
    pos = end + 1;
  }
  ProgressBar bar(!f.quiet && isatty(STDERR_FILENO));
  o.progress = [&bar](uint64_t bytes, uint64_t total, int64_t rows) { bar.Update(bytes, total, rows); };
  auto report = ingest::IngestFile(**store, f.dataset, f.file, o);
  bar.Finish();
  for (const auto& b : report.bad_rows) {
    std::fprintf(stderr, "line %lld: %s [%s]\n", static_cast<long long>(b.line), b.message.c_str(), b.code.c_str());
  }
  if (!report.status.ok()) return ReportError(report.status);
  double rate = report.seconds > 0 ? report.rows_written / report.seconds : 0;
  std::printf("imported %lld rows into %s version %lld in %.2f s (%.0f rows/s; %lld rejected; %s, %s)\n",
              static_cast<long long>(report.rows_written), f.dataset.c_str(),
              static_cast<long long>(report.version.version), report.seconds, rate,
              static_cast<long long>(report.rows_rejected), std::string(ingest::FormatName(report.source.format)).c_str(),
              report.source.encoding.c_str());
  if (!f.no_index) std::printf("full-text index built in %.2f s\n", report.index_seconds);
  return kExitOk;
}

}  // namespace

void AddImportCommand(CLI::App& app, Runner& run) {
  auto f = std::make_shared<ImportFlags>();
  CLI::App* cmd = app.add_subcommand("import", "Ingest a CSV/TSV/JSON/NDJSON/XLSX file as a new version of a dataset");
  cmd->add_option("dataset", f->dataset, "dataset id")->required();
  cmd->add_option("file", f->file, "file to ingest")->required()->check(CLI::ExistingFile);
  cmd->add_option("--data", f->data, "data directory")->capture_default_str();
  cmd->add_option("--mode", f->mode, "replace, append or upsert")->check(CLI::IsMember({"replace", "append", "upsert"}))
      ->capture_default_str();
  cmd->add_option("--format", f->format, "auto, csv, tsv, json, ndjson, xlsx")->capture_default_str();
  cmd->add_option("--delimiter", f->delimiter, "CSV delimiter (detected when absent; 'tab' for tab)");
  cmd->add_option("--encoding", f->encoding, "auto, utf-8, gbk, gb18030, ...")->capture_default_str();
  cmd->add_option("--sheet", f->sheet, "XLSX sheet name (default: the first)");
  cmd->add_option("--key", f->keys, "upsert key fields, comma-separated (default: the primary key)");
  cmd->add_option("--max-bad-rows", f->max_bad_rows, "skip up to N bad rows instead of rejecting the file")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--infer-schema", f->infer_schema, "re-infer field types from the file (replace mode)");
  cmd->add_flag("--no-header", f->no_header, "the file has no header row (columns become column_1...)");
  cmd->add_flag("--no-index", f->no_index, "skip building the full-text index");
  cmd->add_flag("-q,--quiet", f->quiet, "no progress bar");
  cmd->callback([f, &run] { run = [f] { return RunImport(*f); }; });
}

}  // namespace yungu::cli

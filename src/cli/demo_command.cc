// `yungu demo`: generate the synthetic city data set and load it.
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/demo/demo.h"
#include "yungu/ingest/pipeline.h"
#include "yungu/model/catalog_json.h"

namespace yungu::cli {

Status LoadDemo(storage::Store& store, const std::string& data_dir, double scale, bool quiet) {
  std::filesystem::path source = std::filesystem::path(data_dir) / "demo-source";
  std::filesystem::path catalog_path = source / "catalog.json";
  if (!std::filesystem::exists(catalog_path)) {
    if (!quiet) std::fprintf(stderr, "generating demo data in %s ...\n", source.c_str());
    demo::DemoOptions options;
    options.scale = scale;
    YG_ASSIGN_OR_RETURN(catalog_path, demo::GenerateDemo(source, options));
  }
  std::ifstream in(catalog_path);
  nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded()) return Corruption("demo.bad_manifest", catalog_path.string() + " is not JSON");

  catalog::CatalogService catalog(store);
  for (const auto& d : manifest["departments"]) {
    YG_ASSIGN_OR_RETURN(auto dept, model::DepartmentFromJson(d));
    YG_RETURN_IF_ERROR(catalog.PutDepartment(dept));
  }
  for (auto entry : manifest["datasets"]) {
    std::string file = entry.value("file", "");
    std::string encoding = entry.value("encoding", "auto");
    entry.erase("file");
    entry.erase("encoding");
    YG_ASSIGN_OR_RETURN(auto meta, model::DatasetFromJson(entry));
    auto existing = store.GetDataset(meta.id);
    if (existing.ok() && existing->current_version > 0) continue;
    if (!existing.ok()) YG_RETURN_IF_ERROR(catalog.CreateDataset(meta).status());
    if (file.empty()) continue;
    ingest::IngestOptions options;
    options.reader.encoding = encoding;
    options.reader.name_hint = file;
    options.source_name = file;
    auto report = ingest::IngestFile(store, meta.id, source / file, options);
    if (!report.status.ok()) return report.status.WithContext("loading demo dataset " + meta.id);
    if (!quiet) {
      std::fprintf(stderr, "loaded %-28s %8lld rows  (%s, %s)\n", meta.id.c_str(),
                   static_cast<long long>(report.rows_written),
                   std::string(ingest::FormatName(report.source.format)).c_str(), report.source.encoding.c_str());
    }
  }
  return WriteDemoAccounts(store, data_dir, quiet);
}

void AddDemoCommand(CLI::App& app, Runner& run) {
  struct Flags {
    std::string data = kDefaultDataDir;
    double scale = 1.0;
    bool quiet = false;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand("demo", "Generate and load the synthetic data of the city of Xiangyang (4206xx)");
  cmd->add_option("--data", f->data, "data directory")->capture_default_str();
  cmd->add_option("--scale", f->scale, "row-count scale (1.0: >= 10,000 enterprises and residents)")
      ->check(CLI::Range(0.001, 100.0))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", f->quiet, "print nothing but errors");
  cmd->callback([f, &run] {
    run = [f] {
      auto store = OpenStore(f->data);
      if (!store.ok()) return ReportError(store.status());
      Status st = LoadDemo(**store, f->data, f->scale, f->quiet);
      if (!st.ok()) return ReportError(st);
      if (!f->quiet) std::printf("demo data loaded into %s\n", f->data.c_str());
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace yungu::cli

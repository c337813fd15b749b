// `yungu catalog list|show|create|update`: the resource catalog from the shell.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/model/catalog_json.h"

namespace yungu::cli {
namespace {

struct CatalogFlags {
  std::string data = kDefaultDataDir;
  std::string id;
  std::string file = "-";
  std::string q, department, theme, sharing, opening, sort = "relevance";
  int64_t limit = 20;
  bool json = false;
};

Result<nlohmann::json> ReadJson(const std::string& file) {
  std::stringstream buffer;
  if (file == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(file);
    if (!in) return NotFound("cli.file_not_found", "cannot read " + file);
    buffer << in.rdbuf();
  }
  auto j = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (j.is_discarded()) return InvalidArgument("cli.bad_json", file + " is not valid JSON");
  return j;
}

int RunList(const CatalogFlags& f) {
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  catalog::CatalogService catalog(**store);
  std::map<std::string, std::string> params{{"sort", f.sort}, {"limit", std::to_string(f.limit)}};
  if (!f.q.empty()) params["q"] = f.q;
  if (!f.department.empty()) params["department"] = f.department;
  if (!f.theme.empty()) params["theme"] = f.theme;
  if (!f.sharing.empty()) params["sharing_type"] = f.sharing;
  if (!f.opening.empty()) params["opening_type"] = f.opening;
  auto page = catalog.Search(params);
  if (!page.ok()) return ReportError(page.status());
  if (f.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : page->datasets) out.push_back(model::ToJson(d));
    std::cout << nlohmann::json{{"total", page->total}, {"datasets", out}}.dump(2) << std::endl;
    return kExitOk;
  }
  std::printf("%lld datasets\n", static_cast<long long>(page->total));
  for (const auto& d : page->datasets) {
    std::printf("%-28s %-8s %10lld rows  v%-3lld %s / %s  %s\n", d.id.c_str(), d.department.c_str(),
                static_cast<long long>(d.row_count), static_cast<long long>(d.current_version),
                std::string(model::SharingTypeLabel(d.sharing_type)).c_str(),
                std::string(model::OpeningTypeLabel(d.opening_type)).c_str(), d.name.c_str());
  }
  return kExitOk;
}

int RunShow(const CatalogFlags& f) {
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  auto meta = (*store)->GetDataset(f.id);
  if (!meta.ok()) return ReportError(meta.status());
  std::cout << model::ToJson(*meta).dump(2) << std::endl;
  return kExitOk;
}

int RunCreate(const CatalogFlags& f) {
  auto body = ReadJson(f.file);
  if (!body.ok()) return ReportError(body.status());
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  catalog::CatalogService catalog(**store);
  auto meta = model::DatasetFromJson(*body);
  if (!meta.ok()) return ReportError(meta.status());
  auto created = catalog.CreateDataset(*meta);
  if (!created.ok()) return ReportError(created.status());
  std::printf("created dataset %s\n", created->id.c_str());
  return kExitOk;
}

int RunUpdate(const CatalogFlags& f) {
  auto body = ReadJson(f.file);
  if (!body.ok()) return ReportError(body.status());
  auto store = OpenStore(f.data);
  if (!store.ok()) return ReportError(store.status());
  catalog::CatalogService catalog(**store);
  auto updated = catalog.PatchDataset(f.id, *body, "updated from the command line");
  if (!updated.ok()) return ReportError(updated.status());
  std::printf("updated dataset %s (revision %lld)\n", updated->id.c_str(),
              static_cast<long long>(updated->metadata_revision));
  return kExitOk;
}

}  // namespace

void AddCatalogCommand(CLI::App& app, Runner& run) {
  auto f = std::make_shared<CatalogFlags>();
  CLI::App* cmd = app.add_subcommand("catalog", "List, show, create and update catalog entries");
  cmd->require_subcommand(1);
  cmd->add_option("--data", f->data, "data directory")->capture_default_str();

  CLI::App* list = cmd->add_subcommand("list", "Search the catalog");
  list->add_option("-q,--query", f->q, "full-text query (Chinese or English)");
  list->add_option("--department", f->department, "department codes, comma-separated");
  list->add_option("--theme", f->theme, "theme keys, comma-separated");
  list->add_option("--sharing-type", f->sharing, "unconditional, conditional, none");
  list->add_option("--opening-type", f->opening, "unconditional, conditional, none");
  list->add_option("--sort", f->sort, "relevance, name, updated, published, rows")->capture_default_str();
  list->add_option("--limit", f->limit, "at most 100")->capture_default_str();
  list->add_flag("--json", f->json, "print JSON");
  list->fallthrough();
  list->callback([f, &run] { run = [f] { return RunList(*f); }; });

  CLI::App* show = cmd->add_subcommand("show", "Print one dataset's metadata as JSON");
  show->add_option("id", f->id, "dataset id")->required();
  show->fallthrough();
  show->callback([f, &run] { run = [f] { return RunShow(*f); }; });

  CLI::App* create = cmd->add_subcommand("create", "Register a dataset from a JSON file (or '-' for stdin)");
  create->add_option("file", f->file, "metadata JSON")->capture_default_str();
  create->fallthrough();
  create->callback([f, &run] { run = [f] { return RunCreate(*f); }; });

  CLI::App* update = cmd->add_subcommand("update", "Change a dataset's metadata from a JSON file of the keys to change");
  update->add_option("id", f->id, "dataset id")->required();
  update->add_option("file", f->file, "JSON with the keys to change (or '-')")->capture_default_str();
  update->fallthrough();
  update->callback([f, &run] { run = [f] { return RunUpdate(*f); }; });
}

}  // namespace yungu::cli

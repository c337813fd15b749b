// `yungu serve`: the HTTP API on the embedded store.
#include <spdlog/spdlog.h>

#include <iostream>
#include <toml++/toml.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/server/server.h"

namespace yungu::cli {
namespace {

struct ServeFlags {
  std::string data = kDefaultDataDir;
  std::string listen = "127.0.0.1:8080";
  std::string config;
  int threads = 0;
  int64_t max_upload_mb = 4096;
  int64_t response_cache_mb = 64;
  bool demo = false;
};

Status ParseListen(const std::string& listen, server::ServerOptions& o) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return InvalidArgument("cli.bad_listen", "--listen is HOST:PORT");
  o.host = listen.substr(0, colon);
  if (o.host.size() >= 2 && o.host.front() == '[' && o.host.back() == ']') o.host = o.host.substr(1, o.host.size() - 2);
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    o.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    return InvalidArgument("cli.bad_listen", "the port in --listen must be 0-65535");
  }
  return Status::Ok();
}

// Values from the config file apply unless the command line set them.
Status ApplyConfig(const std::string& path, ServeFlags& f, const CLI::App& cmd) {
  toml::table config;
  try {
    config = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("cli.bad_config", path + ": " + std::string(e.description()));
  }
  if (cmd.count("--data") == 0) {
    if (auto v = config["storage"]["data"].value<std::string>()) f.data = *v;
  }
  if (cmd.count("--listen") == 0) {
    if (auto v = config["server"]["listen"].value<std::string>()) f.listen = *v;
  }
  if (cmd.count("--threads") == 0) {
    if (auto v = config["server"]["threads"].value<int64_t>()) f.threads = static_cast<int>(*v);
  }
  if (cmd.count("--max-upload-mb") == 0) {
    if (auto v = config["server"]["max_upload_mb"].value<int64_t>()) f.max_upload_mb = *v;
  }
  if (cmd.count("--response-cache-mb") == 0) {
    if (auto v = config["server"]["response_cache_mb"].value<int64_t>()) f.response_cache_mb = *v;
  }
  return Status::Ok();
}

int RunServe(const ServeFlags& flags_in, const CLI::App& cmd) {
  ServeFlags flags = flags_in;
  if (!flags.config.empty()) {
    if (Status st = ApplyConfig(flags.config, flags, cmd); !st.ok()) return ReportError(st);
  }
  server::ServerOptions options;
  if (Status st = ParseListen(flags.listen, options); !st.ok()) return ReportError(st);
  options.threads = flags.threads;
  options.max_upload_bytes = static_cast<uint64_t>(flags.max_upload_mb) << 20;
  options.response_cache_bytes = static_cast<size_t>(flags.response_cache_mb) << 20;
  options.spool_dir = std::filesystem::path(flags.data) / "spool";
  options.handle_signals = true;

  auto store = OpenStore(flags.data);
  if (!store.ok()) return ReportError(store.status());
  if (flags.demo) {
    if (Status st = LoadDemo(**store, flags.data, 1.0, false); !st.ok()) return ReportError(st);
  }
  catalog::CatalogService catalog(**store);
  query::QueryService queries(**store);
  server::Services services{store->get(), &catalog, &queries};
  auto server = server::StartServer(services, options);
  if (!server.ok()) return ReportError(server.status());
  std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "Yungu is serving http://" << host << ":" << (*server)->port() << "/  (data: " << flags.data
            << ")" << std::endl;
  spdlog::info("listening on {}:{}", options.host, (*server)->port());
  (*server)->Wait();
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, Runner& run) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Start the HTTP API and print its URL");
  cmd->add_option("--data", flags->data, "data directory (created if missing)")->capture_default_str();
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
  cmd->add_option("--threads", flags->threads, "worker threads (default: one per core, at least 2)");
  cmd->add_option("--max-upload-mb", flags->max_upload_mb, "largest accepted upload in MiB")->capture_default_str();
  cmd->add_option("--response-cache-mb", flags->response_cache_mb,
                  "memory for cached query answers in MiB (0 disables)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--config", flags->config, "TOML configuration file ([server] listen/threads/max_upload_mb, "
                                             "[storage] data)")->check(CLI::ExistingFile);
  cmd->add_flag("--demo", flags->demo, "load the demo data set first (skipped if already loaded)");
  cmd->callback([flags, cmd, &run] { run = [flags, cmd] { return RunServe(*flags, *cmd); }; });
}

}  // namespace yungu::cli

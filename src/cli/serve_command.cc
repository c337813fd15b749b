// `yungu serve`: the HTTP API on the embedded store.
#include <spdlog/spdlog.h>

#include <iostream>
#include <toml++/toml.h>
#include <tuple>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/harvest_scheduler.h"
#include "yungu/access/identity_service.h"
#include "yungu/access/policy.h"
#include "yungu/access/workflow_service.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/governance/governance_service.h"
#include "yungu/privacy/key_ring.h"
#include "yungu/server/server.h"
#include "yungu/storage/postgres_store.h"

namespace yungu::cli {
namespace {

struct ServeFlags {
  std::string data = kDefaultDataDir;
  std::string listen = "127.0.0.1:8080";
  std::string config;
  int threads = 0;
  int64_t max_upload_mb = 4096;
  int64_t response_cache_mb = 64;
  int64_t query_timeout_ms = 10000;   // --query-timeout-ms / [limits] query_timeout_ms
  std::string web;                    // --web: the built portal; "" finds it, "none" serves none
  std::vector<std::string> trusted_proxies;  // --trusted-proxy / [server] trusted_proxies
  std::string public_url;             // --public-url / [server] public_url
  bool ckan_sql = false;              // --ckan-sql / [ckan] datastore_search_sql
  int64_t usage_flush_seconds = 5;    // [server] usage_flush_seconds
  bool demo = false;
  bool no_access_control = false;  // --no-access-control (benchmarks)
  int64_t audit_sign_interval_seconds = 10;        // [audit] sign_interval_seconds
  int64_t audit_alert_subjects_per_day = 1000;     // [audit] alert_distinct_subjects_per_day
  int64_t reply_working_days = 10;     // [workflow]
  int64_t default_k = 5;               // [privacy] k_anonymity: release check default
  bool governance_inline = false;      // --governance-inline
  access::CalendarOverrides calendar;  // [calendar] holidays / workdays
  access::IdentityOptions identity;    // [auth] and [limits]
  std::vector<harvest::ScheduledHarvest> harvests;  // [[harvest]]
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

// [workflow] reply_working_days = 10, and [calendar] holidays / workdays: lists
// of "YYYY-MM-DD" added to (or overriding) the built-in statutory calendar.
Status ApplyWorkflowConfig(const toml::table& config, const std::string& path, ServeFlags& f) {
  if (auto node = config["workflow"]["reply_working_days"]; node) {
    auto v = node.value<int64_t>();
    if (!v || *v < 1 || *v > 365) {
      return InvalidArgument("cli.bad_config", path + ": [workflow] reply_working_days must be 1-365");
    }
    f.reply_working_days = *v;
  }
  for (auto [key, out] : {std::pair{"holidays", &f.calendar.holidays}, std::pair{"workdays", &f.calendar.workdays}}) {
    auto node = config["calendar"][key];
    if (!node) continue;
    const toml::array* dates = node.as_array();
    if (!dates) return InvalidArgument("cli.bad_config", path + ": [calendar] " + key + " must be a list of dates");
    for (const auto& d : *dates) {
      auto text = d.value<std::string>();
      if (!text) {
        return InvalidArgument("cli.bad_config", path + ": [calendar] " + key + " holds \"YYYY-MM-DD\" strings");
      }
      out->push_back(*text);
    }
  }
  return Status::Ok();
}

// [auth]: password_hash (interactive | moderate | fast — fast for tests only),
// session_idle_minutes, session_hours, secure_cookies, max_failed_logins,
// lockout_seconds, max_lockout_seconds, token_days.
// [limits]: anonymous_per_second/_burst (per client address),
// app_key_per_second/_burst (default for new keys), user_per_second/_burst
// (0: signed-in users unlimited), login_failures_per_minute/_burst.
Status ApplyIdentityConfig(const toml::table& config, const std::string& path, access::IdentityOptions& o) {
  auto bad = [&](const std::string& what) { return InvalidArgument("cli.bad_config", path + ": " + what); };
  auto number = [&](const char* table, const char* key, double min, double max, double& out) -> Status {
    auto node = config[table][key];
    if (!node) return Status::Ok();
    auto v = node.value<double>();
    if (!v || *v < min || *v > max) {
      return bad(std::string("[") + table + "] " + key + " must be a number from " + std::to_string(min) + " to " +
                 std::to_string(max));
    }
    out = *v;
    return Status::Ok();
  };
  if (auto node = config["auth"]["password_hash"]; node) {
    auto cost = access::ParsePasswordCost(node.value<std::string>().value_or(""));
    if (!cost) return bad("[auth] password_hash is interactive, moderate or fast");
    o.password_cost = *cost;
  }
  if (auto node = config["auth"]["secure_cookies"]; node) {
    auto v = node.value<bool>();
    if (!v) return bad("[auth] secure_cookies must be true or false");
    o.secure_cookies = *v;
  }
  double idle = o.session_idle.count() / 60.0, hours = o.session_lifetime.count() / 3600.0;
  double failures = o.max_failures, lockout = static_cast<double>(o.first_lockout.count());
  double max_lockout = static_cast<double>(o.max_lockout.count()), days = o.default_token_days;
  double per_minute = o.address_failures.per_second * 60;
  YG_RETURN_IF_ERROR(number("auth", "session_idle_minutes", 1, 1440, idle));
  YG_RETURN_IF_ERROR(number("auth", "session_hours", 1, 720, hours));
  YG_RETURN_IF_ERROR(number("auth", "max_failed_logins", 1, 100, failures));
  YG_RETURN_IF_ERROR(number("auth", "lockout_seconds", 1, 86400, lockout));
  YG_RETURN_IF_ERROR(number("auth", "max_lockout_seconds", 1, 604800, max_lockout));
  YG_RETURN_IF_ERROR(number("auth", "token_days", 1, o.max_token_days, days));
  YG_RETURN_IF_ERROR(number("limits", "anonymous_per_second", 0, 1e6, o.anonymous.per_second));
  YG_RETURN_IF_ERROR(number("limits", "anonymous_burst", 1, 1e7, o.anonymous.burst));
  YG_RETURN_IF_ERROR(number("limits", "app_key_per_second", 0.001, 1e6, o.app_key.per_second));
  YG_RETURN_IF_ERROR(number("limits", "app_key_burst", 1, 1e7, o.app_key.burst));
  YG_RETURN_IF_ERROR(number("limits", "user_per_second", 0, 1e6, o.user.per_second));
  YG_RETURN_IF_ERROR(number("limits", "user_burst", 1, 1e7, o.user.burst));
  if (o.user.burst < 1) o.user.burst = o.user.per_second * 5 < 1 ? 1 : o.user.per_second * 5;
  YG_RETURN_IF_ERROR(number("limits", "login_failures_per_minute", 0.01, 1e4, per_minute));
  YG_RETURN_IF_ERROR(number("limits", "login_failures_burst", 1, 1e5, o.address_failures.burst));
  o.session_idle = std::chrono::seconds(static_cast<int64_t>(idle * 60));
  o.session_lifetime = std::chrono::seconds(static_cast<int64_t>(hours * 3600));
  o.max_failures = static_cast<int>(failures);
  o.first_lockout = std::chrono::seconds(static_cast<int64_t>(lockout));
  o.max_lockout = std::chrono::seconds(static_cast<int64_t>(max_lockout));
  o.default_token_days = static_cast<int>(days);
  o.address_failures.per_second = per_minute / 60;
  return Status::Ok();
}

// [audit] sign_interval_seconds (how often a signed tree head is stored while
// the trace grows) and alert_distinct_subjects_per_day (the abuse signal).
Status ApplyAuditConfig(const toml::table& config, const std::string& path, ServeFlags& f) {
  for (auto [key, out, max] : {std::tuple{"sign_interval_seconds", &f.audit_sign_interval_seconds, int64_t{86400}},
                               std::tuple{"alert_distinct_subjects_per_day", &f.audit_alert_subjects_per_day,
                                          int64_t{100000000}}}) {
    auto node = config["audit"][key];
    if (!node) continue;
    auto v = node.value<int64_t>();
    if (!v || *v < 1 || *v > max) {
      return InvalidArgument("cli.bad_config",
                             path + ": [audit] " + key + " must be an integer from 1 to " + std::to_string(max));
    }
    *out = *v;
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
  // [storage] url: the PostgreSQL database, unless --store or YUNGU_STORE set one.
  if (auto v = config["storage"]["url"].value<std::string>(); v && !v->empty() && StoreUrl().empty()) {
    if (!storage::IsPostgresUrl(*v)) {
      return InvalidArgument("cli.bad_config", path + ": [storage] url must be a postgresql:// URL");
    }
    StoreUrl() = *v;
  }
  if (auto v = config["storage"]["replica_url"].value<std::string>(); v && !v->empty() && StoreConfig().replica_url.empty()) {
    StoreConfig().replica_url = *v;
  }
  if (auto v = config["storage"]["max_replica_lag_ms"].value<int64_t>()) StoreConfig().max_replica_lag_ms = *v;
  if (auto v = config["storage"]["connections"].value<int64_t>()) StoreConfig().max_connections = static_cast<size_t>(*v);
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
  if (cmd.count("--query-timeout-ms") == 0) {
    if (auto v = config["limits"]["query_timeout_ms"].value<int64_t>()) {
      if (*v < 1 || *v > 3600000) {
        return InvalidArgument("cli.bad_config", path + ": [limits] query_timeout_ms is 1-3600000");
      }
      f.query_timeout_ms = *v;
    }
  }
  if (cmd.count("--web") == 0) {
    if (auto v = config["server"]["web"].value<std::string>()) f.web = *v;
  }
  if (cmd.count("--public-url") == 0) {
    if (auto v = config["server"]["public_url"].value<std::string>()) f.public_url = *v;
  }
  if (cmd.count("--ckan-sql") == 0) {
    if (auto v = config["ckan"]["datastore_search_sql"].value<bool>()) f.ckan_sql = *v;
  }
  if (auto node = config["server"]["trusted_proxies"]; node && cmd.count("--trusted-proxy") == 0) {
    const toml::array* list = node.as_array();
    if (!list) return InvalidArgument("cli.bad_config", path + ": [server] trusted_proxies is a list of addresses");
    for (const auto& item : *list) {
      auto text = item.value<std::string>();
      if (!text) return InvalidArgument("cli.bad_config", path + ": [server] trusted_proxies holds strings");
      f.trusted_proxies.push_back(*text);
    }
  }
  if (cmd.count("--usage-flush-seconds") == 0) {
    if (auto v = config["server"]["usage_flush_seconds"].value<int64_t>()) {
      if (*v < 0 || *v > 3600) return InvalidArgument("cli.bad_config", path + ": [server] usage_flush_seconds is 0-3600");
      f.usage_flush_seconds = *v;
    }
  }
  YG_RETURN_IF_ERROR(ApplyWorkflowConfig(config, path, f));
  YG_RETURN_IF_ERROR(ApplyIdentityConfig(config, path, f.identity));
  YG_RETURN_IF_ERROR(ApplyAuditConfig(config, path, f));
  if (auto v = config["privacy"]["k_anonymity"].value<int64_t>()) {
    if (*v < 1 || *v > 1000000) return InvalidArgument("cli.bad_config", path + ": [privacy] k_anonymity is 1-1000000");
    f.default_k = *v;
  }
  YG_RETURN_IF_ERROR(ParseHarvestConfig(config, path, f.harvests));
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
  options.access_control = !flags.no_access_control;
  options.usage_flush_seconds = static_cast<int>(flags.usage_flush_seconds);
  options.trusted_proxies = flags.trusted_proxies;
  options.ckan_sql = flags.ckan_sql;
  if (!flags.public_url.empty()) {
    const std::string& u = flags.public_url;
    bool web = (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0) && u.size() > 8 && u.size() <= 512 &&
               u.find_first_of(" \t\r\n\"<>") == std::string::npos;
    if (!web) return ReportError(InvalidArgument("cli.bad_public_url", "--public-url must be an http(s) URL"));
    options.public_url = u;
  }
  if (flags.web.empty()) {
    options.web_root = server::DefaultWebRoot();
    if (options.web_root.empty()) spdlog::warn("the web portal is not built (make web): serving the API only");
  } else if (flags.web != "none") {
    options.web_root = flags.web;
  }

  auto store = OpenStore(flags.data);
  if (!store.ok()) return ReportError(store.status());
  // The trace (DATA/audit.db): opened before anything can be read, closed
  // after the server stops, with a final signed tree head.
  audit::AuditOptions audit_options;
  audit_options.sign_interval = std::chrono::seconds(flags.audit_sign_interval_seconds);
  audit_options.alert_distinct_subjects_per_day = flags.audit_alert_subjects_per_day;
  audit_options.store_url = StoreUrl();
  auto audit_log = audit::OpenAuditLog(flags.data, audit_options);
  if (!audit_log.ok()) return ReportError(audit_log.status());
  if (flags.demo) {
    if (Status st = LoadDemo(**store, flags.data, 1.0, false); !st.ok()) return ReportError(st);
  }
  catalog::CatalogService catalog(**store);
  query::QueryLimits query_limits;
  query_limits.timeout_ms = flags.query_timeout_ms;
  query::QueryService queries(**store, query_limits);
  // Secrets of pseudonym masks: DATA/keys/pseudonym.keys, made on first start.
  auto pseudonym_keys = privacy::KeyRing::Open(std::filesystem::path(flags.data) / "keys" / "pseudonym.keys");
  if (!pseudonym_keys.ok()) return ReportError(pseudonym_keys.status());
  queries.SetKeyRing(pseudonym_keys->get());
  governance::GovernanceOptions governance_options;
  governance_options.default_k = static_cast<int>(flags.default_k);
  governance_options.background = !flags.governance_inline;
  governance::GovernanceService governance(**store, queries, governance_options);
  auto calendar = access::WorkingCalendar::Create(flags.calendar);
  if (!calendar.ok()) return ReportError(calendar.status().WithContext("[calendar]"));
  access::WorkflowOptions workflow_options;
  workflow_options.reply_working_days = static_cast<int>(flags.reply_working_days);
  access::WorkflowService workflow(**store, std::move(calendar).value(), workflow_options);
  access::IdentityService identity(**store, flags.identity);
  server::Services services{store->get(), &catalog, &queries};
  services.audit = audit_log->get();
  services.workflow = &workflow;
  services.identity = &identity;
  services.governance = &governance;
  services.pseudonym_keys = pseudonym_keys->get();
  access::Policy policy(**store, [&workflow](std::string_view user, std::string_view dataset) {
    return workflow.ActiveGrants(user, dataset);
  });
  services.policy = &policy;
  auto server = server::StartServer(services, options);
  if (!server.ok()) return ReportError(server.status());
  std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  PrintAccountsBanner(identity, flags.data, "http://" + host + ":" + std::to_string((*server)->port()) + "/");
  std::cout << "Yungu is serving http://" << host << ":" << (*server)->port() << "/  (data: " << flags.data
            << ")" << std::endl;
  spdlog::info("listening on {}:{}", options.host, (*server)->port());
  auto harvests = StartHarvests(**store, **audit_log, flags.harvests);
  (*server)->Wait();
  if (harvests) harvests->Stop();
  if (Status st = (*audit_log)->Close(); !st.ok()) return ReportError(st);
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
  cmd->add_option("--query-timeout-ms", flags->query_timeout_ms,
                  "longest a data query may run before it is stopped with 503 query timeout (exports are not limited)")
      ->check(CLI::Range(1, 3600000))
      ->capture_default_str();
  cmd->add_option("--web", flags->web,
                  "directory of the built web portal (default: web/dist of the source tree; none: API only)");
  cmd->add_flag("--ckan-sql", flags->ckan_sql,
                "answer CKAN's datastore_search_sql (one checked SELECT, run as a native query)");
  cmd->add_option("--public-url", flags->public_url,
                  "the hub's address as users reach it (links in CKAN and DCAT documents); default: the Host header");
  cmd->add_option("--trusted-proxy", flags->trusted_proxies,
                  "a reverse proxy (address or CIDR network) whose X-Forwarded-For names the client; repeatable");
  cmd->add_option("--usage-flush-seconds", flags->usage_flush_seconds,
                  "how often read and download counts are saved (0: at once)")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  cmd->add_option("--config", flags->config, "TOML configuration file ([server] listen/threads/max_upload_mb, "
                                             "[storage] data, [auth], [limits], [workflow] reply_working_days, "
                                             "[calendar] holidays/workdays, [ckan] datastore_search_sql, [[harvest]] "
                                             "source/type/every_minutes/department/token)")->check(CLI::ExistingFile);
  cmd->add_flag("--no-access-control", flags->no_access_control,
                "benchmarks only: every request acts as the local operator, nothing is traced; loopback only");
  cmd->add_flag("--governance-inline", flags->governance_inline,
                "run discovery, quality checks and cross-source verification inside each ingest request "
                "(its answer waits for them) instead of in the background");
  cmd->add_flag("--demo", flags->demo, "load the demo data set first (skipped if already loaded)");
  cmd->callback([flags, cmd, &run] { run = [flags, cmd] { return RunServe(*flags, *cmd); }; });
}

}  // namespace yungu::cli

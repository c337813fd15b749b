// `yungu admin create|token`: accounts and API tokens made offline on the
// data directory, plus the account notes `yungu serve` and the demo print.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/access/identity_service.h"

namespace yungu::cli {
namespace {

constexpr const char* kDemoAccountsFile = "demo-accounts.txt";

struct AdminFlags {
  std::string data = kDefaultDataDir;
  std::string username;
  std::string display_name;
  std::vector<std::string> roles;
  std::string department;
  std::string password_file;
  std::string token_scope;  // create: also make a token with this scope
  std::string scope = "read";
  std::string token_name = "cli";
  int days = 0;
  std::string password_hash = "interactive";
};

Result<std::string> ReadPassword(const std::string& file) {
  std::string line;
  if (file == "-") {
    std::getline(std::cin, line);
  } else {
    std::ifstream in(file);
    if (!in) return NotFound("cli.file_not_found", "cannot read " + file);
    std::getline(in, line);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::unique_ptr<access::IdentityService>> OpenIdentity(storage::Store& store, const AdminFlags& f) {
  access::IdentityOptions options;
  auto cost = access::ParsePasswordCost(f.password_hash);
  if (!cost) return InvalidArgument("cli.bad_option", "--password-hash is interactive, moderate or fast");
  options.password_cost = *cost;
  options.background_flush = false;
  return std::make_unique<access::IdentityService>(store, options);
}

Result<access::Scope> ParseScopeFlag(const std::string& name) {
  auto scope = access::ParseScope(name);
  if (!scope) return InvalidArgument("cli.bad_option", "a token scope is read, write or admin");
  return *scope;
}

Status IssueToken(access::IdentityService& identity, const std::string& user_id, const std::string& scope_name,
                  const std::string& name, int days) {
  YG_ASSIGN_OR_RETURN(access::Scope scope, ParseScopeFlag(scope_name));
  YG_ASSIGN_OR_RETURN(auto issued, identity.CreateToken(user_id, name, scope, days));
  std::printf("token id %s, scope %s, expires %s\n", issued.record.id.c_str(), issued.record.scope.c_str(),
              issued.record.expires_at.c_str());
  // On a line of its own, for scripts: shown once, stored only as a hash.
  std::printf("token: %s\n", issued.token.c_str());
  return Status::Ok();
}

Status RunCreate(const AdminFlags& f) {
  YG_ASSIGN_OR_RETURN(auto store, OpenStore(f.data));
  YG_ASSIGN_OR_RETURN(auto identity, OpenIdentity(*store, f));
  access::NewUser user;
  user.username = f.username;
  user.display_name = f.display_name;
  user.department = f.department;
  for (const auto& name : f.roles) {
    auto role = access::ParseRole(name);
    if (!role) return InvalidArgument("cli.bad_option", "unknown role '" + name + "'");
    user.roles |= static_cast<uint32_t>(*role);
  }
  bool generated = f.password_file.empty();
  if (generated) {
    user.password = access::GeneratePassword();
  } else {
    YG_ASSIGN_OR_RETURN(user.password, ReadPassword(f.password_file));
  }
  if (!f.token_scope.empty()) YG_RETURN_IF_ERROR(ParseScopeFlag(f.token_scope).status());
  YG_ASSIGN_OR_RETURN(auto created, identity->CreateUser(user));
  std::string roles;
  for (const auto& r : access::RoleNames(created.roles)) roles += (roles.empty() ? "" : ",") + r;
  std::printf("created user %s (%s), roles %s%s%s\n", created.username.c_str(), created.id.c_str(), roles.c_str(),
              created.department.empty() ? "" : ", department ", created.department.c_str());
  if (generated) std::printf("password: %s\n", user.password.c_str());
  if (!f.token_scope.empty()) YG_RETURN_IF_ERROR(IssueToken(*identity, created.id, f.token_scope, f.token_name, f.days));
  return Status::Ok();
}

Status RunToken(const AdminFlags& f) {
  YG_ASSIGN_OR_RETURN(auto store, OpenStore(f.data));
  YG_ASSIGN_OR_RETURN(auto identity, OpenIdentity(*store, f));
  YG_ASSIGN_OR_RETURN(auto user, identity->FindUser(f.username));
  return IssueToken(*identity, user.id, f.scope, f.token_name, f.days);
}

std::string PadRight(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

Status WriteDemoAccounts(storage::Store& store, const std::string& data_dir, bool quiet) {
  std::filesystem::path path = std::filesystem::path(data_dir) / kDemoAccountsFile;
  if (std::filesystem::exists(path)) return Status::Ok();
  access::IdentityOptions options;
  options.background_flush = false;
  access::IdentityService identity(store, options);
  // The market regulator (enterprise registry) and the ecology bureau.
  YG_ASSIGN_OR_RETURN(auto accounts, access::CreateDemoAccounts(identity, "SCJG", "STHJ"));
  if (accounts.empty()) return Status::Ok();
  std::string text = "# Demo accounts of this data directory, one per role. Passwords were generated\n"
                     "# when the demo was loaded; they are for trying the demo only.\n";
  text += PadRight("username", 12) + PadRight("password", 18) + PadRight("role", 18) + "department\n";
  for (const auto& a : accounts) {
    text += PadRight(a.username, 12) + PadRight(a.password, 18) + PadRight(a.roles, 18) +
            (a.department.empty() ? "-" : a.department) + "\n";
  }
  // Created 0600 from the start: the file holds passwords.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cli.write_failed", "cannot create " + path.string());
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) return IoError("cli.write_failed", "cannot write " + path.string());
  if (!quiet) std::fprintf(stderr, "demo accounts written to %s\n", path.c_str());
  return Status::Ok();
}

void PrintAccountsBanner(access::IdentityService& identity, const std::string& data_dir,
                         const std::string& base_url) {
  std::string secret = identity.PrepareBootstrap();
  if (!secret.empty()) {
    std::cout << "No platform admin exists yet. Create the first one with this one-time secret (valid while\n"
                 "this process runs):\n"
              << "bootstrap secret: " << secret << "\n"
              << "  curl -X POST " << base_url << "api/v1/auth/bootstrap -H 'Content-Type: application/json' \\\n"
              << "       -d '{\"secret\": \"" << secret << "\", \"username\": \"admin\", \"password\": \"...\"}'\n"
              << "or offline: yungu admin create --data " << data_dir << " --username admin --role platform_admin\n";
  }
  std::filesystem::path accounts = std::filesystem::path(data_dir) / kDemoAccountsFile;
  std::ifstream in(accounts);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    std::cout << "Demo accounts (" << accounts.string() << "):\n" << text.str();
  }
  std::cout.flush();
}

void AddAdminCommand(CLI::App& app, Runner& run) {
  auto f = std::make_shared<AdminFlags>();
  CLI::App* cmd = app.add_subcommand("admin", "Accounts and API tokens on a data directory (offline)");
  cmd->require_subcommand(1);

  CLI::App* create = cmd->add_subcommand("create", "Create a user; prints a generated password unless one is given");
  create->add_option("--data", f->data, "data directory")->capture_default_str();
  create->add_option("--username", f->username, "3-64 characters: a-z 0-9 _ . -")->required();
  create->add_option("--display-name", f->display_name, "the name shown for the user");
  create->add_option("--role", f->roles, "platform_admin, department_admin, data_officer, government_user, "
                                         "public_user, auditor (repeatable)")
      ->required();
  create->add_option("--department", f->department, "department code (needed by department roles)");
  create->add_option("--password-file", f->password_file, "read the password from the first line of this file "
                                                          "('-': standard input)");
  create->add_option("--token-scope", f->token_scope, "also create an API token with this scope (read, write, "
                                                      "admin) and print it as 'token: ...'");
  create->add_option("--days", f->days, "token lifetime in days (default 90, at most 365)");
  create->add_option("--password-hash", f->password_hash, "argon2id cost: interactive (default), moderate, "
                                                          "fast (for tests only)")
      ->capture_default_str();
  create->callback([f, &run] {
    run = [f] {
      Status st = RunCreate(*f);
      return st.ok() ? static_cast<int>(kExitOk) : ReportError(st);
    };
  });

  CLI::App* token = cmd->add_subcommand("token", "Create an API token for a user and print it as 'token: ...'");
  token->add_option("--data", f->data, "data directory")->capture_default_str();
  token->add_option("--username", f->username, "the token's user")->required();
  token->add_option("--scope", f->scope, "read, write or admin")->capture_default_str();
  token->add_option("--days", f->days, "lifetime in days (default 90, at most 365)");
  token->add_option("--name", f->token_name, "a label for the token")->capture_default_str();
  token->callback([f, &run] {
    run = [f] {
      Status st = RunToken(*f);
      return st.ok() ? static_cast<int>(kExitOk) : ReportError(st);
    };
  });
}

}  // namespace yungu::cli

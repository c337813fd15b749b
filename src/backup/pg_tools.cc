#include "backup/pg_tools.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace yungu::backup {

namespace fs = std::filesystem;

Result<fs::path> FindPgTool(const std::string& name) {
  fs::path best;
  long best_major = -1;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/usr/lib/postgresql", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string version = it->path().filename().string();
    char* end = nullptr;
    long major = std::strtol(version.c_str(), &end, 10);
    if (end == version.c_str()) continue;
    fs::path candidate = it->path() / "bin" / name;
    if (major > best_major && ::access(candidate.c_str(), X_OK) == 0) {
      best = candidate;
      best_major = major;
    }
  }
  if (!best.empty()) return best;
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (dir.empty()) continue;
      fs::path candidate = fs::path(dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return FailedPrecondition("backup.tool_missing",
                            name + " was not found under /usr/lib/postgresql/*/bin or on PATH: install the "
                                   "PostgreSQL client programs (Debian: postgresql-client-15)");
}

Result<PgTarget> PgTargetFor(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (!options) {
    std::string message = err ? err : "out of memory";
    if (err) PQfreemem(err);
    return InvalidArgument("backup.bad_store_url", "cannot read the store URL: " + message);
  }
  PgTarget target;
  std::string password;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    std::string key = o->keyword, value = o->val;
    if (key == "password") {
      password = value;
      continue;
    }
    std::string quoted = "'";
    for (char c : value) {
      if (c == '\'' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += "'";
    if (!target.conninfo.empty()) target.conninfo += ' ';
    target.conninfo += key + "=" + quoted;
  }
  PQconninfoFree(options);
  if (!password.empty()) target.env["PGPASSWORD"] = password;
  // The URL as given, its password blanked.
  target.display = url;
  if (!password.empty()) {
    size_t at = target.display.find('@');
    size_t scheme = target.display.find("://");
    size_t colon = scheme == std::string::npos ? std::string::npos : target.display.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      target.display.replace(colon + 1, at - colon - 1, "***");
    }
  }
  return target;
}

Result<ProgramResult> RunProgram(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  if (argv.empty()) return Internal("backup.spawn", "no program to run");
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    std::string key = entry.substr(0, entry.find('='));
    if (!env.count(key)) env_storage.push_back(std::move(entry));
  }
  for (const auto& [k, v] : env) env_storage.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return IoError("backup.spawn", std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return IoError("backup.spawn", std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return IoError("backup.spawn", "cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  ProgramResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    int n = ::poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string Tail(const std::string& text, size_t max_chars) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  if (t.size() <= max_chars) return t;
  return "..." + t.substr(t.size() - max_chars);
}

}  // namespace yungu::backup

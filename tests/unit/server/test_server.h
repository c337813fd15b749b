// End-to-end test harness: runs the real `yungu serve` binary as a child
// process on a scratch data directory and talks to it over plain HTTP/1.1
// sockets. Header-only because only *_test.cc files are compiled.
//
//   TestServer server(TestServer::Options{.demo = true});
//   HttpResponse r = server.Get("/api/v1/health");
//
// The demo data set (scale 0.02) is generated once per test process into a
// template directory and copied for every server that asks for it.
#pragma once

#include "unit/pg_test_db.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace yungu::testing {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Small helpers

inline std::string ReadFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void WriteFileBytes(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// tests/ (the parent of YUNGU_TEST_DATA_DIR = tests/data).
inline fs::path TestsRoot() { return fs::path(YUNGU_TEST_DATA_DIR).parent_path(); }

// A fresh directory under the test temp dir, removed with the object.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "yungu_http") {
    std::string tmpl = (fs::path(::testing::TempDir()) / (prefix + "_XXXXXX")).string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---------------------------------------------------------------------------
// Running the binary

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal or could not start
  std::string out;
  std::string err;
};

// On the PostgreSQL pass each data directory a test uses gets its own
// database, made on first use; commands on that directory get --store.
struct PgUrlRegistry {
  std::mutex mu;
  std::map<std::string, std::string> urls;  // canonical data directory -> database URL
};
inline PgUrlRegistry& PgUrls() {
  static PgUrlRegistry registry;
  return registry;
}
inline std::string PgUrlFor(const fs::path& data_dir, const std::string& template_url = "") {
  auto& r = PgUrls();
  std::lock_guard lock(r.mu);
  std::string key = fs::weakly_canonical(data_dir).string();
  auto it = r.urls.find(key);
  if (it == r.urls.end()) it = r.urls.emplace(key, yungu::testing::NewPgDatabase(template_url)).first;
  return it->second;
}
inline void PgUrlRegistryErase(const std::string& key) {
  auto& r = PgUrls();
  std::lock_guard lock(r.mu);
  r.urls.erase(key);
}

// Drops the database of a data directory that is done with.
inline void ForgetPgDatabase(const fs::path& data_dir) {
  std::string key = fs::weakly_canonical(data_dir).string();
  std::string url = PgUrlFor(data_dir);
  yungu::testing::DropPgDatabase(url);
  PgUrlRegistryErase(key);
}

// Adds "--store URL" when `args` name a data directory on the PostgreSQL pass.
inline void AddStoreArgs(std::vector<std::string>& args) {
  if (!yungu::testing::OnPostgres()) return;
  if (std::find(args.begin(), args.end(), "--store") != args.end()) return;
  auto data = std::find(args.begin(), args.end(), "--data");
  if (data == args.end() || data + 1 == args.end()) return;
  std::string dir = *(data + 1);
  args.push_back("--store");
  args.push_back(PgUrlFor(dir));
}

// Runs `yungu args...` to completion with `stdin_text` on its standard input.
inline ProcessResult RunYungu(const std::vector<std::string>& args, const std::string& stdin_text = "",
                              const fs::path& cwd = {}) {
  ProcessResult result;
  TempDir io("yungu_run");
  fs::path in_path = io.path() / "stdin", out_path = io.path() / "stdout", err_path = io.path() / "stderr";
  WriteFileBytes(in_path, stdin_text);
  std::vector<std::string> argv_storage;
  argv_storage.push_back(YUNGU_BINARY);
  for (const auto& a : args) argv_storage.push_back(a);
  AddStoreArgs(argv_storage);
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string cwd_string = cwd.string();
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd_string.c_str());
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    result.err = std::string("posix_spawn failed: ") + std::strerror(rc);
    return result;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = ReadFileBytes(out_path);
  result.err = ReadFileBytes(err_path);
  return result;
}

// The demo data set at scale 0.02, generated once per test process.
// Returns the template data directory (never served directly).
inline const fs::path& DemoTemplateDir() {
  static TempDir* dir = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    dir = new TempDir("yungu_demo_template");  // lives until exit; see the cleaner below
    ProcessResult r = RunYungu({"demo", "--data", dir->path().string(), "--scale", "0.02", "-q"});
    if (r.exit_code != 0) {
      ADD_FAILURE() << "yungu demo failed (exit " << r.exit_code << "): " << r.err;
    }
    // Only the database is copied per server; the generated source files stay.
    static struct Cleaner {
      ~Cleaner() { delete dir; }
    } cleaner;
  });
  return dir->path();
}

// Copies the store files of a data directory and its keys (not the demo
// source files); on the PostgreSQL pass, its database too.
inline void CopyDataDir(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  if (yungu::testing::OnPostgres()) PgUrlFor(to, PgUrlFor(from));
  for (const auto& entry : fs::directory_iterator(from)) {
    if (entry.is_directory() && entry.path().filename() == "keys") {
      fs::copy(entry.path(), to / "keys", fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    }
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
}

// Creates an account offline (`yungu admin create`) with an API token of
// `scope` and returns the token. Roles are comma-separated.
inline std::string CreateAccount(const fs::path& data_dir, const std::string& username, const std::string& roles,
                                 const std::string& department = "", const std::string& scope = "write") {
  std::vector<std::string> args = {"admin", "create", "--data", data_dir.string(), "--username", username,
                                   "--token-scope", scope, "--password-hash", "fast"};
  size_t pos = 0;
  while (pos <= roles.size()) {
    size_t end = roles.find(',', pos);
    if (end == std::string::npos) end = roles.size();
    if (end > pos) {
      args.push_back("--role");
      args.push_back(roles.substr(pos, end - pos));
    }
    pos = end + 1;
  }
  if (!department.empty()) {
    args.push_back("--department");
    args.push_back(department);
  }
  ProcessResult r = RunYungu(args);
  size_t at = r.out.find("token: ");
  if (r.exit_code != 0 || at == std::string::npos) {
    ADD_FAILURE() << "yungu admin create " << username << " failed (exit " << r.exit_code << "): " << r.out << r.err;
    return {};
  }
  size_t eol = r.out.find('\n', at);
  return r.out.substr(at + 7, eol == std::string::npos ? std::string::npos : eol - at - 7);
}

// ---------------------------------------------------------------------------
// HTTP client over a plain socket

struct HttpResponse {
  int status = 0;  // 0: no (complete) response; see `error`
  std::string reason;
  std::vector<std::pair<std::string, std::string>> header_list;  // as received
  std::map<std::string, std::string> headers;                     // lower-case names
  std::string body;                                                // de-chunked
  bool chunked = false;
  std::string error;  // transport problem, empty when fine
  std::string raw;    // every byte received on the connection

  std::string Header(const std::string& name) const {
    auto it = headers.find(Lower(name));
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool send_content_length = true;  // false: no Content-Length header (and no body)
  bool chunked = false;             // send the body with Transfer-Encoding: chunked
  // TestServer adds the harness administrator's token unless the request
  // carries its own Authorization header or asks to send no credentials.
  bool anonymous = false;
};

namespace detail {

inline bool ParseChunked(std::string_view raw, std::string& body, std::string& error) {
  size_t pos = 0;
  for (;;) {
    size_t eol = raw.find("\r\n", pos);
    if (eol == std::string_view::npos) {
      error = "truncated chunk header";
      return false;
    }
    std::string size_text(raw.substr(pos, eol - pos));
    size_t semi = size_text.find(';');
    if (semi != std::string::npos) size_text.resize(semi);
    size_t size = 0;
    try {
      size = std::stoul(size_text, nullptr, 16);
    } catch (const std::exception&) {
      error = "bad chunk size '" + size_text + "'";
      return false;
    }
    pos = eol + 2;
    if (size == 0) return true;  // trailers are ignored
    if (pos + size + 2 > raw.size()) {
      error = "truncated chunk";
      return false;
    }
    body.append(raw.substr(pos, size));
    pos += size + 2;
  }
}

// Parses a complete response (the connection was closed by the peer).
inline void ParseResponse(const std::string& raw, HttpResponse& r) {
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    r.error = raw.empty() ? "connection closed without a response" : "incomplete response header";
    return;
  }
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // HTTP/1.1 200 OK
  size_t sp1 = line.find(' ');
  if (line.rfind("HTTP/1.", 0) != 0 || sp1 == std::string::npos) {
    r.error = "bad status line: " + line;
    return;
  }
  size_t sp2 = line.find(' ', sp1 + 1);
  int status = std::atoi(line.substr(sp1 + 1, sp2 - sp1 - 1).c_str());
  r.reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.header_list.emplace_back(name, value);
    r.headers[Lower(name)] = value;
  }
  std::string_view rest(raw);
  rest.remove_prefix(head_end + 4);
  if (Lower(r.Header("transfer-encoding")).find("chunked") != std::string::npos) {
    r.chunked = true;
    if (!ParseChunked(rest, r.body, r.error)) return;
  } else if (auto cl = r.Header("content-length"); !cl.empty()) {
    size_t n = std::stoul(cl);
    if (rest.size() < n) {
      r.error = "body shorter than Content-Length (" + std::to_string(rest.size()) + " < " + cl + ")";
      return;
    }
    r.body.assign(rest.substr(0, n));
  } else {
    r.body.assign(rest);
  }
  r.status = status;
}

}  // namespace detail

// One request on a fresh connection (Connection: close). Sends and receives
// at the same time, so a server that answers before reading the whole body
// (413) is still heard.
inline HttpResponse SendHttp(uint16_t port, const HttpRequest& req, int timeout_ms = 60000) {
  HttpResponse r;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    r.error = std::string("socket: ") + std::strerror(errno);
    return r;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    r.error = std::string("connect: ") + std::strerror(errno);
    close(fd);
    return r;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  std::string out = req.method + " " + req.target + " HTTP/1.1\r\n";
  bool has_host = false, has_connection = false;
  for (const auto& [k, v] : req.headers) {
    has_host |= Lower(k) == "host";
    has_connection |= Lower(k) == "connection";
    out += k + ": " + v + "\r\n";
  }
  if (!has_host) out += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  if (!has_connection) out += "Connection: close\r\n";
  if (req.chunked) {
    out += "Transfer-Encoding: chunked\r\n\r\n";
    constexpr size_t kChunk = 64 * 1024;
    for (size_t pos = 0; pos < req.body.size(); pos += kChunk) {
      size_t n = std::min(kChunk, req.body.size() - pos);
      char size_line[32];
      snprintf(size_line, sizeof size_line, "%zx\r\n", n);
      out += size_line;
      out.append(req.body, pos, n);
      out += "\r\n";
    }
    out += "0\r\n\r\n";
  } else {
    if (req.send_content_length) out += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
    out += "\r\n";
    out += req.body;
  }

  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::string raw;
  size_t sent = 0;
  bool send_done = out.empty(), peer_closed = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[64 * 1024];
  while (!peer_closed) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.error = "timed out after " + std::to_string(timeout_ms) + " ms (" + std::to_string(raw.size()) +
                " bytes received)";
      close(fd);
      return r;
    }
    pollfd p{fd, static_cast<short>(POLLIN | (send_done ? 0 : POLLOUT)), 0};
    int n = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if (!send_done && (p.revents & POLLOUT)) {
      ssize_t w = send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (w > 0) {
        sent += static_cast<size_t>(w);
        if (sent == out.size()) send_done = true;
      } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        send_done = true;  // the server stopped reading (e.g. 413); still read its answer
      }
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t got = recv(fd, buf, sizeof buf, 0);
      if (got > 0) {
        raw.append(buf, static_cast<size_t>(got));
      } else if (got == 0) {
        peer_closed = true;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        peer_closed = true;  // reset: parse what arrived
      }
    }
  }
  close(fd);
  detail::ParseResponse(raw, r);
  r.raw = std::move(raw);
  return r;
}

inline std::string PercentEncode(std::string_view text, bool keep_reserved = false) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
    bool reserved_ok = keep_reserved && (c == '/' || c == ',' || c == ':');
    if (unreserved || reserved_ok) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Builds a multipart/form-data body; returns the Content-Type value.
struct MultipartBuilder {
  std::string boundary = "----yungu-test-boundary-7MA4YWxkTrZu0gW";
  std::string body;

  void Field(const std::string& name, const std::string& value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  void File(const std::string& name, const std::string& filename, const std::string& content,
            const std::string& content_type = "application/octet-stream") {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
            "\"\r\nContent-Type: " + content_type + "\r\n\r\n" + content + "\r\n";
  }
  std::string Finish() {
    body += "--" + boundary + "--\r\n";
    return "multipart/form-data; boundary=" + boundary;
  }
};

// ---------------------------------------------------------------------------
// The server process

class TestServer {
 public:
  struct Options {
    bool demo = false;                   // start from a copy of the demo data (scale 0.02)
    std::vector<std::string> extra_args;  // e.g. {"--max-upload-mb", "1"}
    int threads = 2;
    fs::path data_dir;                    // serve this existing directory instead of a fresh one
    // Create the platform administrator whose token requests carry by
    // default (false: a data directory without any account).
    bool create_admin = true;

    static Options Demo() {
      Options o;
      o.demo = true;
      return o;
    }
    static Options Args(std::vector<std::string> args) {
      Options o;
      o.extra_args = std::move(args);
      return o;
    }
  };

  TestServer() : TestServer(Options{}) {}
  explicit TestServer(const Options& options) : dir_("yungu_server") {
    data_dir_ = dir_.path() / "data";
    if (!options.data_dir.empty()) {
      data_dir_ = options.data_dir;
    } else if (options.demo) {
      CopyDataDir(DemoTemplateDir(), data_dir_);
    } else {
      fs::create_directories(data_dir_);
    }
    owns_data_dir_ = options.data_dir.empty();
    if (options.data_dir.empty() && options.create_admin) admin_token_ = CreateAccount(data_dir_, "harness_admin", "platform_admin", "", "admin");
    Start(options);
  }

  ~TestServer() {
    Stop();
    if (owns_data_dir_ && OnPostgres()) ForgetPgDatabase(data_dir_);
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool ok() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  const std::string& url() const { return url_; }
  const fs::path& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  // What the server printed: stdout (pipe) and stderr (file).
  std::string Output() {
    std::lock_guard lock(mu_);
    return stdout_text_;
  }
  std::string Log() const { return ReadFileBytes(dir_.path() / "server.err"); }

  HttpResponse Send(const HttpRequest& req, int timeout_ms = 60000) const {
    bool has_auth = std::any_of(req.headers.begin(), req.headers.end(),
                                [](const auto& h) { return Lower(h.first) == "authorization"; });
    if (req.anonymous || has_auth || admin_token_.empty()) return SendHttp(port_, req, timeout_ms);
    HttpRequest with = req;
    with.headers.emplace_back("Authorization", "Bearer " + admin_token_);
    return SendHttp(port_, with, timeout_ms);
  }
  // The same request with `token` (empty: no credentials at all).
  HttpResponse SendAs(const std::string& token, HttpRequest req, int timeout_ms = 60000) const {
    if (token.empty()) {
      req.anonymous = true;
    } else {
      req.headers.emplace_back("Authorization", "Bearer " + token);
    }
    return Send(req, timeout_ms);
  }
  HttpResponse GetAs(const std::string& token, const std::string& target) const {
    return SendAs(token, {"GET", target, {}, "", true, false});
  }
  // The token of the platform administrator the harness created.
  const std::string& admin_token() const { return admin_token_; }
  // A further account on this server's data directory (see CreateAccount).
  std::string CreateUser(const std::string& username, const std::string& roles, const std::string& department = "",
                         const std::string& scope = "write") const {
    return CreateAccount(data_dir_, username, roles, department, scope);
  }
  HttpResponse Get(const std::string& target) const { return Send({"GET", target, {}, "", true, false}); }
  HttpResponse Delete(const std::string& target) const { return Send({"DELETE", target, {}, "", true, false}); }
  HttpResponse PostJson(const std::string& target, const std::string& json, const std::string& method = "POST") const {
    return Send({method, target, {{"Content-Type", "application/json"}}, json, true, false});
  }
  HttpResponse Post(const std::string& target, const std::string& body, const std::string& content_type) const {
    return Send({"POST", target, {{"Content-Type", content_type}}, body, true, false});
  }

  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      int status = 0;
      for (;;) {
        pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_ || (r < 0 && errno != EINTR)) break;
        if (std::chrono::steady_clock::now() > deadline) {
          ADD_FAILURE() << "yungu serve did not stop on SIGTERM; killing it";
          kill(pid_, SIGKILL);
          waitpid(pid_, &status, 0);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      exit_status_ = status;
      pid_ = -1;
    }
    if (reader_.joinable()) reader_.join();
    if (out_fd_ >= 0) {
      close(out_fd_);
      out_fd_ = -1;
    }
  }

  // The raw wait status after Stop() (for checking a clean exit).
  int exit_status() const { return exit_status_; }

 private:
  void Start(const Options& options) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe2: " << std::strerror(errno);
      return;
    }
    std::vector<std::string> args = {YUNGU_BINARY, "serve", "--data", data_dir_.string(), "--listen", "127.0.0.1:0"};
    if (std::find(options.extra_args.begin(), options.extra_args.end(), "--threads") == options.extra_args.end()) {
      args.push_back("--threads");
      args.push_back(std::to_string(options.threads));
    }
    // The API alone unless a test serves a portal: a built web/dist must not
    // change what the API cases see.
    if (std::find(options.extra_args.begin(), options.extra_args.end(), "--web") == options.extra_args.end()) {
      args.push_back("--web");
      args.push_back("none");
    }
    for (const auto& a : options.extra_args) args.push_back(a);
    AddStoreArgs(args);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string err_path = (dir_.path() / "server.err").string();

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
      close(fds[0]);
      pid_ = -1;
      ADD_FAILURE() << "posix_spawn " << YUNGU_BINARY << ": " << std::strerror(rc);
      return;
    }
    out_fd_ = fds[0];
    // Drain stdout for the whole life of the process (logs go there too), so
    // the server never blocks on a full pipe.
    reader_ = std::thread([this] {
      char buf[4096];
      for (;;) {
        ssize_t n = read(out_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        std::lock_guard lock(mu_);
        stdout_text_.append(buf, static_cast<size_t>(n));
        cv_.notify_all();
      }
      std::lock_guard lock(mu_);
      eof_ = true;
      cv_.notify_all();
    });

    // "Yungu is serving http://127.0.0.1:PORT/  (data: DIR)"
    const std::string kPrefix = "Yungu is serving http://";
    std::string line;
    {
      std::unique_lock lock(mu_);
      bool found = cv_.wait_for(lock, std::chrono::seconds(30), [&] {
        size_t at = stdout_text_.find(kPrefix);
        if (at == std::string::npos) return eof_;
        size_t eol = stdout_text_.find('\n', at);
        if (eol == std::string::npos) return eof_;
        line = stdout_text_.substr(at, eol - at);
        return true;
      });
      if (!found || line.empty()) {
        ADD_FAILURE() << "yungu serve printed no URL line. stdout:\n" << stdout_text_ << "\nstderr:\n" << Log();
        return;
      }
    }
    std::string rest = line.substr(kPrefix.size());  // 127.0.0.1:PORT/  (data: DIR)
    size_t colon = rest.find(':'), slash = rest.find('/');
    if (colon == std::string::npos || slash == std::string::npos || slash < colon) {
      ADD_FAILURE() << "cannot parse the URL line: " << line;
      return;
    }
    url_ = "http://" + rest.substr(0, slash + 1);
    uint16_t port = static_cast<uint16_t>(std::atoi(rest.substr(colon + 1, slash - colon - 1).c_str()));
    if (rest.find("(data: " + data_dir_.string() + ")") == std::string::npos) {
      ADD_FAILURE() << "the URL line does not name the data directory: " << line;
    }
    // Wait until the health check answers.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      HttpResponse h = SendHttp(port, {"GET", "/api/v1/health", {}, "", true, false}, 5000);
      if (h.status == 200) break;
      if (std::chrono::steady_clock::now() > deadline || !running()) {
        ADD_FAILURE() << "yungu serve never became healthy (last: " << h.status << " " << h.error << ")\n"
                      << Log();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    port_ = port;
  }

  TempDir dir_;
  fs::path data_dir_;
  bool owns_data_dir_ = false;  // made here (so its PostgreSQL database is dropped at the end)
  std::string admin_token_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  uint16_t port_ = 0;
  std::string url_;
  int exit_status_ = 0;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string stdout_text_;
  bool eof_ = false;
};

}  // namespace yungu::testing

// Change notices between the hub's processes. Every change of an account or
// credential sends pg_notify(kIdentityChannel, <user id>) in its own
// transaction, so the notice goes out exactly when the change commits. One
// thread per store LISTENs on a connection of its own and passes each
// notice to the registered handlers.
//
// Notices sent while the listener is not connected are lost, so a lost
// connection and every reconnection are passed on as "" (any user).
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <map>
#include <thread>

#include "storage/postgres/pg_identity_store.h"

namespace yungu::storage::pg {
namespace {

// libpq's last error of `conn` without its trailing newline.
std::string LastError(PGconn* conn) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

}  // namespace

class PgIdentityStore::ChangeListener {
 public:
  explicit ChangeListener(std::string conninfo) : conninfo_(std::move(conninfo)) {
    if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) wake_[0] = wake_[1] = -1;
  }
  ~ChangeListener() {
    Stop();
    if (conn_) PQfinish(conn_);
    for (int fd : wake_) {
      if (fd >= 0) close(fd);
    }
  }
  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

  // Listens at once, so changes committed after this returns are heard
  // (unless the connection fails; the thread then keeps trying).
  void Start() {
    SetStatus(Connect());
    thread_ = std::thread([this] { Run(); });
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    if (wake_[1] >= 0) (void)!write(wake_[1], "x", 1);
    if (thread_.joinable()) thread_.join();
  }

  uint64_t Add(IdentityChangeHandler handler) {
    std::lock_guard lock(handlers_mu_);
    handlers_.emplace(next_id_, std::move(handler));
    return next_id_++;
  }

  // Once this returns the handler is not running and never runs again.
  void Remove(uint64_t id) {
    std::lock_guard lock(handlers_mu_);
    handlers_.erase(id);
  }

  Status status() const {
    std::lock_guard lock(status_mu_);
    return status_;
  }

 private:
  Status Connect() {
    // Keepalives notice a peer that vanished without closing the socket
    // (the thread otherwise only waits for input).
    const char* keys[] = {"dbname", "connect_timeout", "keepalives", "keepalives_idle",
                          "keepalives_interval", "keepalives_count", "application_name", nullptr};
    const char* values[] = {conninfo_.c_str(), "10", "1", "30", "10", "3", "yungu-identity-watch", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (!conn) return IoError("storage.unavailable", "cannot allocate a PostgreSQL connection");
    Status st = Status::Ok();
    if (PQstatus(conn) != CONNECTION_OK) {
      st = IoError("storage.unavailable", "identity change listener: " + LastError(conn));
    } else {
      PGresult* res = PQexec(conn, (std::string("LISTEN ") + kIdentityChannel).c_str());
      if (PQresultStatus(res) != PGRES_COMMAND_OK) st = PgError(res, conn, "identity change listener");
      PQclear(res);
    }
    if (!st.ok()) {
      PQfinish(conn);
      return st;
    }
    // A server going away sends its reason unasked; the loss is reported
    // through status() instead of on stderr.
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    conn_ = conn;
    return st;
  }

  void Run() {
    auto backoff = kFirstBackoff;
    while (!stopping_) {
      if (!conn_) {
        Status st = Connect();
        SetStatus(st);
        if (!st.ok()) {
          Sleep(backoff);
          backoff = std::min(backoff * 2, kMaxBackoff);
          continue;
        }
        backoff = kFirstBackoff;
        Deliver("");  // listening again: what came meanwhile is unknown
      }
      pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_[0], POLLIN, 0}};
      int ready = poll(fds, wake_[0] >= 0 ? 2 : 1, wake_[0] >= 0 ? -1 : 1000);
      if (stopping_) break;
      if (ready < 0 && errno != EINTR) ready = 0;
      bool lost = (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) && PQconsumeInput(conn_) == 0;
      while (PGnotify* notice = PQnotifies(conn_)) {
        Deliver(notice->extra ? notice->extra : "");
        PQfreemem(notice);
      }
      if (lost || PQstatus(conn_) != CONNECTION_OK) {
        SetStatus(IoError("storage.unavailable",
                          "identity change listener lost its connection: " + LastError(conn_)));
        PQfinish(conn_);
        conn_ = nullptr;
        Deliver("");  // changes may go unheard until the listener is back
      }
    }
  }

  void Deliver(const std::string& user_id) {
    std::lock_guard lock(handlers_mu_);
    for (auto& [id, handler] : handlers_) handler(user_id);
  }

  void SetStatus(Status st) {
    std::lock_guard lock(status_mu_);
    status_ = std::move(st);
  }

  // Waits `d` or until Stop().
  void Sleep(std::chrono::milliseconds d) {
    pollfd fd{wake_[0], POLLIN, 0};
    if (wake_[0] >= 0) {
      (void)poll(&fd, 1, static_cast<int>(d.count()));
    } else {
      std::this_thread::sleep_for(d);
    }
  }

  static constexpr std::chrono::milliseconds kFirstBackoff{200};
  static constexpr std::chrono::milliseconds kMaxBackoff{5000};

  const std::string conninfo_;
  PGconn* conn_ = nullptr;  // the thread's alone once started
  int wake_[2] = {-1, -1};  // a byte written to [1] wakes the thread to stop
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  std::mutex handlers_mu_;  // held while handlers run
  std::map<uint64_t, IdentityChangeHandler> handlers_;
  uint64_t next_id_ = 1;

  mutable std::mutex status_mu_;
  Status status_;
};

namespace {

class Subscription final : public IdentityChangeWatch {
 public:
  Subscription(std::shared_ptr<PgIdentityStore::ChangeListener> listener, uint64_t id)
      : listener_(std::move(listener)), id_(id) {}
  ~Subscription() override { listener_->Remove(id_); }
  Status status() const override { return listener_->status(); }

 private:
  std::shared_ptr<PgIdentityStore::ChangeListener> listener_;
  uint64_t id_;
};

}  // namespace

PgIdentityStore::PgIdentityStore(PgPool& pool) : pool_(pool) {}

PgIdentityStore::~PgIdentityStore() {
  std::lock_guard lock(listener_mu_);
  if (listener_) listener_->Stop();
}

std::unique_ptr<IdentityChangeWatch> PgIdentityStore::WatchChanges(IdentityChangeHandler on_change) {
  std::shared_ptr<ChangeListener> listener;
  {
    std::lock_guard lock(listener_mu_);
    if (!listener_) {
      listener_ = std::make_shared<ChangeListener>(pool_.conninfo());
      listener_->Start();
    }
    listener = listener_;
  }
  uint64_t id = listener->Add(std::move(on_change));
  return std::make_unique<Subscription>(std::move(listener), id);
}

}  // namespace yungu::storage::pg

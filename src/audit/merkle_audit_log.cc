// The hub's audit log. Appenders encode their entries on their own threads
// and queue them. One writer thread takes what is queued, gives each entry
// its index and time, hashes it into the Merkle tree's right edge and
// commits the group with its node hashes in one durable transaction (group
// commit), then wakes the appenders waiting for durability. It also signs
// tree heads. Abuse alerts are raised as the reads are queued and queued
// right after them.
//
// Several hub processes may append to one log in a shared PostgreSQL
// database: the store refuses a group that does not start at the log's
// current size ("audit.sequence"), and the writer then re-reads the tree's
// right edge and the last time from the store, renumbers and retries. So
// the log stays one gapless sequence with times that never go back. On the
// embedded store a file lock keeps other processes out instead.
#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "audit/stored_trail.h"
#include "audit/stored_tree.h"
#include "yungu/audit/abuse_monitor.h"
#include "yungu/audit/audit_time.h"
#include "yungu/audit/compact_range.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/storage/postgres_store.h"

namespace yungu::audit {
namespace {

constexpr const char* kAlertKind = "distinct_subjects";
constexpr size_t kMaxBatch = 4096;  // entries per transaction
// How long queued entries wait for company when nobody waits for them to be
// durable: each commit is an fsync, so fewer, larger groups cost far less
// than one commit per read. Bounds how much a crash can lose.
constexpr auto kGroupWindow = std::chrono::milliseconds(3);

// An event encoded except for its index and time (done outside any lock).
struct Prepared {
  std::string body;
  storage::AuditEntryRecord record;  // the searchable columns
  std::vector<uint64_t> subjects;
  bool counted = false;       // a read whose subjects the abuse monitor counts
  std::string subject_owner;  // who they are counted for
  std::string username;
};

Prepared Prepare(AuditEvent event) {
  Prepared p;
  p.body = EncodeEntryBody(event);
  p.counted = event.category == "read" && !event.subjects.empty();
  p.subject_owner = !event.user_id.empty()         ? event.user_id
                    : !event.credential_id.empty() ? "credential:" + event.credential_id
                                                   : "address:" + event.client_address;
  p.username = event.username;
  storage::AuditEntryRecord& r = p.record;
  r.category = std::move(event.category);
  r.action = std::move(event.action);
  r.outcome = std::move(event.outcome);
  r.user_id = std::move(event.user_id);
  r.department = std::move(event.department);
  r.dataset_id = std::move(event.dataset_id);
  r.fields = std::move(event.fields);
  p.subjects = std::move(event.subjects);
  return p;
}

// An entry waiting for the writer; its index and time are given at commit.
struct Queued {
  storage::AuditEntryRecord record;
  std::string body;
  // Set on an alert's own entry, which follows the read that raised it: its
  // body is encoded once the read's index is known.
  std::optional<AuditEvent> alert_event;
  std::optional<storage::AuditAlertRecord> alert;
  int64_t time_us = 0;  // when it was queued
};

// Holds an exclusive advisory lock on DATA/audit.lock while the log is open.
class WriterLock {
 public:
  static Result<WriterLock> Take(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return IoError("audit.lock", "cannot open " + path.string());
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return FailedPrecondition("audit.locked", "another process is writing the audit log (" + path.string() + ")");
    }
    return WriterLock(fd);
  }
  // No file lock: the log is in a shared database that orders appends itself.
  static WriterLock None() { return WriterLock(-1); }
  WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriterLock& operator=(WriterLock&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~WriterLock() { Release(); }
  void Release() {
    if (fd_ >= 0) ::close(fd_);  // closing drops the lock
    fd_ = -1;
  }

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

class MerkleAuditLog final : public AuditLog {
 public:
  MerkleAuditLog(std::shared_ptr<storage::AuditStore> store, SigningKey key, WriterLock lock, AuditOptions options)
      : store_(std::move(store)),
        key_(std::move(key)),
        lock_(std::move(lock)),
        options_(std::move(options)),
        shared_(storage::IsPostgresUrl(options_.store_url)),
        trail_(store_, key_.public_key()),
        monitor_(options_.alert_distinct_subjects_per_day, [this](const std::string& user, const std::string& day) {
          auto has = store_->HasAlert(kAlertKind, user, day);
          return !has.ok() || *has;  // when unsure, do not raise a duplicate
        }) {}

  ~MerkleAuditLog() override { (void)Close(); }

  // Recovers the tree's right edge and the last time from the store, then
  // starts the writer.
  Status Start() {
    YG_RETURN_IF_ERROR(Resync());
    YG_ASSIGN_OR_RETURN(auto head, store_->LatestTreeHead());
    if (head) {
      signed_size_ = head->size;
      last_head_time_us_ = head->timestamp_us;
    }
    writer_ = std::thread([this] { WriterLoop(); });
    return Status::Ok();
  }

  Status Append(AuditEvent event) override { return Enqueue(std::move(event)).status(); }

  Status AppendDurable(AuditEvent event) override {
    YG_ASSIGN_OR_RETURN(uint64_t ticket, Enqueue(std::move(event)));
    return WaitCommitted(ticket);
  }

  AuditTrail* trail() override { return &trail_; }

  Status Flush() override {
    uint64_t ticket;
    {
      std::lock_guard lock(mu_);
      ticket = enqueued_;
    }
    return WaitCommitted(ticket);
  }

  Status SignTreeHead() override {
    std::unique_lock lock(mu_);
    if (!failed_.ok()) return failed_;
    if (closed_) return FailedPrecondition("audit.closed", "the audit log is closed");
    uint64_t request = ++sign_requested_;
    work_.notify_one();
    done_.wait(lock, [&] { return sign_done_ >= request || !failed_.ok() || writer_exited_; });
    if (!failed_.ok()) return failed_;
    return sign_status_;
  }

  Status Close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return close_status_;
      closed_ = true;
    }
    work_.notify_all();
    not_full_.notify_all();
    if (writer_.joinable()) writer_.join();
    lock_.Release();
    std::lock_guard lock(mu_);
    close_status_ = failed_;
    return close_status_;
  }

 private:
  Result<uint64_t> Enqueue(AuditEvent event) {
    Prepared p = Prepare(std::move(event));
    std::unique_lock lock(mu_);
    // Back-pressure: a full queue makes appenders wait; nothing is dropped.
    not_full_.wait(lock, [&] { return queue_.size() < options_.queue_capacity || closed_ || !failed_.ok(); });
    if (!failed_.ok()) return failed_;
    if (closed_) return FailedPrecondition("audit.closed", "the audit log is closed");
    bool was_empty = queue_.empty();
    queue_.push_back(Queued{std::move(p.record), std::move(p.body), std::nullopt, std::nullopt, Now()});
    ++enqueued_;
    if (p.counted) RaiseAlertIfDue(p);
    if (was_empty) work_.notify_one();
    return enqueued_;
  }

  // Counts a read's subjects; past the threshold, queues the alert's own
  // entry right after the read. Called with mu_ held.
  void RaiseAlertIfDue(const Prepared& read) {
    int64_t now = std::max(Now(), last_time_us_);
    std::string day = ChinaDay(now);
    auto count = monitor_.Observe(read.subject_owner, day, read.subjects);
    if (!count) return;
    AuditEvent alert;
    alert.category = "alert";
    alert.action = "alert.distinct_subjects";
    alert.user_id = read.subject_owner;
    alert.username = read.username;
    alert.department = read.record.department;
    alert.via = "local";
    alert.target = "user:" + read.subject_owner;
    alert.detail = {{"day", day}, {"distinct_subjects", *count}, {"threshold", monitor_.threshold()}};
    storage::AuditAlertRecord a;
    a.kind = kAlertKind;
    a.user_id = read.subject_owner;
    a.username = read.username;
    a.department = read.record.department;
    a.day = day;
    a.count = *count;
    a.threshold = monitor_.threshold();
    queue_.push_back(Queued{{}, {}, std::move(alert), std::move(a), now});
    ++enqueued_;
    spdlog::warn("audit alert: user {} read sensitive fields of {} distinct persons on {} (limit {})",
                 read.subject_owner, *count, day, monitor_.threshold());
  }

  Status WaitCommitted(uint64_t ticket) {
    std::unique_lock lock(mu_);
    ++durable_waiters_;  // the writer commits at once rather than gather a group
    work_.notify_one();
    done_.wait(lock, [&] { return committed_ >= ticket || !failed_.ok() || writer_exited_; });
    --durable_waiters_;
    if (committed_ >= ticket) return Status::Ok();
    if (!failed_.ok()) return failed_;
    return FailedPrecondition("audit.closed", "the audit log is closed");
  }

  int64_t Now() const { return options_.now_us ? options_.now_us() : SystemNowMicros(); }

  void WriterLoop() {
    auto interval = options_.sign_interval.count() > 0 ? options_.sign_interval : std::chrono::milliseconds(10000);
    auto next_sign = std::chrono::steady_clock::now() + interval;
    std::unique_lock lock(mu_);
    for (;;) {
      work_.wait_until(lock, next_sign, [&] { return !queue_.empty() || closed_ || sign_requested_ > sign_done_; });
      if (!queue_.empty() && !closed_ && durable_waiters_ == 0 && sign_requested_ <= sign_done_) {
        work_.wait_for(lock, kGroupWindow,
                       [&] { return queue_.size() >= kMaxBatch || closed_ || durable_waiters_ > 0; });
      }
      // Groups of bounded size keep a commit's memory small and hot.
      std::deque<Queued> batch;
      if (queue_.size() <= kMaxBatch) {
        batch.swap(queue_);
      } else {
        auto end = queue_.begin() + static_cast<std::ptrdiff_t>(kMaxBatch);
        if (end->alert_event) ++end;  // an alert stays with the read that raised it
        batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
        queue_.erase(queue_.begin(), end);
      }
      bool stopping = closed_;
      uint64_t sign_request = sign_requested_;
      lock.unlock();
      not_full_.notify_all();

      Status st = Status::Ok();
      if (!batch.empty()) st = WriteBatchRetrying(batch, stopping);
      bool sign_due = std::chrono::steady_clock::now() >= next_sign;
      Status sign_st = Status::Ok();
      if (st.ok() && (sign_due || stopping || sign_request > sign_done_)) {
        sign_st = SignIfGrown(sign_request > sign_done_);
        if (sign_due) next_sign = std::chrono::steady_clock::now() + interval;
      }

      lock.lock();
      if (st.ok()) {
        committed_ += batch.size();
      } else if (failed_.ok()) {
        spdlog::error("audit log: cannot write: {}", st.ToString());
        failed_ = Status(Code::kIoError, "audit.unavailable",
                         "the audit log cannot be written, so nothing that must be traced is served: " + st.message());
      }
      if (!sign_st.ok()) spdlog::error("audit log: cannot store a signed tree head: {}", sign_st.ToString());
      if (sign_request > sign_done_) {
        sign_status_ = sign_st;
        sign_done_ = sign_request;
      }
      done_.notify_all();
      if (!failed_.ok()) {
        not_full_.notify_all();
        break;
      }
      if (stopping && queue_.empty()) break;
    }
    writer_exited_ = true;
    done_.notify_all();
  }

  // A shared database may be briefly out of reach (a failover to its
  // replica, a restart): the group waits and is tried again, for up to
  // `kUnreachableFor`, before the log fails. Appenders meanwhile queue (and
  // wait once the queue is full). Other errors fail the log at once.
  Status WriteBatchRetrying(std::deque<Queued>& batch, bool stopping) {
    constexpr auto kUnreachableFor = std::chrono::minutes(5);
    auto give_up = std::chrono::steady_clock::now() + kUnreachableFor;
    auto pause = std::chrono::milliseconds(100);
    for (;;) {
      Status st = WriteBatch(batch);
      bool transient = shared_ && st.error_code() == "storage.unavailable";
      if (st.ok() || !transient || stopping || std::chrono::steady_clock::now() >= give_up) return st;
      spdlog::warn("audit log: the database is out of reach, retrying in {} ms: {}", pause.count(), st.message());
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(2000));
      if (Status resync = Resync(); !resync.ok() && resync.error_code() != "storage.unavailable") return resync;
    }
  }

  // Re-reads the tree's right edge and the last entry's time from the store:
  // at start, and when another process appended meanwhile.
  Status Resync() {
    YG_ASSIGN_OR_RETURN(int64_t size, store_->Size());
    StoredTree tree(*store_);
    YG_ASSIGN_OR_RETURN(frontier_, tree.Frontier(size));
    if (size > 0) {
      YG_ASSIGN_OR_RETURN(auto last, store_->GetEntry(size - 1));
      auto t = ParseTimeMicros(last.time);
      if (t.ok()) {
        std::lock_guard lock(mu_);
        last_time_us_ = std::max(last_time_us_, *t);
      }
    }
    return Status::Ok();
  }

  // Gives the batch its indexes and times from the tree's current right
  // edge, hashes it and commits it with the nodes it completes. The tree
  // advances only when the commit succeeded; when another process appended
  // first, the batch is renumbered on the new right edge and tried again.
  Status WriteBatch(std::deque<Queued>& batch) {
    constexpr int kMaxAttempts = 64;
    for (int attempt = 1;; ++attempt) {
      int64_t time;
      {
        std::lock_guard lock(mu_);
        time = last_time_us_;
      }
      CompactRange next = frontier_;
      int stride = store_->node_stride();
      std::vector<storage::AuditEntryRecord> rows;
      std::vector<storage::AuditNodeRecord> nodes;
      std::vector<storage::AuditAlertRecord> alerts;
      rows.reserve(batch.size());
      for (Queued& q : batch) {
        time = std::max(time, q.time_us);  // the log's times never go back
        storage::AuditEntryRecord r = Number(q, next.size(), time, alerts);
        Hash leaf = LeafHash(r.bytes);
        r.leaf_hash.assign(HashBytes(leaf));
        next.Append(leaf, [&](int level, int64_t node_index, const Hash& h) {
          if (level % stride == 0) nodes.push_back({level, node_index, std::string(HashBytes(h))});
        });
        rows.push_back(std::move(r));
      }
      Status st = store_->Append(rows, nodes, alerts);
      if (st.ok()) {
        frontier_ = std::move(next);
        std::lock_guard lock(mu_);
        last_time_us_ = std::max(last_time_us_, time);
        return Status::Ok();
      }
      if (st.error_code() != "audit.sequence" || attempt == kMaxAttempts) return st;
      YG_RETURN_IF_ERROR(Resync());
    }
  }

  // The entry of `q` at `index` and `time`. An alert's entry names the read
  // just before it, and its record goes to `alerts`.
  storage::AuditEntryRecord Number(const Queued& q, int64_t index, int64_t time,
                                   std::vector<storage::AuditAlertRecord>& alerts) {
    std::string when = FormatTimeMicros(time);
    if (!q.alert_event) {
      storage::AuditEntryRecord r = q.record;
      r.index = index;
      r.bytes = EncodeEntry(index, when, q.body);
      r.time = std::move(when);
      return r;
    }
    AuditEvent event = *q.alert_event;
    event.detail["trigger_index"] = index - 1;
    Prepared p = Prepare(std::move(event));
    storage::AuditAlertRecord a = *q.alert;
    a.time = when;
    a.entry_index = index;
    a.trigger_index = index - 1;
    alerts.push_back(std::move(a));
    p.record.index = index;
    p.record.bytes = EncodeEntry(index, when, p.body);
    p.record.time = std::move(when);
    return std::move(p.record);
  }

  // Stores a signed head for the current tree when it grew since the last
  // one (or when asked and there is none yet). With several processes the
  // tree is whatever the store holds now.
  Status SignIfGrown(bool requested) {
    YG_ASSIGN_OR_RETURN(int64_t stored, store_->Size());
    if (stored != frontier_.size()) YG_RETURN_IF_ERROR(Resync());
    int64_t size = frontier_.size();
    if (signed_size_ >= 0 && size == signed_size_) return Status::Ok();
    if (signed_size_ < 0 && size == 0 && !requested) return Status::Ok();
    SignedTreeHead head;
    head.size = size;
    head.timestamp_us = std::max(Now(), last_head_time_us_);
    head.root = frontier_.Root();
    key_.Sign(head);
    storage::TreeHeadRecord record;
    record.size = head.size;
    record.timestamp_us = head.timestamp_us;
    record.root.assign(HashBytes(head.root));
    record.signature.assign(reinterpret_cast<const char*>(head.signature.data()), head.signature.size());
    YG_RETURN_IF_ERROR(store_->AddTreeHead(record));
    signed_size_ = size;
    last_head_time_us_ = head.timestamp_us;
    return Status::Ok();
  }

  std::shared_ptr<storage::AuditStore> store_;
  SigningKey key_;
  WriterLock lock_;
  AuditOptions options_;
  const bool shared_;  // in a database other processes write too
  StoredTrail trail_;

  // Guarded by mu_.
  std::mutex mu_;
  std::condition_variable work_;      // the writer waits for entries or requests
  std::condition_variable not_full_;  // appenders wait for room
  std::condition_variable done_;      // durability and sign waiters
  std::deque<Queued> queue_;
  int64_t last_time_us_ = 0;
  AbuseMonitor monitor_;
  uint64_t enqueued_ = 0;
  uint64_t committed_ = 0;
  int durable_waiters_ = 0;  // callers blocked in WaitCommitted
  uint64_t sign_requested_ = 0;
  uint64_t sign_done_ = 0;
  Status sign_status_;
  Status failed_;
  Status close_status_;
  bool closed_ = false;
  bool writer_exited_ = false;

  // The writer thread's own state.
  std::thread writer_;
  CompactRange frontier_;
  int64_t signed_size_ = -1;  // size of the latest stored head; -1: none
  int64_t last_head_time_us_ = 0;
};

}  // namespace

std::filesystem::path AuditDbPath(const std::filesystem::path& data_dir) { return data_dir / "audit.db"; }
std::filesystem::path AuditKeysDir(const std::filesystem::path& data_dir) { return data_dir / "keys"; }

Result<std::unique_ptr<AuditLog>> OpenAuditLog(const std::filesystem::path& data_dir, AuditOptions options) {
  if (sodium_init() < 0) return Internal("audit.sodium", "libsodium could not be initialised");
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return IoError("audit.data_dir", "cannot create " + data_dir.string() + ": " + ec.message());
  bool shared = storage::IsPostgresUrl(options.store_url);
  YG_ASSIGN_OR_RETURN(WriterLock lock, shared ? WriterLock::None() : WriterLock::Take(data_dir / "audit.lock"));
  YG_ASSIGN_OR_RETURN(SigningKey key, SigningKey::LoadOrCreate(AuditKeysDir(data_dir)));
  storage::AuditStoreOptions store_options;
  store_options.node_stride = options.node_stride;
  YG_ASSIGN_OR_RETURN(auto store, OpenLogStore(data_dir, options.store_url, store_options));
  if (options.queue_capacity == 0) options.queue_capacity = 1;
  auto log = std::make_unique<MerkleAuditLog>(std::shared_ptr<storage::AuditStore>(std::move(store)), std::move(key),
                                              std::move(lock), std::move(options));
  YG_RETURN_IF_ERROR(log->Start());
  return std::unique_ptr<AuditLog>(std::move(log));
}

Result<std::unique_ptr<storage::AuditStore>> OpenLogStore(const std::filesystem::path& data_dir,
                                                          const std::string& store_url,
                                                          const storage::AuditStoreOptions& options) {
  if (storage::IsPostgresUrl(store_url)) return storage::OpenPostgresAuditStore(store_url, options);
  return storage::OpenSqliteAuditStore(AuditDbPath(data_dir), options);
}

}  // namespace yungu::audit

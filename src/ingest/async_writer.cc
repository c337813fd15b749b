#include "ingest/async_writer.h"

namespace yungu::ingest {
namespace {
constexpr size_t kBatchRows = 2048;
constexpr size_t kMaxQueued = 8;  // bounds memory: at most ~16k rows in flight
}  // namespace

AsyncWriter::AsyncWriter(storage::VersionWriter& writer, size_t width, ConflictHandler on_conflict)
    : writer_(writer), width_(width), on_conflict_(std::move(on_conflict)), thread_([this] { Run(); }) {}

AsyncWriter::~AsyncWriter() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

Row& AsyncWriter::NextRow() {
  if (current_.used == current_.rows.size()) {
    current_.rows.emplace_back(width_);
    current_.lines.push_back(0);
  }
  Row& row = current_.rows[current_.used];
  row.resize(width_);
  return row;
}

Status AsyncWriter::Push(int64_t line) {
  current_.lines[current_.used++] = line;
  if (current_.used < kBatchRows) return Status::Ok();
  return Send();
}

Status AsyncWriter::ChangeColumnType(size_t column, ColumnType type) {
  YG_RETURN_IF_ERROR(Send());
  current_.column = column;
  current_.type = type;
  return Send();
}

Status AsyncWriter::Send() {
  if (current_.used == 0 && current_.column == static_cast<size_t>(-1)) return Failure();
  Batch next;
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return queue_.size() < kMaxQueued || !failure_.ok(); });
    if (!failure_.ok()) return failure_;
    queue_.push_back(std::move(current_));
    if (!free_.empty()) {
      next = std::move(free_.back());
      free_.pop_back();
    }
  }
  cv_.notify_all();
  next.used = 0;
  next.column = static_cast<size_t>(-1);
  current_ = std::move(next);
  return Status::Ok();
}

Status AsyncWriter::Failure() {
  std::lock_guard lock(mu_);
  return failure_;
}

Status AsyncWriter::Finish() {
  YG_RETURN_IF_ERROR(Send());
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return (queue_.empty() && idle_) || !failure_.ok(); });
  return failure_;
}

int64_t AsyncWriter::rows_written() const {
  std::lock_guard lock(mu_);
  return written_;
}

void AsyncWriter::Run() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (closing_) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      idle_ = false;
    }
    cv_.notify_all();  // room in the queue
    Status st;
    int64_t written = 0;
    if (batch.column != static_cast<size_t>(-1)) st = writer_.ChangeColumnType(batch.column, batch.type);
    for (size_t i = 0; st.ok() && i < batch.used; ++i) {
      Status row = writer_.Append(batch.rows[i]);
      if (row.code() == Code::kConflict) {
        st = on_conflict_(batch.lines[i], row);
      } else {
        st = row;
        if (st.ok()) ++written;
      }
    }
    {
      std::lock_guard lock(mu_);
      written_ += written;
      if (!st.ok() && failure_.ok()) failure_ = st;
      idle_ = true;
      if (free_.size() < kMaxQueued) free_.push_back(std::move(batch));
    }
    cv_.notify_all();
  }
}

}  // namespace yungu::ingest

// Masking on a second thread for exports: batches of rows are read and
// masked by a worker and handed over through a small bounded queue.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "query/masking_cursor.h"

namespace yungu::query {
namespace {

constexpr size_t kBatchRows = 512;
constexpr size_t kQueuedBatches = 4;

class BackgroundMaskingCursor final : public storage::RowCursor {
 public:
  BackgroundMaskingCursor(std::unique_ptr<storage::RowCursor> inner, std::shared_ptr<const privacy::Masker> masker)
      : columns_(inner->columns()), masker_(std::move(masker)) {
    worker_ = std::thread([this, cursor = std::move(inner)]() mutable { Produce(std::move(cursor)); });
  }

  ~BackgroundMaskingCursor() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  const std::vector<std::string>& columns() const override { return columns_; }

  Result<bool> Next(Row& row) override {
    if (position_ == current_.size()) {
      std::unique_lock lock(mu_);
      // The finished batch goes back to the worker with its rows' storage,
      // so neither thread allocates per row in steady state.
      if (!current_.empty()) spare_.push_back(std::move(current_));
      cv_.wait(lock, [&] { return !queue_.empty() || done_; });
      if (queue_.empty()) {
        if (!error_.ok()) return error_;
        return false;
      }
      current_ = std::move(queue_.front());
      queue_.pop_front();
      position_ = 0;
      cv_.notify_all();  // room for another batch
    }
    row.swap(current_[position_++]);
    return true;
  }

 private:
  void Produce(std::unique_ptr<storage::RowCursor> cursor) {
    Status failure;
    for (;;) {
      std::vector<Row> batch;
      {
        std::lock_guard lock(mu_);
        if (!spare_.empty()) {
          batch = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      batch.resize(kBatchRows);
      size_t n = 0;
      while (n < kBatchRows) {
        auto more = cursor->Next(batch[n]);
        if (!more.ok()) {
          failure = more.status();
          break;
        }
        if (!*more) break;
        masker_->Apply(batch[n]);
        ++n;
      }
      batch.resize(n);
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return queue_.size() < kQueuedBatches || stopping_; });
      if (stopping_) break;
      const bool last = n < kBatchRows || !failure.ok();
      if (n > 0) queue_.push_back(std::move(batch));
      if (last) {
        error_ = failure;
        done_ = true;
        cv_.notify_all();
        break;
      }
      cv_.notify_all();
    }
    cursor.reset();  // its read snapshot ends on the thread that used it
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  std::vector<std::string> columns_;
  std::shared_ptr<const privacy::Masker> masker_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Row>> queue_;
  std::vector<std::vector<Row>> spare_;  // consumed batches, for reuse
  bool done_ = false;
  bool stopping_ = false;
  Status error_;
  std::thread worker_;

  // The consumer's batch, touched only by the caller's thread.
  std::vector<Row> current_;
  size_t position_ = 0;
};

}  // namespace

std::unique_ptr<storage::RowCursor> WrapMaskingInBackground(std::unique_ptr<storage::RowCursor> inner,
                                                           std::shared_ptr<const privacy::Masker> masker) {
  return std::make_unique<BackgroundMaskingCursor>(std::move(inner), std::move(masker));
}

}  // namespace yungu::query

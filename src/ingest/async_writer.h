// Runs a VersionWriter on its own thread. The pipeline's thread reads,
// decodes and converts the next rows while this one hands the previous ones
// to the store: on two or more cores an import takes about the longer of the
// two halves instead of their sum.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "yungu/storage/store.h"

namespace yungu::ingest {

class AsyncWriter {
 public:
  // Called on the writer thread for a row the store refused as a conflict
  // (a duplicate key); returning non-ok stops the ingest.
  using ConflictHandler = std::function<Status(int64_t line, const Status& conflict)>;

  AsyncWriter(storage::VersionWriter& writer, size_t width, ConflictHandler on_conflict);
  ~AsyncWriter();  // stops the thread; rows not yet written are dropped

  // The row to fill next (reused storage). Commit it with Push(line).
  Row& NextRow();
  // Queues the row filled through NextRow(). Blocks while the queue is full;
  // returns the writer's failure, if it failed.
  Status Push(int64_t line);
  // Applies a type change after every row pushed so far.
  Status ChangeColumnType(size_t column, ColumnType type);
  // Waits for everything queued to be written; returns the first failure.
  Status Finish();
  int64_t rows_written() const;

 private:
  struct Batch {
    std::vector<Row> rows;
    std::vector<int64_t> lines;
    size_t used = 0;
    // A type change to apply before the rows, if column != npos.
    size_t column = static_cast<size_t>(-1);
    ColumnType type = ColumnType::kText;
  };

  Status Send();  // queues the current batch
  void Run();
  Status Failure();

  storage::VersionWriter& writer_;
  size_t width_;
  ConflictHandler on_conflict_;
  Batch current_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;
  std::vector<Batch> free_;
  bool closing_ = false;
  bool idle_ = true;
  Status failure_;
  int64_t written_ = 0;
  std::thread thread_;
};

}  // namespace yungu::ingest

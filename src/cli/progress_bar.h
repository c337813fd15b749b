// A one-line progress bar on stderr: percent of bytes, rows and rows/s.
#pragma once

#include <chrono>
#include <cstdint>

namespace yungu::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  void Update(uint64_t bytes, uint64_t total_bytes, int64_t rows);
  void Finish();

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace yungu::cli

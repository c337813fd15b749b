#include "cli/progress_bar.h"

#include <cstdio>
#include <string>

namespace yungu::cli {

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressBar::Update(uint64_t bytes, uint64_t total_bytes, int64_t rows) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  drawn_ = true;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? rows / seconds : 0;
  constexpr int kWidth = 30;
  double fraction = total_bytes ? static_cast<double>(bytes) / total_bytes : 0;
  if (fraction > 1) fraction = 1;
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar(filled, '#');
  bar += std::string(kWidth - filled, '.');
  std::fprintf(stderr, "\r[%s] %5.1f%%  %lld rows  %.0f rows/s   ", bar.c_str(), fraction * 100,
               static_cast<long long>(rows), rate);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\n");
}

}  // namespace yungu::cli

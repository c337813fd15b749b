// Times the steps of a backup, verification or restore and reports each as
// it ends.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "yungu/backup/manifest.h"

namespace yungu::backup {

class StepClock {
 public:
  StepClock(const StepCallback& on_step, std::vector<StepTime>& steps)
      : on_step_(on_step), steps_(steps), start_(Now()), step_start_(start_) {}

  // Ends the current step (begun at the previous End or at construction).
  void End(std::string name) {
    auto now = Now();
    StepTime t{std::move(name), std::chrono::duration<double>(now - step_start_).count()};
    step_start_ = now;
    steps_.push_back(t);
    if (on_step_) on_step_(t);
  }
  // Starts the next step now (time spent since the last End is not counted).
  void Restart() { step_start_ = Now(); }
  double Total() const { return std::chrono::duration<double>(Now() - start_).count(); }

 private:
  static std::chrono::steady_clock::time_point Now() { return std::chrono::steady_clock::now(); }
  const StepCallback& on_step_;
  std::vector<StepTime>& steps_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point step_start_;
};

}  // namespace yungu::backup

#include "privacy/lattice.h"

#include <utility>

namespace yungu::privacy::internal {

Lattice::Lattice(std::vector<int> heights) : heights_(std::move(heights)) {
  strides_.resize(heights_.size());
  for (size_t q = 0; q < heights_.size(); ++q) {
    strides_[q] = size_;
    size_ *= static_cast<uint32_t>(heights_[q] + 1);
    max_height_ += heights_[q];
  }
  // Heights by counting up in mixed radix: each increment carries through
  // the digits that wrap to zero.
  node_height_.resize(size_);
  std::vector<int> digits(heights_.size(), 0);
  int h = 0;
  for (uint32_t node = 0; node < size_; ++node) {
    node_height_[node] = static_cast<uint32_t>(h);
    for (size_t q = 0; q < digits.size(); ++q) {
      if (digits[q] < heights_[q]) {
        ++digits[q];
        ++h;
        break;
      }
      h -= digits[q];
      digits[q] = 0;
    }
  }
  offsets_.assign(max_height_ + 2, 0);
  for (uint32_t node = 0; node < size_; ++node) ++offsets_[node_height_[node] + 1];
  for (int i = 1; i < max_height_ + 2; ++i) offsets_[i] += offsets_[i - 1];
  by_height_.resize(size_);
  std::vector<uint32_t> next(offsets_.begin(), offsets_.end() - 1);
  for (uint32_t node = 0; node < size_; ++node) by_height_[next[node_height_[node]]++] = node;
}

void Lattice::Levels(uint32_t node, std::span<int> out) const {
  for (size_t q = 0; q < heights_.size(); ++q) {
    const uint32_t radix = static_cast<uint32_t>(heights_[q] + 1);
    out[q] = static_cast<int>(node % radix);
    node /= radix;
  }
}

uint32_t Lattice::Node(std::span<const int> levels) const {
  uint32_t node = 0;
  for (size_t q = 0; q < heights_.size(); ++q) node += static_cast<uint32_t>(levels[q]) * strides_[q];
  return node;
}

bool Lattice::Generalizes(uint32_t general, uint32_t specific) const {
  for (size_t q = 0; q < heights_.size(); ++q) {
    const uint32_t radix = static_cast<uint32_t>(heights_[q] + 1);
    if (general % radix < specific % radix) return false;
    general /= radix;
    specific /= radix;
  }
  return true;
}

}  // namespace yungu::privacy::internal

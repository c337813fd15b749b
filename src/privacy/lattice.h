// The generalisation lattice: one node per transformation (a level for each
// quasi-identifier), numbered in mixed radix so that generalising
// quasi-identifier q by one level adds stride(q) to the node id.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace yungu::privacy::internal {

class Lattice {
 public:
  // `heights[q]`: the highest level of quasi-identifier q. The caller bounds
  // the product of (height + 1) (see kMaxLatticeSize).
  explicit Lattice(std::vector<int> heights);

  uint32_t size() const { return size_; }
  int dimensions() const { return static_cast<int>(heights_.size()); }
  int max_height() const { return max_height_; }  // height of the top node
  int height(int q) const { return heights_[q]; }
  uint32_t stride(int q) const { return strides_[q]; }

  int Level(uint32_t node, int q) const { return static_cast<int>((node / strides_[q]) % (heights_[q] + 1)); }
  void Levels(uint32_t node, std::span<int> out) const;
  uint32_t Node(std::span<const int> levels) const;
  // Sum of the levels: the node's distance from the bottom.
  int Height(uint32_t node) const { return static_cast<int>(node_height_[node]); }
  // True when `general` is `specific` or a generalisation of it.
  bool Generalizes(uint32_t general, uint32_t specific) const;

  // Nodes of one height, in ascending id order.
  std::span<const uint32_t> NodesAtHeight(int h) const {
    return {by_height_.data() + offsets_[h], by_height_.data() + offsets_[h + 1]};
  }

 private:
  std::vector<int> heights_;
  std::vector<uint32_t> strides_;
  uint32_t size_ = 1;
  int max_height_ = 0;
  std::vector<uint32_t> node_height_;
  std::vector<uint32_t> by_height_;
  std::vector<uint32_t> offsets_;  // max_height_ + 2 entries
};

}  // namespace yungu::privacy::internal

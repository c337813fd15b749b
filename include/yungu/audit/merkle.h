// The Merkle tree of RFC 6962 / RFC 9162 §2.1 over the log's entries:
//   leaf hash   = SHA-256(0x00 || entry)
//   node hash   = SHA-256(0x01 || left || right)
//   MTH(D[n])   = the hash of the tree whose left subtree holds the first k
//                 entries, k the largest power of two below n.
// Inclusion proofs (audit paths, §2.1.1) and consistency proofs (§2.1.2)
// are built from a function giving MTH of any range of the log, so they work
// on stored node hashes and on leaves in memory alike.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::audit {

using Hash = std::array<uint8_t, 32>;

Hash Sha256(std::string_view bytes);
Hash LeafHash(std::string_view entry);
Hash NodeHash(const Hash& left, const Hash& right);
Hash EmptyRoot();  // MTH of no entries: SHA-256 of nothing

std::string_view HashBytes(const Hash& hash);  // the 32 raw bytes
std::optional<Hash> HashFromBytes(std::string_view bytes);
std::string ToHex(std::string_view bytes);
std::string ToHex(const Hash& hash);
std::string ToBase64(std::string_view bytes);
std::string ToBase64(const Hash& hash);
std::optional<std::string> FromBase64(std::string_view text);

// The largest power of two strictly below n (n >= 2).
int64_t SplitPoint(int64_t n);

// MTH(D[begin:end]) of the log the proof is about.
using RangeHash = std::function<Result<Hash>(int64_t begin, int64_t end)>;

// PATH(index, D[size]): the audit path of entry `index` in the tree of `size`
// entries, from the leaf's sibling upwards.
Result<std::vector<Hash>> InclusionProof(int64_t index, int64_t size, const RangeHash& mth);
// PROOF(first, D[second]): shows the tree of `first` entries is a prefix of
// the tree of `second` entries. Empty when first is 0 or first == second.
Result<std::vector<Hash>> ConsistencyProof(int64_t first, int64_t second, const RangeHash& mth);

// RFC 9162 §2.1.3.2: the root an audit path leads to, or nullopt when the
// path has the wrong shape for (index, size).
std::optional<Hash> RootFromInclusionProof(int64_t index, int64_t size, const Hash& leaf_hash,
                                           const std::vector<Hash>& proof);
bool VerifyInclusion(int64_t index, int64_t size, const Hash& leaf_hash, const std::vector<Hash>& proof,
                     const Hash& root);
// RFC 9162 §2.1.4.2. first == second needs an empty proof and equal roots;
// first == 0 (the empty tree) is a prefix of every tree.
bool VerifyConsistency(int64_t first, int64_t second, const Hash& first_root, const Hash& second_root,
                       const std::vector<Hash>& proof);

// MTH of leaf hashes held in memory.
Hash RootOfLeaves(std::span<const Hash> leaves);

}  // namespace yungu::audit

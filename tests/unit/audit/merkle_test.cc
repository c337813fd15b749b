// The Merkle tree against RFC 6962's published test vectors and against a
// second, deliberately naive implementation of the RFC's recursive
// definitions (MTH, PATH, PROOF) written here from the text.
#include <gtest/gtest.h>
#include <sodium.h>

#include <bit>
#include <string>
#include <vector>

#include "yungu/audit/compact_range.h"
#include "yungu/audit/merkle.h"

namespace yungu::audit {
namespace {

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// The eight inputs Certificate Transparency implementations test with.
std::vector<std::string> ReferenceInputs() {
  return {Unhex(""),         Unhex("00"),       Unhex("10"),
          Unhex("2021"),     Unhex("3031"),     Unhex("40414243"),
          Unhex("5051525354555657"), Unhex("606162636465666768696a6b6c6d6e6f")};
}

// --- the naive reference: byte strings and the RFC's recursion, nothing shared

std::string RefSha(const std::string& bytes) {
  unsigned char out[32];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return std::string(reinterpret_cast<char*>(out), 32);
}

size_t RefK(size_t n) {  // largest power of two < n
  size_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

std::string RefMth(const std::vector<std::string>& d, size_t begin, size_t end) {
  size_t n = end - begin;
  if (n == 0) return RefSha("");
  if (n == 1) return RefSha(std::string(1, '\0') + d[begin]);
  size_t k = RefK(n);
  return RefSha(std::string(1, '\1') + RefMth(d, begin, begin + k) + RefMth(d, begin + k, end));
}

std::vector<std::string> RefPath(size_t m, const std::vector<std::string>& d, size_t begin, size_t end) {
  size_t n = end - begin;
  if (n <= 1) return {};
  size_t k = RefK(n);
  std::vector<std::string> out;
  if (m < k) {
    out = RefPath(m, d, begin, begin + k);
    out.push_back(RefMth(d, begin + k, end));
  } else {
    out = RefPath(m - k, d, begin + k, end);
    out.push_back(RefMth(d, begin, begin + k));
  }
  return out;
}

std::vector<std::string> RefSubproof(size_t m, const std::vector<std::string>& d, size_t begin, size_t end, bool b) {
  size_t n = end - begin;
  if (m == n) return b ? std::vector<std::string>{} : std::vector<std::string>{RefMth(d, begin, end)};
  size_t k = RefK(n);
  std::vector<std::string> out;
  if (m <= k) {
    out = RefSubproof(m, d, begin, begin + k, b);
    out.push_back(RefMth(d, begin + k, end));
  } else {
    out = RefSubproof(m - k, d, begin + k, end, false);
    out.push_back(RefMth(d, begin, begin + k));
  }
  return out;
}

// --- helpers for the implementation under test

std::vector<std::string> Inputs(size_t n) {
  std::vector<std::string> d;
  for (size_t i = 0; i < n; ++i) d.push_back("entry #" + std::to_string(i) + std::string(i % 7, 'x'));
  return d;
}

std::vector<Hash> Leaves(const std::vector<std::string>& d) {
  std::vector<Hash> out;
  for (const auto& e : d) out.push_back(LeafHash(e));
  return out;
}

RangeHash InMemory(const std::vector<Hash>& leaves) {
  return [&leaves](int64_t begin, int64_t end) -> Result<Hash> {
    return RootOfLeaves(std::span<const Hash>(leaves).subspan(static_cast<size_t>(begin),
                                                                static_cast<size_t>(end - begin)));
  };
}

std::vector<std::string> AsBytes(const std::vector<Hash>& hashes) {
  std::vector<std::string> out;
  for (const auto& h : hashes) out.emplace_back(HashBytes(h));
  return out;
}

TEST(Merkle, EmptyTreeAndSingleLeafFollowTheDefinitions) {
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // SHA-256 of the single byte 0x00 (the leaf hash of the empty entry).
  EXPECT_EQ(ToHex(LeafHash("")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(ToHex(RootOfLeaves({})), ToHex(EmptyRoot()));
}

TEST(Merkle, RootsMatchRfc6962TestVectors) {
  const char* kRoots[] = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  auto inputs = ReferenceInputs();
  auto leaves = Leaves(inputs);
  CompactRange range;
  for (size_t n = 1; n <= 8; ++n) {
    range.Append(leaves[n - 1]);
    std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<long>(n));
    EXPECT_EQ(ToHex(RootOfLeaves(prefix)), kRoots[n - 1]) << n << " leaves";
    EXPECT_EQ(ToHex(range.Root()), kRoots[n - 1]) << n << " leaves, compact range";
  }
}

TEST(Merkle, InclusionProofsMatchRfc6962TestVectors) {
  auto leaves = Leaves(ReferenceInputs());
  auto proof0 = InclusionProof(0, 8, InMemory(leaves));
  ASSERT_TRUE(proof0.ok());
  ASSERT_EQ(proof0->size(), 3u);
  EXPECT_EQ(ToHex((*proof0)[0]), "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  EXPECT_EQ(ToHex((*proof0)[1]), "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  EXPECT_EQ(ToHex((*proof0)[2]), "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
  auto proof5 = InclusionProof(5, 8, InMemory(leaves));
  ASSERT_TRUE(proof5.ok());
  ASSERT_EQ(proof5->size(), 3u);
  EXPECT_EQ(ToHex((*proof5)[0]), "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  EXPECT_EQ(ToHex((*proof5)[1]), "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0");
  EXPECT_EQ(ToHex((*proof5)[2]), "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
}

TEST(Merkle, RootsAgreeWithTheNaiveDefinitionUpTo130Leaves) {
  auto d = Inputs(130);
  auto leaves = Leaves(d);
  CompactRange range;
  for (size_t n = 0; n <= d.size(); ++n) {
    std::string expected = RefMth(d, 0, n);
    std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<long>(n));
    ASSERT_EQ(HashBytes(RootOfLeaves(prefix)), expected) << n;
    ASSERT_EQ(HashBytes(range.Root()), expected) << n;
    if (n < d.size()) range.Append(leaves[n]);
  }
}

TEST(Merkle, CompactRangeReportsEveryCompletedSubtree) {
  auto d = Inputs(70);
  auto leaves = Leaves(d);
  CompactRange range;
  int completed = 0;
  for (size_t i = 0; i < leaves.size(); ++i) {
    range.Append(leaves[i], [&](int level, int64_t index, const Hash& h) {
      ++completed;
      size_t width = size_t{1} << level;
      size_t begin = static_cast<size_t>(index) * width;
      EXPECT_EQ(begin + width, i + 1) << "a subtree completes with its last leaf";
      EXPECT_EQ(HashBytes(h), RefMth(d, begin, begin + width)) << "level " << level << " index " << index;
    });
    EXPECT_EQ(range.hashes().size(), static_cast<size_t>(std::popcount(static_cast<uint64_t>(range.size()))));
  }
  EXPECT_EQ(completed, 70 - 1 - 2);  // n - popcount(n) internal nodes of complete subtrees (70 = 64+4+2)
}

TEST(Merkle, CompactRangeFromHashesResumesAppending) {
  auto leaves = Leaves(Inputs(45));
  CompactRange whole;
  for (size_t i = 0; i < 21; ++i) whole.Append(leaves[i]);
  auto resumed = CompactRange::FromHashes(21, whole.hashes());
  ASSERT_TRUE(resumed.ok());
  for (size_t i = 21; i < leaves.size(); ++i) {
    whole.Append(leaves[i]);
    resumed->Append(leaves[i]);
  }
  EXPECT_EQ(resumed->Root(), whole.Root());
  EXPECT_FALSE(CompactRange::FromHashes(21, {}).ok()) << "21 = 16+4+1 needs three subtree hashes";
}

TEST(Merkle, EveryInclusionProofUpTo64MatchesTheRfcAndVerifies) {
  auto d = Inputs(64);
  auto leaves = Leaves(d);
  for (int64_t n = 1; n <= 64; ++n) {
    Hash root = RootOfLeaves(std::span<const Hash>(leaves).subspan(0, static_cast<size_t>(n)));
    for (int64_t m = 0; m < n; ++m) {
      auto proof = InclusionProof(m, n, InMemory(leaves));
      ASSERT_TRUE(proof.ok()) << m << "/" << n;
      ASSERT_EQ(AsBytes(*proof), RefPath(static_cast<size_t>(m), d, 0, static_cast<size_t>(n))) << m << "/" << n;
      ASSERT_TRUE(VerifyInclusion(m, n, leaves[static_cast<size_t>(m)], *proof, root)) << m << "/" << n;
    }
  }
}

TEST(Merkle, WrongInclusionProofsAreRejected) {
  auto leaves = Leaves(Inputs(64));
  for (int64_t n = 1; n <= 64; n += 3) {
    Hash root = RootOfLeaves(std::span<const Hash>(leaves).subspan(0, static_cast<size_t>(n)));
    for (int64_t m = 0; m < n; ++m) {
      auto proof = *InclusionProof(m, n, InMemory(leaves));
      const Hash& leaf = leaves[static_cast<size_t>(m)];
      // Another leaf, another index, another root. (Another size may share
      // the path's shape: the size only steers the walk; the root decides.)
      EXPECT_FALSE(VerifyInclusion(m, n, leaves[static_cast<size_t>((m + 1) % 64)], proof, root));
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((m + 1) % n, n, leaf, proof, root)) << m << "/" << n;
      }
      EXPECT_FALSE(VerifyInclusion(m, n, leaf, proof, LeafHash("not the root")));
      EXPECT_FALSE(VerifyInclusion(n, n, leaf, proof, root)) << "index past the end";
      // Each element flipped, one element missing, one too many.
      for (size_t i = 0; i < proof.size(); ++i) {
        auto bad = proof;
        bad[i][i % 32] ^= 0x01;
        EXPECT_FALSE(VerifyInclusion(m, n, leaf, bad, root)) << m << "/" << n << " element " << i;
      }
      if (!proof.empty()) {
        auto shorter = proof;
        shorter.pop_back();
        EXPECT_FALSE(VerifyInclusion(m, n, leaf, shorter, root));
      }
      auto longer = proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(m, n, leaf, longer, root));
    }
  }
}

TEST(Merkle, EveryConsistencyProofUpTo64MatchesTheRfcAndVerifies) {
  auto d = Inputs(64);
  auto leaves = Leaves(d);
  std::vector<Hash> roots;
  for (size_t n = 0; n <= 64; ++n) roots.push_back(RootOfLeaves(std::span<const Hash>(leaves).subspan(0, n)));
  for (int64_t n = 1; n <= 64; ++n) {
    for (int64_t m = 0; m <= n; ++m) {
      auto proof = ConsistencyProof(m, n, InMemory(leaves));
      ASSERT_TRUE(proof.ok()) << m << "/" << n;
      if (m == 0 || m == n) {
        EXPECT_TRUE(proof->empty());
      } else {
        ASSERT_EQ(AsBytes(*proof), RefSubproof(static_cast<size_t>(m), d, 0, static_cast<size_t>(n), true))
            << m << "/" << n;
      }
      ASSERT_TRUE(VerifyConsistency(m, n, roots[static_cast<size_t>(m)], roots[static_cast<size_t>(n)], *proof))
          << m << "/" << n;
    }
  }
}

TEST(Merkle, WrongConsistencyProofsAreRejected) {
  auto leaves = Leaves(Inputs(64));
  std::vector<Hash> roots;
  for (size_t n = 0; n <= 64; ++n) roots.push_back(RootOfLeaves(std::span<const Hash>(leaves).subspan(0, n)));
  // A different history of the same sizes.
  auto other_leaves = leaves;
  other_leaves[3] = LeafHash("rewritten");
  for (int64_t n = 2; n <= 64; ++n) {
    for (int64_t m = 1; m < n; ++m) {
      auto proof = *ConsistencyProof(m, n, InMemory(leaves));
      const Hash& first = roots[static_cast<size_t>(m)];
      const Hash& second = roots[static_cast<size_t>(n)];
      EXPECT_FALSE(VerifyConsistency(m, n, second, first, proof)) << m << "/" << n;
      EXPECT_FALSE(VerifyConsistency(m, n, first, roots[static_cast<size_t>(n - 1)], proof)) << m << "/" << n;
      if (m > 3) {
        Hash rewritten = RootOfLeaves(std::span<const Hash>(other_leaves).subspan(0, static_cast<size_t>(m)));
        EXPECT_FALSE(VerifyConsistency(m, n, rewritten, second, proof)) << "a rewritten prefix, " << m << "/" << n;
      }
      if (m + 1 < n) {
        EXPECT_FALSE(VerifyConsistency(m + 1, n, first, second, proof)) << m << "/" << n;
      }
      for (size_t i = 0; i < proof.size(); ++i) {
        auto bad = proof;
        bad[i][31 - i % 32] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(m, n, first, second, bad)) << m << "/" << n << " element " << i;
      }
      auto shorter = proof;
      shorter.pop_back();
      EXPECT_FALSE(VerifyConsistency(m, n, first, second, shorter)) << m << "/" << n;
      auto longer = proof;
      longer.push_back(first);
      EXPECT_FALSE(VerifyConsistency(m, n, first, second, longer)) << m << "/" << n;
    }
  }
  EXPECT_FALSE(VerifyConsistency(5, 5, roots[5], roots[4], {})) << "same size, different roots";
  EXPECT_FALSE(VerifyConsistency(6, 5, roots[6], roots[5], {})) << "shrinking";
}

TEST(Merkle, ProofRangesOutsideTheTreeAreErrors) {
  auto leaves = Leaves(Inputs(8));
  EXPECT_EQ(InclusionProof(8, 8, InMemory(leaves)).status().error_code(), "audit.bad_proof_range");
  EXPECT_EQ(InclusionProof(-1, 8, InMemory(leaves)).status().error_code(), "audit.bad_proof_range");
  EXPECT_EQ(InclusionProof(0, 0, InMemory(leaves)).status().error_code(), "audit.bad_proof_range");
  EXPECT_EQ(ConsistencyProof(5, 4, InMemory(leaves)).status().error_code(), "audit.bad_proof_range");
}

TEST(Merkle, Base64AndHexRoundTrip) {
  Hash h = LeafHash("x");
  auto back = FromBase64(ToBase64(h));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, HashBytes(h));
  EXPECT_FALSE(FromBase64("not base64!").has_value());
  EXPECT_EQ(ToHex(std::string_view("\x01\xab", 2)), "01ab");
}

}  // namespace
}  // namespace yungu::audit

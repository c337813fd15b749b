#include "yungu/audit/merkle.h"

#include <sodium.h>

#include <cstring>

namespace yungu::audit {

Hash Sha256(std::string_view bytes) {
  Hash out;
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return out;
}

Hash LeafHash(std::string_view entry) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  const unsigned char prefix = 0x00;
  crypto_hash_sha256_update(&st, &prefix, 1);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(entry.data()), entry.size());
  Hash out;
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

Hash NodeHash(const Hash& left, const Hash& right) {
  unsigned char buf[65];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), 32);
  std::memcpy(buf + 33, right.data(), 32);
  Hash out;
  crypto_hash_sha256(out.data(), buf, sizeof buf);
  return out;
}

Hash EmptyRoot() { return Sha256(""); }

std::string_view HashBytes(const Hash& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

std::optional<Hash> HashFromBytes(std::string_view bytes) {
  if (bytes.size() != 32) return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

std::string ToHex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string ToHex(const Hash& hash) { return ToHex(HashBytes(hash)); }

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string ToBase64(const Hash& hash) { return ToBase64(HashBytes(hash)); }

std::optional<std::string> FromBase64(std::string_view text) {
  std::string bin(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  bin.resize(len);
  return bin;
}

int64_t SplitPoint(int64_t n) {
  int64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

namespace {

// PATH(m, D[begin:end]) with m relative to begin (RFC 6962 §2.1.1).
Status AuditPath(int64_t m, int64_t begin, int64_t end, const RangeHash& mth, std::vector<Hash>& out) {
  int64_t n = end - begin;
  if (n <= 1) return Status::Ok();
  int64_t k = SplitPoint(n);
  if (m < k) {
    YG_RETURN_IF_ERROR(AuditPath(m, begin, begin + k, mth, out));
    YG_ASSIGN_OR_RETURN(Hash right, mth(begin + k, end));
    out.push_back(right);
  } else {
    YG_RETURN_IF_ERROR(AuditPath(m - k, begin + k, end, mth, out));
    YG_ASSIGN_OR_RETURN(Hash left, mth(begin, begin + k));
    out.push_back(left);
  }
  return Status::Ok();
}

// SUBPROOF(m, D[begin:end], complete) (RFC 6962 §2.1.2).
Status SubProof(int64_t m, int64_t begin, int64_t end, bool complete, const RangeHash& mth, std::vector<Hash>& out) {
  int64_t n = end - begin;
  if (m == n) {
    if (!complete) {
      YG_ASSIGN_OR_RETURN(Hash whole, mth(begin, end));
      out.push_back(whole);
    }
    return Status::Ok();
  }
  int64_t k = SplitPoint(n);
  if (m <= k) {
    YG_RETURN_IF_ERROR(SubProof(m, begin, begin + k, complete, mth, out));
    YG_ASSIGN_OR_RETURN(Hash right, mth(begin + k, end));
    out.push_back(right);
  } else {
    YG_RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, mth, out));
    YG_ASSIGN_OR_RETURN(Hash left, mth(begin, begin + k));
    out.push_back(left);
  }
  return Status::Ok();
}

bool Lsb(int64_t v) { return (v & 1) != 0; }

}  // namespace

Result<std::vector<Hash>> InclusionProof(int64_t index, int64_t size, const RangeHash& mth) {
  if (size <= 0 || index < 0 || index >= size) {
    return InvalidArgument("audit.bad_proof_range", "an inclusion proof needs 0 <= index < size (index " +
                                                        std::to_string(index) + ", size " + std::to_string(size) +
                                                        ")");
  }
  std::vector<Hash> out;
  YG_RETURN_IF_ERROR(AuditPath(index, 0, size, mth, out));
  return out;
}

Result<std::vector<Hash>> ConsistencyProof(int64_t first, int64_t second, const RangeHash& mth) {
  if (first < 0 || second < first) {
    return InvalidArgument("audit.bad_proof_range", "a consistency proof needs 0 <= first <= second (first " +
                                                        std::to_string(first) + ", second " + std::to_string(second) +
                                                        ")");
  }
  std::vector<Hash> out;
  if (first == 0 || first == second) return out;
  YG_RETURN_IF_ERROR(SubProof(first, 0, second, true, mth, out));
  return out;
}

std::optional<Hash> RootFromInclusionProof(int64_t index, int64_t size, const Hash& leaf_hash,
                                           const std::vector<Hash>& proof) {
  if (index < 0 || size <= 0 || index >= size) return std::nullopt;
  int64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return std::nullopt;
    if (Lsb(fn) || fn == sn) {
      r = NodeHash(p, r);
      if (!Lsb(fn)) {
        while (!Lsb(fn) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return std::nullopt;
  return r;
}

bool VerifyInclusion(int64_t index, int64_t size, const Hash& leaf_hash, const std::vector<Hash>& proof,
                     const Hash& root) {
  auto computed = RootFromInclusionProof(index, size, leaf_hash, proof);
  return computed && *computed == root;
}

bool VerifyConsistency(int64_t first, int64_t second, const Hash& first_root, const Hash& second_root,
                       const std::vector<Hash>& proof) {
  if (first < 0 || second < first) return false;
  if (first == second) return proof.empty() && first_root == second_root;
  if (first == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  // A power-of-two first tree is a complete subtree: its root starts the path.
  if ((first & (first - 1)) == 0) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  int64_t fn = first - 1, sn = second - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if (Lsb(fn) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!Lsb(fn)) {
        while (!Lsb(fn) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == first_root && sr == second_root;
}

Hash RootOfLeaves(std::span<const Hash> leaves) {
  if (leaves.empty()) return EmptyRoot();
  if (leaves.size() == 1) return leaves[0];
  size_t k = static_cast<size_t>(SplitPoint(static_cast<int64_t>(leaves.size())));
  return NodeHash(RootOfLeaves(leaves.subspan(0, k)), RootOfLeaves(leaves.subspan(k)));
}

}  // namespace yungu::audit

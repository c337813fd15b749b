// Randomized robustness test for the multipart parser: fixed-seed generated
// and mutated bodies and Content-Type values; asserts invariants only.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "yungu/core/multipart.h"

namespace yungu::multipart {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBoundary = "XyZ-b0undary";

const std::vector<std::string>& Atoms() {
  static const std::vector<std::string> atoms = {
      "--XyZ-b0undary\r\n",
      "--XyZ-b0undary--\r\n",
      "--XyZ-b0undary--",
      "--XyZ-b0undary",
      "--XyZ-b0und",
      "\r\n--XyZ-b0undary",
      "--XyZ-b0undaryX\r\n",
      "-XyZ-b0undary\r\n",
      "Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n",
      "Content-Disposition: form-data; name=\"mode\"\r\n",
      "Content-Disposition: form-data; name=\"x\"; filename*=UTF-8''%E4%B8%AD.csv\r\n",
      "Content-Disposition: form-data; name=\"unterminated\r\n",
      "Content-Disposition: attachment\r\n",
      "Content-Disposition: form-data; filename=\"../../etc/passwd\"\r\n",
      "Content-Disposition: form-data; name=\"a\"; filename=\"C:\\\\x\\\\y.csv\"\r\n",
      "Content-Type: text/csv\r\n",
      "X-Other: \x01\x02\r\n",
      "no colon header\r\n",
      "\r\n",
      "\r\n\r\n",
      "\n",
      "\r",
      "a,b\r\n1,2\r\n",
      "\xE4\xB8\xAD\xE6\x96\x87",
      "\xFF\xFE\x00",
      std::string("\0\0", 2),
      "\"",
      ";",
      "=",
  };
  return atoms;
}

std::string WellFormed(std::mt19937_64& rng) {
  std::string body = (rng() % 3 == 0) ? "preamble\r\n" : "";
  const size_t parts = 1 + rng() % 4;
  for (size_t i = 0; i < parts; ++i) {
    body += "--XyZ-b0undary\r\nContent-Disposition: form-data; name=\"p" + std::to_string(i) + "\"";
    if (rng() % 2) body += "; filename=\"f" + std::to_string(i) + ".csv\"\r\nContent-Type: text/csv";
    body += "\r\n\r\n";
    body.append(rng() % 200, static_cast<char>('a' + rng() % 26));
    body += "\r\n";
  }
  body += "--XyZ-b0undary--\r\n";
  return body;
}

std::string RandomBody(std::mt19937_64& rng) {
  const auto& atoms = Atoms();
  std::string out;
  const size_t n = rng() % 60;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t r = rng() % 100;
    if (r < 3) {
      out.append(rng() % 70000, static_cast<char>(rng() % 2 ? '-' : 'x'));  // crosses chunk edges
    } else if (r < 6) {
      out.push_back(static_cast<char>(rng() & 0xFF));
    } else {
      out += atoms[rng() % atoms.size()];
    }
  }
  return out;
}

std::string Mutate(std::string s, std::mt19937_64& rng) {
  const size_t edits = 1 + rng() % 6;
  for (size_t e = 0; e < edits; ++e) {
    if (s.empty()) {
      s = Atoms()[rng() % Atoms().size()];
      continue;
    }
    const size_t at = rng() % s.size();
    switch (rng() % 5) {
      case 0:
        s.resize(at);  // truncated upload
        break;
      case 1:
        s[at] = static_cast<char>(rng() & 0xFF);
        break;
      case 2:
        s.insert(at, Atoms()[rng() % Atoms().size()]);
        break;
      case 3:
        s.erase(at, rng() % 20);
        break;
      default:
        s.insert(at, s.substr(at, rng() % 100));
        break;
    }
  }
  return s;
}

class MultipartFuzzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu-mpfuzz-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(MultipartFuzzTest, RandomBodiesKeepInvariants) {
  std::mt19937_64 rng(1234567);
  const std::set<std::string> scan_codes = {"multipart.malformed", "multipart.too_many_parts", "multipart.io"};
  const std::set<std::string> read_codes = {"multipart.part_too_large", "multipart.io"};
  const fs::path file = dir_ / "body";
  const fs::path copy = dir_ / "copy";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int runs = 0;
  int ok_scans = 0;
  for (; runs < 3000 && std::chrono::steady_clock::now() < deadline; ++runs) {
    SCOPED_TRACE("run " + std::to_string(runs));
    std::string body;
    switch (rng() % 3) {
      case 0:
        body = WellFormed(rng);
        break;
      case 1:
        body = Mutate(WellFormed(rng), rng);
        break;
      default:
        body = RandomBody(rng);
        break;
    }
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out.write(body.data(), static_cast<std::streamsize>(body.size()));
    }
    auto parts = ScanMultipartFile(file, kBoundary);
    if (!parts.ok()) {
      EXPECT_TRUE(scan_codes.count(parts.status().error_code())) << parts.status().ToString();
      continue;
    }
    ++ok_scans;
    uint64_t previous_end = 0;
    for (const Part& part : *parts) {
      ASSERT_LE(part.offset, body.size());
      ASSERT_LE(part.length, body.size() - part.offset);
      EXPECT_GE(part.offset, previous_end);  // in order, not overlapping
      previous_end = part.offset + part.length;
      EXPECT_EQ(part.filename.find('/'), std::string::npos) << part.filename;
      EXPECT_EQ(part.filename.find('\\'), std::string::npos) << part.filename;
      auto text = ReadPart(file, part, 1 << 20);
      if (text.ok()) {
        EXPECT_EQ(*text, body.substr(part.offset, part.length));
      } else {
        EXPECT_TRUE(read_codes.count(text.status().error_code())) << text.status().ToString();
      }
      auto small = ReadPart(file, part, 16);
      if (!small.ok()) {
        EXPECT_TRUE(read_codes.count(small.status().error_code()));
      }
      Status copied = CopyPartToFile(file, part, copy);
      EXPECT_TRUE(copied.ok()) << copied.ToString();
      if (copied.ok()) {
        EXPECT_EQ(fs::file_size(copy), part.length);
      }
    }
  }
  EXPECT_GT(runs, 300);
  EXPECT_GT(ok_scans, 50);
}

TEST(MultipartFuzzBoundary, RandomContentTypes) {
  std::mt19937_64 rng(99);
  const std::vector<std::string> pieces = {"multipart/form-data", "Multipart/Mixed", "text/plain", ";", " ", "\t",
                                           "boundary=", "BOUNDARY=", "\"", "\\", "abc", "=", "\x01", "\x7F",
                                           "\xE4\xB8\xAD", std::string(80, 'b'), "charset=utf-8", ","};
  for (int i = 0; i < 5000; ++i) {
    std::string value;
    const size_t n = rng() % 12;
    for (size_t k = 0; k < n; ++k) value += pieces[rng() % pieces.size()];
    auto boundary = BoundaryFromContentType(value);
    if (!boundary.ok()) {
      EXPECT_EQ(boundary.status().error_code(), "multipart.no_boundary") << value;
      continue;
    }
    EXPECT_FALSE(boundary->empty()) << value;
    EXPECT_LE(boundary->size(), 70u) << value;
    for (unsigned char c : *boundary) EXPECT_GE(c, 0x20) << value;
  }
}

}  // namespace
}  // namespace yungu::multipart

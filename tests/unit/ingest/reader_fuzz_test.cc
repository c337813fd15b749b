// Randomized robustness test for the CSV/TSV reader (through OpenReader):
// fixed-seed generated and mutated inputs; asserts invariants only.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ingest_test_util.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest {
namespace {

using testing::ScratchDir;

const std::set<std::string>& FatalCodes() {
  static const std::set<std::string> codes = {
      "ingest.file_not_found", "ingest.io_error",   "ingest.unsupported_encoding", "ingest.unsupported_format",
      "ingest.empty_file",     "ingest.bad_header", "ingest.bad_option",           "csv.unterminated_quote"};
  return codes;
}

const std::set<std::string>& RecordCodes() {
  static const std::set<std::string> codes = {"ingest.invalid_utf8", "ingest.field_too_large",
                                              "ingest.record_too_large"};
  return codes;
}

// Pieces CSV inputs are built from: the bytes readers find hard.
const std::vector<std::string>& Atoms() {
  static const std::vector<std::string> atoms = {
      "a", "bc", "123", "-4.5", "", ",", ",", ";", "\t", "|", "\"", "\"\"", "\"x\"", "\"a,b\"", "\"multi\nline\"",
      "\n", "\r\n", "\r", "\n\n", "\r\r\n", " ", "  spaced  ", "\xEF\xBB\xBF",  // BOM
      "\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87",                                     // é 中文
      "\xD6\xD0\xCE\xC4",                                                         // GBK 中文
      "\xB1\xB1\xBE\xA9",                                                         // GBK 北京
      "\xFF", "\xFE", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8",  // invalid / truncated UTF-8
      std::string("\0", 1), "\x01", "\x1A", "\"\r\n\"", "\"\"\"", "x\"y", "\xFF\xFE", "\xFE\xFF"};
  return atoms;
}

std::string RandomCsv(std::mt19937_64& rng) {
  const auto& atoms = Atoms();
  std::uniform_int_distribution<size_t> pick(0, atoms.size() - 1);
  std::string out;
  // Usually start with a plausible header so the reader gets past it.
  if (rng() % 4 != 0) out = (rng() % 2) ? "id,name,note\n" : "a;b\r\n";
  const size_t n = rng() % 120;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t r = rng() % 100;
    if (r < 2) {
      out.append(static_cast<size_t>(rng() % 5000), static_cast<char>('a' + rng() % 26));  // long field
    } else if (r < 4) {
      out.push_back(static_cast<char>(rng() & 0xFF));  // any byte
    } else {
      out += atoms[pick(rng)];
    }
  }
  return out;
}

std::string Mutate(std::string s, std::mt19937_64& rng) {
  const size_t edits = 1 + rng() % 8;
  for (size_t e = 0; e < edits; ++e) {
    switch (rng() % 5) {
      case 0:  // truncate
        if (!s.empty()) s.resize(rng() % s.size());
        break;
      case 1:  // flip a byte
        if (!s.empty()) s[rng() % s.size()] = static_cast<char>(rng() & 0xFF);
        break;
      case 2: {  // insert an atom
        const auto& atoms = Atoms();
        s.insert(s.empty() ? 0 : rng() % s.size(), atoms[rng() % atoms.size()]);
        break;
      }
      case 3:  // delete a range
        if (!s.empty()) {
          const size_t at = rng() % s.size();
          s.erase(at, rng() % 16);
        }
        break;
      default:  // duplicate a range
        if (!s.empty()) {
          const size_t at = rng() % s.size();
          s.insert(at, s.substr(at, rng() % 64));
        }
        break;
    }
  }
  return s;
}

size_t LineBreaks(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++n;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++n;
    }
  }
  return n;
}

// Reads a whole file, checking the invariants. Returns false (with a test
// failure) when one is broken.
void CheckOne(const std::filesystem::path& file, const std::string& bytes, const ReaderOptions& options,
              const std::string& label) {
  SCOPED_TRACE(label);
  const size_t max_records = LineBreaks(bytes) + 1;
  const auto start = std::chrono::steady_clock::now();
  auto reader = OpenReader(file, options);
  if (!reader.ok()) {
    EXPECT_TRUE(FatalCodes().count(reader.status().error_code())) << reader.status().ToString();
    return;
  }
  const auto& header = (*reader)->header();
  std::set<std::string> seen;
  for (const auto& name : header) {
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(seen.insert(name).second) << "duplicate header name " << name;
  }
  Record rec;
  size_t records = 0;
  int64_t last_line = 0;
  for (;;) {
    auto got = (*reader)->Next(rec);
    if (!got.ok()) {
      EXPECT_TRUE(FatalCodes().count(got.status().error_code())) << got.status().ToString();
      break;
    }
    if (!*got) break;
    ++records;
    ASSERT_LE(records, max_records) << "more records than line breaks + 1";
    if (!rec.ok()) {
      EXPECT_TRUE(RecordCodes().count(rec.error_code)) << rec.error_code;
    }
    EXPECT_GT(rec.line, last_line);
    EXPECT_LE(static_cast<size_t>(rec.line), max_records + 1);
    last_line = rec.line;
    EXPECT_LE((*reader)->bytes_consumed(), std::max<uint64_t>((*reader)->total_bytes(), bytes.size()) + 4);
    ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "reader does not finish";
  }
}

TEST(ReaderFuzz, RandomAndMutatedCsvKeepInvariants) {
  std::mt19937_64 rng(20240611);
  ScratchDir dir;
  std::vector<std::string> corpus = {"id,name\n1,a\n2,b\n", "\"a\",\"b\"\r\n\"1\",\"x\"\"y\"\r\n",
                                     "\xEF\xBB\xBFid;name\n1;\xE4\xB8\xAD\n",
                                     "\xD6\xD0\xCE\xC4,x\n\xB1\xB1\xBE\xA9,1\n", "a\tb\n1\t2\n"};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int runs = 0;
  for (; runs < 3000 && std::chrono::steady_clock::now() < deadline; ++runs) {
    std::string bytes;
    if (rng() % 2) {
      bytes = RandomCsv(rng);
    } else {
      bytes = Mutate(corpus[rng() % corpus.size()], rng);
    }
    if (corpus.size() < 200 && rng() % 8 == 0) corpus.push_back(bytes);
    const auto file = dir.Write("f" + std::to_string(runs % 8) + ".csv", bytes);
    ReaderOptions options;
    options.format = Format::kCsv;
    switch (rng() % 6) {
      case 0:
        options.encoding = "utf-8";
        break;
      case 1:
        options.encoding = "gbk";
        break;
      case 2:
        options.delimiter = ';';
        break;
      case 3:
        options.header = false;
        break;
      case 4:
        options.max_field_bytes = 8;
        options.max_record_bytes = 32;
        break;
      default:
        break;
    }
    CheckOne(file, bytes, options, "run " + std::to_string(runs));
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(runs, 200);
}

TEST(ReaderFuzz, AutoFormatOnArbitraryBytes) {
  // Format auto-detection: random bytes may look like JSON, NDJSON or a zip.
  std::mt19937_64 rng(7);
  ScratchDir dir;
  const std::vector<std::string> prefixes = {"", "[", "{", "PK\x03\x04", "\xD0\xCF\x11\xE0", "\xFF\xFE", "\xFE\xFF",
                                             "\xEF\xBB\xBF["};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (int i = 0; i < 1000 && std::chrono::steady_clock::now() < deadline; ++i) {
    std::string bytes = prefixes[rng() % prefixes.size()] + Mutate(RandomCsv(rng), rng);
    const auto file = dir.Write("g" + std::to_string(i % 4), bytes);
    auto start = std::chrono::steady_clock::now();
    auto reader = OpenReader(file, ReaderOptions{});
    if (!reader.ok()) continue;
    Record rec;
    for (int n = 0; n < 100000; ++n) {
      auto got = (*reader)->Next(rec);
      if (!got.ok() || !*got) break;
      ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    }
  }
}

}  // namespace
}  // namespace yungu::ingest

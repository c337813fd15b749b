#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

#include "ingest_test_util.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest {
namespace {

using testing::Fields;
using testing::ReadAll;
using testing::ScratchDir;

// Resident set size of this process, from /proc (Linux).
size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total_pages = 0;
  size_t resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

std::filesystem::path DataFile(const char* name) {
  return std::filesystem::path(YUNGU_TEST_DATA_DIR) / "ingest" / name;
}

TEST(CsvReader, QuotedFieldsEmbeddedNewlinesDoubledQuotesCrlf) {
  auto r = ReadAll(DataFile("quoted_crlf.csv"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.header, Fields({"id", "name", "note"}));
  EXPECT_EQ(r.info.format, Format::kCsv);
  EXPECT_EQ(r.info.delimiter, ',');
  EXPECT_EQ(r.info.encoding, "utf-8");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].fields, Fields({"1", "Smith, John", "said \"hi\""}));
  EXPECT_EQ(r.records[0].line, 2);
  EXPECT_EQ(r.records[1].fields, Fields({"2", "multi\r\nline\nfield", "plain"}));
  EXPECT_EQ(r.records[1].line, 3);
  EXPECT_EQ(r.records[2].fields, Fields({"3", "", "x"}));
  EXPECT_EQ(r.records[2].line, 6);  // the quoted field above spans lines 3-5
  for (const auto& rec : r.records) EXPECT_TRUE(rec.ok());
  EXPECT_TRUE(r.records[0].nulls.empty());
}

TEST(CsvReader, LfAndLoneCrLineEndingsAndNoFinalNewline) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("a.csv", "a,b\n1,2\r3,4\r\n5,6"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].fields, Fields({"1", "2"}));
  EXPECT_EQ(r.records[1].fields, Fields({"3", "4"}));
  EXPECT_EQ(r.records[2].fields, Fields({"5", "6"}));
  EXPECT_EQ(r.records[2].line, 4);
}

TEST(CsvReader, EmptyAndBlankLinesAreSkipped) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("a.csv", "\n\na,b\n\n1,2\r\n\r\n   \n3,4\n\n"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.header, Fields({"a", "b"}));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].line, 5);
  EXPECT_EQ(r.records[1].line, 8);
}

struct DelimiterCase {
  char delimiter;
  const char* text;
};

class CsvDelimiterTest : public ::testing::TestWithParam<DelimiterCase> {};

TEST_P(CsvDelimiterTest, IsDetected) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("data.txt", GetParam().text));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.delimiter, GetParam().delimiter);
  EXPECT_EQ(r.header, Fields({"name", "city", "amount"}));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].fields.size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(AllCandidates, CsvDelimiterTest,
                         ::testing::Values(DelimiterCase{',', "name,city,amount\n\"a;b|c\",x,1\nd,\"y\tz\",2\n"},
                                           DelimiterCase{'\t', "name\tcity\tamount\na, b\tx\t1\nd\ty;z\t2\n"},
                                           DelimiterCase{';', "name;city;amount\n\"Smith, J\";x;1,5\nd;y;2,25\n"},
                                           DelimiterCase{'|', "name|city|amount\na,b|x;y|1\nc|d|2\n"}));

TEST(CsvReader, ExplicitDelimiterAndTsvExtension) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.delimiter = ';';
  auto r = ReadAll(dir.Write("a.csv", "a;b,c\n1;2,3\n"), opts);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.header, Fields({"a", "b,c"}));

  auto t = ReadAll(dir.Write("b.tsv", "a,b\tc\n1,2\t3\n"));
  ASSERT_TRUE(t.status.ok());
  EXPECT_EQ(t.info.delimiter, '\t');
  EXPECT_EQ(t.header, Fields({"a,b", "c"}));

  ReaderOptions tsv;
  ASSERT_TRUE(ApplyFormatName("tsv", tsv));
  auto u = ReadAll(dir.Write("c.dat", "a,b\tc\n1,2\t3\n"), tsv);
  ASSERT_TRUE(u.status.ok());
  EXPECT_EQ(u.header, Fields({"a,b", "c"}));
}

TEST(CsvReader, Utf8BomIsTrimmed) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("a.csv", "\xEF\xBB\xBF企业名称,注册资本\n某某公司,100\n"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.header, Fields({"企业名称", "注册资本"}));
  EXPECT_EQ(r.info.encoding, "utf-8");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, Fields({"某某公司", "100"}));
}

TEST(CsvReader, UnterminatedQuoteIsFatalWithOpeningLine) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("a.csv", "a,b\n1,2\n3,\"never\nclosed,4\n5,6\n"));
  EXPECT_EQ(r.status.error_code(), "csv.unterminated_quote");
  EXPECT_NE(r.status.message().find("line 3"), std::string::npos) << r.status.message();
  EXPECT_EQ(r.records.size(), 1u);  // the good record before it was delivered
}

TEST(CsvReader, EmptyFileIsFatal) {
  ScratchDir dir;
  for (const char* content : {"", "\xEF\xBB\xBF", " \r\n\t\n  ", "\n\n"}) {
    auto r = ReadAll(dir.Write("e.csv", content));
    EXPECT_EQ(r.status.error_code(), "ingest.empty_file") << "content: '" << content << "'";
  }
}

TEST(CsvReader, BadHeaderIsFatalAndNamesTheColumn) {
  ScratchDir dir;
  auto dup = ReadAll(dir.Write("d.csv", "id,name,id\n1,2,3\n"));
  EXPECT_EQ(dup.status.error_code(), "ingest.bad_header");
  EXPECT_NE(dup.status.message().find("'id'"), std::string::npos) << dup.status.message();
  EXPECT_NE(dup.status.message().find("columns 1 and 3"), std::string::npos) << dup.status.message();

  auto empty = ReadAll(dir.Write("e.csv", "id,,name\n1,2,3\n"));
  EXPECT_EQ(empty.status.error_code(), "ingest.bad_header");
  EXPECT_NE(empty.status.message().find("column 2"), std::string::npos) << empty.status.message();

  // Names are trimmed before the checks.
  auto trimmed = ReadAll(dir.Write("t.csv", " id ,name\n1,2\n"));
  ASSERT_TRUE(trimmed.status.ok());
  EXPECT_EQ(trimmed.header, Fields({"id", "name"}));
  auto dup_after_trim = ReadAll(dir.Write("u.csv", "id,id \n1,2\n"));
  EXPECT_EQ(dup_after_trim.status.error_code(), "ingest.bad_header");
}

TEST(CsvReader, RaggedRowsAreReturnedAsIs) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("a.csv", "a,b,c\n1,2\n1,2,3,4\n,,\n"));
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].fields, Fields({"1", "2"}));
  EXPECT_EQ(r.records[1].fields, Fields({"1", "2", "3", "4"}));
  EXPECT_EQ(r.records[2].fields, Fields({"", "", ""}));
  for (const auto& rec : r.records) EXPECT_TRUE(rec.ok());
}

TEST(CsvReader, LenientQuotes) {
  ScratchDir dir;
  // A quote inside an unquoted field is literal; text after a closing
  // quote is kept.
  auto r = ReadAll(dir.Write("a.csv", "a,b\n5\"3,x\n\"ab\"cd,y\n"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].fields, Fields({"5\"3", "x"}));
  EXPECT_EQ(r.records[1].fields, Fields({"abcd", "y"}));
}

TEST(CsvReader, WithoutHeaderRow) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.header = false;
  auto r = ReadAll(dir.Write("a.csv", "1,2,3\n4,5,6\n"), opts);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.header, Fields({"column_1", "column_2", "column_3"}));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].fields, Fields({"1", "2", "3"}));
  EXPECT_EQ(r.records[0].line, 1);
}

// A 10 MB quoted field holding delimiters, quotes and newlines.
std::string HugeFieldCsv(size_t bytes) {
  std::string text = "name,n\n\"";
  std::string unit = "abc,\"\"def\nghi ";  // 14 bytes of file, 13 of field
  while (text.size() < bytes) text += unit;
  text += "\",1\nnext,2\n";
  return text;
}

TEST(CsvReader, TenMegabyteFieldWithinDefaultLimit) {
  ScratchDir dir;
  std::string csv = HugeFieldCsv(10 << 20);
  auto r = ReadAll(dir.Write("big.csv", csv));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_TRUE(r.records[0].ok()) << r.records[0].error;
  EXPECT_GT(r.records[0].fields[0].size(), 9u << 20);
  EXPECT_EQ(r.records[0].fields[1], "1");
  EXPECT_EQ(r.records[1].fields, Fields({"next", "2"}));
}

TEST(CsvReader, OversizedFieldIsFlaggedAndSkipped) {
  ScratchDir dir;
  std::string csv = HugeFieldCsv(10 << 20);
  size_t newlines = static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n'));
  ReaderOptions opts;
  opts.max_field_bytes = 1 << 20;
  auto r = ReadAll(dir.Write("big.csv", csv), opts);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].error_code, "ingest.field_too_large");
  EXPECT_NE(r.records[0].error.find("1048576"), std::string::npos) << r.records[0].error;
  EXPECT_EQ(r.records[0].line, 2);
  EXPECT_TRUE(r.records[1].ok());
  EXPECT_EQ(r.records[1].fields, Fields({"next", "2"}));
  // Quote tracking carried on through the skipped text, line count too.
  EXPECT_EQ(r.records[1].line, static_cast<int64_t>(newlines));
}

TEST(CsvReader, OversizedRecordIsFlagged) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.max_record_bytes = 10;
  auto r = ReadAll(dir.Write("a.csv", "a,b,c\n1234,5678,9012\n1,2,3\n"), opts);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].error_code, "ingest.record_too_large");
  EXPECT_TRUE(r.records[1].ok());
}

TEST(CsvReader, ReportsProgress) {
  ScratchDir dir;
  auto path = dir.Write("a.csv", "a,b\n1,2\n");
  auto reader = OpenReader(path, {});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->total_bytes(), 8u);
  Record rec;
  while (*(*reader)->Next(rec)) {
  }
  EXPECT_EQ((*reader)->bytes_consumed(), 8u);
}

// Random records written with standard quoting and read back, over several
// read chunks, so every parser state meets a chunk boundary somewhere.
TEST(CsvReader, RandomRoundTrip) {
  std::mt19937 rng(20240301);
  const std::vector<std::string> atoms = {"a", "Z", "9", " ", ",", ";", "\"", "\n", "\r\n", "中", "😀", "x\"y"};
  auto random_field = [&] {
    std::string f;
    int len = static_cast<int>(rng() % 8);
    for (int i = 0; i < len; ++i) f += atoms[rng() % atoms.size()];
    return f;
  };
  auto needs_quotes = [](const std::string& f) { return f.empty() || f.find_first_of(",\"\r\n") != std::string::npos; };
  std::vector<std::vector<std::string>> expected;
  std::string text = "c1,c2,c3,c4\n";
  while (text.size() < 1200 * 1024) {
    std::vector<std::string> rec;
    for (int c = 0; c < 4; ++c) rec.push_back(random_field());
    // A record whose only content is blank would be skipped as a blank line.
    if (rec[0].empty()) rec[0] = "k";
    for (int c = 0; c < 4; ++c) {
      if (c) text += ',';
      if (needs_quotes(rec[c])) {
        text += '"';
        for (char ch : rec[c]) text += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        text += '"';
      } else {
        text += rec[c];
      }
    }
    text += (rng() % 2) ? "\r\n" : "\n";
    expected.push_back(std::move(rec));
  }
  ScratchDir dir;
  ReaderOptions opts;
  opts.delimiter = ',';
  auto r = ReadAll(dir.Write("rt.csv", text), opts);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(r.records[i].fields, expected[i]) << "record " << i << " line " << r.records[i].line;
  }
}

TEST(CsvReader, MissingFile) {
  auto r = ReadAll("/nonexistent/dir/file.csv");
  EXPECT_EQ(r.status.error_code(), "ingest.file_not_found");
  EXPECT_EQ(r.status.code(), Code::kNotFound);
}

// Streams a generated ~50 MB file: bounded memory is not observable from
// here, but record count and line numbers prove nothing was lost across the
// 256 KiB chunk boundaries, and quoted fields straddle them.
TEST(CsvReader, FiftyMegabyteFileStreams) {
  ScratchDir dir;
  auto path = dir.path() / "big.csv";
  const size_t target = 50u << 20;
  size_t rows = 0;
  size_t bytes = 0;
  {
    std::ofstream out(path, std::ios::binary);
    std::string chunk = "id,name,amount,date,note\n";
    char line[160];
    while (bytes + chunk.size() < target) {
      for (int k = 0; k < 1000; ++k, ++rows) {
        int n =
            std::snprintf(line, sizeof line, "%zu,公司名称%zu,%zu.25,2024-03-01,\"note, with \"\"quote\"\"\n%zu\"\n",
                          rows, rows, rows * 7, rows);
        chunk.append(line, static_cast<size_t>(n));
      }
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      bytes += chunk.size();
      chunk.clear();
    }
  }
  auto start = std::chrono::steady_clock::now();
  size_t rss_before = ResidentBytes();
  size_t rss_peak = rss_before;
  auto reader = OpenReader(path, {});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Record rec;
  size_t count = 0;
  size_t bad = 0;
  std::string last_id;
  int64_t last_line = 0;
  for (;;) {
    auto got = (*reader)->Next(rec);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    if (!*got) break;
    if (!rec.ok() || rec.fields.size() != 5) ++bad;
    ++count;
    last_id = rec.fields[0];
    last_line = rec.line;
    if (count % 10000 == 0) rss_peak = std::max(rss_peak, ResidentBytes());
  }
  // Bounded memory: a reader holding the file would grow by 50 MB.
  EXPECT_LT(rss_peak - rss_before, 16u << 20);
  EXPECT_EQ(count, rows);
  EXPECT_EQ(bad, 0u);
  EXPECT_EQ(last_id, std::to_string(rows - 1));
  EXPECT_EQ(last_line, static_cast<int64_t>(2 * rows));  // each record spans two lines
  EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->total_bytes());
  EXPECT_GE((*reader)->total_bytes(), 49u << 20);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::printf("read %zu records (%zu bytes) in %lld ms, RSS growth %zu KiB\n", count, bytes, static_cast<long long>(ms),
              (rss_peak - rss_before) >> 10);
}

}  // namespace
}  // namespace yungu::ingest

#include <gtest/gtest.h>

#include "ingest/format_sniff.h"
#include "ingest_test_util.h"

namespace yungu::ingest {
namespace {

using testing::ReadAll;
using testing::ScratchDir;

TEST(Format, ParseFormatNames) {
  EXPECT_EQ(ParseFormat("csv"), Format::kCsv);
  EXPECT_EQ(ParseFormat("TSV"), Format::kCsv);
  EXPECT_EQ(ParseFormat("json"), Format::kJson);
  EXPECT_EQ(ParseFormat("ndjson"), Format::kNdjson);
  EXPECT_EQ(ParseFormat("jsonl"), Format::kNdjson);
  EXPECT_EQ(ParseFormat("xlsx"), Format::kXlsx);
  EXPECT_EQ(ParseFormat("auto"), Format::kAuto);
  EXPECT_EQ(ParseFormat("xls"), std::nullopt);
  EXPECT_EQ(FormatName(Format::kNdjson), "ndjson");

  ReaderOptions opts;
  EXPECT_TRUE(ApplyFormatName("tsv", opts));
  EXPECT_EQ(opts.format, Format::kCsv);
  EXPECT_EQ(opts.delimiter, '\t');
  EXPECT_FALSE(ApplyFormatName("parquet", opts));
}

TEST(Format, SniffContent) {
  EXPECT_EQ(internal::SniffFormat(std::string_view("PK\x03\x04rest", 8)), Format::kXlsx);
  EXPECT_EQ(internal::SniffFormat("\xEF\xBB\xBF \n [{}]"), Format::kJson);
  EXPECT_EQ(internal::SniffFormat("\r\n{\"a\":1}"), Format::kNdjson);
  EXPECT_EQ(internal::SniffFormat("a,b\n"), Format::kCsv);
  EXPECT_EQ(internal::SniffFormat(std::string_view("\xFF\xFE[\0{\0", 6)), Format::kJson);
}

TEST(Format, FromName) {
  EXPECT_EQ(internal::FormatFromName("a/b/Report.CSV").format, Format::kCsv);
  EXPECT_EQ(internal::FormatFromName("x.tsv").delimiter, '\t');
  EXPECT_EQ(internal::FormatFromName("x.jsonl").format, Format::kNdjson);
  EXPECT_EQ(internal::FormatFromName("x.xlsx").format, Format::kXlsx);
  EXPECT_TRUE(internal::FormatFromName("x.xls").legacy_xls);
  EXPECT_EQ(internal::FormatFromName("noext").format, Format::kAuto);
}

TEST(Format, NameHintBeatsFileNameAndContentDecidesWithoutOne) {
  ScratchDir dir;
  auto path = dir.Write("upload.bin", "[{\"a\": 1}]");
  auto sniffed = ReadAll(path);
  ASSERT_TRUE(sniffed.status.ok()) << sniffed.status.ToString();
  EXPECT_EQ(sniffed.info.format, Format::kJson);

  auto csv_path = dir.Write("upload2.bin", "a;b\n1;2\n");
  ReaderOptions opts;
  opts.name_hint = "original.csv";
  auto hinted = ReadAll(csv_path, opts);
  ASSERT_TRUE(hinted.status.ok());
  EXPECT_EQ(hinted.info.format, Format::kCsv);
  EXPECT_EQ(hinted.info.delimiter, ';');
}

TEST(Format, LegacyXlsIsRejectedClearly) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0')));
  EXPECT_EQ(r.status.error_code(), "ingest.unsupported_format");
  EXPECT_EQ(r.status.code(), Code::kUnsupported);
}

TEST(Format, BadDelimiterOption) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.delimiter = '"';
  auto r = ReadAll(dir.Write("a.csv", "a,b\n"), opts);
  EXPECT_EQ(r.status.error_code(), "ingest.bad_option");
}

}  // namespace
}  // namespace yungu::ingest

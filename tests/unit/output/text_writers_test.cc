#include <gtest/gtest.h>

#include <limits>

#include "yungu/output/row_writer.h"

namespace yungu::output {
namespace {

// Collects everything a writer sends, and how it was chunked.
struct Collector {
  std::string data;
  std::vector<size_t> pieces;
  Sink sink() {
    return [this](std::string_view piece) {
      data.append(piece);
      pieces.push_back(piece.size());
      return true;
    };
  }
};

std::unique_ptr<RowWriter> Make(ExportFormat format, Sink sink, WriterOptions options = {}) {
  auto writer = MakeWriter(format, options, std::move(sink));
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  return std::move(writer).value();
}

std::string Export(ExportFormat format, const std::vector<Column>& columns, const std::vector<Row>& rows,
                   WriterOptions options = {}) {
  Collector out;
  auto writer = Make(format, out.sink(), options);
  EXPECT_TRUE(writer->Begin(columns).ok());
  for (const Row& row : rows) EXPECT_TRUE(writer->Write(row).ok());
  EXPECT_TRUE(writer->Finish().ok());
  return out.data;
}

WriterOptions Options(bool bom, bool header) {
  WriterOptions options;
  options.bom = bom;
  options.header = header;
  return options;
}

const std::vector<Column> kTwoColumns = {{"id", "编号", ColumnType::kInteger}, {"name", "名称", ColumnType::kText}};

TEST(ExportFormatTest, NamesTypesAndExtensions) {
  EXPECT_EQ(ParseExportFormat("csv"), ExportFormat::kCsv);
  EXPECT_EQ(ParseExportFormat("TSV"), ExportFormat::kTsv);
  EXPECT_EQ(ParseExportFormat("json"), ExportFormat::kJson);
  EXPECT_EQ(ParseExportFormat("ndjson"), ExportFormat::kNdjson);
  EXPECT_EQ(ParseExportFormat("jsonl"), ExportFormat::kNdjson);
  EXPECT_EQ(ParseExportFormat("Xlsx"), ExportFormat::kXlsx);
  EXPECT_EQ(ParseExportFormat("xls"), std::nullopt);
  EXPECT_EQ(ParseExportFormat(""), std::nullopt);
  EXPECT_EQ(ContentType(ExportFormat::kCsv), "text/csv; charset=utf-8");
  EXPECT_EQ(ContentType(ExportFormat::kXlsx), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  for (auto f :
       {ExportFormat::kCsv, ExportFormat::kTsv, ExportFormat::kJson, ExportFormat::kNdjson, ExportFormat::kXlsx}) {
    EXPECT_EQ(ParseExportFormat(FileExtension(f)), f);
    EXPECT_FALSE(ContentType(f).empty());
  }
}

TEST(ExportFormatTest, MakeWriterNeedsASink) {
  auto writer = MakeWriter(ExportFormat::kCsv, {}, nullptr);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().error_code(), "output.no_sink");
}

TEST(CsvWriterTest, HeaderRowsAndCrlf) {
  const std::string csv =
      Export(ExportFormat::kCsv, kTwoColumns,
             {{int64_t{1}, std::string("北京")}, {int64_t{2}, Value{}}, {Value{}, std::string("")}});
  EXPECT_EQ(csv, "id,name\r\n1,北京\r\n2,\r\n,\r\n");
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  const std::vector<Column> one = {{"v", "", ColumnType::kText}};
  const std::string csv = Export(ExportFormat::kCsv, one,
                                 {{std::string("a,b")},
                                  {std::string("say \"hi\"")},
                                  {std::string("line1\nline2")},
                                  {std::string("cr\r")},
                                  {std::string(" spaced ")},
                                  {std::string("tab\there")}},
                                 Options(false, false));
  EXPECT_EQ(csv,
            "\"a,b\"\r\n"
            "\"say \"\"hi\"\"\"\r\n"
            "\"line1\nline2\"\r\n"
            "\"cr\r\"\r\n"
            " spaced \r\n"
            "tab\there\r\n");
}

TEST(CsvWriterTest, QuotesHeaderNames) {
  const std::string csv = Export(ExportFormat::kCsv, {{"a,b", "", ColumnType::kText}}, {});
  EXPECT_EQ(csv, "\"a,b\"\r\n");
}

TEST(CsvWriterTest, ValueTypesUseValueToText) {
  const std::vector<Column> cols = {{"a", "", ColumnType::kDecimal},
                                    {"b", "", ColumnType::kBoolean},
                                    {"c", "", ColumnType::kDate},
                                    {"d", "", ColumnType::kDateTime},
                                    {"e", "", ColumnType::kDecimal}};
  const std::string csv = Export(
      ExportFormat::kCsv, cols,
      {{0.1, true, Date{"2024-03-01"}, DateTime{"2024-03-01T08:00:00"}, std::numeric_limits<double>::quiet_NaN()}},
      Options(false, false));
  EXPECT_EQ(csv, "0.1,true,2024-03-01,2024-03-01T08:00:00,\r\n");
}

TEST(CsvWriterTest, BomForExcel) {
  const std::string csv =
      Export(ExportFormat::kCsv, kTwoColumns, {{int64_t{1}, std::string("上海")}}, Options(true, true));
  EXPECT_EQ(csv, "\xEF\xBB\xBFid,name\r\n1,上海\r\n");
  const std::string no_header = Export(ExportFormat::kCsv, kTwoColumns, {}, Options(true, false));
  EXPECT_EQ(no_header, "\xEF\xBB\xBF");
}

TEST(TsvWriterTest, TabDelimitedAndQuotesTabs) {
  const std::string tsv =
      Export(ExportFormat::kTsv, kTwoColumns, {{int64_t{1}, std::string("a\tb")}, {int64_t{2}, std::string("x,y")}});
  EXPECT_EQ(tsv, "id\tname\r\n1\t\"a\tb\"\r\n2\tx,y\r\n");
}

TEST(JsonWriterTest, ArrayOfObjects) {
  const std::string json =
      Export(ExportFormat::kJson, kTwoColumns, {{int64_t{1}, std::string("北京")}, {int64_t{2}, Value{}}});
  EXPECT_EQ(json, R"([{"id":1,"name":"北京"},{"id":2,"name":null}])");
}

TEST(JsonWriterTest, EmptyResultIsEmptyArray) {
  EXPECT_EQ(Export(ExportFormat::kJson, kTwoColumns, {}), "[]");
  EXPECT_EQ(Export(ExportFormat::kNdjson, kTwoColumns, {}), "");
}

TEST(JsonWriterTest, EscapesKeysAndValues) {
  const std::vector<Column> cols = {{"k\"ey", "", ColumnType::kText}, {"值", "", ColumnType::kDecimal}};
  const std::string json =
      Export(ExportFormat::kJson, cols, {{std::string("a\x01\n\"\\\xFF"), std::numeric_limits<double>::infinity()}});
  EXPECT_EQ(json, "[{\"k\\\"ey\":\"a\\u0001\\n\\\"\\\\\xEF\xBF\xBD\",\"值\":null}]");
}

TEST(JsonWriterTest, NdjsonOneObjectPerLine) {
  const std::string ndjson =
      Export(ExportFormat::kNdjson, kTwoColumns, {{int64_t{1}, std::string("a\nb")}, {int64_t{-3}, std::string("")}});
  EXPECT_EQ(ndjson, "{\"id\":1,\"name\":\"a\\nb\"}\n{\"id\":-3,\"name\":\"\"}\n");
}

TEST(JsonWriterTest, NoColumnsGivesEmptyObjects) { EXPECT_EQ(Export(ExportFormat::kJson, {}, {{}, {}}), "[{},{}]"); }

TEST(TextWriterTest, StreamsInChunksOfAbout64KiB) {
  Collector out;
  auto writer = Make(ExportFormat::kCsv, out.sink());
  ASSERT_TRUE(writer->Begin(kTwoColumns).ok());
  const std::string text(100, 'x');
  std::string expected = "id,name\r\n";
  for (int64_t i = 0; i < 5000; ++i) {
    ASSERT_TRUE(writer->Write({i, text}).ok());
    expected += std::to_string(i) + "," + text + "\r\n";
  }
  // Output flows before Finish, in pieces near 64 KiB.
  EXPECT_GE(out.pieces.size(), 5u);
  for (size_t piece : out.pieces) {
    EXPECT_GE(piece, 64u * 1024);
    EXPECT_LT(piece, 64u * 1024 + 256);
  }
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(out.data, expected);
}

TEST(TextWriterTest, SinkGoingAwayAbortsWithIoError) {
  for (auto format : {ExportFormat::kCsv, ExportFormat::kJson, ExportFormat::kNdjson}) {
    int calls = 0;
    auto writer = Make(format, [&](std::string_view) {
      ++calls;
      return false;
    });
    ASSERT_TRUE(writer->Begin(kTwoColumns).ok());
    Status status;
    for (int64_t i = 0; i < 100000 && status.ok(); ++i) status = writer->Write({i, std::string("some text")});
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), Code::kIoError);
    EXPECT_EQ(status.error_code(), "output.sink_closed");
    EXPECT_EQ(calls, 1);
    // The writer stays failed and does not call the sink again.
    EXPECT_EQ(writer->Write({int64_t{1}, std::string("x")}).error_code(), "output.sink_closed");
    EXPECT_EQ(writer->Finish().error_code(), "output.sink_closed");
    EXPECT_EQ(calls, 1);
  }
}

TEST(TextWriterTest, SinkGoingAwayAtFinish) {
  auto writer = Make(ExportFormat::kCsv, [](std::string_view) { return false; });
  ASSERT_TRUE(writer->Begin(kTwoColumns).ok());
  ASSERT_TRUE(writer->Write({int64_t{1}, std::string("x")}).ok());
  EXPECT_EQ(writer->Finish().error_code(), "output.sink_closed");
}

TEST(TextWriterTest, CallOrderAndRowWidthAreChecked) {
  Collector out;
  auto writer = Make(ExportFormat::kJson, out.sink());
  EXPECT_EQ(writer->Write({int64_t{1}, std::string("x")}).error_code(), "output.bad_state");
  EXPECT_EQ(writer->Finish().error_code(), "output.bad_state");
  ASSERT_TRUE(writer->Begin(kTwoColumns).ok());
  EXPECT_EQ(writer->Begin(kTwoColumns).error_code(), "output.bad_state");
  Status width = writer->Write({int64_t{1}});
  EXPECT_EQ(width.error_code(), "output.row_width");
  EXPECT_EQ(width.code(), Code::kInvalidArgument);
  ASSERT_TRUE(writer->Write({int64_t{1}, std::string("x")}).ok());  // a bad row does not spoil the export
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(writer->Finish().error_code(), "output.bad_state");
  EXPECT_EQ(out.data, R"([{"id":1,"name":"x"}])");
}

}  // namespace
}  // namespace yungu::output

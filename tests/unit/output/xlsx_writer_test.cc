#include <gtest/gtest.h>
#include <stdlib.h>
#include <unzip.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

#include "yungu/output/row_writer.h"

namespace yungu::output {
namespace {

namespace fs = std::filesystem;

class XlsxWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu-xlsx-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    options_.temp_dir = dir_ / "spool";
    fs::create_directories(options_.temp_dir);
  }
  void TearDown() override { fs::remove_all(dir_); }

  bool SpoolEmpty() const { return fs::is_empty(options_.temp_dir); }

  std::unique_ptr<RowWriter> Make(Sink sink) {
    auto writer = MakeWriter(ExportFormat::kXlsx, options_, std::move(sink));
    EXPECT_TRUE(writer.ok());
    return std::move(writer).value();
  }

  // Writes the rows and returns the path of the resulting .xlsx.
  fs::path Export(const std::vector<Column>& columns, const std::vector<Row>& rows) {
    std::string bytes;
    auto writer = Make([&](std::string_view piece) {
      bytes.append(piece);
      return true;
    });
    EXPECT_TRUE(writer->Begin(columns).ok());
    for (const Row& row : rows) EXPECT_TRUE(writer->Write(row).ok());
    Status finished = writer->Finish();
    EXPECT_TRUE(finished.ok()) << finished.ToString();
    EXPECT_TRUE(SpoolEmpty()) << "temp file left behind";
    const fs::path out = dir_ / "out.xlsx";
    std::ofstream(out, std::ios::binary) << bytes;
    return out;
  }

  fs::path dir_;
  WriterOptions options_;
};

// Reads every entry of a zip file into name -> content.
std::map<std::string, std::string> ReadZip(const fs::path& path) {
  std::map<std::string, std::string> entries;
  unzFile zip = unzOpen64(path.c_str());
  EXPECT_NE(zip, nullptr) << "not a zip file";
  if (zip == nullptr) return entries;
  for (int rc = unzGoToFirstFile(zip); rc == UNZ_OK; rc = unzGoToNextFile(zip)) {
    char name[512];
    unz_file_info64 info;
    EXPECT_EQ(unzGetCurrentFileInfo64(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0), UNZ_OK);
    EXPECT_EQ(unzOpenCurrentFile(zip), UNZ_OK);
    std::string content;
    char buf[8192];
    int n;
    while ((n = unzReadCurrentFile(zip, buf, sizeof buf)) > 0) content.append(buf, n);
    EXPECT_EQ(n, 0) << "read error in " << name;
    EXPECT_EQ(unzCloseCurrentFile(zip), UNZ_OK) << "CRC mismatch in " << name;
    entries[name] = std::move(content);
  }
  unzClose(zip);
  return entries;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_F(XlsxWriterTest, WritesAValidPackage) {
  const std::vector<Column> columns = {{"id", "编号", ColumnType::kInteger},
                                       {"name", "", ColumnType::kText},
                                       {"ratio", "比例", ColumnType::kDecimal},
                                       {"ok", "是否", ColumnType::kBoolean}};
  const fs::path out =
      Export(columns, {{int64_t{1}, std::string("北京 & <市>"), 0.25, true}, {int64_t{-2}, Value{}, 1e20, false}});
  const auto entries = ReadZip(out);
  for (const char* name : {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/styles.xml", "xl/worksheets/sheet1.xml"}) {
    EXPECT_TRUE(entries.count(name)) << name;
  }
  EXPECT_TRUE(Contains(entries.at("xl/workbook.xml"), R"(<sheet name="data" sheetId="1" r:id="rId1"/>)"));
  EXPECT_TRUE(Contains(entries.at("[Content_Types].xml"), "/xl/worksheets/sheet1.xml"));

  const std::string& sheet = entries.at("xl/worksheets/sheet1.xml");
  // Header: titles, falling back to the name.
  EXPECT_TRUE(Contains(sheet, R"(<row r="1"><c r="A1" t="inlineStr" s="3"><is><t>编号</t></is></c>)"
                              R"(<c r="B1" t="inlineStr" s="3"><is><t>name</t></is></c>)"));
  EXPECT_TRUE(Contains(sheet, R"(<row r="2"><c r="A2"><v>1</v></c>)"
                              R"(<c r="B2" t="inlineStr"><is><t>北京 &amp; &lt;市&gt;</t></is></c>)"
                              R"(<c r="C2"><v>0.25</v></c><c r="D2" t="b"><v>1</v></c></row>)"));
  // A null leaves no cell; the next cell keeps its own column.
  EXPECT_TRUE(Contains(sheet, R"(<row r="3"><c r="A3"><v>-2</v></c><c r="C3"><v>1e+20</v></c>)"
                              R"(<c r="D3" t="b"><v>0</v></c></row>)"));
  EXPECT_TRUE(sheet.ends_with("</sheetData></worksheet>"));
}

TEST_F(XlsxWriterTest, DatesBecomeExcelSerialsWithADateStyle) {
  const std::vector<Column> columns = {{"d", "", ColumnType::kDate}, {"t", "", ColumnType::kDateTime}};
  const fs::path out = Export(columns, {{Date{"2024-03-01"}, DateTime{"2024-03-01T12:00:00"}},
                                        {Date{"1899-12-31"}, DateTime{"2024-03-01T08:00:00+08:00"}},
                                        {Date{"not a date"}, DateTime{"1970-01-01 06:00"}}});
  const std::string sheet = ReadZip(out).at("xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(sheet, R"(<c r="A2" s="1"><v>45352</v></c><c r="B2" s="2"><v>45352.5</v></c>)"));
  // Dates Excel cannot show, and zoned times, stay text.
  EXPECT_TRUE(Contains(sheet, R"(<c r="A3" t="inlineStr"><is><t>1899-12-31</t></is></c>)"));
  EXPECT_TRUE(Contains(sheet, R"(<c r="B3" t="inlineStr"><is><t>2024-03-01T08:00:00+08:00</t></is></c>)"));
  EXPECT_TRUE(Contains(sheet, R"(<c r="A4" t="inlineStr"><is><t>not a date</t></is></c>)"));
  EXPECT_TRUE(Contains(sheet, R"(<c r="B4" s="2"><v>25569.25</v></c>)"));
  EXPECT_TRUE(Contains(ReadZip(out).at("xl/styles.xml"), "yyyy-mm-dd"));
}

TEST_F(XlsxWriterTest, TextIsMadeLegalXml) {
  const std::vector<Column> columns = {{"v", "", ColumnType::kText}};
  options_.header = false;
  const fs::path out = Export(columns, {{std::string("a\x01"
                                                     "b\x1f"
                                                     "c\"d\te")},
                                        {std::string("bad\xFFutf8")},
                                        {std::string(" padded ")},
                                        {std::string("x\r\ny")},
                                        {std::string("_x0041_ stays")},
                                        {int64_t{1234567890123456789}}});
  const std::string sheet = ReadZip(out).at("xl/worksheets/sheet1.xml");
  EXPECT_FALSE(Contains(sheet, "<sheetViews>"));  // no frozen header without a header
  EXPECT_TRUE(Contains(sheet, R"(<row r="1"><c r="A1" t="inlineStr"><is><t>abc&quot;d	e</t></is></c>)"));
  EXPECT_TRUE(Contains(sheet, "<t>bad\xEF\xBF\xBDutf8</t>"));
  EXPECT_TRUE(Contains(sheet, R"(<t xml:space="preserve"> padded </t>)"));
  EXPECT_TRUE(Contains(sheet, "<t>x&#13;\ny</t>"));
  EXPECT_TRUE(Contains(sheet, "<t>_x005F_x0041_ stays</t>"));
  // Too many digits for Excel's doubles: kept exact as text.
  EXPECT_TRUE(Contains(sheet, R"(<c r="A6" t="inlineStr"><is><t>1234567890123456789</t></is></c>)"));
}

TEST_F(XlsxWriterTest, LongTextIsCutToExcelsCellLimit) {
  options_.header = false;
  const fs::path out = Export({{"v", "", ColumnType::kText}}, {{std::string(40000, 'a')}});
  const std::string sheet = ReadZip(out).at("xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(sheet, "<t>" + std::string(32767, 'a') + "</t>"));
  EXPECT_FALSE(Contains(sheet, std::string(32768, 'a')));
}

TEST_F(XlsxWriterTest, ColumnLettersPastZ) {
  std::vector<Column> columns;
  Row row;
  for (int i = 0; i < 30; ++i) {
    columns.push_back({"c" + std::to_string(i), "", ColumnType::kInteger});
    row.push_back(int64_t{i});
  }
  options_.header = false;
  const std::string sheet = ReadZip(Export(columns, {row})).at("xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(sheet, R"(<c r="Z1"><v>25</v></c><c r="AA1"><v>26</v></c>)"));
  EXPECT_TRUE(Contains(sheet, R"(<c r="AD1"><v>29</v></c></row>)"));
}

TEST_F(XlsxWriterTest, SheetNameIsMadeLegal) {
  options_.sheet_name = "'2024/Q1: [统计] 数据 with a rather long name'";
  const auto entries = ReadZip(Export({{"a", "", ColumnType::kText}}, {}));
  EXPECT_TRUE(Contains(entries.at("xl/workbook.xml"), R"(<sheet name="2024_Q1_ _统计_ 数据 with a rather")"));
  options_.sheet_name = "";
  EXPECT_TRUE(Contains(ReadZip(Export({{"a", "", ColumnType::kText}}, {})).at("xl/workbook.xml"), "name=\"data\""));
  options_.sheet_name = "A&B";
  EXPECT_TRUE(Contains(ReadZip(Export({{"a", "", ColumnType::kText}}, {})).at("xl/workbook.xml"), "name=\"A&amp;B\""));
}

TEST_F(XlsxWriterTest, ManyRowsStreamThroughTheZip) {
  std::vector<Column> columns = {{"i", "", ColumnType::kInteger}, {"s", "", ColumnType::kText}};
  std::string bytes;
  auto writer = Make([&](std::string_view piece) {
    EXPECT_LE(piece.size(), 64u * 1024);
    bytes.append(piece);
    return true;
  });
  ASSERT_TRUE(writer->Begin(columns).ok());
  for (int64_t i = 0; i < 20000; ++i) ASSERT_TRUE(writer->Write({i, "row " + std::to_string(i)}).ok());
  EXPECT_TRUE(bytes.empty());  // a zip can only be sent once complete
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_TRUE(SpoolEmpty());
  const fs::path out = dir_ / "big.xlsx";
  std::ofstream(out, std::ios::binary) << bytes;
  const std::string sheet = ReadZip(out).at("xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(sheet, R"(<row r="20001"><c r="A20001"><v>19999</v></c>)"
                              R"(<c r="B20001" t="inlineStr"><is><t>row 19999</t></is></c></row>)"));
}

TEST_F(XlsxWriterTest, TempFileRemovedWhenFinishNeverRuns) {
  {
    auto writer = Make([](std::string_view) { return true; });
    ASSERT_TRUE(writer->Begin({{"a", "", ColumnType::kText}}).ok());
    ASSERT_TRUE(writer->Write({std::string("x")}).ok());
    EXPECT_FALSE(SpoolEmpty());
  }
  EXPECT_TRUE(SpoolEmpty());
}

TEST_F(XlsxWriterTest, SinkGoingAwayAbortsAndCleansUp) {
  int calls = 0;
  auto writer = Make([&](std::string_view) {
    ++calls;
    return false;
  });
  ASSERT_TRUE(writer->Begin({{"a", "", ColumnType::kText}}).ok());
  ASSERT_TRUE(writer->Write({std::string("x")}).ok());
  Status status = writer->Finish();
  EXPECT_EQ(status.code(), Code::kIoError);
  EXPECT_EQ(status.error_code(), "output.sink_closed");
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(SpoolEmpty());
  EXPECT_EQ(writer->Finish().error_code(), "output.sink_closed");
}

TEST_F(XlsxWriterTest, UnwritableTempDirIsAnIoError) {
  options_.temp_dir = dir_ / "missing" / "dir";
  auto writer = Make([](std::string_view) { return true; });
  Status status = writer->Begin({{"a", "", ColumnType::kText}});
  EXPECT_EQ(status.code(), Code::kIoError);
  EXPECT_EQ(status.error_code(), "output.io");
}

TEST_F(XlsxWriterTest, TooManyColumnsForExcel) {
  auto writer = Make([](std::string_view) { return true; });
  Status status = writer->Begin(std::vector<Column>(16385, Column{"c", "", ColumnType::kText}));
  EXPECT_EQ(status.error_code(), "output.xlsx_limit");
  EXPECT_TRUE(SpoolEmpty());
}

TEST_F(XlsxWriterTest, CallOrderAndRowWidthAreChecked) {
  auto writer = Make([](std::string_view) { return true; });
  EXPECT_EQ(writer->Write({}).error_code(), "output.bad_state");
  ASSERT_TRUE(writer->Begin({{"a", "", ColumnType::kText}}).ok());
  EXPECT_EQ(writer->Write({}).error_code(), "output.row_width");
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(writer->Finish().error_code(), "output.bad_state");
}

}  // namespace
}  // namespace yungu::output

#include <gtest/gtest.h>

#include "ingest/excel_number.h"
#include "ingest_test_util.h"
#include "xlsx_fixture.h"

namespace yungu::ingest {
namespace {

using testing::Fields;
using testing::InlineCell;
using testing::NumberCell;
using testing::ReadAll;
using testing::ScratchDir;
using testing::SharedCell;
using testing::WriteXlsx;
using testing::XlsxSpec;

std::string Row(int r, const std::string& cells) { return "<row r=\"" + std::to_string(r) + "\">" + cells + "</row>"; }

TEST(XlsxReader, SharedInlineSparseDatesBooleans) {
  XlsxSpec spec;
  spec.shared_strings = {"企业名称", "注册资本", "襄阳市某某科技有限公司"};
  // Phonetic guide text (rPh) is not part of the value; runs are joined.
  spec.raw_shared_items = "<si><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh><t>ふ</t></rPh></si>";
  spec.custom_formats = {{164, "yyyy/m/d h:mm"}, {165, "0.00%"}};
  spec.cell_formats = {0, 14, 164, 165};
  spec.sheets.push_back(
      {"Sheet1",
       Row(1, SharedCell("A1", 0) + SharedCell("B1", 1) + InlineCell("C1", "成立日期") + InlineCell("D1", "备注")) +
           Row(2, SharedCell("A2", 2) + NumberCell("B2", "100") + NumberCell("C2", "45352", 1)) +
           // row 3 is absent; B4 is a gap
           Row(4, InlineCell("A4", "武汉 & Co") + NumberCell("C4", "45352.5", 2) + "<c r=\"D4\" t=\"b\"><v>1</v></c>") +
           // cells without references follow one another
           "<row r=\"5\"><c><v>0.1000000000000000055</v></c><c t=\"b\"><v>0</v></c>"
           "<c s=\"3\"><v>0.25</v></c><c t=\"str\"><f>A1</f><v>formula text</v></c></row>" +
           "<row r=\"6\"/>" + Row(7, "<c r=\"A7\" t=\"e\"><v>#N/A</v></c><c r=\"B7\" s=\"1\"/>") +
           Row(8, SharedCell("A8", 3) + NumberCell("B8", "1.5E-3") + InlineCell("F8", "beyond"))});
  ScratchDir dir;
  auto path = dir.path() / "book.xlsx";
  ASSERT_TRUE(WriteXlsx(path, spec));
  auto r = ReadAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kXlsx);
  EXPECT_EQ(r.info.encoding, "utf-8");
  EXPECT_EQ(r.header, Fields({"企业名称", "注册资本", "成立日期", "备注"}));
  ASSERT_EQ(r.records.size(), 4u);

  EXPECT_EQ(r.records[0].line, 2);
  EXPECT_EQ(r.records[0].fields, Fields({"襄阳市某某科技有限公司", "100", "2024-03-01", ""}));
  EXPECT_EQ(r.records[0].nulls, (std::vector<uint8_t>{0, 0, 0, 1}));

  EXPECT_EQ(r.records[1].line, 4);
  EXPECT_EQ(r.records[1].fields, Fields({"武汉 & Co", "", "2024-03-01T12:00:00", "true"}));
  EXPECT_EQ(r.records[1].nulls, (std::vector<uint8_t>{0, 1, 0, 0}));

  EXPECT_EQ(r.records[2].line, 5);
  EXPECT_EQ(r.records[2].fields, Fields({"0.1", "false", "0.25", "formula text"}));

  // Rows 6 (no cells) and 7 (error value, formatted blank) are empty.
  EXPECT_EQ(r.records[3].line, 8);
  EXPECT_EQ(r.records[3].fields, Fields({"富文本", "0.0015", "", "", "", "beyond"}));
  EXPECT_EQ(r.records[3].nulls, (std::vector<uint8_t>{0, 0, 1, 1, 1, 0}));
  for (const auto& rec : r.records) EXPECT_TRUE(rec.ok()) << rec.error;
}

TEST(XlsxReader, Date1904System) {
  XlsxSpec spec;
  spec.date1904 = true;
  spec.cell_formats = {0, 14};
  spec.sheets.push_back(
      {"S", Row(1, InlineCell("A1", "d")) + Row(2, NumberCell("A2", "0", 1)) + Row(3, NumberCell("A3", "43890", 1))});
  ScratchDir dir;
  ASSERT_TRUE(WriteXlsx(dir.path() / "b.xlsx", spec));
  auto r = ReadAll(dir.path() / "b.xlsx");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].fields[0], "1904-01-01");
  EXPECT_EQ(r.records[1].fields[0], "2024-03-01");  // 1900-system serial 45352, minus 1462 days
}

TEST(XlsxReader, NamedSheetAndMissingSheet) {
  XlsxSpec spec;
  spec.write_shared_strings = false;
  spec.write_styles = false;
  spec.sheets.push_back({"封面", Row(1, InlineCell("A1", "title")) + Row(2, InlineCell("A2", "cover"))});
  spec.sheets.push_back({"数据", Row(1, InlineCell("A1", "编号") + InlineCell("B1", "名称")) +
                                     Row(2, NumberCell("A2", "1") + InlineCell("B2", "甲"))});
  ScratchDir dir;
  auto path = dir.path() / "two.xlsx";
  ASSERT_TRUE(WriteXlsx(path, spec));

  auto first = ReadAll(path);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_EQ(first.header, Fields({"title"}));

  ReaderOptions opts;
  opts.sheet = "数据";
  auto named = ReadAll(path, opts);
  ASSERT_TRUE(named.status.ok()) << named.status.ToString();
  EXPECT_EQ(named.header, Fields({"编号", "名称"}));
  ASSERT_EQ(named.records.size(), 1u);
  EXPECT_EQ(named.records[0].fields, Fields({"1", "甲"}));

  opts.sheet = "Sheet9";
  auto missing = ReadAll(path, opts);
  EXPECT_EQ(missing.status.error_code(), "xlsx.sheet_not_found");
  EXPECT_EQ(missing.status.code(), Code::kNotFound);
  EXPECT_NE(missing.status.message().find("'数据'"), std::string::npos) << missing.status.message();
}

TEST(XlsxReader, CorruptFiles) {
  ScratchDir dir;
  auto not_zip = ReadAll(dir.Write("bad.xlsx", "this is not a zip file at all"));
  EXPECT_EQ(not_zip.status.error_code(), "xlsx.corrupt");

  XlsxSpec spec;
  std::string rows = Row(1, InlineCell("A1", "n"));
  for (int i = 2; i < 3000; ++i) rows += Row(i, NumberCell("A" + std::to_string(i), std::to_string(i * 7919 % 104729)));
  spec.sheets.push_back({"S", rows});
  auto good = dir.path() / "good.xlsx";
  ASSERT_TRUE(WriteXlsx(good, spec));
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto truncated = ReadAll(dir.Write("trunc.xlsx", bytes.substr(0, bytes.size() / 2)));
  EXPECT_EQ(truncated.status.error_code(), "xlsx.corrupt");

  // Content sniffing sends a zip to the XLSX reader whatever its name.
  auto no_workbook = dir.path() / "other.zip.bin";
  {
    zipFile zf = zipOpen64(no_workbook.c_str(), 0);
    ASSERT_NE(zf, nullptr);
    ASSERT_TRUE(testing::internal_fixture::AddPart(zf, "readme.txt", "hello"));
    zipClose(zf, nullptr);
  }
  auto r = ReadAll(no_workbook);
  EXPECT_EQ(r.status.error_code(), "xlsx.corrupt");

  XlsxSpec broken;
  broken.sheets.push_back({"S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row><row"});
  ASSERT_TRUE(WriteXlsx(dir.path() / "xml.xlsx", broken));
  auto bad_xml = ReadAll(dir.path() / "xml.xlsx");
  EXPECT_EQ(bad_xml.status.error_code(), "xlsx.corrupt");
  EXPECT_NE(bad_xml.status.message().find("xl/worksheets/sheet1.xml"), std::string::npos);

  XlsxSpec bad_index;
  bad_index.shared_strings = {"a"};
  bad_index.sheets.push_back({"S", Row(1, SharedCell("A1", 0)) + Row(2, SharedCell("A2", 5))});
  ASSERT_TRUE(WriteXlsx(dir.path() / "idx.xlsx", bad_index));
  EXPECT_EQ(ReadAll(dir.path() / "idx.xlsx").status.error_code(), "xlsx.corrupt");
}

TEST(XlsxReader, HeaderProblems) {
  ScratchDir dir;
  XlsxSpec gap;
  gap.sheets.push_back({"S", Row(1, InlineCell("A1", "a") + InlineCell("C1", "c")) + Row(2, NumberCell("A2", "1"))});
  ASSERT_TRUE(WriteXlsx(dir.path() / "gap.xlsx", gap));
  auto r = ReadAll(dir.path() / "gap.xlsx");
  EXPECT_EQ(r.status.error_code(), "ingest.bad_header");
  EXPECT_NE(r.status.message().find("column 2"), std::string::npos);

  XlsxSpec empty;
  empty.sheets.push_back({"S", "<row r=\"1\"/>"});
  ASSERT_TRUE(WriteXlsx(dir.path() / "empty.xlsx", empty));
  EXPECT_EQ(ReadAll(dir.path() / "empty.xlsx").status.error_code(), "ingest.empty_file");

  XlsxSpec bad_ref;
  bad_ref.sheets.push_back(
      {"S", Row(1, InlineCell("A1", "a")) + Row(2, NumberCell("1A", "1")) + Row(3, NumberCell("A3", "3"))});
  ASSERT_TRUE(WriteXlsx(dir.path() / "ref.xlsx", bad_ref));
  auto refs = ReadAll(dir.path() / "ref.xlsx");
  ASSERT_TRUE(refs.status.ok());
  ASSERT_EQ(refs.records.size(), 2u);
  EXPECT_EQ(refs.records[0].error_code, "xlsx.bad_cell");
  EXPECT_EQ(refs.records[1].fields, Fields({"3"}));
}

TEST(XlsxReader, ManyRowsStreamThroughSmallChunks) {
  XlsxSpec spec;
  spec.shared_strings = {"id", "name"};
  std::string rows = Row(1, SharedCell("A1", 0) + SharedCell("B1", 1));
  const int n = 30000;
  for (int i = 2; i <= n + 1; ++i) {
    std::string r = std::to_string(i);
    rows += Row(i, NumberCell("A" + r, std::to_string(i - 1)) + InlineCell("B" + r, "名称" + std::to_string(i - 1)));
  }
  spec.sheets.push_back({"S", rows});
  ScratchDir dir;
  auto path = dir.path() / "many.xlsx";
  ASSERT_TRUE(WriteXlsx(path, spec));
  auto reader = OpenReader(path, {});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Record rec;
  int count = 0;
  uint64_t last_progress = 0;
  bool monotonic = true;
  std::vector<std::string> last;
  for (;;) {
    auto got = (*reader)->Next(rec);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    if (!*got) break;
    ++count;
    last = rec.fields;
    monotonic = monotonic && (*reader)->bytes_consumed() >= last_progress;
    last_progress = (*reader)->bytes_consumed();
  }
  EXPECT_EQ(count, n);
  EXPECT_EQ(last, Fields({std::to_string(n), "名称" + std::to_string(n)}));
  EXPECT_TRUE(monotonic);
  EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->total_bytes());
}

TEST(ExcelNumber, SerialDates) {
  auto iso = [](double serial, bool d1904 = false) {
    std::string out;
    if (!internal::ExcelSerialToIso(serial, d1904, out)) return std::string("<none>");
    return out;
  };
  EXPECT_EQ(iso(1), "1900-01-01");
  EXPECT_EQ(iso(59), "1900-02-28");
  EXPECT_EQ(iso(60), "1900-02-28");  // Excel's phantom 1900-02-29
  EXPECT_EQ(iso(61), "1900-03-01");
  EXPECT_EQ(iso(45292), "2024-01-01");
  EXPECT_EQ(iso(45351), "2024-02-29");
  EXPECT_EQ(iso(45352.75), "2024-03-01T18:00:00");
  EXPECT_EQ(iso(45352.999999999), "2024-03-02");  // rounds to the next midnight
  EXPECT_EQ(iso(0.5), "12:00:00");
  EXPECT_EQ(iso(0, true), "1904-01-01");
  EXPECT_EQ(iso(45352 - 1462, true), "2024-03-01");
  EXPECT_EQ(iso(-1), "<none>");
  EXPECT_EQ(iso(1e9), "<none>");
}

TEST(ExcelNumber, DateFormatCodes) {
  for (const char* code : {"yyyy/m/d", "m/d/yy h:mm", "[$-804]yyyy\"年\"m\"月\"d\"日\"", "h:mm AM/PM",
                           "[Red]yyyy-mm-dd", "dd\\.mm\\.yyyy"}) {
    EXPECT_TRUE(internal::IsDateFormatCode(code)) << code;
  }
  for (const char* code : {"0.00", "General", "#,##0;[Red]-#,##0", "\"day\"0", "[h]:mm:ss", "0.00_);(0.00)", "@",
                           "0.00E+00", "#,##0.00 \"元\""}) {
    EXPECT_FALSE(internal::IsDateFormatCode(code)) << code;
  }
  EXPECT_TRUE(internal::IsBuiltinDateFormat(14));
  EXPECT_TRUE(internal::IsBuiltinDateFormat(31));
  EXPECT_FALSE(internal::IsBuiltinDateFormat(0));
  EXPECT_FALSE(internal::IsBuiltinDateFormat(49));
}

TEST(ExcelNumber, ShortestText) {
  EXPECT_EQ(internal::ShortestNumberText("100"), "100");
  EXPECT_EQ(internal::ShortestNumberText("100.0"), "100");
  EXPECT_EQ(internal::ShortestNumberText("-3"), "-3");
  EXPECT_EQ(internal::ShortestNumberText("0.30000000000000004"), "0.30000000000000004");
  EXPECT_EQ(internal::ShortestNumberText("1.1000000000000001"), "1.1");
  EXPECT_EQ(internal::ShortestNumberText("1E-3"), "0.001");
  EXPECT_EQ(internal::ShortestNumberText("abc"), "abc");
}

TEST(ExcelNumber, EscapesAreDecoded) {
  std::string s = "a_x000D__x000A_b_x005F_x0041_ _xZZZZ_";
  internal::DecodeExcelEscapes(s);
  EXPECT_EQ(s, "a\r\nb_x0041_ _xZZZZ_");
}

}  // namespace
}  // namespace yungu::ingest

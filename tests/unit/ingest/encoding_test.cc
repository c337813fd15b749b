#include <gtest/gtest.h>

#include "ingest/encoding_detect.h"
#include "ingest/iconv_converter.h"
#include "ingest/utf8.h"
#include "ingest_test_util.h"

namespace yungu::ingest {
namespace {

using testing::Fields;
using testing::FromUtf8;
using testing::ReadAll;
using testing::ScratchDir;

TEST(Encoding, GbkFileIsDetectedAndConverted) {
  ScratchDir dir;
  std::string gbk = FromUtf8("GBK", "企业名称,注册资本\n襄阳市某某科技有限公司,100\n");
  ASSERT_FALSE(internal::IsValidUtf8(gbk));
  auto r = ReadAll(dir.Write("gbk.csv", gbk));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "gb18030");
  EXPECT_EQ(r.header, Fields({"企业名称", "注册资本"}));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, Fields({"襄阳市某某科技有限公司", "100"}));
  EXPECT_TRUE(r.records[0].ok());
}

TEST(Encoding, ShortGbkSampleUchardetCannotNameIsStillGb18030) {
  std::string gbk = FromUtf8("GBK", "名称\n张三\n");
  auto enc = internal::DetectEncoding(gbk, true);
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(*enc, "gb18030");
}

TEST(Encoding, ExplicitEncodingOverridesDetection) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.encoding = "GBK";
  auto r = ReadAll(dir.Write("a.csv", FromUtf8("GBK", "名称\n张三\n")), opts);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.info.encoding, "gb18030");
  EXPECT_EQ(r.header, Fields({"名称"}));

  opts.encoding = "no-such-charset";
  auto bad = ReadAll(dir.Write("b.csv", "a\n1\n"), opts);
  EXPECT_EQ(bad.status.error_code(), "ingest.unsupported_encoding");
}

// Builds a GB18030 file larger than several read chunks, arranged so that a
// two-byte character straddles the first 256 KiB boundary, and with
// four-byte GB18030 characters (emoji, CJK extension B) throughout.
TEST(Encoding, Gb18030CharactersStraddlingChunkBoundaries) {
  constexpr size_t kChunk = 256 * 1024;
  std::string utf8;
  std::string gb;
  bool straddles = false;
  for (int pad = 0; pad < 3 && !straddles; ++pad) {
    utf8 = "企业名称,注册资本,备注\n" + std::string(static_cast<size_t>(pad), 'x') + "开始,0,起\n";
    for (int i = 0; utf8.size() < 1200 * 1024; ++i) {
      utf8 += "襄阳市某某科技有限公司" + std::to_string(i) + "," + std::to_string(i * 3) + ",汉字😀𠀀\n";
    }
    gb = FromUtf8("GB18030", utf8);
    // Walk GB18030 structure to the boundary: is byte kChunk-1 a lead byte?
    size_t i = 0;
    while (i < kChunk - 1) {
      auto c = static_cast<unsigned char>(gb[i]);
      if (c < 0x80) {
        i += 1;
      } else if (static_cast<unsigned char>(gb[i + 1]) >= 0x30 && static_cast<unsigned char>(gb[i + 1]) <= 0x39) {
        i += 4;
      } else {
        i += 2;
      }
    }
    // A multi-byte character starts at the last byte of the first chunk.
    straddles = i == kChunk - 1 && static_cast<unsigned char>(gb[i]) >= 0x81;
  }
  ASSERT_TRUE(straddles);
  ASSERT_GT(gb.size(), 3 * kChunk);

  ScratchDir dir;
  auto r = ReadAll(dir.Write("big.csv", gb));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "gb18030");
  // Rebuild the UTF-8 text from the records and compare with the original.
  std::string rebuilt = r.header[0] + "," + r.header[1] + "," + r.header[2] + "\n";
  for (const auto& rec : r.records) {
    ASSERT_TRUE(rec.ok()) << "line " << rec.line << ": " << rec.error;
    rebuilt += rec.fields[0] + "," + rec.fields[1] + "," + rec.fields[2] + "\n";
  }
  EXPECT_TRUE(rebuilt == utf8) << "decoded text differs from the original";
}

TEST(Encoding, ConverterCarriesSplitSequencesByteByByte) {
  std::string utf8 = "襄阳😀a𠀀b";
  std::string gb = FromUtf8("GB18030", utf8);
  auto conv = internal::IconvConverter::Open("gb18030");
  ASSERT_TRUE(conv.ok());
  std::string out;
  for (size_t i = 0; i < gb.size(); ++i) (*conv)->Convert(gb.substr(i, 1), false, out);
  (*conv)->Convert({}, true, out);
  EXPECT_EQ(out, utf8);
}

TEST(Encoding, UndecodableBytesAreMarkedNotDropped) {
  auto conv = internal::IconvConverter::Open("gb18030");
  ASSERT_TRUE(conv.ok());
  std::string out;
  (*conv)->Convert(
      "a\xFF"
      "b\x81",
      true, out);  // 0xFF is never GB18030; 0x81 is cut off
  EXPECT_EQ(out,
            "a\xFF"
            "b\xFF");
}

TEST(Encoding, InvalidUtf8RecordIsFlaggedWithItsLine) {
  ScratchDir dir;
  std::string text = "名称,数值\n中文数据一,1\n中文数据二,2\n坏\xFF数据,3\n\"多行\n文本\",4\n后续数据,5\n";
  auto r = ReadAll(dir.Write("bad.csv", text));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "utf-8");
  ASSERT_EQ(r.records.size(), 5u);
  EXPECT_TRUE(r.records[1].ok());
  EXPECT_EQ(r.records[2].error_code, "ingest.invalid_utf8");
  EXPECT_EQ(r.records[2].error, "invalid UTF-8 in field 1");
  EXPECT_EQ(r.records[2].line, 4);
  EXPECT_TRUE(r.records[3].ok());
  EXPECT_EQ(r.records[3].fields[0], "多行\n文本");
  EXPECT_TRUE(r.records[4].ok());
  EXPECT_EQ(r.records[4].fields, Fields({"后续数据", "5"}));
  EXPECT_EQ(r.records[4].line, 7);
}

TEST(Encoding, InvalidUtf8AfterTheSampleIsFlagged) {
  ScratchDir dir;
  std::string text = "id,name\n";
  for (int i = 0; text.size() < 200 * 1024; ++i) text += std::to_string(i) + ",name\n";
  text += "x,bad\xC3(\n";
  text += "y,ok\n";
  auto r = ReadAll(dir.Write("late.csv", text));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_GE(r.records.size(), 2u);
  const auto& bad = r.records[r.records.size() - 2];
  EXPECT_EQ(bad.error_code, "ingest.invalid_utf8");
  EXPECT_EQ(bad.error, "invalid UTF-8 in field 2");
  EXPECT_TRUE(r.records.back().ok());
}

TEST(Encoding, Utf16WithBom) {
  ScratchDir dir;
  std::string le = "\xFF\xFE" + FromUtf8("UTF-16LE", "名称,数量\n张三,3\n");
  auto r = ReadAll(dir.Write("u16.csv", le));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "utf-16le");
  EXPECT_EQ(r.header, Fields({"名称", "数量"}));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, Fields({"张三", "3"}));

  std::string be = "\xFE\xFF" + FromUtf8("UTF-16BE", "[{\"a\": \"名\"}]");
  auto j = ReadAll(dir.Write("u16.data", be));
  ASSERT_TRUE(j.status.ok()) << j.status.ToString();
  EXPECT_EQ(j.info.format, Format::kJson);
  EXPECT_EQ(j.records.at(0).fields, Fields({"名"}));
}

TEST(Encoding, Big5IsConvertedWhenUchardetNamesIt) {
  ScratchDir dir;
  std::string big5 = FromUtf8("BIG5", "企業名稱,註冊資本\n襄陽市某某科技有限公司,100\n");
  auto r = ReadAll(dir.Write("b5.csv", big5));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "big5");
  EXPECT_EQ(r.header, Fields({"企業名稱", "註冊資本"}));
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(internal::IsValidUtf8("plain ascii text, longer than eight bytes"));
  EXPECT_TRUE(internal::IsValidUtf8("中文 😀 é"));
  EXPECT_FALSE(internal::IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(internal::IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(internal::IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(internal::IsValidUtf8("abc\xE4\xB8"));       // truncated
  EXPECT_FALSE(internal::IsValidUtf8("abcdefgh\x80"));
  auto stats = internal::ScanUtf8("中文\xE4\xB8");
  EXPECT_EQ(stats.invalid, 0u);
  EXPECT_EQ(stats.valid_multibyte, 2u);
  EXPECT_EQ(stats.truncated_tail, 2u);
}

TEST(Encoding, SampleCutInsideACharacterIsStillUtf8) {
  std::string text = "名称\n中文";
  auto cut = internal::DetectEncoding(text.substr(0, text.size() - 1), /*whole_file=*/false);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(*cut, "utf-8");
}

}  // namespace
}  // namespace yungu::ingest

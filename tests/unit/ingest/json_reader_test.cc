#include <gtest/gtest.h>

#include "ingest_test_util.h"

namespace yungu::ingest {
namespace {

using testing::Fields;
using testing::ReadAll;
using testing::ScratchDir;

std::filesystem::path DataFile(const char* name) {
  return std::filesystem::path(YUNGU_TEST_DATA_DIR) / "ingest" / name;
}

TEST(JsonReader, ArrayOfObjectsWithNestedValuesAndUnknownKeys) {
  auto r = ReadAll(DataFile("companies.json"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kJson);
  EXPECT_EQ(r.info.delimiter, 0);
  // Key order of the first object, not alphabetical.
  EXPECT_EQ(r.header, Fields({"名称", "资本", "上市", "地址", "备注"}));
  ASSERT_EQ(r.records.size(), 4u);

  const Record& a = r.records[0];
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.fields, Fields({"襄阳市某某科技有限公司", "100", "false", R"({"市":"襄阳","区":["樊城","襄城"]})", ""}));
  EXPECT_EQ(a.nulls, (std::vector<uint8_t>{0, 0, 0, 0, 1}));

  const Record& b = r.records[1];
  EXPECT_TRUE(b.ok());
  EXPECT_EQ(b.fields, Fields({"武汉中心", "2.50", "true", "", ""}));  // number text as written
  EXPECT_EQ(b.nulls, (std::vector<uint8_t>{0, 0, 0, 1, 0}));          // null vs ""
  EXPECT_TRUE(b.is_null(3));
  EXPECT_FALSE(b.is_null(4));

  const Record& c = r.records[2];  // missing keys are null
  EXPECT_TRUE(c.ok());
  EXPECT_EQ(c.fields[0], "缺少字段");
  EXPECT_EQ(c.nulls, (std::vector<uint8_t>{0, 1, 1, 1, 1}));

  const Record& d = r.records[3];
  EXPECT_EQ(d.error_code, "ingest.unknown_field");
  EXPECT_NE(d.error.find("'未知'"), std::string::npos) << d.error;
  EXPECT_EQ(d.line, 4);
}

TEST(JsonReader, NumbersAndEscapes) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write(
      "n.json", R"([{"i": -12, "big": 123456789012345678901234, "f": 1e5, "u": 18446744073709551615,)"
                R"( "s": "tab\there \"q\" \u00e9\ud83d\ude00", "n": {"x": [1, 2.0, null, "a\nb"], "y": {}}}])"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, Fields({"-12", "123456789012345678901234", "1e5", "18446744073709551615",
                                         "tab\there \"q\" é😀", R"({"x":[1,2.0,null,"a\nb"],"y":{}})"}));
}

TEST(JsonReader, NonObjectElementsAndBadUtf8AreRecordErrors) {
  ScratchDir dir;
  // An ASCII file with one stray byte gives detection no UTF-8 evidence (it
  // would be read as a Latin charset), so name the encoding.
  ReaderOptions opts;
  opts.encoding = "utf-8";
  auto r = ReadAll(dir.Write("m.json", "[5, {\"a\": 1}, [1], {\"a\": \"bad\xFF\"}, {\"a\": 2}]"), opts);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.header, Fields({"a"}));
  ASSERT_EQ(r.records.size(), 5u);
  EXPECT_EQ(r.records[0].error_code, "ingest.not_an_object");
  EXPECT_EQ(r.records[0].line, 1);
  EXPECT_EQ(r.records[1].fields, Fields({"1"}));
  EXPECT_EQ(r.records[2].error_code, "ingest.not_an_object");
  EXPECT_EQ(r.records[3].error_code, "ingest.invalid_utf8");
  EXPECT_EQ(r.records[4].fields, Fields({"2"}));
  EXPECT_EQ(r.records[4].line, 5);
}

TEST(JsonReader, StructuralErrorsAreFatal) {
  ScratchDir dir;
  struct Case {
    const char* text;
    const char* code;
  };
  for (const Case& c :
       {Case{"[{\"a\": 1}, {\"a\": tru}]", "json.malformed"}, Case{"[{\"a\": 1}, {\"a\": 2}", "json.malformed"},
        Case{"[{\"a\": 1} {\"a\": 2}]", "json.malformed"}, Case{"[{\"a\": 1},]", "json.malformed"},
        Case{"[{\"a\": 1}] x", "json.malformed"}, Case{"[{\"a\": \"unterminated}]", "json.malformed"},
        Case{"[]", "ingest.empty_file"}, Case{"  ", "ingest.empty_file"}, Case{"[{}]", "ingest.bad_header"},
        Case{"[{\"a\": 1, \"a\": 2}]", "ingest.bad_header"}, Case{"[1, 2]", "ingest.bad_header"}}) {
    ReaderOptions opts;
    opts.format = Format::kJson;
    auto r = ReadAll(dir.Write("x.json", c.text), opts);
    EXPECT_EQ(r.status.error_code(), c.code) << c.text << " -> " << r.status.ToString();
  }
  ReaderOptions opts;
  opts.format = Format::kJson;
  auto obj = ReadAll(dir.Write("y.json", "{\"a\": 1}"), opts);
  EXPECT_EQ(obj.status.error_code(), "json.malformed");
  EXPECT_NE(obj.status.message().find("ndjson"), std::string::npos);
}

TEST(JsonReader, MalformedElementMessageNamesElementAndLine) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("x.json", "[\n{\"a\": 1},\n{\"a\": 2},\n{\"a\": [1,}\n]"));
  ASSERT_EQ(r.status.error_code(), "json.malformed");
  EXPECT_NE(r.status.message().find("element 3 (line 4)"), std::string::npos) << r.status.message();
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(JsonReader, LargeArrayStreamsAcrossChunks) {
  ScratchDir dir;
  std::string text = "[\n";
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    if (i) text += ",\n";
    text += R"({"id": )" + std::to_string(i) + R"(, "name": "名称 \"x\" )" + std::to_string(i) +
            R"(", "tags": ["a", {"b": "]}"}]})";
  }
  text += "\n]\n";
  auto r = ReadAll(dir.Write("big.json", text));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), static_cast<size_t>(n));
  EXPECT_EQ(r.records.back().fields,
            Fields({std::to_string(n - 1), "名称 \"x\" " + std::to_string(n - 1), R"(["a",{"b":"]}"}])"}));
  EXPECT_EQ(r.records.back().line, n);
}

TEST(JsonReader, OversizedElementIsFlagged) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.max_record_bytes = 40;
  opts.max_field_bytes = 8;
  auto r = ReadAll(
      dir.Write(
          "x.json",
          R"([{"a": "1"}, {"a": "this value is longer than forty bytes in total"}, {"a": "123456789"}, {"a": "2"}])"),
      opts);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[1].error_code, "ingest.record_too_large");
  EXPECT_EQ(r.records[2].error_code, "ingest.field_too_large");
  EXPECT_EQ(r.records[3].fields, Fields({"2"}));
}

TEST(NdjsonReader, MalformedLineIsARecordError) {
  auto r = ReadAll(DataFile("lines.ndjson"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kNdjson);
  EXPECT_EQ(r.header, Fields({"id", "name"}));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].fields, Fields({"1", "a"}));
  EXPECT_EQ(r.records[0].line, 1);
  EXPECT_EQ(r.records[1].error_code, "ingest.malformed_json");
  EXPECT_EQ(r.records[1].line, 3);                     // the blank line 2 is skipped
  EXPECT_EQ(r.records[2].fields, Fields({"3", "c"}));  // CRLF tolerated
  EXPECT_EQ(r.records[2].line, 4);
}

TEST(NdjsonReader, HeaderComesFromFirstValidObject) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("x.jsonl", "not json\n[1]\n{\"k\": true, \"v\": null}\n{\"k\": false, \"z\": 1}\n"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.header, Fields({"k", "v"}));
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].error_code, "ingest.malformed_json");
  EXPECT_EQ(r.records[0].line, 1);
  EXPECT_EQ(r.records[1].error_code, "ingest.not_an_object");
  EXPECT_EQ(r.records[2].fields, Fields({"true", ""}));
  EXPECT_EQ(r.records[2].nulls, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(r.records[3].error_code, "ingest.unknown_field");
  EXPECT_EQ(r.records[3].line, 4);
}

TEST(NdjsonReader, OverlongLineIsFlaggedAndSkipped) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.max_record_bytes = 1000;
  std::string text = "{\"a\": 1}\n{\"a\": \"" + std::string(300000, 'x') + "\"}\n{\"a\": 3}\n";
  auto r = ReadAll(dir.Write("long.ndjson", text), opts);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].error_code, "ingest.record_too_large");
  EXPECT_EQ(r.records[1].line, 2);
  EXPECT_EQ(r.records[2].fields, Fields({"3"}));
  EXPECT_EQ(r.records[2].line, 3);
}

TEST(NdjsonReader, JsonExtensionWithOneObjectPerLine) {
  ScratchDir dir;
  auto r = ReadAll(dir.Write("export.json", "{\"a\": 1}\n{\"a\": 2}\n"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kNdjson);
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(NdjsonReader, EmptyAndGbkInput) {
  ScratchDir dir;
  ReaderOptions opts;
  opts.format = Format::kNdjson;
  auto empty = ReadAll(dir.Write("e.ndjson", "\n \n"), opts);
  EXPECT_EQ(empty.status.error_code(), "ingest.empty_file");

  auto gbk = ReadAll(dir.Write("g.ndjson", testing::FromUtf8("GBK", "{\"名称\": \"襄阳市某某科技有限公司\"}\n")));
  ASSERT_TRUE(gbk.status.ok()) << gbk.status.ToString();
  EXPECT_EQ(gbk.info.encoding, "gb18030");
  EXPECT_EQ(gbk.header, Fields({"名称"}));
  EXPECT_EQ(gbk.records.at(0).fields, Fields({"襄阳市某某科技有限公司"}));
}

}  // namespace
}  // namespace yungu::ingest

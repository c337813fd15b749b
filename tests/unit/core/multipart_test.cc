#include "yungu/core/multipart.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace yungu::multipart {
namespace {

namespace fs = std::filesystem;

TEST(MultipartBoundaryTest, FromContentType) {
  EXPECT_EQ(BoundaryFromContentType("multipart/form-data; boundary=abc123").value(), "abc123");
  EXPECT_EQ(BoundaryFromContentType("multipart/form-data;boundary=----WebKitFormBoundary7MA4YWxk").value(),
            "----WebKitFormBoundary7MA4YWxk");
  EXPECT_EQ(BoundaryFromContentType("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b;c=d\"").value(), "a b;c=d");
  EXPECT_EQ(BoundaryFromContentType("multipart/form-data; boundary=\"q\\\"x\"").value(), "q\"x");
  EXPECT_EQ(BoundaryFromContentType("multipart/mixed; boundary=xyz ; other=1").value(), "xyz");
  EXPECT_EQ(BoundaryFromContentType("multipart/form-data; boundary=" + std::string(70, 'b')).value(),
            std::string(70, 'b'));
}

TEST(MultipartBoundaryTest, RejectsMissingOrBadBoundary) {
  const std::string too_long = "multipart/form-data; boundary=" + std::string(71, 'b');
  for (std::string_view bad : std::initializer_list<std::string_view>{
           "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
           "multipart/form-data; boundary=\"open", "text/plain; boundary=abc", "", std::string_view(too_long),
           "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary=\"a\x01\""}) {
    auto result = BoundaryFromContentType(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.status().error_code(), "multipart.no_boundary") << bad;
  }
}

class MultipartScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu-multipart-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Spool(const std::string& body) {
    const fs::path path = dir_ / ("body" + std::to_string(files_++));
    std::ofstream(path, std::ios::binary) << body;
    return path;
  }

  Result<std::vector<Part>> Scan(const std::string& body) { return ScanMultipartFile(Spool(body), kBoundary); }

  std::string Body(const fs::path& file, const Part& part) {
    auto text = ReadPart(file, part, 1 << 20);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? text.value() : std::string();
  }

  static constexpr std::string_view kBoundary = "XyZ-boundary";
  fs::path dir_;
  int files_ = 0;
};

std::string Field(std::string_view name, std::string_view value) {
  std::ostringstream out;
  out << "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"" << name << "\"\r\n\r\n" << value << "\r\n";
  return out.str();
}

constexpr std::string_view kEnd = "--XyZ-boundary--\r\n";

TEST_F(MultipartScanTest, FieldsAndAFile) {
  const std::string body = Field("title", "预算 2024") +
                           "--XyZ-boundary\r\n"
                           "Content-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\n"
                           "Content-Type: text/csv\r\n"
                           "\r\n"
                           "a,b\r\n1,2\r\n"
                           "\r\n" +
                           Field("empty", "") + std::string(kEnd);
  const fs::path file = Spool(body);
  auto parts = ScanMultipartFile(file, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 3u);
  const Part& title = (*parts)[0];
  EXPECT_EQ(title.name, "title");
  EXPECT_EQ(title.filename, "");
  EXPECT_EQ(title.content_type, "");
  EXPECT_EQ(Body(file, title), "预算 2024");
  const Part& upload = (*parts)[1];
  EXPECT_EQ(upload.name, "file");
  EXPECT_EQ(upload.filename, "data.csv");
  EXPECT_EQ(upload.content_type, "text/csv");
  EXPECT_EQ(Body(file, upload), "a,b\r\n1,2\r\n");
  EXPECT_EQ(body.substr(upload.offset, upload.length), "a,b\r\n1,2\r\n");
  EXPECT_EQ((*parts)[2].name, "empty");
  EXPECT_EQ((*parts)[2].length, 0u);
}

TEST_F(MultipartScanTest, PreambleAndEpilogueAreIgnored) {
  const std::string body = "This is the preamble. It mentions XyZ-boundary and x--XyZ-boundary too.\r\n" +
                           Field("a", "1") + "--XyZ-boundary--\r\nepilogue with\r\n--XyZ-boundary\r\nnoise";
  const fs::path file = Spool(body);
  auto parts = ScanMultipartFile(file, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ(Body(file, (*parts)[0]), "1");
}

TEST_F(MultipartScanTest, BoundaryLookalikesStayInTheBody) {
  const std::string tricky =
      "--XyZ-boundary in the middle of a line\r\n"
      "XyZ-boundary after CRLF without dashes\r\n"
      "-XyZ-boundary with one dash\r\n"
      "--XyZ-boundaryX longer boundary\r\n"
      "--XyZ-boundary- one trailing dash\r\n"
      "--XyZ-bound truncated\r\n"
      "ends with CRLF--XyZ-boundar";
  const std::string body = Field("f", tricky) + Field("g", "\r\n--XyZ-boundaryZ") + std::string(kEnd);
  const fs::path file = Spool(body);
  auto parts = ScanMultipartFile(file, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ(Body(file, (*parts)[0]), tricky);
  EXPECT_EQ(Body(file, (*parts)[1]), "\r\n--XyZ-boundaryZ");
}

TEST_F(MultipartScanTest, TransportPaddingAndHeaderForms) {
  const std::string body =
      "--XyZ-boundary \t\r\n"
      "content-disposition: FORM-DATA;\r\n"
      "\tNAME=plain; filename=\"\"\r\n"
      "X-Ignored: yes\r\n"
      "CONTENT-TYPE:  application/octet-stream \r\n"
      "\r\n"
      "v\r\n"
      "--XyZ-boundary--";
  const fs::path file = Spool(body);
  auto parts = ScanMultipartFile(file, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "plain");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content_type, "application/octet-stream");
  EXPECT_EQ(Body(file, (*parts)[0]), "v");
}

TEST_F(MultipartScanTest, FilenameForms) {
  const auto disposition = [](std::string_view params) {
    return "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"f\"; " + std::string(params) + "\r\n\r\nx\r\n";
  };
  const std::string body =
      disposition(R"(filename="say \"hi\".txt")") + disposition(R"(filename="C:\Users\me\report 2024.xlsx")") +
      disposition(R"(filename="../../etc/passwd")") + disposition(R"(filename="..")") +
      disposition(R"(filename="fallback.csv"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20v1.csv)") +
      disposition(R"(filename*=utf-8'zh'%E6%95%B0%E6%8D%AE.txt; filename="fallback.txt")") +
      disposition(R"(filename="keep.txt"; filename*=ISO-8859-1''x%E9.txt)") +
      disposition(R"(filename="fallback2.txt"; filename*=UTF-8''bad%G1)") + disposition("filename=\"原始名.csv\"") +
      disposition(R"(filename=unquoted.txt)") + std::string(kEnd);
  auto parts = Scan(body);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  std::vector<std::string> names;
  for (const Part& p : *parts) names.push_back(p.filename);
  EXPECT_EQ(names, (std::vector<std::string>{"say \"hi\".txt", "report 2024.xlsx", "passwd", "_", "报告 v1.csv",
                                             "数据.txt", "keep.txt", "fallback2.txt", "原始名.csv", "unquoted.txt"}));
}

TEST_F(MultipartScanTest, EmptyBodies) {
  // A part may end right after its headers' blank line, or have an empty
  // body after it; both are empty.
  const std::string body =
      "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--XyZ-boundary\r\n"
      "Content-Disposition: form-data; name=\"b\"\r\n\r\n\r\n--XyZ-boundary--";
  auto parts = Scan(body);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].length, 0u);
  EXPECT_EQ((*parts)[1].length, 0u);
}

TEST_F(MultipartScanTest, EmptyFormHasNoParts) {
  auto parts = Scan(std::string(kEnd));
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_TRUE(parts->empty());
}

TEST_F(MultipartScanTest, MalformedBodies) {
  const std::string no_disposition = "--XyZ-boundary\r\nContent-Type: text/plain\r\n\r\nx\r\n" + std::string(kEnd);
  const std::string bad_line =
      "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\nnot a header\r\n\r\nx\r\n" + std::string(kEnd);
  const std::string not_form_data =
      "--XyZ-boundary\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n" + std::string(kEnd);
  const std::string no_name =
      "--XyZ-boundary\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n" + std::string(kEnd);
  const std::string open_quote =
      "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n" + std::string(kEnd);
  const std::string long_headers =
      "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\nX-Long: " + std::string(20000, 'h') +
      "\r\n\r\nx\r\n" + std::string(kEnd);
  const std::string unterminated_headers = "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\n";
  for (const std::string& body :
       {Field("a", "1"), Field("a", "1") + "--XyZ-boundary", std::string("no boundary at all"), std::string(""),
        std::string("XyZ-boundary--\r\n"), no_disposition, bad_line, not_form_data, no_name, open_quote, long_headers,
        unterminated_headers}) {
    auto parts = Scan(body);
    ASSERT_FALSE(parts.ok()) << body.substr(0, 200);
    EXPECT_EQ(parts.status().error_code(), "multipart.malformed") << body.substr(0, 200);
    EXPECT_FALSE(parts.status().message().empty());
  }
}

TEST_F(MultipartScanTest, TooManyParts) {
  std::string body;
  for (int i = 0; i < 10001; ++i) body += Field("f", "");
  body += kEnd;
  auto parts = Scan(body);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().error_code(), "multipart.too_many_parts");
}

TEST_F(MultipartScanTest, DelimiterStraddlingReadChunks) {
  // The scanner reads 64 KiB at a time; move the delimiter (and the next
  // part's headers) across that edge one byte at a time.
  const std::string head = "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n";
  const size_t delimiter_size = std::string("\r\n--XyZ-boundary").size();
  for (size_t chunk : {size_t{64} * 1024, size_t{128} * 1024}) {
    for (size_t shift = 0; shift <= delimiter_size + 80; ++shift) {
      const size_t body_size = chunk - head.size() - shift + 4;
      std::string value(body_size, 'v');
      value[body_size - 1] = '\r';  // a CR right before the delimiter's own CR
      const std::string body = head + value + "\r\n" + Field("b", "second") + std::string(kEnd);
      const fs::path file = Spool(body);
      auto parts = ScanMultipartFile(file, kBoundary);
      ASSERT_TRUE(parts.ok()) << "shift " << shift << ": " << parts.status().ToString();
      ASSERT_EQ(parts->size(), 2u) << "shift " << shift;
      EXPECT_EQ((*parts)[0].offset, head.size());
      EXPECT_EQ((*parts)[0].length, body_size) << "shift " << shift;
      EXPECT_EQ((*parts)[1].name, "b");
      EXPECT_EQ(Body(file, (*parts)[1]), "second") << "shift " << shift;
      fs::remove(file);
    }
  }
}

TEST_F(MultipartScanTest, LargeBinaryPartSpanningManyChunks) {
  // 5 MB of random bytes sprinkled with near-miss delimiters.
  std::mt19937 rng(7);
  std::string payload(5 * 1000 * 1000, '\0');
  for (char& c : payload) c = static_cast<char>(rng() & 0xFF);
  const std::string near_misses[] = {"\r\n--XyZ-boundar", "\r\n--XyZ-boundaryQ", "\r\n-XyZ-boundary\r\n",
                                     "--XyZ-boundary\r\n", "\r\r\n--XyZ-boundary-x"};
  for (size_t at = 1000; at + 40 < payload.size(); at += 65536 - 7) {
    const std::string& miss = near_misses[(at / 1000) % 5];
    payload.replace(at, miss.size(), miss);
  }
  const std::string body = Field("title", "big") +
                           "--XyZ-boundary\r\n"
                           "Content-Disposition: form-data; name=\"upload\"; filename=\"blob.bin\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n" +
                           payload + "\r\n" + Field("after", "tail") + std::string(kEnd);
  const fs::path file = Spool(body);
  auto parts = ScanMultipartFile(file, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 3u);
  const Part& upload = (*parts)[1];
  EXPECT_EQ(upload.filename, "blob.bin");
  EXPECT_EQ(upload.length, payload.size());

  const fs::path copy = dir_ / "copy.bin";
  ASSERT_TRUE(CopyPartToFile(file, upload, copy).ok());
  std::ifstream in(copy, std::ios::binary);
  const std::string copied((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(copied == payload);
  EXPECT_EQ(Body(file, (*parts)[2]), "tail");

  auto too_big = ReadPart(file, upload, 1024);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.status().error_code(), "multipart.part_too_large");
  EXPECT_EQ(too_big.status().code(), Code::kPayloadTooLarge);
}

TEST_F(MultipartScanTest, IoErrors) {
  auto missing = ScanMultipartFile(dir_ / "nope", kBoundary);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_code(), "multipart.io");
  EXPECT_EQ(missing.status().code(), Code::kIoError);

  const fs::path file = Spool(Field("a", "hello") + std::string(kEnd));
  auto parts = ScanMultipartFile(file, kBoundary);
  ASSERT_TRUE(parts.ok());
  const fs::path bad_dest = dir_ / "no" / "such" / "dir" / "out";
  EXPECT_EQ(CopyPartToFile(file, (*parts)[0], bad_dest).error_code(), "multipart.io");

  Part beyond = (*parts)[0];
  beyond.offset = 1 << 20;  // past the end of the file
  EXPECT_EQ(ReadPart(file, beyond, 100).status().error_code(), "multipart.io");
  const fs::path dest = dir_ / "partial";
  EXPECT_EQ(CopyPartToFile(file, beyond, dest).error_code(), "multipart.io");
  EXPECT_FALSE(fs::exists(dest));  // no half-written file left behind
}

}  // namespace
}  // namespace yungu::multipart

// Helpers for the ingest tests: scratch files, encoding conversion, and
// draining a reader.
#pragma once

#include <gtest/gtest.h>
#include <iconv.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/ingest/reader.h"

namespace yungu::ingest::testing {

// A fresh directory under the test temp dir, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "yungu_ingest_XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path Write(const std::string& name, std::string_view bytes) const {
    std::filesystem::path p = path_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good());
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Converts UTF-8 text to another encoding with iconv (the test's way of
// producing real GBK / GB18030 / UTF-16 bytes).
inline std::string FromUtf8(const char* to, std::string_view utf8) {
  iconv_t cd = iconv_open(to, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
  EXPECT_NE(rc, static_cast<size_t>(-1)) << "cannot convert test text to " << to;
  out.resize(out.size() - dst_left);
  iconv_close(cd);
  return out;
}

struct ReadResult {
  Status status;  // of OpenReader or of the failing Next
  std::vector<std::string> header;
  SourceInfo info;
  std::vector<Record> records;
};

inline ReadResult ReadAll(const std::filesystem::path& file, const ReaderOptions& options = {}) {
  ReadResult out;
  auto reader = OpenReader(file, options);
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  out.header = (*reader)->header();
  out.info = (*reader)->info();
  for (;;) {
    Record rec;
    auto got = (*reader)->Next(rec);
    if (!got.ok()) {
      out.status = got.status();
      return out;
    }
    if (!*got) break;
    out.records.push_back(std::move(rec));
  }
  return out;
}

inline std::vector<std::string> Fields(std::initializer_list<std::string> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

}  // namespace yungu::ingest::testing

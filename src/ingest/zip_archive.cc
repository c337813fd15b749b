#include "ingest/zip_archive.h"

#include <minizip/unzip.h>

namespace yungu::ingest::internal {
namespace {

constexpr int kCaseInsensitive = 2;  // unzLocateFile's iCaseSensitivity

Status Corrupt(const std::string& what) { return InvalidArgument("xlsx.corrupt", what); }

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(const std::filesystem::path& path) {
  unzFile zip = unzOpen64(path.c_str());
  if (zip == nullptr) return Corrupt("not a valid XLSX file (cannot read it as a zip archive)");
  return std::unique_ptr<ZipArchive>(new ZipArchive(zip));
}

ZipArchive::~ZipArchive() {
  CloseEntry();
  unzClose(static_cast<unzFile>(zip_));
}

bool ZipArchive::Contains(const std::string& name) {
  return unzLocateFile(static_cast<unzFile>(zip_), name.c_str(), kCaseInsensitive) == UNZ_OK;
}

Status ZipArchive::OpenEntry(const std::string& name) {
  CloseEntry();
  auto* zip = static_cast<unzFile>(zip_);
  if (unzLocateFile(zip, name.c_str(), kCaseInsensitive) != UNZ_OK) {
    return Corrupt("the workbook has no part named " + name);
  }
  if (unzOpenCurrentFile(zip) != UNZ_OK) return Corrupt("cannot open part " + name + " (damaged or encrypted)");
  entry_open_ = true;
  entry_name_ = name;
  return Status::Ok();
}

Result<size_t> ZipArchive::Read(char* dst, size_t n) {
  if (!entry_open_) return size_t{0};
  int got = unzReadCurrentFile(static_cast<unzFile>(zip_), dst, static_cast<unsigned>(n));
  if (got < 0) return Corrupt("cannot decompress part " + entry_name_ + " (error " + std::to_string(got) + ")");
  return static_cast<size_t>(got);
}

void ZipArchive::CloseEntry() {
  if (!entry_open_) return;
  unzCloseCurrentFile(static_cast<unzFile>(zip_));
  entry_open_ = false;
}

Result<std::string> ZipArchive::ReadAll(const std::string& name, size_t max_bytes) {
  YG_RETURN_IF_ERROR(OpenEntry(name));
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    YG_ASSIGN_OR_RETURN(size_t got, Read(buf, sizeof buf));
    if (got == 0) break;
    if (out.size() + got > max_bytes) {
      CloseEntry();
      return Corrupt("part " + name + " is implausibly large");
    }
    out.append(buf, got);
  }
  // Closing checks the CRC of what was read.
  int rc = unzCloseCurrentFile(static_cast<unzFile>(zip_));
  entry_open_ = false;
  if (rc != UNZ_OK) return Corrupt("part " + name + " fails its checksum");
  return out;
}

uint64_t ZipArchive::position() {
  if (!entry_open_) return 0;
  return unzGetCurrentFileZStreamPos64(static_cast<unzFile>(zip_));
}

}  // namespace yungu::ingest::internal

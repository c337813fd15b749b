// multipart/form-data (RFC 7578 over RFC 2046) for uploads spooled to a file.
//
// The HTTP server writes a request body to disk first; ScanMultipartFile then
// finds the parts in bounded memory and reports each body as a byte range of
// that file, so a large uploaded file is never held in memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/status.h"

namespace yungu::multipart {

// Extracts the boundary parameter from a Content-Type header value such as
// `multipart/form-data; boundary="abc"` (quoted or not). Fails with
// "multipart.no_boundary" when the type is not multipart/*, or the boundary is
// missing, empty, longer than RFC 2046's 70 characters or has control bytes.
Result<std::string> BoundaryFromContentType(std::string_view content_type);

struct Part {
  std::string name;          // Content-Disposition name
  std::string filename;      // empty for plain fields; path components removed;
                             // filename* (RFC 5987, UTF-8) wins over filename
  std::string content_type;  // the part's Content-Type, empty when absent
  uint64_t offset = 0;       // body byte range in the spooled file
  uint64_t length = 0;
};

// Scans a spooled request body and returns the parts in order. Memory use is
// bounded (the file is read in chunks; a boundary may straddle them).
// Errors: "multipart.malformed" (no opening or closing boundary, bad part
// headers), "multipart.too_many_parts" (more than 10000), "multipart.io".
Result<std::vector<Part>> ScanMultipartFile(const std::filesystem::path& body_file, std::string_view boundary);

// Reads a small part's bytes (for text form fields). Fails with
// "multipart.part_too_large" if the part is longer than max_bytes.
Result<std::string> ReadPart(const std::filesystem::path& body_file, const Part& part, size_t max_bytes);

// Copies a part's bytes to `dest`, created or truncated (for the uploaded
// file itself). On failure `dest` is removed.
Status CopyPartToFile(const std::filesystem::path& body_file, const Part& part, const std::filesystem::path& dest);

}  // namespace yungu::multipart

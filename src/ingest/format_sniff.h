// Choosing the reader for a file: by extension first, by content otherwise.
#pragma once

#include <optional>
#include <string_view>

#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

enum class Signature { kNone, kZip, kOle2 };

// Binary container signatures at the very start of the file.
Signature DetectSignature(std::string_view head);

struct ExtensionFormat {
  Format format = Format::kAuto;
  std::optional<char> delimiter;  // '\t' for .tsv/.tab
  bool legacy_xls = false;        // .xls: a format we refuse with a clear message
};

// From the extension of a file name ("report.TSV" -> csv + tab); kAuto when
// the extension says nothing.
ExtensionFormat FormatFromName(std::string_view file_name);

// The first significant character of a text sample, skipping a BOM and
// whitespace, for any of UTF-8/GB18030 and BOM-marked UTF-16/32. 0 if none.
char FirstSignificantChar(std::string_view head);

// Content sniffing: zip -> xlsx, '[' -> json, '{' -> ndjson, else csv.
Format SniffFormat(std::string_view head);

}  // namespace yungu::ingest::internal

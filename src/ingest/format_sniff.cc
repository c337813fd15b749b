#include "ingest/format_sniff.h"

#include <string>

namespace yungu::ingest::internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string LowerExtension(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

}  // namespace

Signature DetectSignature(std::string_view head) {
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return Signature::kZip;
  if (head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) return Signature::kOle2;
  return Signature::kNone;
}

ExtensionFormat FormatFromName(std::string_view file_name) {
  std::string ext = LowerExtension(file_name);
  ExtensionFormat out;
  if (ext == "csv" || ext == "txt") {
    out.format = Format::kCsv;
  } else if (ext == "tsv" || ext == "tab") {
    out.format = Format::kCsv;
    out.delimiter = '\t';
  } else if (ext == "json") {
    out.format = Format::kJson;
  } else if (ext == "ndjson" || ext == "jsonl") {
    out.format = Format::kNdjson;
  } else if (ext == "xlsx" || ext == "xlsm") {
    out.format = Format::kXlsx;
  } else if (ext == "xls") {
    out.legacy_xls = true;
  }
  return out;
}

char FirstSignificantChar(std::string_view head) {
  // Wide encodings: look at the code unit's low byte only, which is the
  // ASCII character for everything we look for.
  size_t start = 0;
  size_t step = 1;
  size_t offset = 0;
  if (head.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) {
    start = 4, step = 4, offset = 0;
  } else if (head.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) {
    start = 4, step = 4, offset = 3;
  } else if (head.substr(0, 2) == "\xFF\xFE") {
    start = 2, step = 2, offset = 0;
  } else if (head.substr(0, 2) == "\xFE\xFF") {
    start = 2, step = 2, offset = 1;
  } else if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    start = 3;
  }
  for (size_t i = start + offset; i < head.size(); i += step) {
    if (!IsSpace(head[i])) return head[i];
  }
  return 0;
}

Format SniffFormat(std::string_view head) {
  if (DetectSignature(head) == Signature::kZip) return Format::kXlsx;
  char c = FirstSignificantChar(head);
  if (c == '[') return Format::kJson;
  if (c == '{') return Format::kNdjson;
  return Format::kCsv;
}

}  // namespace yungu::ingest::internal

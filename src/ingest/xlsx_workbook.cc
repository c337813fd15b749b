#include "ingest/xlsx_workbook.h"

#include <cstdlib>
#include <unordered_map>

#include "ingest/excel_number.h"
#include "ingest/xml_parser.h"

namespace yungu::ingest::internal {
namespace {

constexpr size_t kMaxSmallPartBytes = 64 << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsTrue(const char* v) { return v != nullptr && (std::string_view(v) == "1" || std::string_view(v) == "true"); }

int ToInt(const char* v, int fallback) {
  if (v == nullptr) return fallback;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  if (end == v) return fallback;
  return static_cast<int>(n);
}

Status ParseWhole(XmlHandler* handler, const std::string& part, const std::string& xml) {
  XmlParser parser(handler, part);
  return parser.Feed(xml.data(), xml.size(), true);
}

class WorkbookHandler final : public XmlHandler {
 public:
  void OnStart(std::string_view name, const char** attrs) override {
    if (name == "sheet") {
      const char* sheet_name = XmlAttr(attrs, "name");
      const char* rid = XmlAttr(attrs, "id");  // r:id
      sheets.push_back({sheet_name ? sheet_name : "", rid ? rid : ""});
    } else if (name == "workbookPr") {
      date1904 = IsTrue(XmlAttr(attrs, "date1904"));
    }
  }
  void OnEnd(std::string_view) override {}
  void OnText(std::string_view) override {}

  struct Sheet {
    std::string name;
    std::string rid;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;
};

class RelsHandler final : public XmlHandler {
 public:
  void OnStart(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = XmlAttr(attrs, "Id");
    const char* type = XmlAttr(attrs, "Type");
    const char* target = XmlAttr(attrs, "Target");
    if (id == nullptr || target == nullptr) return;
    targets[id] = ResolvePartPath(target);
    if (type != nullptr && EndsWith(type, "/sharedStrings")) shared_strings = ResolvePartPath(target);
    if (type != nullptr && EndsWith(type, "/styles")) styles = ResolvePartPath(target);
  }
  void OnEnd(std::string_view) override {}
  void OnText(std::string_view) override {}

  std::unordered_map<std::string, std::string> targets;
  std::string shared_strings;
  std::string styles;
};

class StylesHandler final : public XmlHandler {
 public:
  void OnStart(std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* code = XmlAttr(attrs, "formatCode");
      custom_date[ToInt(XmlAttr(attrs, "numFmtId"), -1)] = code != nullptr && IsDateFormatCode(code);
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      xf_formats.push_back(ToInt(XmlAttr(attrs, "numFmtId"), 0));
    }
  }
  void OnEnd(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  void OnText(std::string_view) override {}

  std::unordered_map<int, bool> custom_date;
  std::vector<int> xf_formats;

 private:
  bool in_cell_xfs_ = false;  // cellStyleXfs holds xf elements too
};

// Collects each <si>'s text: its <t> runs, minus phonetic guides (<rPh>).
class SharedStringsHandler final : public XmlHandler {
 public:
  explicit SharedStringsHandler(std::vector<std::string>* out) : out_(out) {}

  void OnStart(std::string_view name, const char** attrs) override {
    if (name == "sst") {
      // A hint only; capped so a lying count cannot force a huge allocation.
      int count = ToInt(XmlAttr(attrs, "uniqueCount"), 0);
      if (count > 0) out_->reserve(static_cast<size_t>(count < (1 << 20) ? count : (1 << 20)));
    } else if (name == "si") {
      current_.clear();
    } else if (name == "t") {
      in_t_ = true;
    } else if (name == "rPh") {
      in_phonetic_ = true;
    }
  }
  void OnEnd(std::string_view name) override {
    if (name == "si") {
      DecodeExcelEscapes(current_);
      out_->push_back(std::move(current_));
      current_.clear();
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      in_phonetic_ = false;
    }
  }
  void OnText(std::string_view text) override {
    if (in_t_ && !in_phonetic_) current_.append(text);
  }

 private:
  std::vector<std::string>* out_;
  std::string current_;
  bool in_t_ = false;
  bool in_phonetic_ = false;
};

}  // namespace

std::string ResolvePartPath(const std::string& target) {
  std::string path = !target.empty() && target[0] == '/' ? target.substr(1) : "xl/" + target;
  // Collapse "dir/../" segments.
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

Result<XlsxWorkbook> LoadWorkbook(ZipArchive& zip) {
  if (!zip.Contains("xl/workbook.xml")) {
    return InvalidArgument("xlsx.corrupt", "not an XLSX workbook (xl/workbook.xml is missing)");
  }
  YG_ASSIGN_OR_RETURN(std::string workbook_xml, zip.ReadAll("xl/workbook.xml", kMaxSmallPartBytes));
  WorkbookHandler wb;
  YG_RETURN_IF_ERROR(ParseWhole(&wb, "xl/workbook.xml", workbook_xml));

  RelsHandler rels;
  if (zip.Contains("xl/_rels/workbook.xml.rels")) {
    YG_ASSIGN_OR_RETURN(std::string rels_xml, zip.ReadAll("xl/_rels/workbook.xml.rels", kMaxSmallPartBytes));
    YG_RETURN_IF_ERROR(ParseWhole(&rels, "xl/_rels/workbook.xml.rels", rels_xml));
  }

  XlsxWorkbook out;
  out.date1904 = wb.date1904;
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    auto it = rels.targets.find(wb.sheets[i].rid);
    // Without a relationship, fall back to the conventional part name.
    std::string path = it != rels.targets.end() ? it->second : "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
    out.sheets.push_back({wb.sheets[i].name, std::move(path)});
  }
  out.shared_strings_path = !rels.shared_strings.empty() ? rels.shared_strings : "xl/sharedStrings.xml";
  if (!zip.Contains(out.shared_strings_path)) out.shared_strings_path.clear();
  out.styles_path = !rels.styles.empty() ? rels.styles : "xl/styles.xml";
  if (!zip.Contains(out.styles_path)) out.styles_path.clear();
  return out;
}

Result<std::vector<uint8_t>> LoadDateStyles(ZipArchive& zip, const std::string& path) {
  std::vector<uint8_t> out;
  if (path.empty()) return out;
  YG_ASSIGN_OR_RETURN(std::string xml, zip.ReadAll(path, kMaxSmallPartBytes));
  StylesHandler styles;
  YG_RETURN_IF_ERROR(ParseWhole(&styles, path, xml));
  out.reserve(styles.xf_formats.size());
  for (int id : styles.xf_formats) {
    auto it = styles.custom_date.find(id);
    bool is_date = it != styles.custom_date.end() ? it->second : IsBuiltinDateFormat(id);
    out.push_back(is_date ? 1 : 0);
  }
  return out;
}

Result<std::vector<std::string>> LoadSharedStrings(ZipArchive& zip, const std::string& path) {
  std::vector<std::string> out;
  if (path.empty()) return out;
  YG_RETURN_IF_ERROR(zip.OpenEntry(path));
  SharedStringsHandler handler(&out);
  XmlParser parser(&handler, path);
  std::string buf(64 * 1024, '\0');
  for (;;) {
    YG_ASSIGN_OR_RETURN(size_t got, zip.Read(buf.data(), buf.size()));
    YG_RETURN_IF_ERROR(parser.Feed(buf.data(), got, got == 0));
    if (got == 0) break;
  }
  zip.CloseEntry();
  return out;
}

}  // namespace yungu::ingest::internal

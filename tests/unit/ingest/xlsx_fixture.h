// Writes small XLSX workbooks for tests with minizip's zip writer: just the
// parts a reader needs ([Content_Types].xml, workbook, its relationships,
// worksheets, shared strings, styles). Header-only because the test target
// compiles only *_test.cc files.
#pragma once

#include <minizip/zip.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace yungu::ingest::testing {

struct XlsxSheetSpec {
  std::string name;
  std::string rows_xml;  // the <row> elements that go inside <sheetData>
};

struct XlsxSpec {
  std::vector<XlsxSheetSpec> sheets;
  std::vector<std::string> shared_strings;                  // plain text, escaped on write
  std::string raw_shared_items;                             // extra <si> XML appended after them
  std::vector<std::pair<int, std::string>> custom_formats;  // numFmtId, formatCode
  std::vector<int> cell_formats = {0};                      // numFmtId of cell style 0, 1, ...
  bool date1904 = false;
  bool write_shared_strings = true;
  bool write_styles = true;
};

inline std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Shorthands for cell XML.
inline std::string SharedCell(const std::string& ref, int index, int style = -1) {
  std::string s = style >= 0 ? " s=\"" + std::to_string(style) + "\"" : "";
  return "<c r=\"" + ref + "\" t=\"s\"" + s + "><v>" + std::to_string(index) + "</v></c>";
}
inline std::string NumberCell(const std::string& ref, const std::string& value, int style = -1) {
  std::string s = style >= 0 ? " s=\"" + std::to_string(style) + "\"" : "";
  return "<c r=\"" + ref + "\"" + s + "><v>" + value + "</v></c>";
}
inline std::string InlineCell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + XmlEscape(text) + "</t></is></c>";
}

namespace internal_fixture {

inline bool AddPart(zipFile zf, const std::string& name, const std::string& data) {
  zip_fileinfo info{};
  if (zipOpenNewFileInZip(zf, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                          Z_DEFAULT_COMPRESSION) != ZIP_OK) {
    return false;
  }
  bool ok = data.empty() || zipWriteInFileInZip(zf, data.data(), static_cast<unsigned>(data.size())) == ZIP_OK;
  return zipCloseFileInZip(zf) == ZIP_OK && ok;
}

}  // namespace internal_fixture

inline bool WriteXlsx(const std::filesystem::path& path, const XlsxSpec& spec) {
  constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  std::string workbook = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"") + kMain +
                         "\" xmlns:r=\"" + kRel + "\">";
  if (spec.date1904) workbook += "<workbookPr date1904=\"1\"/>";
  workbook += "<sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  std::vector<std::pair<std::string, std::string>> parts;
  for (size_t i = 0; i < spec.sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    workbook += "<sheet name=\"" + XmlEscape(spec.sheets[i].name) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels +=
        "<Relationship Id=\"rId" + n + "\" Type=\"" + kRel + "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    types += "<Override PartName=\"/xl/worksheets/sheet" + n +
             ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    parts.emplace_back("xl/worksheets/sheet" + n + ".xml",
                       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"") + kMain +
                           "\"><sheetData>" + spec.sheets[i].rows_xml + "</sheetData></worksheet>");
  }
  workbook += "</sheets></workbook>";
  if (spec.write_shared_strings) {
    rels += std::string("<Relationship Id=\"rIdS\" Type=\"") + kRel + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    std::string sst = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"") + kMain + "\" count=\"" +
                      std::to_string(spec.shared_strings.size()) + "\" uniqueCount=\"" +
                      std::to_string(spec.shared_strings.size()) + "\">";
    for (const auto& s : spec.shared_strings) sst += "<si><t xml:space=\"preserve\">" + XmlEscape(s) + "</t></si>";
    sst += spec.raw_shared_items + "</sst>";
    parts.emplace_back("xl/sharedStrings.xml", sst);
  }
  if (spec.write_styles) {
    rels += std::string("<Relationship Id=\"rIdT\" Type=\"") + kRel + "/styles\" Target=\"styles.xml\"/>";
    std::string styles =
        std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet xmlns=\"") + kMain + "\">";
    if (!spec.custom_formats.empty()) {
      styles += "<numFmts count=\"" + std::to_string(spec.custom_formats.size()) + "\">";
      for (const auto& [id, code] : spec.custom_formats) {
        styles += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + XmlEscape(code) + "\"/>";
      }
      styles += "</numFmts>";
    }
    // A cellStyleXfs entry with a date format, which must not be confused
    // with the cellXfs list.
    styles += "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>";
    styles += "<cellXfs count=\"" + std::to_string(spec.cell_formats.size()) + "\">";
    for (int id : spec.cell_formats) styles += "<xf numFmtId=\"" + std::to_string(id) + "\" xfId=\"0\"/>";
    styles += "</cellXfs></styleSheet>";
    parts.emplace_back("xl/styles.xml", styles);
  }
  rels += "</Relationships>";
  types += "</Types>";

  zipFile zf = zipOpen64(path.c_str(), 0);
  if (zf == nullptr) return false;
  bool ok = internal_fixture::AddPart(zf, "[Content_Types].xml", types) &&
            internal_fixture::AddPart(zf, "xl/workbook.xml", workbook) &&
            internal_fixture::AddPart(zf, "xl/_rels/workbook.xml.rels", rels);
  for (const auto& [name, data] : parts) ok = ok && internal_fixture::AddPart(zf, name, data);
  return zipClose(zf, nullptr) == ZIP_OK && ok;
}

}  // namespace yungu::ingest::testing

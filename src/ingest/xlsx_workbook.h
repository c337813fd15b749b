// The workbook-level parts of an XLSX file that a sheet needs: the sheet
// list (xl/workbook.xml + its relationships), the date system, which cell
// styles display dates (xl/styles.xml), and the shared string table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/zip_archive.h"
#include "yungu/core/result.h"

namespace yungu::ingest::internal {

struct XlsxSheetRef {
  std::string name;
  std::string path;  // zip entry, e.g. "xl/worksheets/sheet1.xml"
};

struct XlsxWorkbook {
  std::vector<XlsxSheetRef> sheets;  // in workbook order
  bool date1904 = false;
  std::string shared_strings_path;  // empty when the workbook has none
  std::string styles_path;          // empty when the workbook has none
};

Result<XlsxWorkbook> LoadWorkbook(ZipArchive& zip);

// One flag per cellXfs entry (the cell's s="" index): 1 = shows a date/time.
Result<std::vector<uint8_t>> LoadDateStyles(ZipArchive& zip, const std::string& path);

// Held in memory (cells refer to it by index); the XML is streamed.
Result<std::vector<std::string>> LoadSharedStrings(ZipArchive& zip, const std::string& path);

// Resolves a relationship target against the xl/ folder.
std::string ResolvePartPath(const std::string& target);

}  // namespace yungu::ingest::internal

// XLSX writer: a minimal Office Open XML workbook with one sheet.
//
// The sheet XML is rendered row by row into a small buffer that is deflated
// straight into a zip entry of a temp file, so memory stays constant however
// many rows there are. The zip's central directory is written last, which is
// why the file can only be streamed to the sink after Finish.
#include <stdlib.h>  // mkstemps
#include <unistd.h>  // close
#include <zip.h>     // minizip
#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>
#include <variant>

#include "output/writer_internal.h"

namespace yungu::output {
namespace {

namespace fs = std::filesystem;

using internal::kChunkBytes;
// Excel's own limits; a file beyond them opens truncated or not at all.
constexpr size_t kMaxColumns = 16384;
constexpr uint64_t kMaxRows = 1048576;
constexpr size_t kMaxCellUnits = 32767;  // UTF-16 code units per cell
// Integers with more digits than Excel keeps (15) are written as text so
// that long codes and ids are not rounded.
constexpr int64_t kMaxExactInteger = 999'999'999'999'999;
// Entries are written without Zip64 (some Excel builds reject it), which caps
// an entry at 4 GiB; stop a little before that.
constexpr uint64_t kMaxSheetBytes = 0xFFFFFFFFull - 2 * kChunkBytes;

// Cell style indexes into cellXfs of kStylesXml.
constexpr std::string_view kStyleDate = "1";
constexpr std::string_view kStyleDateTime = "2";
constexpr std::string_view kStyleHeader = "3";

constexpr std::string_view kContentTypesXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "</Types>";

constexpr std::string_view kRootRelsXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

constexpr std::string_view kWorkbookRelsXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/>"
    "</Relationships>";

// Styles: 0 default, 1 date, 2 date-time, 3 bold header.
constexpr std::string_view kStylesXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"
    "</numFmts>"
    "<fonts count=\"2\">"
    "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "</fonts>"
    "<fills count=\"2\">"
    "<fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill>"
    "</fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"4\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

Status XlsxIo(std::string message) { return IoError("output.io", std::move(message)); }
Status XlsxLimit(std::string message) { return PayloadTooLarge("output.xlsx_limit", std::move(message)); }

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Excel reads "_xHHHH_" in cell text as an escaped character, so a literal
// one needs its underscore escaped as "_x005F_".
bool LooksLikeExcelEscape(std::string_view s, size_t i) {
  if (i + 7 > s.size() || s[i + 1] != 'x' || s[i + 6] != '_') return false;
  for (size_t k = i + 2; k < i + 6; ++k) {
    if (!IsHex(s[k])) return false;
  }
  return true;
}

// Appends `s` escaped for XML text or attribute values. Characters XML 1.0
// forbids (most C0 controls, U+FFFE, U+FFFF) are dropped, invalid UTF-8
// becomes U+FFFD, and the text is cut after `max_units` UTF-16 code units.
void AppendXmlText(std::string& out, std::string_view s, size_t max_units) {
  size_t units = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
      if (++units > max_units) return;
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
        case '\r':
          out += "&#13;";
          break;  // a raw CR would be read back as LF
        case '_':
          out += LooksLikeExcelEscape(s, i - 1) ? "_x005F_" : "_";
          break;
        default:
          out += static_cast<char>(c);
      }
      continue;
    }
    char32_t cp;
    const size_t used = DecodeUtf8(s, i, cp);
    if (cp != 0xFFFE && cp != 0xFFFF) {
      units += cp >= 0x10000 && cp != kBadUtf8 ? 2 : 1;
      if (units > max_units) return;
      if (cp == kBadUtf8) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(s, i, used);
      }
    }
    i += used;
  }
}

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Excel sheet names: at most 31 characters, none of \ / ? * [ ] :, not
// starting or ending with an apostrophe, and not the reserved "History".
std::string ExcelSheetName(std::string_view wanted) {
  std::string name;
  size_t units = 0;
  for (size_t i = 0; i < wanted.size();) {
    char32_t cp;
    const size_t used = DecodeUtf8(wanted, i, cp);
    const size_t width = cp >= 0x10000 && cp != kBadUtf8 ? 2 : 1;
    if (cp == kBadUtf8 || cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
      i += used;
      continue;
    }
    if (units + width > 31) break;
    units += width;
    if (cp < 0x80 && std::string_view("\\/?*[]:").find(static_cast<char>(cp)) != std::string_view::npos) {
      name += '_';
    } else {
      name.append(wanted, i, used);
    }
    i += used;
  }
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) name = "data";
  std::string lower = name;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "history") name += '_';
  return name;
}

// "A", "B", ..., "Z", "AA", ... for a 0-based column index.
std::string ColumnLetters(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

bool ParseDigits(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Excel's day number (1900 date system) for "YYYY-MM-DD...", or nothing when
// Excel cannot show it: it treats 1900 as a leap year, so serials are only
// right from 1900-03-01, and it stops at year 9999.
std::optional<int64_t> ExcelDay(std::string_view iso) {
  int y, m, d;
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-' || !ParseDigits(iso, 0, 4, y) || !ParseDigits(iso, 5, 2, m) ||
      !ParseDigits(iso, 8, 2, d)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  constexpr int64_t kUnixEpochSerial = 25569;  // 1970-01-01
  const int64_t serial = std::chrono::sys_days{ymd}.time_since_epoch().count() + kUnixEpochSerial;
  if (serial < 61) return std::nullopt;
  return serial;
}

// Day plus fraction for "YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]". A zone suffix
// ("Z", "+08:00") returns nothing: Excel has no zones, so the text is kept.
std::optional<double> ExcelDateTime(std::string_view iso) {
  const auto day = ExcelDay(iso);
  if (!day) return std::nullopt;
  if (iso.size() == 10) return static_cast<double>(*day);
  int h, mi, sec = 0;
  if ((iso[10] != 'T' && iso[10] != ' ') || !ParseDigits(iso, 11, 2, h) || iso.size() < 16 || iso[13] != ':' ||
      !ParseDigits(iso, 14, 2, mi)) {
    return std::nullopt;
  }
  size_t pos = 16;
  double fraction = 0;
  if (pos < iso.size() && iso[pos] == ':') {
    if (!ParseDigits(iso, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
    if (pos < iso.size() && iso[pos] == '.') {
      double scale = 0.1;
      const size_t first = ++pos;
      for (; pos < iso.size() && iso[pos] >= '0' && iso[pos] <= '9'; ++pos, scale /= 10) {
        fraction += (iso[pos] - '0') * scale;
      }
      if (pos == first) return std::nullopt;
    }
  }
  if (pos != iso.size() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return static_cast<double>(*day) + (h * 3600 + mi * 60 + sec + fraction) / 86400.0;
}

template <typename Number>
void AppendNumber(std::string& out, Number n) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, res.ptr);
}

struct ZipCloser {
  void operator()(void* zip) const { zipClose(zip, nullptr); }
};

class XlsxWriter final : public RowWriter {
 public:
  XlsxWriter(const WriterOptions& options, Sink sink) : options_(options), sink_(std::move(sink)) {}
  ~XlsxWriter() override { Discard(); }

  Status Begin(const std::vector<Column>& columns) override {
    if (!failed_.ok()) return failed_;
    if (state_ != State::kNew) return internal::BadState("Begin called twice");
    state_ = State::kOpen;
    if (columns.size() > kMaxColumns) {
      return Fail(XlsxLimit("Excel sheets hold at most " + std::to_string(kMaxColumns) + " columns"));
    }
    if (Status s = OpenZip(); !s.ok()) return Fail(std::move(s));

    std::string workbook =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"";
    AppendXmlText(workbook, ExcelSheetName(options_.sheet_name), SIZE_MAX);
    workbook += "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    const std::pair<const char*, std::string_view> entries[] = {{"[Content_Types].xml", kContentTypesXml},
                                                                {"_rels/.rels", kRootRelsXml},
                                                                {"xl/workbook.xml", workbook},
                                                                {"xl/_rels/workbook.xml.rels", kWorkbookRelsXml},
                                                                {"xl/styles.xml", kStylesXml}};
    for (const auto& [name, data] : entries) {
      if (Status s = AddEntry(name, data); !s.ok()) return Fail(std::move(s));
    }
    if (Status s = OpenEntry("xl/worksheets/sheet1.xml"); !s.ok()) return Fail(std::move(s));

    width_ = columns.size();
    refs_.clear();
    for (size_t i = 0; i < columns.size(); ++i) refs_.push_back(ColumnLetters(i));
    sheet_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
    if (options_.header) {
      // Keep the header row in view while scrolling.
      sheet_ +=
          "<sheetViews><sheetView workbookViewId=\"0\">"
          "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
          "</sheetView></sheetViews>";
    }
    sheet_ += "<sheetData>";
    if (options_.header) {
      StartRow();
      for (size_t i = 0; i < columns.size(); ++i) {
        AppendTextCell(i, columns[i].title.empty() ? columns[i].name : columns[i].title, kStyleHeader);
      }
      sheet_ += "</row>";
    }
    return FlushSheet(false);
  }

  Status Write(const Row& row) override {
    if (!failed_.ok()) return failed_;
    if (state_ != State::kOpen) return internal::BadState("Write outside Begin..Finish");
    if (row.size() != width_) return internal::RowWidth(row.size(), width_);
    if (rows_ >= kMaxRows) {
      return Fail(XlsxLimit("Excel sheets hold at most " + std::to_string(kMaxRows) + " rows"));
    }
    StartRow();
    for (size_t i = 0; i < row.size(); ++i) AppendCell(i, row[i]);
    sheet_ += "</row>";
    return FlushSheet(false);
  }

  Status Finish() override {
    if (!failed_.ok()) return failed_;
    if (state_ != State::kOpen) return internal::BadState("Finish without Begin, or twice");
    state_ = State::kDone;
    sheet_ += "</sheetData></worksheet>";
    if (Status s = FlushSheet(true); !s.ok()) return s;
    if (zipCloseFileInZip(zip_.get()) != ZIP_OK) return Fail(XlsxIo("cannot finish the sheet in the xlsx temp file"));
    if (zipClose(zip_.release(), nullptr) != ZIP_OK) return Fail(XlsxIo("cannot close the xlsx temp file"));
    Status s = StreamToSink();
    Discard();
    if (!s.ok()) failed_ = s;
    return s;
  }

 private:
  enum class State { kNew, kOpen, kDone };

  Status Fail(Status s) {
    failed_ = s;
    Discard();
    return s;
  }

  // Drops the zip and the temp file; safe to call more than once.
  void Discard() {
    zip_.reset();
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove(path_, ec);
      path_.clear();
    }
  }

  Status OpenZip() {
    std::error_code ec;
    fs::path dir = options_.temp_dir.empty() ? fs::temp_directory_path(ec) : options_.temp_dir;
    if (ec) return XlsxIo("no temp directory: " + ec.message());
    // mkstemps picks a unique name and creates the file owner-only (0600).
    std::string name = (dir / "yungu-export-XXXXXX.xlsx").string();
    const int fd = mkstemps(name.data(), 5);
    if (fd < 0) return XlsxIo("cannot create a temp file in " + dir.string() + ": " + std::strerror(errno));
    ::close(fd);
    path_ = name;
    zip_.reset(zipOpen64(name.c_str(), APPEND_STATUS_CREATE));
    if (!zip_) return XlsxIo("cannot open " + name + " as a zip file");
    return Status::Ok();
  }

  Status OpenEntry(const char* name) {
    zip_fileinfo info{};
    // A fixed timestamp makes identical exports byte-identical.
    info.tmz_date.tm_year = 1980;
    info.tmz_date.tm_mday = 1;
    // Fastest deflate: sheet XML compresses well anyway and exports are latency bound.
    if (zipOpenNewFileInZip(zip_.get(), name, &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, Z_BEST_SPEED) !=
        ZIP_OK) {
      return XlsxIo(std::string("cannot add ") + name + " to the xlsx temp file");
    }
    return Status::Ok();
  }

  Status WriteEntryData(std::string_view data) {
    if (!data.empty() && zipWriteInFileInZip(zip_.get(), data.data(), static_cast<unsigned>(data.size())) != ZIP_OK) {
      return XlsxIo("cannot write the xlsx temp file (disk full?)");
    }
    return Status::Ok();
  }

  Status AddEntry(const char* name, std::string_view data) {
    YG_RETURN_IF_ERROR(OpenEntry(name));
    YG_RETURN_IF_ERROR(WriteEntryData(data));
    if (zipCloseFileInZip(zip_.get()) != ZIP_OK) return XlsxIo(std::string("cannot finish ") + name);
    return Status::Ok();
  }

  // Deflates the buffered sheet XML into the open entry once it is big enough.
  Status FlushSheet(bool force) {
    if (sheet_.size() < kChunkBytes && !force) return Status::Ok();
    sheet_bytes_ += sheet_.size();
    if (sheet_bytes_ > kMaxSheetBytes) return Fail(XlsxLimit("the sheet exceeds the 4 GiB an xlsx part may hold"));
    if (Status s = WriteEntryData(sheet_); !s.ok()) return Fail(std::move(s));
    sheet_.clear();
    return Status::Ok();
  }

  Status StreamToSink() {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path_.c_str(), "rb"), &std::fclose);
    if (!file) return XlsxIo("cannot reopen the xlsx temp file: " + std::string(std::strerror(errno)));
    std::string chunk(kChunkBytes, '\0');
    size_t n;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0) {
      if (!sink_(std::string_view(chunk.data(), n))) return internal::SinkClosed();
    }
    if (std::ferror(file.get())) return XlsxIo("cannot read the xlsx temp file");
    return Status::Ok();
  }

  void StartRow() {
    ++rows_;
    row_number_.clear();
    AppendNumber(row_number_, rows_);
    sheet_ += "<row r=\"";
    sheet_ += row_number_;
    sheet_ += "\">";
  }

  // Opens a cell: <c r="B7"[ t="..."][ s="..."]>
  void OpenCell(size_t col, std::string_view type, std::string_view style) {
    sheet_ += "<c r=\"";
    sheet_ += refs_[col];
    sheet_ += row_number_;
    if (!type.empty()) {
      sheet_ += "\" t=\"";
      sheet_ += type;
    }
    if (!style.empty()) {
      sheet_ += "\" s=\"";
      sheet_ += style;
    }
    sheet_ += "\">";
  }

  // Text as an inline string, so no shared-strings table has to be held in memory.
  void AppendTextCell(size_t col, std::string_view text, std::string_view style = {}) {
    OpenCell(col, "inlineStr", style);
    const bool keep_space = !text.empty() && (IsXmlSpace(text.front()) || IsXmlSpace(text.back()));
    sheet_ += keep_space ? "<is><t xml:space=\"preserve\">" : "<is><t>";
    AppendXmlText(sheet_, text, kMaxCellUnits);
    sheet_ += "</t></is></c>";
  }

  template <typename Number>
  void AppendNumberCell(size_t col, Number n, std::string_view style = {}) {
    OpenCell(col, {}, style);
    sheet_ += "<v>";
    AppendNumber(sheet_, n);
    sheet_ += "</v></c>";
  }

  void AppendCell(size_t col, const Value& v) {
    if (const auto* text = std::get_if<std::string>(&v)) {
      AppendTextCell(col, *text);
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      if (*i >= -kMaxExactInteger && *i <= kMaxExactInteger) {
        AppendNumberCell(col, *i);
      } else {
        AppendTextCell(col, std::to_string(*i));
      }
    } else if (const auto* d = std::get_if<double>(&v)) {
      if (std::isfinite(*d)) AppendNumberCell(col, *d);  // NaN/Inf: an empty cell, as in CSV
    } else if (const auto* b = std::get_if<bool>(&v)) {
      OpenCell(col, "b", {});
      sheet_ += *b ? "<v>1</v></c>" : "<v>0</v></c>";
    } else if (const auto* date = std::get_if<Date>(&v)) {
      const auto serial = date->iso.size() == 10 ? ExcelDay(date->iso) : std::nullopt;
      if (serial) {
        AppendNumberCell(col, *serial, kStyleDate);
      } else {
        AppendTextCell(col, date->iso);
      }
    } else if (const auto* dt = std::get_if<DateTime>(&v)) {
      if (const auto serial = ExcelDateTime(dt->iso)) {
        AppendNumberCell(col, *serial, kStyleDateTime);
      } else {
        AppendTextCell(col, dt->iso);
      }
    }
    // null: no cell at all
  }

  WriterOptions options_;
  Sink sink_;
  std::unique_ptr<void, ZipCloser> zip_;
  fs::path path_;
  State state_ = State::kNew;
  Status failed_;  // sticky
  size_t width_ = 0;
  std::vector<std::string> refs_;  // column letters, computed once
  std::string sheet_;              // sheet XML not yet deflated
  uint64_t sheet_bytes_ = 0;
  uint64_t rows_ = 0;
  std::string row_number_;
};

}  // namespace

namespace internal {

std::unique_ptr<RowWriter> MakeXlsxWriter(const WriterOptions& options, Sink sink) {
  return std::make_unique<XlsxWriter>(options, std::move(sink));
}

}  // namespace internal
}  // namespace yungu::output

// Demo data generator: a synthetic but realistic set of Xiangyang (襄阳)
// government datasets plus the catalog.json that describes them, so that the
// hub can be tried out and tested end to end without real data.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/status.h"
#include "yungu/identifiers/identifiers.h"
#include "yungu/model/catalog.h"

namespace yungu::demo {

struct DemoOptions {
  uint64_t seed = 20170204;
  // Row counts scale with this; 1.0 gives the full sizes (>= 10,000 rows for
  // the enterprise and population datasets). Tests use e.g. 0.02.
  double scale = 1.0;
};

// Writes the data files plus `catalog.json` into `dir` (created if missing).
// The output is byte-for-byte deterministic for a given seed and scale.
// Returns the path of catalog.json.
Result<std::filesystem::path> GenerateDemo(const std::filesystem::path& dir,
                                           const DemoOptions& options);

// ---------------------------------------------------------------------------
// Internals shared by the generator files in src/demo/. Not a stable API.
namespace internal {

using Rng = identifiers::Rng;

struct Context {
  std::filesystem::path dir;
  uint64_t seed = 0;
  double scale = 1.0;
};

// max(minimum, round(full * scale)).
int64_t Scaled(const Context& ctx, int64_t full, int64_t minimum);
// An independent stream per dataset, so adding one dataset does not change
// the rows of another.
Rng MakeRng(const Context& ctx, std::string_view stream);

// Distribution helpers built on the raw engine output only, because the
// std:: distributions may differ between standard libraries.
int64_t UniformInt(Rng& rng, int64_t lo, int64_t hi);  // inclusive
double Uniform01(Rng& rng);                            // [0, 1)
double Uniform(Rng& rng, double lo, double hi);
double Normal(Rng& rng, double mean, double sd);
bool Chance(Rng& rng, double p);
size_t PickWeighted(Rng& rng, const std::vector<double>& weights);
template <typename T>
const T& Pick(Rng& rng, const std::vector<T>& items) {
  return items[static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(items.size()) - 1))];
}

// Calendar helpers (proleptic Gregorian; day 0 = 1970-01-01).
struct Ymd {
  int year = 1970;
  int month = 1;
  int day = 1;
};
int64_t DaysFromCivil(int year, int month, int day);
Ymd CivilFromDays(int64_t days);
int DaysInMonth(int year, int month);
int Weekday(int64_t days);                                           // 0 = Monday ... 6 = Sunday
std::string FormatDate(const Ymd& d);                                // 2024-03-01
std::string FormatDateTime(const Ymd& d, int hour, int minute = 0);  // 2024-03-01T08:00:00
// Fixed-point decimal text, never "-0.0".
std::string Fixed(double value, int decimals);
std::string Pad(int64_t value, int width);  // zero-padded
// Concatenates in order. The elements of a braced list are evaluated left to
// right, unlike the operands of `a + b`, so Join({Pick(rng, x), Pick(rng, y)})
// draws from the engine in the same order under every compiler.
std::string Join(std::initializer_list<std::string> parts);

// Divisions of Xiangyang (GB/T 2260).
struct District {
  std::string code;    // 420602
  std::string name;    // 襄城区
  bool urban = false;  // one of the three city districts
  std::vector<std::string> roads;
  std::vector<std::string> towns;  // 乡镇/街道
};
const std::vector<District>& Districts();
// A district drawn with weights roughly following population.
const District& PickDistrict(Rng& rng);

// Chinese personal names and people with consistent identity numbers.
std::string ChineseName(Rng& rng, bool male);
struct Person {
  std::string name;
  bool male = true;
  Ymd birth;
  std::string id_number;
  const District* district = nullptr;
};
Person MakePerson(Rng& rng, const District& district, int min_year, int max_year);
// A birth year in [min_year, max_year] shaped like China's age pyramid.
int BirthYear(Rng& rng, int min_year, int max_year);

std::string StreetAddress(Rng& rng, const District& district);       // 樊城区长虹路28号
std::string ResidentialAddress(Rng& rng, const District& district);  // with 小区/栋/室 or 村/组
std::string OfficePhone(Rng& rng);                                   // 0710-3xxxxxx
// Two-character trade names (字号) such as 华鑫, 汉江.
std::string TradeName(Rng& rng);

// Shorthand for a FieldDef.
model::FieldDef Field(std::string name, std::string title, ColumnType type, std::string unit,
                      std::string description, int sensitivity = 1, bool primary_key = false,
                      bool required = false);

// One generated dataset: its catalog entry plus the file written.
struct DatasetOutput {
  model::DatasetMeta meta;
  std::string file;                // relative to Context::dir
  std::string encoding = "utf-8";  // or "gbk"
  int64_t rows = 0;
};

enum class FileFormat { kCsv, kTsv, kJson };

// Streams rows to disk. CSV is RFC 4180 (quoted only where needed); TSV has
// no quoting (tabs and newlines in cells become spaces); JSON is an array of
// objects whose numbers and booleans follow the declared field types, with
// an empty cell written as null.
class TableWriter {
 public:
  TableWriter() = default;
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  ~TableWriter();

  // `encoding` is "utf-8" or "gbk" (converted row by row with iconv).
  // `crlf` ends CSV/TSV lines with CR LF, as files made on Windows do.
  Status Open(const std::filesystem::path& path, FileFormat format,
              const std::vector<model::FieldDef>& fields, std::string_view encoding = "utf-8",
              bool crlf = false);
  Status Write(const std::vector<std::string>& cells);
  Status Close();
  int64_t rows() const { return rows_; }

 private:
  Status Emit(const std::string& text);

  std::ofstream out_;
  std::filesystem::path path_;
  FileFormat format_ = FileFormat::kCsv;
  std::vector<model::FieldDef> fields_;
  void* iconv_ = nullptr;  // iconv_t when converting to GBK
  bool crlf_ = false;
  int64_t rows_ = 0;
  std::string line_;
};

// The bus network shared by the bus-lines and bus-stops datasets; both build
// it from the same seed, so they agree without passing state around.
struct BusStop {
  std::string stop_id;
  std::string name;
  std::string district;
  double longitude = 0;
  double latitude = 0;
};
struct BusLine {
  std::string line_no;        // 1路, K5路, 旅游1线, 夜1路
  std::string kind;           // regular, express, tourist, night
  std::vector<size_t> stops;  // indexes into BusNetwork::stops
  double length_km = 0;
};
struct BusNetwork {
  std::vector<BusStop> stops;
  std::vector<BusLine> lines;
};
BusNetwork BuildBusNetwork(const Context& ctx);

// The generators, one per file in src/demo/. Each writes its file into
// ctx.dir and returns the catalog entry; resource codes and contacts are
// filled in by GenerateDemo.
Result<DatasetOutput> GenerateEnterpriseRegistry(const Context& ctx);
Result<DatasetOutput> GenerateAirQualityHourly(const Context& ctx);
Result<DatasetOutput> GeneratePopulationSample(const Context& ctx);
Result<DatasetOutput> GenerateBusLines(const Context& ctx);
Result<DatasetOutput> GenerateBusStops(const Context& ctx);
Result<DatasetOutput> GenerateMedicalInstitutions(const Context& ctx);
Result<DatasetOutput> GenerateSchools(const Context& ctx);
Result<DatasetOutput> GenerateDailyWeather(const Context& ctx);
Result<DatasetOutput> GenerateCpiMonthly(const Context& ctx);
Result<DatasetOutput> GenerateSocialSecuritySummary(const Context& ctx);
Result<DatasetOutput> GenerateSocialSecurityCards(const Context& ctx);
Result<DatasetOutput> GenerateAgriculturalPrices(const Context& ctx);

}  // namespace internal
}  // namespace yungu::demo

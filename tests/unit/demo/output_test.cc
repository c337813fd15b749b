// Generates the demo at a small scale once and checks catalog.json and every
// data file against it: shape, declared types, and identifier validity.
#include <gtest/gtest.h>

#include "yungu/model/catalog_json.h"
#include <iconv.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "yungu/demo/demo.h"
#include "yungu/identifiers/identifiers.h"
#include "yungu/model/catalog.h"

namespace yungu::demo {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keeps the file's key order
using Table = std::vector<std::vector<std::string>>;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// RFC 4180 records, quote-aware across separators and line ends; CRLF or LF.
Table ParseDelimited(const std::string& text, char sep, bool quotes) {
  Table rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        cell += c;
      }
    } else if (quotes && c == '"' && cell.empty()) {
      in_quotes = true;
    } else if (c == sep) {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // part of a CRLF; the LF ends the record
    } else if (c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      cell += c;
    }
  }
  EXPECT_FALSE(in_quotes) << "unterminated quote";
  if (!cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

bool IsValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += len;
  }
  return true;
}

std::string GbkToUtf8(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  const size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  EXPECT_NE(rc, static_cast<size_t>(-1)) << "GBK file does not convert";
  out.resize(out.size() - dst_left);
  return out;
}

struct LoadedDataset {
  json meta;
  std::vector<std::string> header;  // empty for JSON
  Table rows;                       // cells as text; JSON null -> ""
};

class DemoOutputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("yungu-demo-output-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    auto result = GenerateDemo(*dir_, DemoOptions{.seed = 20170204, .scale = 0.02});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    catalog_path_ = new fs::path(*result);
    catalog_ = new json(json::parse(ReadFile(*catalog_path_)));
    datasets_ = new std::map<std::string, LoadedDataset>();
    for (const auto& d : (*catalog_)["datasets"]) {
      LoadedDataset ld;
      ld.meta = d;
      std::string text = ReadFile(*dir_ / d["file"].get<std::string>());
      if (d["encoding"] == "gbk") text = GbkToUtf8(text);
      const std::string format = d["format"];
      if (format == "json") {
        for (const auto& obj : json::parse(text)) {
          std::vector<std::string> row;
          for (const auto& f : d["fields"]) {
            const json& v = obj.at(f["name"].get<std::string>());
            row.push_back(v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump());
          }
          ld.rows.push_back(std::move(row));
        }
      } else {
        Table t = ParseDelimited(text, format == "tsv" ? '\t' : ',', format == "csv");
        if (!t.empty()) {
          ld.header = t.front();
          t.erase(t.begin());
        }
        ld.rows = std::move(t);
      }
      (*datasets_)[d["id"]] = std::move(ld);
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete catalog_path_;
    delete catalog_;
    delete datasets_;
  }

  static const LoadedDataset& Dataset(const std::string& id) {
    const auto it = datasets_->find(id);
    if (it == datasets_->end()) throw std::runtime_error("no dataset " + id);
    return it->second;
  }
  static size_t Column(const LoadedDataset& d, const std::string& name) {
    const auto& fields = d.meta["fields"];
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i]["name"] == name) return i;
    }
    throw std::runtime_error("no field " + name);
  }

  static fs::path* dir_;
  static fs::path* catalog_path_;
  static json* catalog_;
  static std::map<std::string, LoadedDataset>* datasets_;
};

fs::path* DemoOutputTest::dir_ = nullptr;
fs::path* DemoOutputTest::catalog_path_ = nullptr;
json* DemoOutputTest::catalog_ = nullptr;
std::map<std::string, LoadedDataset>* DemoOutputTest::datasets_ = nullptr;

TEST_F(DemoOutputTest, CatalogPathIsInsideDir) {
  EXPECT_EQ(catalog_path_->filename(), "catalog.json");
  EXPECT_EQ(catalog_path_->parent_path(), *dir_);
}

TEST_F(DemoOutputTest, DepartmentsAreWellFormed) {
  const auto& depts = (*catalog_)["departments"];
  ASSERT_GE(depts.size(), 10u);
  std::set<std::string> codes;
  const std::regex code_re("[A-Za-z0-9_-]{1,32}");
  for (const auto& d : depts) {
    EXPECT_EQ(d.size(), 5u) << d.dump();
    const std::string code = d["code"];
    EXPECT_TRUE(std::regex_match(code, code_re)) << code;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate " << code;
    EXPECT_FALSE(d["name"].get<std::string>().empty());
    EXPECT_FALSE(d["name_en"].get<std::string>().empty());
    EXPECT_EQ(d["parent_code"], "");
    EXPECT_EQ(d["division_code"], "420600");
  }
}

TEST_F(DemoOutputTest, DatasetMetadataFollowsTheCatalogFormat) {
  const std::vector<std::string> keys = {"id",
                                         "resource_code",
                                         "name",
                                         "name_en",
                                         "summary",
                                         "department",
                                         "themes",
                                         "tags",
                                         "format",
                                         "sharing_type",
                                         "sharing_conditions",
                                         "opening_type",
                                         "update_cycle",
                                         "publish_date",
                                         "licence",
                                         "contact_name",
                                         "contact_phone",
                                         "contact_email",
                                         "fields",
                                         "file",
                                         "encoding"};
  std::set<std::string> dept_codes, ids, resource_codes, used_depts;
  for (const auto& d : (*catalog_)["departments"]) dept_codes.insert(d["code"]);
  const std::regex slug("[a-z0-9][a-z0-9_-]{1,63}");
  const std::regex field_name("[a-z][a-z0-9_]*");
  const std::regex date_re("(2023|2024|2025)-\\d{2}-\\d{2}");
  const std::regex phone_re("0710-\\d{7}");
  const auto& datasets = (*catalog_)["datasets"];
  ASSERT_GE(datasets.size(), 9u);
  for (const auto& d : datasets) {
    const std::string id = d["id"];
    SCOPED_TRACE(id);
    std::vector<std::string> actual;
    for (const auto& [k, v] : d.items()) actual.push_back(k);
    EXPECT_EQ(actual, keys);  // same keys, same order
    EXPECT_TRUE(std::regex_match(id, slug));
    EXPECT_TRUE(ids.insert(id).second);
    const std::string dept = d["department"];
    EXPECT_TRUE(dept_codes.count(dept)) << dept;
    used_depts.insert(dept);
    const std::string rc = d["resource_code"];
    EXPECT_TRUE(std::regex_match(rc, std::regex("420600-" + dept + "-\\d{5}"))) << rc;
    EXPECT_TRUE(resource_codes.insert(rc).second);
    EXPECT_FALSE(d["name"].get<std::string>().empty());
    EXPECT_FALSE(d["name_en"].get<std::string>().empty());
    EXPECT_GT(d["summary"].get<std::string>().size(), 30u);
    EXPECT_FALSE(d["themes"].empty());
    for (const auto& t : d["themes"]) {
      const auto* theme = model::FindTheme(t.get<std::string>());
      ASSERT_NE(theme, nullptr) << t;
      EXPECT_EQ(theme->key, t.get<std::string>()) << "themes use keys, not labels";
    }
    EXPECT_FALSE(d["tags"].empty());
    const auto sharing = model::ParseSharingType(d["sharing_type"].get<std::string>());
    ASSERT_TRUE(sharing.has_value());
    if (*sharing != model::SharingType::kUnconditional) {
      EXPECT_FALSE(d["sharing_conditions"].get<std::string>().empty());
    }
    EXPECT_TRUE(model::ParseOpeningType(d["opening_type"].get<std::string>()).has_value());
    EXPECT_TRUE(model::ParseUpdateCycle(d["update_cycle"].get<std::string>()).has_value());
    EXPECT_TRUE(std::regex_match(d["publish_date"].get<std::string>(), date_re));
    EXPECT_FALSE(d["licence"].get<std::string>().empty());
    if (d["opening_type"] == "unconditional") {
      EXPECT_EQ(d["licence"], "CC-BY-4.0");
    }
    EXPECT_FALSE(d["contact_name"].get<std::string>().empty());
    EXPECT_TRUE(std::regex_match(d["contact_phone"].get<std::string>(), phone_re));
    EXPECT_TRUE(d["contact_email"].get<std::string>().ends_with("@xiangyang.gov.cn"));

    const std::string format = d["format"];
    const std::string file = d["file"];
    EXPECT_TRUE(format == "csv" || format == "tsv" || format == "json") << format;
    EXPECT_TRUE(file.ends_with("." + format)) << file;
    EXPECT_TRUE(d["encoding"] == "utf-8" || d["encoding"] == "gbk");

    std::set<std::string> names;
    bool has_key = false;
    ASSERT_FALSE(d["fields"].empty());
    for (const auto& f : d["fields"]) {
      // The nine core keys, plus governance keys where a dataset declares them.
      static const std::set<std::string> kCore = {"name", "title", "type", "unit", "description",
                                                  "sensitivity", "primary_key", "required", "indexed"};
      static const std::set<std::string> kGovernance = {"rules", "masks", "personal", "quasi_identifier",
                                                        "hierarchy", "element", "entity_key"};
      size_t core = 0;
      for (const auto& [key, value] : f.items()) {
        if (kCore.count(key)) ++core;
        else EXPECT_TRUE(kGovernance.count(key)) << "unexpected key " << key;
      }
      EXPECT_EQ(core, kCore.size()) << f.dump();
      EXPECT_TRUE(model::FieldFromJson(nlohmann::json::parse(f.dump())).ok()) << f.dump();
      EXPECT_TRUE(f["indexed"].is_boolean()) << f.dump();
      const std::string name = f["name"];
      EXPECT_TRUE(std::regex_match(name, field_name)) << name;
      EXPECT_TRUE(names.insert(name).second) << "duplicate field " << name;
      EXPECT_FALSE(f["title"].get<std::string>().empty());
      EXPECT_TRUE(ParseColumnType(f["type"].get<std::string>()).has_value()) << f["type"];
      EXPECT_GE(f["sensitivity"].get<int>(), 1);
      EXPECT_LE(f["sensitivity"].get<int>(), 4);
      EXPECT_TRUE(f["unit"].is_string());
      EXPECT_TRUE(f["description"].is_string());
      if (f["primary_key"].get<bool>()) {
        has_key = true;
        EXPECT_TRUE(f["required"].get<bool>()) << name;
      }
    }
    EXPECT_TRUE(has_key);
  }
  EXPECT_GE(used_depts.size(), 10u) << "datasets come from distinct departments";
}

TEST_F(DemoOutputTest, SharingAndOpeningTypesAreMixed) {
  std::map<std::string, int> sharing, opening;
  std::set<std::string> formats, encodings;
  for (const auto& d : (*catalog_)["datasets"]) {
    ++sharing[d["sharing_type"]];
    ++opening[d["opening_type"]];
    formats.insert(d["format"]);
    encodings.insert(d["encoding"]);
  }
  EXPECT_GE(sharing["unconditional"], 1);
  EXPECT_GE(sharing["conditional"], 2);
  EXPECT_GE(sharing["none"], 1);
  EXPECT_GE(opening["unconditional"], 1);
  EXPECT_GE(opening["conditional"], 3);
  EXPECT_GE(opening["none"], 1);
  EXPECT_EQ(formats, (std::set<std::string>{"csv", "tsv", "json"}));
  EXPECT_EQ(encodings, (std::set<std::string>{"utf-8", "gbk"}));
  EXPECT_EQ(Dataset("population-sample").meta["sharing_type"], "conditional");
  EXPECT_EQ(Dataset("population-sample").meta["opening_type"], "none");
  EXPECT_EQ(Dataset("air-quality-hourly").meta["update_cycle"], "realtime");
}

TEST_F(DemoOutputTest, EveryFileMatchesItsDeclaredFields) {
  const std::regex int_re("-?\\d+");
  const std::regex dec_re("-?\\d+(\\.\\d+)?");
  const std::regex date_re("(\\d{4})-(\\d{2})-(\\d{2})");
  const std::regex dt_re("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})");
  for (const auto& [id, d] : *datasets_) {
    SCOPED_TRACE(id);
    const auto& fields = d.meta["fields"];
    if (d.meta["format"] != "json") {
      ASSERT_EQ(d.header.size(), fields.size());
      for (size_t i = 0; i < fields.size(); ++i) EXPECT_EQ(d.header[i], fields[i]["name"]);
    }
    EXPECT_GE(d.rows.size(), 4u);
    std::map<size_t, std::set<std::string>> keys;
    std::set<std::string> composite_keys;
    for (const auto& row : d.rows) {
      ASSERT_EQ(row.size(), fields.size());
      std::string composite;
      for (size_t i = 0; i < fields.size(); ++i) {
        const auto& f = fields[i];
        const std::string& cell = row[i];
        if (f["primary_key"].get<bool>()) composite += cell + "\x1f";
        if (cell.empty()) {
          EXPECT_FALSE(f["required"].get<bool>()) << f["name"];
          continue;
        }
        const std::string type = f["type"];
        std::smatch mt;
        if (type == "integer") {
          EXPECT_TRUE(std::regex_match(cell, int_re)) << f["name"] << "=" << cell;
        } else if (type == "decimal") {
          EXPECT_TRUE(std::regex_match(cell, dec_re)) << f["name"] << "=" << cell;
        } else if (type == "boolean") {
          EXPECT_TRUE(cell == "true" || cell == "false") << cell;
        } else if (type == "date") {
          ASSERT_TRUE(std::regex_match(cell, mt, date_re)) << f["name"] << "=" << cell;
          const int y = std::stoi(mt[1]), m = std::stoi(mt[2]), dd = std::stoi(mt[3]);
          EXPECT_TRUE(m >= 1 && m <= 12 && dd >= 1 && dd <= 31) << cell;
          if (f["name"] == "birth_date") {
            EXPECT_TRUE(y >= 1940 && y <= 2010) << cell;
          } else if (f["name"] == "established_date") {
            EXPECT_TRUE(y >= 1995 && y <= 2025) << cell;
          } else {
            EXPECT_TRUE(y >= 2023 && y <= 2025) << f["name"] << "=" << cell;
          }
        } else if (type == "datetime") {
          ASSERT_TRUE(std::regex_match(cell, mt, dt_re)) << cell;
          const int y = std::stoi(mt[1]);
          EXPECT_TRUE(y >= 2023 && y <= 2025) << cell;
        }
      }
      EXPECT_TRUE(composite_keys.insert(composite).second) << id << " duplicate key " << composite;
    }
  }
}

TEST_F(DemoOutputTest, EnterpriseRegistryCodesAreValid) {
  const auto& d = Dataset("enterprise-registry");
  const size_t uscc = Column(d, "uscc"), type = Column(d, "entity_type"),
               division = Column(d, "division_code"), address = Column(d, "address"),
               capital = Column(d, "registered_capital");
  int quoted_addresses = 0;
  std::set<std::string> types;
  for (const auto& row : d.rows) {
    const auto check = identifiers::ValidateUscc(row[uscc]);
    EXPECT_TRUE(check.valid) << row[uscc] << " " << check.reason;
    EXPECT_EQ(row[uscc][0], '9');  // registered by the market regulator
    const char category = row[type] == "个体工商户"       ? '2'
                          : row[type] == "农民专业合作社" ? '3'
                                                          : '1';
    EXPECT_EQ(row[uscc][1], category) << row[type];
    EXPECT_EQ(row[uscc].substr(2, 6), row[division]);
    EXPECT_TRUE(row[division].starts_with("4206"));
    if (row[address].find(',') != std::string::npos) ++quoted_addresses;
    EXPECT_GT(std::stod(row[capital]), 0);
    types.insert(row[type]);
  }
  EXPECT_GT(quoted_addresses, 0) << "some addresses carry commas and need quoting";
  EXPECT_TRUE(types.count("有限责任公司") && types.count("个体工商户"));
}

TEST_F(DemoOutputTest, PopulationIdentityNumbersAgreeWithRows) {
  const auto& d = Dataset("population-sample");
  const size_t id = Column(d, "id_number"), sex = Column(d, "sex"), birth = Column(d, "birth_date"),
               phone = Column(d, "phone"), district = Column(d, "household_district");
  std::map<std::string, std::string> codes;
  for (const auto& dist : internal::Districts()) codes[dist.name] = dist.code;
  int phones = 0;
  for (const auto& row : d.rows) {
    const std::string& n = row[id];
    const auto check = identifiers::ValidateCitizenId(n);
    EXPECT_TRUE(check.valid) << n << " " << check.reason;
    ASSERT_EQ(n.size(), 18u);
    const bool male = (n[16] - '0') % 2 == 1;
    EXPECT_EQ(row[sex], male ? "男" : "女") << n;
    const std::string birth_from_id =
        n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2);
    EXPECT_EQ(row[birth], birth_from_id);
    EXPECT_EQ(n.substr(0, 6), codes.at(row[district]));
    if (!row[phone].empty()) {
      ++phones;
      EXPECT_TRUE(identifiers::ValidateMobile(row[phone]).valid) << row[phone];
    }
  }
  EXPECT_GT(phones, static_cast<int>(d.rows.size()) / 2);
}

TEST_F(DemoOutputTest, SocialSecurityCardsAreValid) {
  const auto& d = Dataset("social-security-cards");
  EXPECT_EQ(d.meta["sharing_type"], "none");
  const size_t id = Column(d, "id_number"), card = Column(d, "bank_card_no");
  for (const auto& row : d.rows) {
    EXPECT_TRUE(identifiers::ValidateCitizenId(row[id]).valid) << row[id];
    EXPECT_TRUE(identifiers::ValidateBankCard(row[card]).valid) << row[card];
  }
}

TEST_F(DemoOutputTest, MedicalInstitutionCodesAreValid) {
  const auto& d = Dataset("medical-institutions");
  const size_t uscc = Column(d, "uscc"), phone = Column(d, "phone");
  for (const auto& row : d.rows) {
    EXPECT_TRUE(identifiers::ValidateUscc(row[uscc]).valid) << row[uscc];
    EXPECT_TRUE(std::regex_match(row[phone], std::regex("0710-\\d{7}"))) << row[phone];
  }
}

TEST_F(DemoOutputTest, BusStopsFileIsGbkWithCrlf) {
  const auto& meta = Dataset("bus-stops").meta;
  ASSERT_EQ(meta["encoding"], "gbk");
  const std::string raw = ReadFile(*dir_ / meta["file"].get<std::string>());
  EXPECT_FALSE(IsValidUtf8(raw));
  EXPECT_NE(raw.find("\r\n"), std::string::npos);
  const std::string utf8 = GbkToUtf8(raw);
  EXPECT_TRUE(IsValidUtf8(utf8));
  EXPECT_NE(utf8.find("站"), std::string::npos);
  // Every other file is plain UTF-8.
  for (const auto& [id, d] : *datasets_) {
    if (d.meta["encoding"] == "utf-8") {
      EXPECT_TRUE(IsValidUtf8(ReadFile(*dir_ / d.meta["file"].get<std::string>()))) << id;
    }
  }
}

TEST_F(DemoOutputTest, BusStopsAgreeWithBusLines) {
  const auto& lines = Dataset("bus-lines");
  const auto& stops = Dataset("bus-stops");
  std::map<std::string, int> declared;
  for (const auto& row : lines.rows)
    declared[row[Column(lines, "line_no")]] = std::stoi(row[Column(lines, "stop_count")]);
  std::map<std::string, int> counted;
  std::map<std::string, std::string> stop_names;
  const size_t lon = Column(stops, "longitude"), lat = Column(stops, "latitude"),
               seq = Column(stops, "sequence"), line = Column(stops, "line_no"),
               sid = Column(stops, "stop_id"), sname = Column(stops, "stop_name");
  for (const auto& row : stops.rows) {
    const int n = ++counted[row[line]];
    EXPECT_EQ(std::stoi(row[seq]), n) << "stops are listed in order";
    const double x = std::stod(row[lon]), y = std::stod(row[lat]);
    EXPECT_TRUE(x >= 111.9 && x <= 112.4) << x;
    EXPECT_TRUE(y >= 31.9 && y <= 32.2) << y;
    // One physical stop keeps one name whichever line passes it.
    auto [it, fresh] = stop_names.emplace(row[sid], row[sname]);
    EXPECT_EQ(it->second, row[sname]);
  }
  EXPECT_EQ(counted, declared);
  EXPECT_TRUE(declared.count("K1路"));
  EXPECT_TRUE(declared.count("旅游1线"));
}

TEST_F(DemoOutputTest, MeasurementsArePlausible) {
  const auto& air = Dataset("air-quality-hourly");
  const size_t pm25 = Column(air, "pm25"), pm10 = Column(air, "pm10"), co = Column(air, "co");
  for (const auto& row : air.rows) {
    if (row[pm25].empty()) continue;
    EXPECT_GE(std::stod(row[pm10]), std::stod(row[pm25]));
    EXPECT_LT(std::stod(row[co]), 10.0);  // mg/m³, not µg/m³
  }
  EXPECT_EQ(air.rows.size() % 8, 0u) << "8 stations per hour";

  const auto& weather = Dataset("daily-weather");
  for (const auto& row : weather.rows) {
    EXPECT_LT(std::stod(row[Column(weather, "min_temp")]),
              std::stod(row[Column(weather, "max_temp")]));
    const bool wet = std::stod(row[Column(weather, "precipitation")]) > 0;
    const std::string w = row[Column(weather, "weather")];
    EXPECT_EQ(wet, w.find("雨") != std::string::npos || w.find("雪") != std::string::npos) << w;
  }

  const auto& cpi = Dataset("cpi-monthly");
  EXPECT_EQ(cpi.rows.size(), 30u * 9u);  // 2023-01..2025-06, total + 8 categories
  for (const auto& row : cpi.rows) {
    const double yoy = std::stod(row[Column(cpi, "yoy_index")]);
    EXPECT_TRUE(yoy > 90 && yoy < 110) << yoy;
  }
}

TEST_F(DemoOutputTest, JsonFileUsesTypedValues) {
  const auto& meta = Dataset("agricultural-prices").meta;
  const json rows = json::parse(ReadFile(*dir_ / meta["file"].get<std::string>()));
  ASSERT_TRUE(rows.is_array());
  ASSERT_FALSE(rows.empty());
  EXPECT_TRUE(rows[0]["price"].is_number());
  EXPECT_TRUE(rows[0]["wow_change_pct"].is_null());  // the first week has no change
  EXPECT_TRUE(rows.back()["wow_change_pct"].is_number());
  EXPECT_TRUE(rows[0]["week_start"].is_string());
  EXPECT_EQ(rows[0].size(), meta["fields"].size());
}

}  // namespace
}  // namespace yungu::demo

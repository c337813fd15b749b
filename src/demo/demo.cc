// GenerateDemo: runs every dataset generator, then writes catalog.json with
// the departments and the datasets' metadata in the shape the loader reads.
#include "yungu/demo/demo.h"

#include "yungu/model/catalog_json.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>

namespace yungu::demo {
namespace {

using internal::Context;
using internal::DatasetOutput;
using Json = nlohmann::ordered_json;  // keeps the documented key order

struct DepartmentInfo {
  const char* code;
  const char* name;
  const char* name_en;
  const char* contact_name;
  const char* contact_phone;
  const char* contact_email;
};

// Contacts are offices rather than people, so the catalog carries no
// personal data of its own.
const std::vector<DepartmentInfo>& DepartmentTable() {
  static const std::vector<DepartmentInfo> kDepartments = {
      {"DSJ", "襄阳市政务服务和大数据管理局",
       "Xiangyang Government Services and Big Data Administration", "数据资源科", "0710-3601200",
       "data@xiangyang.gov.cn"},
      {"SCJG", "襄阳市市场监督管理局", "Xiangyang Administration for Market Regulation",
       "信息化建设科", "0710-3518021", "scjg_data@xiangyang.gov.cn"},
      {"STHJ", "襄阳市生态环境局", "Xiangyang Ecology and Environment Bureau", "生态环境监测科",
       "0710-3261157", "sthj_data@xiangyang.gov.cn"},
      {"GAJ", "襄阳市公安局", "Xiangyang Public Security Bureau", "人口管理支队", "0710-3527110",
       "gaj_data@xiangyang.gov.cn"},
      {"JTYS", "襄阳市交通运输局", "Xiangyang Transport Bureau", "城市客运管理科", "0710-3412056",
       "jtys_data@xiangyang.gov.cn"},
      {"WJW", "襄阳市卫生健康委员会", "Xiangyang Health Commission", "规划发展与信息化科",
       "0710-3514320", "wjw_data@xiangyang.gov.cn"},
      {"JYJ", "襄阳市教育局", "Xiangyang Education Bureau", "发展规划科", "0710-3519087",
       "jyj_data@xiangyang.gov.cn"},
      {"QXJ", "襄阳市气象局", "Xiangyang Meteorological Bureau", "气象台服务科", "0710-3226121",
       "qxj_data@xiangyang.gov.cn"},
      {"TJJ", "襄阳市统计局", "Xiangyang Statistics Bureau", "综合统计科", "0710-3531266",
       "tjj_data@xiangyang.gov.cn"},
      {"RSJ", "襄阳市人力资源和社会保障局", "Xiangyang Human Resources and Social Security Bureau",
       "信息中心", "0710-3512333", "rsj_data@xiangyang.gov.cn"},
      {"NYNC", "襄阳市农业农村局", "Xiangyang Agriculture and Rural Affairs Bureau",
       "市场与信息化科", "0710-3523365", "nync_data@xiangyang.gov.cn"},
  };
  return kDepartments;
}

const DepartmentInfo* FindDepartment(const std::string& code) {
  for (const auto& d : DepartmentTable()) {
    if (code == d.code) return &d;
  }
  return nullptr;
}

std::string DefaultLicence(model::OpeningType opening) {
  switch (opening) {
    case model::OpeningType::kUnconditional:
      return "CC-BY-4.0";
    case model::OpeningType::kConditional:
      return "襄阳市公共数据有条件开放授权协议：申请人须签署数据利用协议，按约定用途使用，"
             "不得转授权或再分发，成果发布时注明数据来源。";
    case model::OpeningType::kNone:
      return "不予开放：仅限政务部门按共享条件使用。";
  }
  return "";
}

// Columns the portal and the demo queries filter on get an index.
bool Indexed(const model::FieldDef& f) {
  static const char* const kFilterColumns[] = {"district", "station_code", "industry", "status",
                                               "household_district", "line_no", "time", "date",
                                               "period", "product", "category", "school_type"};
  for (const char* name : kFilterColumns) {
    if (f.name == name) return true;
  }
  return f.indexed;
}

Json FieldJson(const model::FieldDef& f) {
  Json j;
  j["name"] = f.name;
  j["title"] = f.title;
  j["type"] = std::string(ColumnTypeName(f.type));
  j["unit"] = f.unit;
  j["description"] = f.description;
  j["sensitivity"] = f.sensitivity;
  j["primary_key"] = f.primary_key;
  j["required"] = f.required;
  j["indexed"] = Indexed(f);
  // Governance declarations, only where a dataset makes them.
  auto ordered = [](const nlohmann::json& v) { return Json::parse(v.dump()); };
  if (!f.rules.empty()) j["rules"] = ordered(model::ToJson(f.rules));
  if (!f.masks.empty()) j["masks"] = ordered(model::ToJson(f.masks));
  if (!f.personal.empty()) j["personal"] = f.personal;
  if (f.quasi_identifier) j["quasi_identifier"] = true;
  if (!f.hierarchy.empty()) j["hierarchy"] = f.hierarchy;
  if (!f.element.empty()) j["element"] = f.element;
  if (!f.entity_key.empty()) j["entity_key"] = f.entity_key;
  return j;
}

Json DatasetJson(const DatasetOutput& d) {
  const auto& m = d.meta;
  Json j;
  j["id"] = m.id;
  j["resource_code"] = m.resource_code;
  j["name"] = m.name;
  j["name_en"] = m.name_en;
  j["summary"] = m.summary;
  j["department"] = m.department;
  j["themes"] = m.themes;
  j["tags"] = m.tags;
  j["format"] = m.format;
  j["sharing_type"] = std::string(model::SharingTypeName(m.sharing_type));
  j["sharing_conditions"] = m.sharing_conditions;
  j["opening_type"] = std::string(model::OpeningTypeName(m.opening_type));
  j["update_cycle"] = std::string(model::UpdateCycleName(m.update_cycle));
  j["publish_date"] = m.publish_date;
  j["licence"] = m.licence;
  j["contact_name"] = m.contact_name;
  j["contact_phone"] = m.contact_phone;
  j["contact_email"] = m.contact_email;
  Json fields = Json::array();
  for (const auto& f : m.fields) fields.push_back(FieldJson(f));
  j["fields"] = std::move(fields);
  j["file"] = d.file;
  j["encoding"] = d.encoding;
  return j;
}

}  // namespace

Result<std::filesystem::path> GenerateDemo(const std::filesystem::path& dir,
                                           const DemoOptions& options) {
  if (!(options.scale > 0) || options.scale > 100) {
    return InvalidArgument("demo.scale", "scale must be in (0, 100]");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return IoError("demo.mkdir_failed", "cannot create " + dir.string() + ": " + ec.message());

  const Context ctx{dir, options.seed, options.scale};
  using Generator = Result<DatasetOutput> (*)(const Context&);
  static constexpr Generator kGenerators[] = {
      internal::GenerateEnterpriseRegistry,
      internal::GenerateAirQualityHourly,
      internal::GeneratePopulationSample,
      internal::GenerateBusLines,
      internal::GenerateBusStops,
      internal::GenerateMedicalInstitutions,
      internal::GenerateSchools,
      internal::GenerateDailyWeather,
      internal::GenerateCpiMonthly,
      internal::GenerateSocialSecuritySummary,
      internal::GenerateSocialSecurityCards,
      internal::GenerateAgriculturalPrices,
  };

  Json datasets = Json::array();
  std::map<std::string, int> serials;  // per department, for resource codes
  for (Generator generate : kGenerators) {
    YG_ASSIGN_OR_RETURN(DatasetOutput out, generate(ctx));
    auto& m = out.meta;
    const DepartmentInfo* dept = FindDepartment(m.department);
    if (dept == nullptr) {
      return Internal("demo.unknown_department", m.id + ": unknown department " + m.department);
    }
    // 资源代码: division, provider, serial within the provider.
    m.resource_code = "420600-" + m.department + "-" + internal::Pad(++serials[m.department], 5);
    if (m.contact_name.empty()) m.contact_name = dept->contact_name;
    if (m.contact_phone.empty()) m.contact_phone = dept->contact_phone;
    if (m.contact_email.empty()) m.contact_email = dept->contact_email;
    if (m.licence.empty()) m.licence = DefaultLicence(m.opening_type);
    datasets.push_back(DatasetJson(out));
  }

  Json departments = Json::array();
  for (const auto& d : DepartmentTable()) {
    Json j;
    j["code"] = d.code;
    j["name"] = d.name;
    j["name_en"] = d.name_en;
    j["parent_code"] = "";
    j["division_code"] = "420600";
    departments.push_back(std::move(j));
  }
  Json catalog;
  catalog["departments"] = std::move(departments);
  catalog["datasets"] = std::move(datasets);

  // Written last, so a catalog.json on disk means every file is complete.
  const auto path = dir / "catalog.json";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("demo.open_failed", "cannot write " + path.string());
  out << catalog.dump(2, ' ', false) << '\n';
  out.close();
  if (!out) return IoError("demo.write_failed", "cannot write " + path.string());
  return path;
}

}  // namespace yungu::demo

// medical-institutions (卫健委): hospitals, township health centres and
// clinics. Written as tab-separated text to exercise the TSV reader.
#include <algorithm>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Institution {
  std::string name, type, level, ownership;
  const District* district;
  bool town_level = false;
  std::string town;
};

Institution Inst(std::string name, std::string type, std::string level, std::string ownership,
                 const District* district, std::string town = "") {
  const bool town_level = !town.empty();
  return {std::move(name), std::move(type), std::move(level), std::move(ownership),
          district,        town_level,      std::move(town)};
}

struct Size {
  int beds_lo, beds_hi;
  double staff_per_bed;
};

Size SizeFor(const std::string& level, const std::string& type) {
  if (type == "门诊部") return {0, 0, 0};
  if (level == "三级甲等") return {800, 3000, 1.5};
  if (level == "三级乙等") return {500, 1000, 1.3};
  if (level == "二级甲等") return {200, 700, 1.2};
  if (level == "二级乙等") return {100, 300, 1.1};
  if (type == "社区卫生服务中心") return {0, 50, 1.0};
  return {20, 99, 0.9};
}

std::vector<Institution> Candidates(Rng& rng) {
  const auto& ds = Districts();
  std::vector<Institution> v;
  auto urban = [&]() -> const District* { return &ds[static_cast<size_t>(UniformInt(rng, 0, 2))]; };
  static const char* kNumbers[] = {"一", "二", "三", "四", "五", "六"};
  static const char* kCityLevels[] = {"三级甲等", "三级甲等", "三级乙等",
                                      "二级甲等", "二级甲等", "二级乙等"};
  for (int i = 0; i < 6; ++i) {
    v.push_back(Inst(std::string("襄阳市第") + kNumbers[i] + "人民医院", "综合医院", kCityLevels[i],
                     "公立", urban()));
  }
  v.push_back(Inst("襄阳市中医医院", "中医医院", "三级甲等", "公立", urban()));
  v.push_back(Inst("襄阳市妇幼保健院", "妇幼保健院", "三级甲等", "公立", urban()));
  v.push_back(Inst("襄阳市精神卫生中心", "专科医院", "三级乙等", "公立", urban()));
  v.push_back(Inst("襄阳市传染病医院", "专科医院", "二级甲等", "公立", urban()));
  v.push_back(Inst("襄阳市口腔医院", "专科医院", "二级甲等", "公立", urban()));
  for (const auto& d : ds) {
    if (d.urban) continue;
    v.push_back(Inst(d.name + "人民医院", "综合医院", Chance(rng, 0.4) ? "三级乙等" : "二级甲等",
                     "公立", &d));
    v.push_back(Inst(d.name + "中医医院", "中医医院", "二级甲等", "公立", &d));
    v.push_back(Inst(d.name + "妇幼保健院", "妇幼保健院",
                     Chance(rng, 0.6) ? "二级甲等" : "二级乙等", "公立", &d));
  }
  for (const auto& d : ds) {
    for (const auto& town : d.towns) {
      const bool street = town.find("街道") != std::string::npos;
      const std::string base = d.urban ? town : d.name + town;
      if (street) {
        v.push_back(Inst(base + "社区卫生服务中心", "社区卫生服务中心",
                         Chance(rng, 0.5) ? "一级甲等" : "未定级", "公立", &d, town));
      } else {
        v.push_back(Inst(base + "卫生院", "乡镇卫生院", Chance(rng, 0.6) ? "一级甲等" : "一级乙等",
                         "公立", &d, town));
      }
    }
  }
  static const std::vector<std::string> kPrivate = {"医院",     "眼科医院", "骨科医院",
                                                    "康复医院", "肛肠医院", "妇产医院"};
  for (int i = 0; i < 48; ++i) {
    const District& d = PickDistrict(rng);
    if (Chance(rng, 0.45)) {
      v.push_back(Inst(d.name + TradeName(rng) + "口腔门诊部", "门诊部", "未定级", "民营", &d));
    } else {
      const std::string kind = Pick(rng, kPrivate);
      const std::string name = "襄阳" + TradeName(rng) + kind;
      const std::string level =
          Chance(rng, 0.3) ? "二级乙等" : (Chance(rng, 0.5) ? "一级甲等" : "未定级");
      v.push_back(Inst(name, kind == "医院" ? "综合医院" : "专科医院", level, "民营", &d));
    }
  }
  return v;
}

}  // namespace

Result<DatasetOutput> GenerateMedicalInstitutions(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "medical-institutions";
  m.name = "医疗卫生机构名录";
  m.name_en = "Directory of medical and health institutions";
  m.summary =
      "襄阳市医疗卫生机构基本信息，包括机构名称、类别、等级、举办性质、编制床位、"
      "卫生技术人员数、地址和联系电话。床位及人员数据为上年末统计数。";
  m.department = "WJW";
  m.themes = {"medical", "health"};
  m.tags = {"医院", "卫生院", "医疗机构", "床位"};
  m.format = "tsv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kConditional;
  m.update_cycle = model::UpdateCycle::kYearly;
  m.publish_date = "2024-03-28";
  m.fields = {
      Field("uscc", "统一社会信用代码", ColumnType::kText, "", "", 1, true),
      Field("name", "机构名称", ColumnType::kText, "", "", 1, false, true),
      Field("institution_type", "机构类别", ColumnType::kText, "", ""),
      Field("level", "机构等级", ColumnType::kText, "", "三级甲等 … 未定级"),
      Field("ownership", "举办性质", ColumnType::kText, "", "公立、民营"),
      Field("beds", "编制床位", ColumnType::kInteger, "张", ""),
      Field("health_workers", "卫生技术人员数", ColumnType::kInteger, "人", "", 2),
      Field("district", "所在区县", ColumnType::kText, "", ""),
      Field("address", "地址", ColumnType::kText, "", ""),
      Field("phone", "联系电话", ColumnType::kText, "", "机构办公电话"),
      Field("emergency_service", "是否设急诊", ColumnType::kBoolean, "", ""),
  };
  out.file = "medical_institutions.tsv";

  Rng rng = MakeRng(ctx, m.id);
  std::vector<Institution> all = Candidates(rng);
  const auto keep = static_cast<size_t>(std::min<int64_t>(
      Scaled(ctx, static_cast<int64_t>(all.size()), 12), static_cast<int64_t>(all.size())));
  // Thin the list evenly at small scales, keeping the big hospitals first.
  std::vector<Institution> chosen;
  for (size_t i = 0; i < all.size() && chosen.size() < keep; ++i) {
    const size_t left = all.size() - i, need = keep - chosen.size();
    if (i < 4 || Uniform01(rng) * static_cast<double>(left) < static_cast<double>(need))
      chosen.push_back(all[i]);
  }

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kTsv, m.fields));
  std::vector<std::string> row(m.fields.size());
  static const std::vector<std::string> kTownStreets = {"人民路", "解放路", "新街", "卫生路",
                                                        "健康路"};
  for (const Institution& inst : chosen) {
    const Size size = SizeFor(inst.level, inst.type);
    const int beds = static_cast<int>(UniformInt(rng, size.beds_lo, size.beds_hi) / 10 * 10);
    const int min_staff = static_cast<int>(UniformInt(rng, 8, 30));
    const int staff =
        std::max(min_staff, static_cast<int>(beds * size.staff_per_bed * Uniform(rng, 0.85, 1.15)));
    const bool is_public = inst.ownership == "公立";
    // Public institutions are 事业单位 (registered by 机构编制, 12...);
    // private hospitals are 民办非企业单位 (52...) or companies (91...).
    const std::string uscc =
        is_public          ? identifiers::GenerateUscc(rng, inst.district->code, '1', '2')
        : Chance(rng, 0.5) ? identifiers::GenerateUscc(rng, inst.district->code, '5', '2')
                           : identifiers::GenerateUscc(rng, inst.district->code, '9', '1');
    const std::string address = inst.town_level
                                    ? Join({inst.district->name, inst.town, Pick(rng, kTownStreets),
                                            std::to_string(UniformInt(rng, 1, 120)), "号"})
                                    : StreetAddress(rng, *inst.district);
    const bool emergency = inst.type == "综合医院" || inst.type == "中医医院" ||
                           (inst.type == "乡镇卫生院" && Chance(rng, 0.5));
    row = {uscc,
           inst.name,
           inst.type,
           inst.level,
           inst.ownership,
           std::to_string(beds),
           std::to_string(staff),
           inst.district->name,
           address,
           OfficePhone(rng),
           emergency ? "true" : "false"};
    YG_RETURN_IF_ERROR(w.Write(row));
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

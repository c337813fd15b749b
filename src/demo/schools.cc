// schools (教育局): primary and secondary schools with enrolment and staff.
// Shared freely between departments; opened to the public on application.
#include <algorithm>
#include <cmath>
#include <set>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Kind {
  std::string type;
  double weight;
  int urban_lo, urban_hi, rural_lo, rural_hi;  // students
  double pupils_per_teacher;
  int class_size;
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kKinds = {
      {"小学", 55, 800, 3200, 80, 900, 17, 45},
      {"初级中学", 25, 600, 2400, 300, 1500, 13, 50},
      {"九年一贯制学校", 8, 900, 2800, 300, 1600, 15, 48},
      {"高级中学", 8, 1500, 4200, 1000, 3600, 12.5, 52},
      {"完全中学", 4, 1800, 5000, 1200, 4000, 13, 52},
  };
  return kKinds;
}

const char* Numeral(int n) {
  static const char* kNumerals[] = {"一",     "二",     "三",     "四",     "五",     "六",
                                    "七",     "八",     "九",     "十",     "十一",   "十二",
                                    "十三",   "十四",   "十五",   "十六",   "十七",   "十八",
                                    "十九",   "二十",   "二十一", "二十二", "二十三", "二十四",
                                    "二十五", "二十六", "二十七", "二十八", "二十九", "三十"};
  return kNumerals[(n - 1) % 30];
}

struct Naming {
  std::string name;
  bool private_school = false;
  std::string town;  // set when the school stands in a town rather than the seat
};

Naming Seat(std::string name, bool private_school = false) {
  return {std::move(name), private_school, ""};
}
Naming InTown(std::string name, const std::string& town) { return {std::move(name), false, town}; }

Naming SchoolName(Rng& rng, const Kind& kind, const District& d, bool rural) {
  const std::string town = Pick(rng, d.towns);
  const std::string seat = d.urban ? "襄阳市" : d.name;
  const int n = static_cast<int>(UniformInt(rng, 1, 30));
  if (kind.type == "小学") {
    if (rural) {
      const std::string suffix =
          Chance(rng, 0.5) ? "中心小学" : "第" + std::string(Numeral(n % 4 + 1)) + "小学";
      return InTown(d.name + town + suffix, town);
    }
    if (Chance(rng, 0.6)) return Seat(seat + Pick(rng, d.roads) + "小学");
    return Seat(seat + (Chance(rng, 0.5) ? "实验小学" : "第" + std::string(Numeral(n)) + "小学"));
  }
  if (kind.type == "初级中学") {
    if (rural) return InTown(d.name + town + "初级中学", town);
    return Seat(seat + "第" + Numeral(n) + "中学");
  }
  if (kind.type == "九年一贯制学校") {
    if (Chance(rng, 0.4)) {
      return Seat(Join({"襄阳", TradeName(rng), Chance(rng, 0.5) ? "外国语学校" : "实验学校"}),
                  true);
    }
    return InTown(d.name + town + "九年一贯制学校", town);
  }
  if (kind.type == "高级中学") {
    if (Chance(rng, 0.15)) return Seat("襄阳" + TradeName(rng) + "高级中学", true);
    return Seat(seat + "第" + Numeral(n % 8 + 1) + "高级中学");
  }
  return Seat(seat + "第" + Numeral(n) + "中学");  // 完全中学
}

}  // namespace

Result<DatasetOutput> GenerateSchools(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "schools";
  m.name = "中小学校基本情况";
  m.name_en = "Primary and secondary schools";
  m.summary =
      "襄阳市普通中小学校基本情况，包括学校标识码、名称、学段类型、办学性质、所在区县、"
      "地址、在校学生数、专任教师数、班级数和建校年份，按学年更新。";
  m.department = "JYJ";
  m.themes = {"education"};
  m.tags = {"学校", "小学", "中学", "在校生", "教师"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kConditional;
  m.update_cycle = model::UpdateCycle::kYearly;
  m.publish_date = "2023-11-02";
  m.fields = {
      Field("school_code", "学校标识码", ColumnType::kText, "", "教育部学校标识码，10位", 1, true),
      Field("name", "学校名称", ColumnType::kText, "", "", 1, false, true),
      Field("school_type", "学校类型", ColumnType::kText, "",
            "小学、初级中学、九年一贯制学校、高级中学、完全中学"),
      Field("ownership", "办学性质", ColumnType::kText, "", "公办、民办"),
      Field("district", "所在区县", ColumnType::kText, "", ""),
      Field("address", "地址", ColumnType::kText, "", ""),
      Field("students", "在校学生数", ColumnType::kInteger, "人", "2024-2025学年初"),
      Field("teachers", "专任教师数", ColumnType::kInteger, "人", ""),
      Field("classes", "班级数", ColumnType::kInteger, "个", ""),
      Field("founded_year", "建校年份", ColumnType::kInteger, "年", ""),
  };
  out.file = "schools.csv";

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  Rng rng = MakeRng(ctx, m.id);
  const int64_t n = Scaled(ctx, 420, 12);
  std::vector<double> weights;
  for (const auto& k : Kinds()) weights.push_back(k.weight);
  std::set<std::string> names, codes;
  int collisions = 0;
  std::vector<std::string> row(m.fields.size());
  for (int64_t i = 0; i < n;) {
    const Kind& kind = Kinds()[PickWeighted(rng, weights)];
    const District& d = PickDistrict(rng);
    const bool rural = !d.urban ? Chance(rng, 0.6) : Chance(rng, 0.15);
    Naming naming = SchoolName(rng, kind, d, rural);
    std::string& name = naming.name;
    const bool private_school = naming.private_school;
    if (!names.insert(name).second) {
      // Redraw duplicates; at very large scales the name space runs out, so
      // fall back to numbered campuses.
      if (++collisions < 50) continue;
      name += "（" + std::to_string(i + 1) + "校区）";
      names.insert(name);
    }
    collisions = 0;
    std::string code;
    do code = "2142" + Pad(UniformInt(rng, 0, 999999), 6);
    while (!codes.insert(code).second);
    const int students = rural ? static_cast<int>(UniformInt(rng, kind.rural_lo, kind.rural_hi))
                               : static_cast<int>(UniformInt(rng, kind.urban_lo, kind.urban_hi));
    const int teachers =
        std::max(6, static_cast<int>(
                        std::lround(students / kind.pupils_per_teacher * Uniform(rng, 0.85, 1.2))));
    const int classes = std::max(1, (students + kind.class_size - 1) / kind.class_size);
    const int founded = private_school ? static_cast<int>(UniformInt(rng, 1998, 2020))
                                       : static_cast<int>(UniformInt(rng, 1905, 2018));
    static const std::vector<std::string> kTownStreets = {"人民路", "新街", "学府路", "建设路",
                                                          "解放路"};
    const std::string address = naming.town.empty()
                                    ? StreetAddress(rng, d)
                                    : Join({d.name, naming.town, Pick(rng, kTownStreets),
                                            std::to_string(UniformInt(rng, 1, 99)), "号"});
    row = {code,
           name,
           kind.type,
           private_school ? "民办" : "公办",
           d.name,
           address,
           std::to_string(students),
           std::to_string(teachers),
           std::to_string(classes),
           std::to_string(founded)};
    YG_RETURN_IF_ERROR(w.Write(row));
    ++i;
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

// population-sample (公安局): a synthetic household registration extract.
// Every identity number is valid and agrees with the row's sex and birth
// date; marital status follows age. The data is personal, so it is shared
// only on conditions and never opened.
#include <unordered_set>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

std::string MaritalStatus(Rng& rng, int age, bool male) {
  struct Mix {
    int max_age;
    double single, married, divorced;  // widowed takes the rest
  };
  static const std::vector<Mix> kMix = {{19, 1, 0, 0},          {24, 0.8, 0.2, 0},
                                        {29, 0.45, 0.53, 0.02}, {39, 0.12, 0.82, 0.06},
                                        {59, 0.03, 0.88, 0.06}, {69, 0.02, 0.82, 0.04},
                                        {200, 0.01, 0.60, 0.02}};
  if (age < (male ? 22 : 20)) return "未婚";  // legal marriage age
  for (const Mix& mix : kMix) {
    if (age > mix.max_age) continue;
    const double u = Uniform01(rng);
    if (u < mix.single) return "未婚";
    if (u < mix.single + mix.married) return "已婚";
    if (u < mix.single + mix.married + mix.divorced) return "离婚";
    return "丧偶";
  }
  return "已婚";
}

std::string Ethnicity(Rng& rng) {
  static const std::vector<std::string> kNames = {"汉族", "回族", "土家族", "苗族",
                                                  "满族", "壮族", "蒙古族"};
  static const std::vector<double> kWeights = {992, 4, 1.5, 1, 0.5, 0.5, 0.5};
  return kNames[PickWeighted(rng, kWeights)];
}

}  // namespace

Result<DatasetOutput> GeneratePopulationSample(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "population-sample";
  m.name = "户籍人口基本信息（抽样）";
  m.name_en = "Registered population basic information (sample)";
  m.summary =
      "襄阳市户籍人口基本信息抽样数据，包括公民身份号码、姓名、性别、出生日期、民族、"
      "联系电话、户籍所在区县、住址和婚姻状况。含个人敏感信息，"
      "仅向有法定职责的政务部门有条件共享。";
  m.department = "GAJ";
  m.themes = {"population"};
  m.tags = {"人口", "户籍", "身份证", "个人信息"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kConditional;
  m.sharing_conditions =
      "仅限依法履行职责需要核验人员身份的政务部门使用；须通过市政务数据共享交换平台申请，"
      "经市公安局审核同意；不得向第三方提供，使用情况接受审计。";
  m.opening_type = model::OpeningType::kNone;
  m.update_cycle = model::UpdateCycle::kMonthly;
  m.publish_date = "2023-09-20";
  m.fields = {
      Field("id_number", "公民身份号码", ColumnType::kText, "", "GB 11643-1999 十八位", 4, true),
      Field("name", "姓名", ColumnType::kText, "", "", 3, false, true),
      Field("sex", "性别", ColumnType::kText, "", "男、女", 2, false, true),
      Field("birth_date", "出生日期", ColumnType::kDate, "", "", 3, false, true),
      Field("ethnicity", "民族", ColumnType::kText, "", "", 2),
      Field("phone", "联系电话", ColumnType::kText, "", "手机号码，部分老年人无登记", 3),
      Field("household_district", "户籍所在区县", ColumnType::kText, "", "", 2),
      Field("address", "住址", ColumnType::kText, "", "", 3),
      Field("marital_status", "婚姻状况", ColumnType::kText, "", "未婚、已婚、离婚、丧偶", 3),
  };
  out.file = "population_sample.csv";

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  Rng rng = MakeRng(ctx, m.id);
  const int64_t n = Scaled(ctx, 12000, 50);
  std::unordered_set<std::string> ids;
  std::vector<std::string> row(m.fields.size());
  for (int64_t i = 0; i < n; ++i) {
    const District& d = PickDistrict(rng);
    Person p = MakePerson(rng, d, 1940, 2010);
    while (!ids.insert(p.id_number).second) p = MakePerson(rng, d, 1940, 2010);
    const int age = 2025 - p.birth.year;
    const bool no_phone = age >= 80 ? Chance(rng, 0.3) : Chance(rng, 0.02);
    row = {p.id_number,
           p.name,
           p.male ? "男" : "女",
           FormatDate(p.birth),
           Ethnicity(rng),
           no_phone ? "" : identifiers::GenerateMobile(rng),
           d.name,
           ResidentialAddress(rng, d),
           MaritalStatus(rng, age, p.male)};
    YG_RETURN_IF_ERROR(w.Write(row));
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

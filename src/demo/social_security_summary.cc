// social-security-summary (人社局): monthly insured persons and fund flows by
// district and insurance scheme. Aggregates, but still only shared and opened
// on conditions because the fund figures are unaudited.
#include <algorithm>
#include <cmath>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Scheme {
  const char* name;
  double coverage_urban, coverage_county;  // insured per resident
  double contribution;                     // 元 per insured per month
  double benefit;                          // 元 per insured per month
  bool annual_payment;                     // resident schemes collect mostly in Q1
};

const std::vector<Scheme>& Schemes() {
  static const std::vector<Scheme> kSchemes = {
      {"城镇职工基本养老保险", 0.30, 0.16, 1150, 1020, false},
      {"城乡居民基本养老保险", 0.18, 0.40, 45, 160, true},
      {"职工基本医疗保险", 0.27, 0.14, 560, 470, false},
      {"失业保险", 0.15, 0.07, 42, 18, false},
      {"工伤保险", 0.18, 0.09, 28, 20, false},
  };
  return kSchemes;
}

}  // namespace

Result<DatasetOutput> GenerateSocialSecuritySummary(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "social-security-summary";
  m.name = "社会保险参保缴费情况（分区县月度）";
  m.name_en = "Social insurance enrolment and contributions by district, monthly";
  m.summary =
      "襄阳市各区县五项社会保险月度参保人数、新增参保人数、征缴收入和待遇支出汇总数据，"
      "2023年1月至2024年12月。基金数据为快报数，以年度决算为准。";
  m.department = "RSJ";
  m.themes = {"social_security", "employment"};
  m.tags = {"社保", "参保", "养老保险", "医疗保险", "基金"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kConditional;
  m.sharing_conditions =
      "用于社会救助对象认定、就业形势分析及政策评估；申请部门须说明用途，"
      "经市人社局同意后通过共享交换平台按月获取，不得对外公布基金快报数。";
  m.opening_type = model::OpeningType::kConditional;
  m.update_cycle = model::UpdateCycle::kMonthly;
  m.publish_date = "2024-02-26";
  m.fields = {
      Field("period", "统计月份", ColumnType::kText, "", "YYYY-MM", 1, true),
      Field("district", "区县", ColumnType::kText, "", "", 1, false, true),
      Field("division_code", "行政区划代码", ColumnType::kText, "", "GB/T 2260", 1, true),
      Field("insurance_type", "险种", ColumnType::kText, "", "", 1, true),
      Field("insured_persons", "期末参保人数", ColumnType::kInteger, "人", ""),
      Field("new_enrollments", "本月新增参保人数", ColumnType::kInteger, "人", ""),
      Field("contribution_income", "本月征缴收入", ColumnType::kDecimal, "万元", "", 2),
      Field("benefit_expenditure", "本月待遇支出", ColumnType::kDecimal, "万元", "", 2),
  };
  out.file = "social_security_summary.csv";

  Rng rng = MakeRng(ctx, m.id);
  static const std::vector<double> kResidents = {480000, 1020000, 850000, 450000, 540000,
                                                 240000, 410000,  890000, 460000};
  const auto& districts = Districts();
  const auto& schemes = Schemes();
  std::vector<std::vector<double>> insured(districts.size(), std::vector<double>(schemes.size()));
  for (size_t d = 0; d < districts.size(); ++d) {
    for (size_t s = 0; s < schemes.size(); ++s) {
      const double cov =
          districts[d].urban ? schemes[s].coverage_urban : schemes[s].coverage_county;
      insured[d][s] = kResidents[d] * cov * Uniform(rng, 0.9, 1.1);
    }
  }

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  std::vector<std::string> row(m.fields.size());
  for (int t = 0; t < 24; ++t) {
    const int year = 2023 + t / 12, month = t % 12 + 1;
    for (size_t d = 0; d < districts.size(); ++d) {
      for (size_t s = 0; s < schemes.size(); ++s) {
        const Scheme& sc = schemes[s];
        const double before = insured[d][s];
        // Enrolment grows slowly; January sees the annual re-enrolment drive.
        const double growth = Normal(rng, 0.0015, 0.001) + (month == 1 ? 0.004 : 0.0);
        const double added = std::max(0.0, before * (growth + Uniform(rng, 0.002, 0.004)));
        insured[d][s] = before * (1 + growth);
        const double payment_factor = sc.annual_payment ? (month <= 3   ? 4.0
                                                           : month <= 6 ? 0.8
                                                                        : 0.2)
                                                        : Uniform(rng, 0.93, 1.07);
        const double income = insured[d][s] * sc.contribution * payment_factor / 10000;
        const double spend = insured[d][s] * sc.benefit * Uniform(rng, 0.95, 1.05) *
                             (month == 1 && s == 0 ? 1.3 : 1.0) /
                             10000;  // January pension adjustment
        row = {std::to_string(year) + "-" + Pad(month, 2),
               districts[d].name,
               districts[d].code,
               sc.name,
               std::to_string(std::llround(insured[d][s])),
               std::to_string(std::llround(added)),
               Fixed(income, 2),
               Fixed(spend, 2)};
        YG_RETURN_IF_ERROR(w.Write(row));
      }
    }
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

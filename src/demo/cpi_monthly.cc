// cpi-monthly (统计局): the consumer price index by category. A monthly price
// level is simulated per category from 2022 on, and the published indices
// (year on year, month on month, year to date) are all derived from those
// levels, so they are mutually consistent as in a real release.
#include <cmath>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Category {
  const char* name;
  double weight;    // basket weight
  double annual;    // trend inflation, per cent a year
  double seasonal;  // amplitude of the Spring Festival bump, per cent
  double noise;     // monthly noise, per cent
};

const std::vector<Category>& Categories() {
  static const std::vector<Category> kCategories = {
      {"食品烟酒", 0.29, -0.8, 1.6, 0.9}, {"衣着", 0.06, 1.2, 0.4, 0.3},
      {"居住", 0.22, 0.2, 0.0, 0.15},     {"生活用品及服务", 0.06, 0.4, 0.2, 0.3},
      {"交通通信", 0.11, -1.6, 0.3, 0.8}, {"教育文化娱乐", 0.11, 1.4, 0.9, 0.4},
      {"医疗保健", 0.10, 1.0, 0.0, 0.2},  {"其他用品及服务", 0.05, 3.0, 0.3, 0.6},
  };
  return kCategories;
}

}  // namespace

Result<DatasetOutput> GenerateCpiMonthly(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "cpi-monthly";
  m.name = "居民消费价格指数（月度）";
  m.name_en = "Consumer price index, monthly";
  m.summary =
      "襄阳市居民消费价格分类指数月度数据（2023年1月至2025年6月），"
      "包括上年同月=100、上月=100和上年同期=100三种口径。";
  m.department = "TJJ";
  m.themes = {"statistics", "finance"};
  m.tags = {"CPI", "物价", "价格指数", "统计"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kMonthly;
  m.publish_date = "2023-02-20";
  m.fields = {
      Field("period", "统计月份", ColumnType::kText, "", "YYYY-MM", 1, true),
      Field("category", "类别", ColumnType::kText, "", "居民消费价格总指数及八大类", 1, true),
      Field("yoy_index", "同比指数", ColumnType::kDecimal, "", "上年同月=100"),
      Field("mom_index", "环比指数", ColumnType::kDecimal, "", "上月=100"),
      Field("ytd_index", "累计指数", ColumnType::kDecimal, "", "上年同期=100"),
  };
  out.file = "cpi_monthly.csv";

  Rng rng = MakeRng(ctx, m.id);
  constexpr int kMonths = 42;  // 2022-01 .. 2025-06; published from 2023-01
  const auto& cats = Categories();
  // levels[c][t]; the last row is the weighted total.
  std::vector<std::vector<double>> levels(cats.size() + 1, std::vector<double>(kMonths, 0.0));
  for (size_t c = 0; c < cats.size(); ++c) {
    double level = 100;
    double prev_bump = 0;
    for (int t = 0; t < kMonths; ++t) {
      const int month = t % 12 + 1;
      // Prices jump around the Spring Festival (Jan/Feb) and ease in March.
      const double bump = month == 1 ? 0.6 : month == 2 ? 1.0 : month == 12 ? 0.2 : 0.0;
      level *= 1 + (cats[c].annual / 12 + cats[c].seasonal * (bump - prev_bump) +
                    Normal(rng, 0, cats[c].noise)) /
                       100;
      prev_bump = bump;
      levels[c][t] = level;
    }
  }
  for (int t = 0; t < kMonths; ++t) {
    for (size_t c = 0; c < cats.size(); ++c) levels.back()[t] += cats[c].weight * levels[c][t];
  }

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  std::vector<std::string> row(m.fields.size());
  for (int t = 12; t < kMonths; ++t) {
    const int year = 2022 + t / 12, month = t % 12 + 1;
    for (size_t k = 0; k <= cats.size(); ++k) {
      const size_t c = (k + cats.size()) % (cats.size() + 1);  // the total first
      const auto& lv = levels[c];
      double cur = 0, prev = 0;
      for (int j = t - (month - 1); j <= t; ++j) {
        cur += lv[j];
        prev += lv[j - 12];
      }
      row = {std::to_string(year) + "-" + Pad(month, 2),
             c == cats.size() ? "居民消费价格总指数" : cats[c].name,
             Fixed(100 * lv[t] / lv[t - 12], 1), Fixed(100 * lv[t] / lv[t - 1], 1),
             Fixed(100 * cur / prev, 1)};
      YG_RETURN_IF_ERROR(w.Write(row));
    }
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

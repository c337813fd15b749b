// agricultural-prices (农业农村局): weekly prices of staple farm products at
// three monitored markets through 2024. Written as a JSON array of objects to
// exercise the JSON reader; the first week's change is null.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Product {
  const char* name;
  const char* category;
  const char* unit;
  double base;        // retail price in early 2024
  double seasonal;    // relative amplitude, peaking in mid-winter
  double trend;       // relative change over the year
  double volatility;  // weekly relative noise
};

const std::vector<Product>& Products() {
  static const std::vector<Product> kProducts = {
      {"猪肉（后腿肉）", "畜禽", "元/公斤", 24.0, 0.03, 0.22,
       0.012},  // 2024 upswing of the hog cycle
      {"牛肉", "畜禽", "元/公斤", 74.0, 0.02, -0.08, 0.006},
      {"鸡蛋", "畜禽", "元/公斤", 9.8, 0.06, -0.05, 0.02},
      {"活鸡", "畜禽", "元/公斤", 28.0, 0.04, 0.0, 0.01},
      {"草鱼", "水产", "元/公斤", 18.0, 0.05, 0.02, 0.015},
      {"鲫鱼", "水产", "元/公斤", 22.0, 0.05, 0.0, 0.015},
      {"大白菜", "蔬菜", "元/公斤", 2.4, 0.25, 0.0, 0.05},
      {"土豆", "蔬菜", "元/公斤", 4.0, 0.10, -0.05, 0.03},
      {"西红柿", "蔬菜", "元/公斤", 6.8, 0.25, 0.0, 0.05},
      {"黄瓜", "蔬菜", "元/公斤", 5.6, 0.28, 0.0, 0.05},
      {"白萝卜", "蔬菜", "元/公斤", 2.2, 0.20, 0.0, 0.04},
      {"青椒", "蔬菜", "元/公斤", 7.2, 0.30, 0.0, 0.05},
      {"芹菜", "蔬菜", "元/公斤", 5.0, 0.25, 0.0, 0.05},
      {"大蒜", "蔬菜", "元/公斤", 12.5, 0.05, 0.10, 0.02},
      {"生姜", "蔬菜", "元/公斤", 14.0, 0.05, -0.15, 0.02},
      {"大米", "粮油", "元/公斤", 5.6, 0.0, 0.01, 0.004},
      {"面粉", "粮油", "元/公斤", 4.6, 0.0, -0.02, 0.004},
      {"菜籽油", "粮油", "元/升", 17.5, 0.0, -0.03, 0.005},
      {"苹果", "水果", "元/公斤", 10.5, 0.08, 0.0, 0.02},
      {"香蕉", "水果", "元/公斤", 7.0, 0.08, 0.0, 0.02},
  };
  return kProducts;
}

struct Market {
  const char* name;
  const char* price_type;
  double factor;
};

}  // namespace

Result<DatasetOutput> GenerateAgriculturalPrices(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "agricultural-prices";
  m.name = "重要农产品市场价格监测（周度）";
  m.name_en = "Weekly market prices of key farm products";
  m.summary =
      "襄阳市重点监测农产品批发市场和农贸市场的畜禽、水产、蔬菜、粮油、水果等"
      "重要农产品周均价格及环比变化，2024年逐周发布。";
  m.department = "NYNC";
  m.themes = {"agriculture"};
  m.tags = {"农产品", "价格", "菜篮子", "市场监测"};
  m.format = "json";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kWeekly;
  m.publish_date = "2024-01-12";
  m.fields = {
      Field("week_start", "监测周起始日", ColumnType::kDate, "", "周一", 1, true),
      Field("market", "监测市场", ColumnType::kText, "", "", 1, true),
      Field("price_type", "价格类型", ColumnType::kText, "", "批发价、零售价"),
      Field("product", "品种", ColumnType::kText, "", "", 1, true),
      Field("category", "类别", ColumnType::kText, "", "畜禽、水产、蔬菜、粮油、水果"),
      Field("unit", "计价单位", ColumnType::kText, "", ""),
      Field("price", "周均价", ColumnType::kDecimal, "元", "按计价单位"),
      Field("wow_change_pct", "环比涨跌幅", ColumnType::kDecimal, "%", "较上周，首周为空"),
  };
  out.file = "agricultural_prices.json";

  static const std::vector<Market> kMarkets = {{"襄阳市农产品中心批发市场", "批发价", 0.78},
                                               {"樊城区长虹路农贸市场", "零售价", 1.0},
                                               {"枣阳市城南农贸市场", "零售价", 0.95}};
  Rng rng = MakeRng(ctx, m.id);
  const auto& products = Products();
  const int64_t weeks = std::min<int64_t>(Scaled(ctx, 52, 4), 52);  // stays within 2024
  const int64_t first = DaysFromCivil(2024, 1, 1);                  // a Monday
  // One shock process per product (shared by markets) plus market noise.
  std::vector<double> shock(products.size(), 0.0);
  std::vector<std::vector<double>> last(kMarkets.size(), std::vector<double>(products.size(), 0.0));

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kJson, m.fields));
  std::vector<std::string> row(m.fields.size());
  for (int64_t wk = 0; wk < weeks; ++wk) {
    const std::string week = FormatDate(CivilFromDays(first + 7 * wk));
    const double year_frac = static_cast<double>(wk) / 52.0;
    const double winter = std::cos(2 * std::numbers::pi * (year_frac - 0.04));
    for (size_t p = 0; p < products.size(); ++p) {
      shock[p] = 0.85 * shock[p] + Normal(rng, 0, products[p].volatility);
    }
    for (size_t mk = 0; mk < kMarkets.size(); ++mk) {
      for (size_t p = 0; p < products.size(); ++p) {
        const Product& pr = products[p];
        const double price = pr.base * kMarkets[mk].factor * (1 + pr.seasonal * winter) *
                             (1 + pr.trend * year_frac) * std::exp(shock[p]) *
                             (1 + Normal(rng, 0, 0.01));
        const double rounded = std::round(price * 100) / 100;
        const double prev = last[mk][p];
        last[mk][p] = rounded;
        row = {week,
               kMarkets[mk].name,
               kMarkets[mk].price_type,
               pr.name,
               pr.category,
               pr.unit,
               Fixed(rounded, 2),
               prev > 0 ? Fixed(100 * (rounded / prev - 1), 1) : ""};
        YG_RETURN_IF_ERROR(w.Write(row));
      }
    }
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

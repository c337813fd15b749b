// daily-weather (气象局): daily observations of the national basic station
// over 2023-2024, following Xiangyang's climate: hot wet summers, cold dry
// winters, rain days clustered, snow only when it is cold enough.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

std::string RainText(Rng& rng, double mm, double max_temp, int month) {
  if (max_temp < 3) return mm < 2.5 ? "小雪" : mm < 5 ? "中雪" : "大雪";
  if (max_temp < 6 && Chance(rng, 0.5)) return "雨夹雪";
  if (month >= 5 && month <= 9 && Chance(rng, 0.4)) return "雷阵雨";
  return mm < 10 ? "小雨" : mm < 25 ? "中雨" : mm < 50 ? "大雨" : "暴雨";
}

}  // namespace

Result<DatasetOutput> GenerateDailyWeather(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "daily-weather";
  m.name = "逐日气象观测数据";
  m.name_en = "Daily weather observations";
  m.summary =
      "襄阳国家基本气象站逐日地面观测资料，包括天气现象、最高气温、最低气温、"
      "降水量、平均相对湿度、风向和风力等级，时间范围2023年1月1日至2024年12月31日。";
  m.department = "QXJ";
  m.themes = {"weather"};
  m.tags = {"气象", "气温", "降水", "天气"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kDaily;
  m.publish_date = "2023-02-01";
  m.fields = {
      Field("date", "日期", ColumnType::kDate, "", "", 1, true),
      Field("station_id", "区站号", ColumnType::kText, "", "", 1, false, true),
      Field("station_name", "站名", ColumnType::kText, "", ""),
      Field("weather", "天气现象", ColumnType::kText, "", "晴、多云、阴、雨、雪、雾、霾等"),
      Field("max_temp", "最高气温", ColumnType::kDecimal, "℃", ""),
      Field("min_temp", "最低气温", ColumnType::kDecimal, "℃", ""),
      Field("precipitation", "日降水量", ColumnType::kDecimal, "mm", "20时至20时"),
      Field("relative_humidity", "平均相对湿度", ColumnType::kInteger, "%", ""),
      Field("wind_direction", "最多风向", ColumnType::kText, "", ""),
      Field("wind_scale", "平均风力等级", ColumnType::kInteger, "级", "蒲福风级"),
  };
  out.file = "daily_weather.csv";

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  Rng rng = MakeRng(ctx, m.id);
  // About 100 wet days and 850 mm a year, most of it from May to September.
  static constexpr double kRainChance[] = {0.17, 0.21, 0.26, 0.28, 0.29, 0.29,
                                           0.32, 0.27, 0.26, 0.24, 0.19, 0.15};
  static constexpr double kRainMean[] = {2.6,  2.9, 4.6, 6.9, 9.5, 11,
                                         14.5, 14,  9.8, 8,   6.2, 3};  // mm per wet day
  static const std::vector<std::string> kWinds = {"北风", "东北风", "东风", "东南风",
                                                  "南风", "西南风", "西风", "西北风"};
  static const std::vector<double> kWindWeights = {14, 12, 8, 14, 10, 6, 5, 9};
  const int64_t days = std::min<int64_t>(Scaled(ctx, 731, 30), 731);  // stays within 2023-2024
  const int64_t start = DaysFromCivil(2023, 1, 1);
  double anomaly = 0;
  bool wet_yesterday = false;
  std::vector<std::string> row(m.fields.size());
  for (int64_t i = 0; i < days; ++i) {
    const Ymd date = CivilFromDays(start + i);
    const int mi = date.month - 1;
    const double phase = std::cos(2 * std::numbers::pi * ((i % 365) - 15) / 365.0);  // +1 mid-Jan
    anomaly = 0.8 * anomaly + Normal(rng, 0, 2.0);
    const bool wet = Chance(rng, kRainChance[mi] + (wet_yesterday ? 0.1 : 0.0));
    wet_yesterday = wet;
    double max_temp = 21.0 - 12.5 * phase + anomaly;
    double min_temp = 11.8 - 12.2 * phase + 0.8 * anomaly + Normal(rng, 0, 1.0);
    double rain = 0;
    std::string weather;
    int humidity = 0;
    if (wet) {
      rain = std::max(0.1, -kRainMean[mi] * std::log(1.0 - Uniform01(rng)));
      max_temp -= 2;
      weather = RainText(rng, rain, max_temp, date.month);
      humidity = static_cast<int>(UniformInt(rng, 80, 97));
    } else {
      const double u = Uniform01(rng);
      const bool winter = date.month <= 2 || date.month == 12;
      if (winter && u < 0.06)
        weather = "雾";
      else if (winter && u < 0.14)
        weather = "霾";
      else if (u < 0.45)
        weather = "晴";
      else if (u < 0.8)
        weather = "多云";
      else
        weather = "阴";
      humidity =
          static_cast<int>(weather == "晴" ? UniformInt(rng, 38, 68) : UniformInt(rng, 55, 88));
    }
    if (min_temp > max_temp - 2) min_temp = max_temp - Uniform(rng, 2, 4);
    row = {FormatDate(date),
           "57278",
           "襄阳国家基本气象站",
           weather,
           Fixed(max_temp, 1),
           Fixed(min_temp, 1),
           Fixed(rain, 1),
           std::to_string(humidity),
           kWinds[PickWeighted(rng, kWindWeights)],
           std::to_string(1 + PickWeighted(rng, {10, 35, 35, 14, 5, 1}))};
    YG_RETURN_IF_ERROR(w.Write(row));
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

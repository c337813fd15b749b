// air-quality-hourly (生态环境局): hourly readings of the city's automatic
// monitoring stations through 2024. A shared regional "episode" process drives
// all stations, so the series show multi-day pollution events, winter PM
// peaks, summer afternoon ozone and rush-hour NO2 like real data.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Station {
  const char* code;
  const char* name;
  const char* district;
  double pm_factor;   // local sources
  double no2_factor;  // traffic
};

const std::vector<Station>& Stations() {
  static const std::vector<Station> kStations = {
      {"XYAQ01", "襄城檀溪站", "襄城区", 0.95, 0.9},
      {"XYAQ02", "樊城新华路站", "樊城区", 1.08, 1.25},
      {"XYAQ03", "樊城高新区站", "樊城区", 1.12, 1.1},
      {"XYAQ04", "襄州航空路站", "襄州区", 1.1, 1.2},
      {"XYAQ05", "东津新区站", "襄州区", 0.92, 0.8},
      {"XYAQ06", "谷城县城站", "谷城县", 0.9, 0.7},
      {"XYAQ07", "老河口光化站", "老河口市", 1.0, 0.75},
      {"XYAQ08", "枣阳书院站", "枣阳市", 1.05, 0.8},
  };
  return kStations;
}

double Bump(double hour, double centre, double width) {
  const double d = hour - centre;
  return std::exp(-d * d / width);
}

}  // namespace

Result<DatasetOutput> GenerateAirQualityHourly(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "air-quality-hourly";
  m.name = "环境空气质量自动监测小时数据";
  m.name_en = "Hourly ambient air quality monitoring data";
  m.summary =
      "襄阳市城区及县（市）环境空气质量自动监测站逐小时监测数据，包括PM2.5、PM10、"
      "二氧化硫、二氧化氮、臭氧和一氧化碳浓度。数据为实时发布值，未经审核，"
      "仪器校准或故障时段数据缺失。";
  m.department = "STHJ";
  m.themes = {"environment"};
  m.tags = {"空气质量", "PM2.5", "臭氧", "监测站", "小时数据"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kRealtime;
  m.publish_date = "2023-06-05";
  m.fields = {
      Field("station_code", "监测站点编码", ColumnType::kText, "", "", 1, true),
      Field("station_name", "监测站点名称", ColumnType::kText, "", "", 1, false, true),
      Field("district", "所属区县", ColumnType::kText, "", ""),
      Field("time", "监测时间", ColumnType::kDateTime, "", "北京时间，整点小时值", 1, true),
      Field("pm25", "细颗粒物（PM2.5）", ColumnType::kDecimal, "μg/m³", "小时平均浓度"),
      Field("pm10", "可吸入颗粒物（PM10）", ColumnType::kDecimal, "μg/m³", "小时平均浓度"),
      Field("so2", "二氧化硫", ColumnType::kDecimal, "μg/m³", "小时平均浓度"),
      Field("no2", "二氧化氮", ColumnType::kDecimal, "μg/m³", "小时平均浓度"),
      Field("o3", "臭氧", ColumnType::kDecimal, "μg/m³", "小时平均浓度"),
      Field("co", "一氧化碳", ColumnType::kDecimal, "mg/m³", "小时平均浓度"),
  };
  out.file = "air_quality_hourly.csv";

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  Rng rng = MakeRng(ctx, m.id);
  // 2024 is a leap year. Scales above 1 do not run past the year's end.
  const int64_t hours = std::min<int64_t>(Scaled(ctx, 8784, 48), 8784);
  const int64_t start = DaysFromCivil(2024, 1, 1);
  const auto& stations = Stations();
  std::vector<double> local(stations.size(), 0.0);  // per-station AR(1) noise
  double episode = 0.0;   // regional log-scale stagnation / clean-air process
  double sunshine = 0.0;  // regional photochemistry process
  std::vector<std::string> row(m.fields.size());

  for (int64_t h = 0; h < hours; ++h) {
    const int64_t day = start + h / 24;
    const int hour = static_cast<int>(h % 24);
    const Ymd date = CivilFromDays(day);
    const double doy = static_cast<double>(day - start);
    const double winter = std::cos(2 * std::numbers::pi * (doy - 10) / 366);   // +1 mid-Jan
    const double summer = std::cos(2 * std::numbers::pi * (doy - 190) / 366);  // +1 early Jul
    const double spring_dust = Bump(doy, 90, 900);  // dusty weeks around April
    // Stationary sd 0.35 with a ~1.5-day memory: multi-day episodes without
    // implausible month-long smog.
    episode = 0.97 * episode + Normal(rng, 0, 0.085);
    sunshine = 0.99 * sunshine + Normal(rng, 0, 0.04);
    const std::string time = FormatDateTime(date, hour);

    const double pm_base =
        (47 + 27 * winter) *
        (1 + 0.15 * std::cos(2 * std::numbers::pi * (hour - 2) / 24) + 0.06 * Bump(hour, 8, 4)) *
        std::exp(episode);
    const double no2_diurnal =
        1 + 0.25 * Bump(hour, 8, 6) + 0.35 * Bump(hour, 20, 8) - 0.25 * Bump(hour, 14, 8);
    const double o3_peak = (95 + 55 * summer) * std::exp(sunshine);
    const double o3_night = 18 + 14 * std::max(0.0, summer);
    const double daylight = hour >= 7 && hour <= 19
                                ? std::pow(std::sin(std::numbers::pi * (hour - 7) / 12.0), 1.5)
                                : 0.0;

    for (size_t s = 0; s < stations.size(); ++s) {
      const Station& st = stations[s];
      local[s] = 0.8 * local[s] + Normal(rng, 0, 0.08);
      row[0] = st.code;
      row[1] = st.name;
      row[2] = st.district;
      row[3] = time;
      if (Chance(rng, 0.003)) {  // calibration or outage: the whole reading is missing
        for (size_t c = 4; c < row.size(); ++c) row[c].clear();
        YG_RETURN_IF_ERROR(w.Write(row));
        continue;
      }
      const double pm25 = std::max(3.0, pm_base * st.pm_factor * std::exp(local[s]));
      const double coarse_ratio = 1.35 + 0.45 * spring_dust + Uniform(rng, 0, 0.3);
      const double pm10 = pm25 * coarse_ratio + Uniform(rng, 0, 8);
      const double so2 = std::max(
          2.0, (8 + 5 * winter) * (1 + 0.3 * Bump(hour, 10, 10)) * std::exp(Normal(rng, 0, 0.2)));
      const double no2 =
          std::max(3.0, (30 + 12 * winter) * st.no2_factor * no2_diurnal *
                            std::exp(0.5 * episode + local[s] + Normal(rng, 0, 0.1)));
      // NO2 titrates ozone near traffic, so busy stations read lower.
      const double o3 =
          std::max(2.0, (o3_night + (o3_peak - o3_night) * daylight) *
                            (1.15 - 0.15 * st.no2_factor) * std::exp(Normal(rng, 0, 0.12)));
      const double co =
          std::max(0.15, (0.5 + 0.25 * winter + 0.004 * pm25) * std::exp(Normal(rng, 0, 0.1)));
      row[4] = Fixed(pm25, 1);
      row[5] = Fixed(pm10, 1);
      row[6] = Fixed(so2, 1);
      row[7] = Fixed(no2, 1);
      row[8] = Fixed(o3, 1);
      row[9] = Fixed(co, 2);
      YG_RETURN_IF_ERROR(w.Write(row));
    }
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

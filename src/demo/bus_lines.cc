// bus-lines (交通运输局): one row per urban bus line of the shared network.
#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

std::string Clock(int minutes) {
  minutes %= 24 * 60;
  return Pad(minutes / 60, 2) + ":" + Pad(minutes % 60, 2);
}

}  // namespace

Result<DatasetOutput> GenerateBusLines(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "bus-lines";
  m.name = "城市公交线路信息";
  m.name_en = "Urban bus lines";
  m.summary =
      "襄阳市中心城区公交线路基本信息，包括线路编号、线路类型、起讫站点、站点数、"
      "首末班时间、票价、线路长度、是否空调车及运营单位。";
  m.department = "JTYS";
  m.themes = {"transport"};
  m.tags = {"公交", "线路", "首末班", "票价"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kMonthly;
  m.publish_date = "2023-05-10";
  m.fields = {
      Field("line_no", "线路编号", ColumnType::kText, "", "如 1路、K1路、旅游1线、夜1路", 1, true),
      Field("line_type", "线路类型", ColumnType::kText, "", "常规线路、快线、旅游专线、夜班线路"),
      Field("start_stop", "起点站", ColumnType::kText, "", "", 1, false, true),
      Field("end_stop", "终点站", ColumnType::kText, "", "", 1, false, true),
      Field("stop_count", "站点数", ColumnType::kInteger, "个", "单向"),
      Field("first_bus", "首班时间", ColumnType::kText, "", "HH:MM，起点站发车"),
      Field("last_bus", "末班时间", ColumnType::kText, "", "HH:MM，起点站发车；夜班线路可跨零点"),
      Field("fare", "票价", ColumnType::kDecimal, "元", "全程票价"),
      Field("length_km", "线路长度", ColumnType::kDecimal, "km", "单向"),
      Field("air_conditioned", "是否空调车", ColumnType::kBoolean, "", ""),
      Field("operator", "运营单位", ColumnType::kText, "", ""),
  };
  out.file = "bus_lines.csv";

  const BusNetwork net = BuildBusNetwork(ctx);
  Rng rng = MakeRng(ctx, m.id);
  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  std::vector<std::string> row(m.fields.size());
  for (const BusLine& line : net.lines) {
    std::string type = "常规线路", op = "襄阳市公共交通集团有限公司";
    int first = 5 * 60 + 50 + 10 * static_cast<int>(UniformInt(rng, 0, 5));
    int last = 20 * 60 + 30 * static_cast<int>(UniformInt(rng, 0, 5));
    double fare = line.length_km > 16 ? 2 : 1;
    bool air = Chance(rng, 0.85);
    if (line.kind == "express") {
      type = "快线";
      op = "襄阳市快速公交运营有限公司";
      first = 6 * 60 + 30;
      last = 21 * 60;
      fare = 2;
      air = true;
    } else if (line.kind == "tourist") {
      type = "旅游专线";
      op = "襄阳文旅公交客运有限公司";
      first = 8 * 60;
      last = 17 * 60 + 30;
      fare = 5;
      air = true;
    } else if (line.kind == "night") {
      type = "夜班线路";
      first = 21 * 60 + 30;
      last = 24 * 60 + 30 * static_cast<int>(UniformInt(rng, 1, 3));  // after midnight
      fare = 2;
    }
    row = {line.line_no,
           type,
           net.stops[line.stops.front()].name,
           net.stops[line.stops.back()].name,
           std::to_string(line.stops.size()),
           Clock(first),
           Clock(last),
           Fixed(fare, 1),
           Fixed(line.length_km, 1),
           air ? "true" : "false",
           op};
    YG_RETURN_IF_ERROR(w.Write(row));
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

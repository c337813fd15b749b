// bus-stops (交通运输局): the stops of every line in order. Written in GBK
// with CRLF line ends on purpose, as many government spreadsheets exported
// on Windows are, so the hub's encoding detection gets exercised.
#include "yungu/demo/demo.h"

namespace yungu::demo::internal {

Result<DatasetOutput> GenerateBusStops(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "bus-stops";
  m.name = "城市公交站点信息";
  m.name_en = "Urban bus stops by line";
  m.summary =
      "襄阳市中心城区各公交线路途经站点，按线路和站序排列，含站点编号、站名、"
      "经纬度（WGS-84）和所在区。同一站点被多条线路经过时编号相同。";
  m.department = "JTYS";
  m.themes = {"transport", "geography"};
  m.tags = {"公交", "站点", "经纬度", "站序"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kMonthly;
  m.publish_date = "2023-05-10";
  m.fields = {
      Field("stop_id", "站点编号", ColumnType::kText, "", "物理站点编号，多线路共用", 1, false,
            true),
      Field("stop_name", "站点名称", ColumnType::kText, "", "", 1, false, true),
      Field("line_no", "线路编号", ColumnType::kText, "", "", 1, true),
      Field("sequence", "站序", ColumnType::kInteger, "", "从起点站 1 开始", 1, true),
      Field("longitude", "经度", ColumnType::kDecimal, "°", "WGS-84"),
      Field("latitude", "纬度", ColumnType::kDecimal, "°", "WGS-84"),
      Field("district", "所在区", ColumnType::kText, "", ""),
  };
  out.file = "bus_stops.csv";
  out.encoding = "gbk";

  const BusNetwork net = BuildBusNetwork(ctx);
  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields, "gbk", /*crlf=*/true));
  std::vector<std::string> row(m.fields.size());
  for (const BusLine& line : net.lines) {
    for (size_t i = 0; i < line.stops.size(); ++i) {
      const BusStop& s = net.stops[line.stops[i]];
      row = {s.stop_id,
             s.name,
             line.line_no,
             std::to_string(i + 1),
             Fixed(s.longitude, 6),
             Fixed(s.latitude, 6),
             s.district};
      YG_RETURN_IF_ERROR(w.Write(row));
    }
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

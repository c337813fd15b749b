// The urban bus network behind bus-lines and bus-stops: a pool of stops
// (landmarks plus intersections and compounds) inside the city districts,
// and lines routed greedily from stop to nearby stop towards a terminus.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Landmark {
  const char* name;
  const char* district;
  double lon, lat;
};

// Approximate positions; the tourist and airport lines route through them.
const std::vector<Landmark>& Landmarks() {
  static const std::vector<Landmark> kLandmarks = {
      {"襄阳火车站", "樊城区", 112.135, 32.063},     {"襄阳东站", "襄州区", 112.287, 32.036},
      {"刘集机场", "襄州区", 112.291, 32.151},       {"古隆中", "襄城区", 112.058, 31.998},
      {"襄阳古城北街", "襄城区", 112.144, 32.018},   {"昭明台", "襄城区", 112.143, 32.014},
      {"诸葛亮广场", "襄城区", 112.134, 32.012},     {"檀溪", "襄城区", 112.120, 32.008},
      {"米公祠", "樊城区", 112.166, 32.045},         {"人民广场", "樊城区", 112.148, 32.047},
      {"汽车客运中心站", "樊城区", 112.128, 32.068}, {"市中心医院", "襄城区", 112.139, 32.021},
      {"湖北文理学院", "襄城区", 112.118, 31.999},   {"万达广场", "樊城区", 112.171, 32.055},
      {"华洋堂", "樊城区", 112.155, 32.049},         {"民发世界城", "樊城区", 112.121, 32.060},
      {"高新区管委会", "樊城区", 112.106, 32.089},   {"东风汽车基地", "樊城区", 112.090, 32.081},
      {"襄州区政府", "襄州区", 112.205, 32.088},     {"邓城遗址", "襄州区", 112.181, 32.097},
      {"东津新区管委会", "襄州区", 112.241, 32.021}, {"岘山", "襄城区", 112.152, 31.990},
      {"习家池", "襄城区", 112.161, 31.984},         {"唐城影视基地", "襄城区", 112.172, 31.972},
      {"鹿门寺", "襄州区", 112.255, 31.968},         {"汉江国际", "樊城区", 112.160, 32.052},
  };
  return kLandmarks;
}

struct Box {
  double lon0, lon1, lat0, lat1;
};

Box DistrictBox(const District& d) {
  if (d.name == "襄城区") return {112.05, 112.20, 31.96, 32.03};
  if (d.name == "樊城区") return {112.05, 112.20, 32.03, 32.10};
  return {112.17, 112.31, 32.01, 32.15};  // 襄州区 including 东津
}

double Km(const BusStop& a, const BusStop& b) {
  const double dx = (a.longitude - b.longitude) * 94.4;  // km per degree at 32°N
  const double dy = (a.latitude - b.latitude) * 111.2;
  return std::sqrt(dx * dx + dy * dy);
}

std::vector<BusStop> MakeStops(Rng& rng, int64_t count) {
  static const std::vector<std::string> kPlaces = {
      "锦绣花园", "书香门第", "汉江明珠", "幸福家园", "阳光水岸", "滨江花园", "世纪新城",
      "梧桐苑",   "第一中学", "第四中学", "第五中学", "实验小学", "人民医院", "中医医院",
      "体育馆",   "图书馆",   "农贸市场", "菜市场",   "工业园",   "物流园",   "公交停车场",
      "税务局",   "交警大队", "派出所",   "客运站",   "文化宫",   "公园",     "批发市场"};
  std::vector<BusStop> stops;
  std::set<std::string> names;
  for (const auto& l : Landmarks()) {
    stops.push_back({"", l.name, l.district, l.lon, l.lat});
    names.insert(l.name);
  }
  std::vector<const District*> urban;
  for (const auto& d : Districts()) {
    if (d.urban) urban.push_back(&d);
  }
  while (static_cast<int64_t>(stops.size()) < count) {
    const District& d = *Pick(rng, urban);
    std::string name;
    const double u = Uniform01(rng);
    if (u < 0.55) {  // intersection: 长虹路春园路口
      const std::string a = Pick(rng, d.roads);
      const std::string b = Pick(rng, d.roads);
      if (a == b) continue;
      name = a + b + "口";
    } else if (u < 0.85) {
      name = Join({Pick(rng, d.roads), Pick(rng, kPlaces)});
    } else {
      static const std::vector<std::string> kEnds = {"东口", "西口", "南口", "北口", "中段"};
      name = Join({Pick(rng, d.roads), Pick(rng, kEnds)});
    }
    if (!names.insert(name).second) continue;
    const Box box = DistrictBox(d);
    stops.push_back(
        {"", name, d.name, Uniform(rng, box.lon0, box.lon1), Uniform(rng, box.lat0, box.lat1)});
  }
  for (size_t i = 0; i < stops.size(); ++i) stops[i].stop_id = "XYBS" + Pad(i + 1, 4);
  return stops;
}

size_t FindStop(const std::vector<BusStop>& stops, std::string_view name) {
  for (size_t i = 0; i < stops.size(); ++i) {
    if (stops[i].name == name) return i;
  }
  return 0;
}

// Appends stops from the path's last stop towards `target`, each hop landing
// on an unused stop that is nearer the target.
void RouteTo(Rng& rng, const std::vector<BusStop>& stops, size_t target, double min_hop,
             double max_hop, std::vector<size_t>& path, std::vector<bool>& used) {
  for (int guard = 0; guard < 80; ++guard) {
    const size_t cur = path.back();
    if (cur == target) return;
    const double remaining = Km(stops[cur], stops[target]);
    size_t best = target;
    double best_score = std::numeric_limits<double>::max();
    for (size_t i = 0; i < stops.size(); ++i) {
      if (used[i] || i == target) continue;
      const double hop = Km(stops[cur], stops[i]);
      if (hop < min_hop || hop > max_hop) continue;
      if (Km(stops[i], stops[target]) > remaining - 0.3) continue;
      const double score = hop * Uniform(rng, 0.8, 1.25);
      if (score < best_score) {
        best_score = score;
        best = i;
      }
    }
    if (best == target && remaining > max_hop * 2.5) {
      // No stop in reach: the bus runs non-stop along an arterial road.
      max_hop *= 1.5;
      continue;
    }
    path.push_back(best);
    used[best] = true;
  }
  if (path.back() != target) path.push_back(target);
}

BusLine MakeLine(Rng& rng, const std::vector<BusStop>& stops, std::string line_no, std::string kind,
                 const std::vector<size_t>& waypoints, double min_hop, double max_hop) {
  BusLine line;
  line.line_no = std::move(line_no);
  line.kind = std::move(kind);
  std::vector<bool> used(stops.size(), false);
  line.stops.push_back(waypoints.front());
  used[waypoints.front()] = true;
  for (size_t w = 1; w < waypoints.size(); ++w) {
    RouteTo(rng, stops, waypoints[w], min_hop, max_hop, line.stops, used);
    used[waypoints[w]] = true;
  }
  double km = 0;
  for (size_t i = 1; i < line.stops.size(); ++i)
    km += Km(stops[line.stops[i - 1]], stops[line.stops[i]]);
  line.length_km = km * 1.3;  // streets are not straight lines
  return line;
}

}  // namespace

BusNetwork BuildBusNetwork(const Context& ctx) {
  Rng rng = MakeRng(ctx, "bus-network");
  BusNetwork net;
  // The name pool holds about 1,700 distinct stops, so the pool is capped.
  net.stops = MakeStops(rng, std::min<int64_t>(Scaled(ctx, 700, 60), 900));
  const auto& stops = net.stops;
  const int64_t n = Scaled(ctx, 64, 8);
  const int64_t tourist = 1 + (n >= 20) + (n >= 40);
  const int64_t night = 1 + (n >= 30);
  const int64_t express = std::max<int64_t>(1, n / 10);
  const int64_t regular = n - tourist - night - express;
  auto stop = [&](const char* name) { return FindStop(stops, name); };

  int number = 0;
  for (int64_t i = 0; i < regular; ++i) {
    number += Chance(rng, 0.8) ? 1 : static_cast<int>(UniformInt(rng, 2, 4));  // retired numbers
    size_t a = 0, b = 0;
    do {
      a = static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(stops.size()) - 1));
      b = static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(stops.size()) - 1));
    } while (Km(stops[a], stops[b]) < 5.0);
    net.lines.push_back(
        MakeLine(rng, stops, std::to_string(number) + "路", "regular", {a, b}, 0.35, 1.6));
  }
  for (int64_t i = 0; i < express; ++i) {
    std::vector<size_t> route;
    if (i == 0) {
      route = {stop("襄阳火车站"), stop("人民广场"), stop("襄州区政府"), stop("刘集机场")};
    } else if (i == 1) {
      route = {stop("襄阳东站"), stop("东津新区管委会"), stop("诸葛亮广场"),
               stop("汽车客运中心站")};
    } else {
      size_t a = 0, b = 0;
      do {
        a = static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(stops.size()) - 1));
        b = static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(stops.size()) - 1));
      } while (Km(stops[a], stops[b]) < 10.0);
      route = {a, b};
    }
    net.lines.push_back(
        MakeLine(rng, stops, "K" + std::to_string(i + 1) + "路", "express", route, 1.2, 3.0));
  }
  const std::vector<std::vector<const char*>> tours = {
      {"襄阳火车站", "人民广场", "襄阳古城北街", "昭明台", "诸葛亮广场", "古隆中"},
      {"襄阳东站", "唐城影视基地", "习家池", "岘山", "襄阳古城北街", "米公祠"},
      {"万达广场", "汉江国际", "东津新区管委会", "鹿门寺"}};
  for (int64_t i = 0; i < tourist; ++i) {
    std::vector<size_t> route;
    for (const char* name : tours[static_cast<size_t>(i)]) route.push_back(stop(name));
    net.lines.push_back(
        MakeLine(rng, stops, "旅游" + std::to_string(i + 1) + "线", "tourist", route, 0.5, 3.0));
  }
  for (int64_t i = 0; i < night; ++i) {
    const std::vector<size_t> route =
        i == 0 ? std::vector<size_t>{stop("襄阳火车站"), stop("华洋堂"), stop("市中心医院"),
                                     stop("湖北文理学院")}
               : std::vector<size_t>{stop("汽车客运中心站"), stop("万达广场"), stop("襄州区政府")};
    net.lines.push_back(
        MakeLine(rng, stops, "夜" + std::to_string(i + 1) + "路", "night", route, 0.4, 1.8));
  }
  return net;
}

}  // namespace yungu::demo::internal

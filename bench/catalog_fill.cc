// Fills a catalog with N generated entries for the catalog search benchmark
// (bench/scale.sh). Names, summaries and tags are Chinese, drawn from fixed
// word lists with a fixed seed, so every run searches the same catalog:
// "交通" matches about one entry in five, "殡葬服务" about one in sixty.
//
//   catalog_fill --store DATA_DIR|postgresql://... --count 100000 [--start 0]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "yungu/model/catalog.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"

namespace {

using yungu::model::DatasetMeta;

const std::vector<std::string> kPlaces = {"襄城区", "樊城区", "襄州区", "南漳县", "谷城县", "保康县",
                                          "老河口市", "枣阳市", "宜城市", "高新区", "东津新区", "鱼梁洲"};
// Eight subjects per theme-like group; one of them is the rare "殡葬服务".
const std::vector<std::string> kSubjects = {
    "道路交通流量", "公交线路",   "出租车运营", "停车场泊位", "企业登记",   "个体工商户", "食品经营许可",
    "特种设备",     "医疗机构",   "药品零售",   "疫苗接种",   "中小学校",   "幼儿园",     "职业培训",
    "空气质量",     "水质监测",   "噪声监测",   "垃圾分类",   "农产品价格", "农业补贴",   "耕地保护",
    "不动产登记",   "住房公积金", "保障性住房", "社会保险",   "就业登记",   "最低生活保障", "养老服务",
    "旅游景区",     "文物保护",   "图书馆藏",   "体育场馆",   "税收征管",   "财政预算",   "政府采购",
    "消防安全",     "应急避难场所", "气象观测", "水利工程",   "供水管网",   "燃气管网",   "电力供应",
    "人口统计",     "户籍登记",   "婚姻登记",   "殡葬服务",   "信用评价",   "行政处罚",   "行政许可",
    "12345热线",    "招商引资",   "科技项目",   "专利申请",   "高新技术企业", "物流园区",  "快递网点",
    "铁路客运",     "航空客运",   "港口货运",   "交通违法",   "交通事故",   "充电桩",     "共享单车",
    "路灯设施"};
const std::vector<std::string> kKinds = {"统计数据", "明细",   "名录",   "月报", "年报",
                                         "实时数据", "台账",   "目录",   "汇总", "清单"};
const std::vector<std::string> kWords = {"服务", "监管", "公开", "共享", "数字", "城市", "民生",
                                         "安全", "发展", "治理", "便民", "智慧"};

const std::string& Pick(const std::vector<std::string>& v, std::mt19937_64& rng) {
  return v[rng() % v.size()];
}

yungu::model::FieldDef Field(const char* name, const char* title, yungu::ColumnType type) {
  yungu::model::FieldDef f;
  f.name = name;
  f.title = title;
  f.type = type;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  std::string location;
  long count = 10000, start = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--store")) location = argv[i + 1];
    else if (!std::strcmp(argv[i], "--count")) count = std::stol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--start")) start = std::stol(argv[i + 1]);
  }
  if (location.empty()) {
    std::fprintf(stderr, "usage: catalog_fill --store DATA_DIR|postgresql://... --count N [--start K]\n");
    return 2;
  }
  auto opened = yungu::storage::IsPostgresUrl(location) ? yungu::storage::OpenPostgresStore(location)
                                                        : yungu::storage::OpenSqliteStore(location);
  if (!opened.ok()) {
    std::fprintf(stderr, "catalog_fill: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  auto& store = **opened;
  auto departments = store.ListDepartments();
  if (!departments.ok() || departments->empty()) {
    std::fprintf(stderr, "catalog_fill: the store has no departments (run `yungu demo` first)\n");
    return 1;
  }
  const auto& themes = yungu::model::Themes();
  std::mt19937_64 rng(20170204 + start);
  auto t0 = std::chrono::steady_clock::now();
  for (long i = start; i < start + count; ++i) {
    DatasetMeta m;
    char id[32];
    std::snprintf(id, sizeof id, "cat-%07ld", i);
    m.id = id;
    const std::string& place = Pick(kPlaces, rng);
    const std::string& subject = Pick(kSubjects, rng);
    const std::string& kind = Pick(kKinds, rng);
    int year = 2015 + static_cast<int>(rng() % 10);
    m.name = place + subject + kind + "（" + std::to_string(year) + "年）";
    m.name_en = "Dataset " + std::to_string(i);
    m.summary = place + std::to_string(year) + "年" + subject + "的" + kind + "，由" + Pick(kWords, rng) + "与" +
                Pick(kWords, rng) + "工作汇集，按" + Pick(kKinds, rng) + "口径" + Pick(kWords, rng) + "。";
    m.department = (*departments)[rng() % departments->size()].code;
    m.themes.push_back(std::string(themes[rng() % themes.size()].key));
    if (rng() % 3 == 0) m.themes.push_back(std::string(themes[rng() % themes.size()].key));
    if (m.themes.size() == 2 && m.themes[0] == m.themes[1]) m.themes.pop_back();
    m.tags = {subject, Pick(kWords, rng)};
    m.sharing_type = static_cast<yungu::model::SharingType>(rng() % 2);
    m.opening_type = m.sharing_type == yungu::model::SharingType::kUnconditional
                         ? static_cast<yungu::model::OpeningType>(rng() % 3)
                         : yungu::model::OpeningType::kNone;
    m.update_cycle = static_cast<yungu::model::UpdateCycle>(rng() % 7);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, static_cast<int>(rng() % 12) + 1,
                  static_cast<int>(rng() % 28) + 1);
    m.publish_date = date;
    m.licence = "CC-BY-4.0";
    m.fields = {Field("id", "编号", yungu::ColumnType::kInteger), Field("name", "名称", yungu::ColumnType::kText),
                Field("amount", "数量", yungu::ColumnType::kDecimal)};
    m.fields[0].primary_key = true;
    if (auto s = store.CreateDataset(m); !s.ok()) {
      std::fprintf(stderr, "catalog_fill: %s: %s\n", m.id.c_str(), s.ToString().c_str());
      return 1;
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("created %ld catalog entries in %.1f s (%.0f/s)\n", count, s, count / s);
  return 0;
}

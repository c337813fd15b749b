// enterprise-registry (市场监管局): market entities with valid unified social
// credit codes, shaped like a registration authority's public extract.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Industry {
  std::string section;             // 国民经济行业分类 门类
  double weight;                   // share among companies
  std::vector<std::string> words;  // business words in company names
  double median_capital;           // 万元
};

const std::vector<Industry>& Industries() {
  static const std::vector<Industry> kIndustries = {
      {"农、林、牧、渔业", 4, {"农业科技", "生态农业", "农产品", "林业发展", "畜牧"}, 200},
      {"制造业",
       14,
       {"汽车零部件", "机械制造", "纺织", "化工", "电子科技", "新材料", "食品", "轴承",
        "新能源科技", "精密机械", "包装材料"},
       500},
      {"建筑业", 9, {"建筑工程", "建设工程", "装饰工程", "市政工程", "钢结构工程"}, 800},
      {"批发和零售业", 22, {"商贸", "贸易", "百货", "医药连锁", "建材", "汽车销售", "农资"}, 100},
      {"交通运输、仓储和邮政业", 5, {"物流", "运输", "货运代理", "仓储服务"}, 200},
      {"住宿和餐饮业", 6, {"餐饮管理", "酒店管理", "餐饮服务"}, 50},
      {"信息传输、软件和信息技术服务业",
       7,
       {"信息技术", "网络科技", "软件", "数据科技", "智能科技"},
       100},
      {"金融业", 1, {"投资管理", "融资担保", "资产管理"}, 3000},
      {"房地产业", 4, {"房地产开发", "物业管理", "置业"}, 1000},
      {"租赁和商务服务业", 9, {"企业管理咨询", "广告", "人力资源", "会展服务", "商务服务"}, 100},
      {"科学研究和技术服务业", 5, {"检测技术", "工程设计", "技术服务", "环保科技"}, 200},
      {"居民服务、修理和其他服务业", 5, {"家政服务", "汽车维修", "美容美发", "洗涤服务"}, 30},
      {"教育", 2, {"教育科技", "文化培训"}, 50},
      {"卫生和社会工作", 2, {"健康管理", "养老服务", "医疗器械"}, 100},
      {"文化、体育和娱乐业", 3, {"文化传媒", "文化旅游", "体育发展", "影视传媒"}, 100},
      {"电力、热力、燃气及水生产和供应业", 2, {"新能源", "燃气", "水务", "电力工程"}, 2000},
  };
  return kIndustries;
}

struct Shop {
  std::string section;
  std::string word;
};

const std::vector<Shop>& Shops() {
  // 个体工商户 are mostly small shops, restaurants and repair stalls.
  static const std::vector<Shop> kShops = {{"住宿和餐饮业", "牛肉面馆"},
                                           {"住宿和餐饮业", "热干面馆"},
                                           {"住宿和餐饮业", "家常菜馆"},
                                           {"住宿和餐饮业", "烧烤店"},
                                           {"住宿和餐饮业", "早餐店"},
                                           {"住宿和餐饮业", "火锅店"},
                                           {"住宿和餐饮业", "宾馆"},
                                           {"批发和零售业", "便利店"},
                                           {"批发和零售业", "副食店"},
                                           {"批发和零售业", "五金店"},
                                           {"批发和零售业", "服装店"},
                                           {"批发和零售业", "水果店"},
                                           {"批发和零售业", "烟酒店"},
                                           {"批发和零售业", "建材经营部"},
                                           {"批发和零售业", "农资店"},
                                           {"批发和零售业", "手机店"},
                                           {"居民服务、修理和其他服务业", "理发店"},
                                           {"居民服务、修理和其他服务业", "汽车修理部"},
                                           {"居民服务、修理和其他服务业", "家电维修部"},
                                           {"居民服务、修理和其他服务业", "洗衣店"},
                                           {"居民服务、修理和其他服务业", "美容美发店"}};
  return kShops;
}

const std::vector<std::string>& CoopWords() {
  static const std::vector<std::string> kWords = {"桃果种植", "蔬菜种植", "生猪养殖", "茶叶",
                                                  "香菇种植", "农机",     "水稻种植", "中药材种植",
                                                  "土鸡养殖", "油茶"};
  return kWords;
}

// Entities cluster in the city districts; weights per Districts() order.
const District& PickEntityDistrict(Rng& rng) {
  static const std::vector<double> kWeights = {13, 30, 16, 6, 7, 3, 6, 12, 7};
  return Districts()[PickWeighted(rng, kWeights)];
}

// A log-normal amount rounded the way people choose capital: 100, 50, 3.
double Capital(Rng& rng, double median, double sigma, double lo, double hi) {
  double v = median * std::exp(Normal(rng, 0, sigma));
  v = std::clamp(v, lo, hi);
  if (Chance(rng, 0.15)) return std::round(v * 100) / 100;
  const double step = v < 2 ? 0.5 : v < 10 ? 1 : v < 100 ? 10 : v < 1000 ? 50 : 100;
  return std::max(step, std::round(v / step) * step);
}

Ymd EstablishedDate(Rng& rng, int from_year) {
  // Registrations took off after the 2014 commercial registration reform.
  std::vector<double> weights;
  for (int y = from_year; y <= 2025; ++y) {
    weights.push_back(y < 2005 ? 1.0 : y < 2014 ? 1.8 : y < 2018 ? 3.5 : 4.5);
  }
  Ymd d;
  d.year = from_year + static_cast<int>(PickWeighted(rng, weights));
  d.month =
      static_cast<int>(UniformInt(rng, 1, d.year == 2025 ? 6 : 12));  // extract date 2025-06-30
  d.day = static_cast<int>(UniformInt(rng, 1, DaysInMonth(d.year, d.month)));
  return d;
}

std::string EntityStatus(Rng& rng, int year) {
  // Older entities have had more time to close or be struck off.
  const double age = 2025 - year;
  const double cancelled = std::min(0.35, 0.02 + age * 0.012);
  const double revoked = std::min(0.12, age * 0.005);
  const double u = Uniform01(rng);
  if (u < cancelled) return "注销";
  if (u < cancelled + revoked) return "吊销";
  return Chance(rng, 0.72) ? "存续" : "在业";
}

std::string CompanyPrefix(Rng& rng, const District& d) {
  const double u = Uniform01(rng);
  if (!d.urban) return u < 0.6 ? d.name : "襄阳";
  if (u < 0.45) return "襄阳";
  if (u < 0.7) return "襄阳市";
  if (u < 0.9) return "襄阳市" + d.name;
  return "湖北";
}

std::string Address(Rng& rng, const District& d, bool factory) {
  // Named city landmarks only in the city districts; county seats get
  // generic commercial buildings.
  static const std::vector<std::string> kCityBuildings = {
      "汉江国际", "华洋堂商业广场", "万达广场", "民发世界城",     "科技大厦",
      "金融中心", "创业园",         "商会大厦", "电子商务产业园", "华中农产品物流园"};
  static const std::vector<std::string> kCountyBuildings = {
      "商贸城", "财富广场", "电子商务产业园", "创业园", "商业步行街", "农贸大厦"};
  const auto& kBuildings = d.urban ? kCityBuildings : kCountyBuildings;
  std::string s;
  if (factory && Chance(rng, 0.35)) {
    const std::string zone = d.name == "樊城区"   ? "高新技术产业开发区"
                             : d.name == "襄州区" ? "经济技术开发区"
                             : d.name == "襄城区" ? "余家湖工业园"
                                                  : "经济开发区";
    s = Join({d.name, zone, Pick(rng, d.roads), std::to_string(UniformInt(rng, 1, 299)), "号"});
    if (d.urban && Chance(rng, 0.15)) {
      // Quotes inside a cell, which CSV must double.
      s += "（原\"汽车城\"配套区）" + std::to_string(UniformInt(rng, 1, 9)) + "号厂房";
    }
    return s;
  }
  s = StreetAddress(rng, d);
  const double u = Uniform01(rng);
  if (u < 0.12) {
    // An ASCII comma, as typed into many registration forms.
    s += Join({",", Pick(rng, kBuildings), std::to_string(UniformInt(rng, 1, 28)), "楼"});
  } else if (u < 0.30) {
    s += Join({Pick(rng, kBuildings), std::to_string(UniformInt(rng, 1, 28)), "层",
               std::to_string(UniformInt(rng, 1, 30)), "室"});
  }
  return s;
}

}  // namespace

Result<DatasetOutput> GenerateEnterpriseRegistry(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "enterprise-registry";
  m.name = "企业登记信息";
  m.name_en = "Enterprise registration records";
  m.summary =
      "襄阳市各类市场主体（企业、个体工商户、农民专业合作社）登记基本信息，"
      "含统一社会信用代码、名称、法定代表人（经营者）、所属行业、注册资本、成立日期、"
      "登记状态及住所，数据截至2025年6月30日。";
  m.department = "SCJG";
  m.themes = {"enterprise_registration", "credit"};
  m.tags = {"企业", "登记", "市场主体", "统一社会信用代码"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kUnconditional;
  m.opening_type = model::OpeningType::kUnconditional;
  m.update_cycle = model::UpdateCycle::kDaily;
  m.publish_date = "2023-03-15";
  m.fields = {
      Field("uscc", "统一社会信用代码", ColumnType::kText, "", "GB 32100-2015 十八位代码", 1, true),
      Field("name", "市场主体名称", ColumnType::kText, "", "", 1, false, true),
      Field("entity_type", "市场主体类型", ColumnType::kText, "",
            "有限责任公司、股份有限公司、个体工商户、农民专业合作社"),
      Field("legal_representative", "法定代表人（经营者）", ColumnType::kText, "", "", 2),
      Field("industry", "所属行业门类", ColumnType::kText, "",
            "GB/T 4754-2017 国民经济行业分类门类"),
      Field("district", "所属区县", ColumnType::kText, "", ""),
      Field("division_code", "行政区划代码", ColumnType::kText, "", "GB/T 2260"),
      Field("registered_capital", "注册资本", ColumnType::kDecimal, "万元", "个体工商户为资金数额"),
      Field("established_date", "成立日期", ColumnType::kDate, "", ""),
      Field("status", "登记状态", ColumnType::kText, "", "存续、在业、注销、吊销"),
      Field("address", "住所（经营场所）", ColumnType::kText, "", ""),
  };
  // Quality rules and the registry's part in 一数一源: it is where an
  // enterprise's registered capital comes from, keyed by its credit code.
  m.fields[0].rules.format = "uscc";
  m.fields[0].rules.unique = true;
  m.fields[0].entity_key = "uscc";
  m.fields[7].rules.min = 0;
  m.fields[7].element = "enterprise.registered_capital";
  m.fields[8].rules.not_future = true;
  // Registered addresses are published by law (企业信息公示暂行条例): the data
  // officer has answered discovery's "address" finding with "none".
  m.fields[10].personal = "none";
  out.file = "enterprise_registry.csv";

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  Rng rng = MakeRng(ctx, m.id);
  const int64_t n = Scaled(ctx, 12000, 50);
  std::vector<double> industry_weights;
  for (const auto& ind : Industries()) industry_weights.push_back(ind.weight);
  std::unordered_set<std::string> codes, names;
  std::vector<std::string> row(m.fields.size());

  for (int64_t i = 0; i < n; ++i) {
    const District& d = PickEntityDistrict(rng);
    const double kind = Uniform01(rng);
    std::string entity_type, name, industry, uscc;
    double capital = 0;
    Ymd established;
    bool factory = false;
    const bool male = Chance(rng, 0.68);
    const std::string person = ChineseName(rng, male);
    // Names are unique within a registration area, so redraw on collision.
    for (int attempt = 0;; ++attempt) {
      if (kind < 0.62) {  // company
        const Industry& ind = Industries()[PickWeighted(rng, industry_weights)];
        industry = ind.section;
        factory = ind.section == "制造业";
        capital = Capital(rng, ind.median_capital, 1.3, 3, 200000);
        const std::string word = Pick(rng, ind.words);
        const double form = Uniform01(rng);
        if (form < 0.04 && capital >= 500) {
          entity_type = "股份有限公司";
          name = Join({CompanyPrefix(rng, d), TradeName(rng), word, "股份有限公司"});
        } else if (form < 0.07) {
          entity_type = "有限责任公司";
          name = TradeName(rng) + "（襄阳）" + word + "有限公司";
        } else {
          entity_type = "有限责任公司";
          name = Join({CompanyPrefix(rng, d), TradeName(rng), word,
                       Chance(rng, 0.12) ? "有限责任公司" : "有限公司"});
        }
        established = EstablishedDate(rng, 1995);
      } else if (kind < 0.95) {  // individual business
        const Shop& shop = Pick(rng, Shops());
        industry = shop.section;
        entity_type = "个体工商户";
        capital = Capital(rng, 5, 1.0, 0.5, 500);
        const double form = Uniform01(rng);
        const std::string surname = person.substr(0, 3);  // one CJK character
        std::string owner = form < 0.3   ? "老" + surname
                            : form < 0.5 ? surname + "记"
                                         : TradeName(rng);
        name = d.name + owner + shop.word + "（个体工商户）";
        established = EstablishedDate(rng, 2003);
      } else {  // farmers' cooperative
        industry = "农、林、牧、渔业";
        entity_type = "农民专业合作社";
        capital = Capital(rng, 100, 1.0, 5, 5000);
        name = Join({d.name, TradeName(rng), Pick(rng, CoopWords()), "专业合作社"});
        established = EstablishedDate(rng, 2008);  // the cooperatives law took effect 2007-07
      }
      if (names.insert(name).second) break;
      if (attempt > 20) {
        name += "（" + std::to_string(i) + "）";
        names.insert(name);
        break;
      }
    }
    const char category = entity_type == "个体工商户"       ? '2'
                          : entity_type == "农民专业合作社" ? '3'
                                                            : '1';
    do {
      uscc = identifiers::GenerateUscc(rng, d.code, '9', category);
    } while (!codes.insert(uscc).second);

    std::string address;
    if (entity_type == "农民专业合作社") {
      static const std::vector<std::string> kRural = {"农业产业园", "村委会东侧", "集镇街道",
                                                      "二组", "示范基地"};
      address = Join({d.name, Pick(rng, d.towns), Pick(rng, kRural)});
    } else {
      address = Address(rng, d, factory);
    }
    row = {uscc,
           name,
           entity_type,
           person,
           industry,
           d.name,
           d.code,
           Fixed(capital, 2),
           FormatDate(established),
           EntityStatus(rng, established.year),
           address};
    YG_RETURN_IF_ERROR(w.Write(row));
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

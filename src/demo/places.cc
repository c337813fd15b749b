// Xiangyang's divisions with plausible road, town and village names, and the
// address and trade-name builders the generators share.
#include "yungu/demo/demo.h"

namespace yungu::demo::internal {

const std::vector<District>& Districts() {
  static const std::vector<District> kDistricts = {
      {"420602",
       "襄城区",
       true,
       {"檀溪路", "荆州街", "北街", "南街", "胜利街", "环城南路", "隆中路", "真武山路", "凤雏路",
        "昭明路", "闸口路", "鼓楼巷"},
       {"古城街道", "庞公街道", "真武山街道", "余家湖街道", "檀溪街道", "隆中街道", "尹集乡",
        "欧庙镇", "卧龙镇"}},
      {"420606",
       "樊城区",
       true,
       {"长虹路", "人民路", "中原路", "解放路", "前进路", "春园路", "大庆路", "汉江北路", "丹江路",
        "新华路", "建设路", "米公路", "长征路", "七里河路", "追日路", "松鹤路"},
       {"中原街道", "定中街街道", "汉江街道", "王寨街道", "屏襄门街道", "清河口街道", "米公街道",
        "柿铺街道", "太平店镇", "牛首镇"}},
      {"420607",
       "襄州区",
       true,
       {"航空路", "邓城大道", "玉华路", "园林路", "车城北路", "双沟路", "伙牌路", "东津大道",
        "襄州大道", "张湾路"},
       {"张湾街道", "肖湾街道", "六两河街道", "双沟镇", "张家集镇", "黄集镇", "伙牌镇", "古驿镇",
        "朱集镇", "程河镇", "龙王镇", "黄龙镇", "峪山镇", "石桥镇"}},
      {"420624",
       "南漳县",
       false,
       {"水镜路", "凤凰大道", "和平路", "古城路", "涌泉路", "金镶路"},
       {"城关镇", "武安镇", "九集镇", "李庙镇", "长坪镇", "薛坪镇", "板桥镇", "巡检镇", "东巩镇",
        "肖堰镇"}},
      {"420625",
       "谷城县",
       false,
       {"沿江大道", "府前路", "银城大道", "县府街", "中华路", "谷伯路"},
       {"城关镇", "石花镇", "盛康镇", "庙滩镇", "五山镇", "茨河镇", "南河镇", "紫金镇", "冷集镇",
        "赵湾乡"}},
      {"420626",
       "保康县",
       false,
       {"清溪路", "光千路", "沿河路", "城关大道", "紫薇大道"},
       {"城关镇", "黄堡镇", "后坪镇", "龙坪镇", "店垭镇", "马良镇", "歇马镇", "马桥镇", "寺坪镇",
        "过渡湾镇", "两峪乡"}},
      {"420682",
       "老河口市",
       false,
       {"光化大道", "胜利路", "红旗路", "酂阳路", "友谊路", "新兴街"},
       {"光化街道", "酂阳街道", "李楼街道", "孟楼镇", "竹林桥镇", "薛集镇", "张集镇", "仙人渡镇",
        "洪山嘴镇", "袁冲乡"}},
      {"420683",
       "枣阳市",
       false,
       {"光武大道", "书院街", "人民路", "民主路", "中兴大道", "前进路"},
       {"北城街道", "南城街道", "环城街道", "琚湾镇", "七方镇", "杨垱镇", "太平镇", "新市镇",
        "鹿头镇", "刘升镇", "兴隆镇", "王城镇", "吴店镇", "熊集镇", "平林镇"}},
      {"420684",
       "宜城市",
       false,
       {"鄢城大道", "自忠路", "楚都大道", "襄沙路", "中华路", "燕京路"},
       {"鄢城街道", "南营街道", "龙头街道", "郑集镇", "小河镇", "刘猴镇", "孔湾镇", "流水镇",
        "板桥店镇", "王集镇", "雷河镇"}},
  };
  return kDistricts;
}

const District& PickDistrict(Rng& rng) {
  // Resident population in ten thousands, roughly as in the 2020 census.
  static const std::vector<double> kWeights = {48, 102, 85, 45, 54, 24, 41, 89, 46};
  return Districts()[PickWeighted(rng, kWeights)];
}

std::string StreetAddress(Rng& rng, const District& district) {
  std::string s = district.name + Pick(rng, district.roads);
  s += std::to_string(UniformInt(rng, 1, district.urban ? 399 : 188)) + "号";
  return s;
}

namespace {

const std::vector<std::string>& Compounds() {
  static const std::vector<std::string> kCompounds = {
      "锦绣花园", "书香门第", "江山名门", "汉江明珠", "幸福家园", "金色华庭",
      "阳光水岸", "滨江花园", "世纪新城", "翰林府",   "紫薇花园", "梧桐苑",
      "丽景湾",   "城市之光", "盛世华庭", "水岸名都", "明珠苑",   "檀溪雅居",
      "隆中花园", "古城新居", "教师公寓", "电力小区", "铁路小区", "纺机宿舍"};
  return kCompounds;
}

std::string Village(Rng& rng) {
  static const std::vector<std::string> kHeads = {"王", "李", "张", "刘", "陈", "黄", "周",
                                                  "赵", "杨", "何", "高", "马", "罗", "胡"};
  static const std::vector<std::string> kTails = {"家湾", "岗", "庄", "营",   "家河",
                                                  "庙",   "店", "集", "家冲", "坪"};
  static const std::vector<std::string> kNatural = {"石桥", "龙泉", "青山", "黄龙", "白云",
                                                    "新华", "红星", "光明", "双河", "柳树"};
  if (Chance(rng, 0.3)) return Pick(rng, kNatural) + "村";
  return Join({Pick(rng, kHeads), Pick(rng, kTails), "村"});
}

}  // namespace

std::string ResidentialAddress(Rng& rng, const District& district) {
  // County residents mostly live in villages; city residents in compounds.
  if (!district.urban && Chance(rng, 0.55)) {
    return Join({district.name, Pick(rng, district.towns), Village(rng),
                 std::to_string(UniformInt(rng, 1, 12)), "组",
                 std::to_string(UniformInt(rng, 1, 80)), "号"});
  }
  std::string s = StreetAddress(rng, district);
  s += Pick(rng, Compounds());
  s += std::to_string(UniformInt(rng, 1, 28)) + "栋";
  s += std::to_string(UniformInt(rng, 1, 4)) + "单元";
  const int64_t floor = UniformInt(rng, 1, 26);
  s += std::to_string(floor * 100 + UniformInt(rng, 1, 4)) + "室";
  return s;
}

std::string OfficePhone(Rng& rng) {
  static const std::vector<std::string> kLead = {"2", "3", "3", "3", "5", "6", "7", "8"};
  return Join({"0710-", Pick(rng, kLead), Pad(UniformInt(rng, 0, 999999), 6)});
}

std::string TradeName(Rng& rng) {
  // Auspicious characters pair freely; local landmarks make themed names.
  static const std::vector<std::string> kChars = {
      "华", "鑫", "汇", "宏", "鼎", "恒", "金", "天", "隆", "汉", "荆", "楚", "万", "博",
      "新", "兴", "瑞", "盛", "嘉", "正", "德", "信", "和", "泰", "安", "永", "创", "宇",
      "诚", "锦", "卓", "立", "中", "东", "凯", "丰", "源", "达", "通", "远", "昌", "润"};
  static const std::vector<std::string> kThemed = {
      "汉江", "岘山", "隆中", "鹿门", "卧龙", "米公", "古隆", "襄江", "荆楚", "楚天",
      "三国", "万山", "檀溪", "汉水", "凤雏", "水镜", "昭明", "古城", "仲宣", "浩然"};
  if (Chance(rng, 0.2)) return Pick(rng, kThemed);
  const std::string a = Pick(rng, kChars);
  std::string b = Pick(rng, kChars);
  while (b == a) b = Pick(rng, kChars);
  return a + b;
}

}  // namespace yungu::demo::internal

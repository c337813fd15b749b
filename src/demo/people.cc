// Synthetic residents: names drawn from frequency-weighted pools, birth years
// shaped like the age pyramid, and identity numbers that agree with both.
#include <utility>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

struct Surnames {
  std::vector<std::string> names;
  std::vector<double> weights;
};

const Surnames& SurnamePool() {
  // Approximate national frequencies in per cent.
  static const Surnames kPool = [] {
    const std::vector<std::pair<const char*, double>> table = {
        {"王", 7.1},   {"李", 7.0}, {"张", 6.7}, {"刘", 5.4}, {"陈", 4.5}, {"杨", 3.1},
        {"黄", 2.2},   {"赵", 2.2}, {"吴", 2.0}, {"周", 1.9}, {"徐", 1.7}, {"孙", 1.5},
        {"马", 1.4},   {"朱", 1.3}, {"胡", 1.3}, {"郭", 1.1}, {"何", 1.1}, {"高", 1.0},
        {"林", 1.0},   {"罗", 0.9}, {"郑", 0.9}, {"梁", 0.8}, {"谢", 0.8}, {"宋", 0.7},
        {"唐", 0.7},   {"许", 0.6}, {"韩", 0.6}, {"冯", 0.6}, {"邓", 0.6}, {"曹", 0.6},
        {"彭", 0.6},   {"曾", 0.5}, {"肖", 0.5}, {"田", 0.5}, {"董", 0.5}, {"袁", 0.5},
        {"潘", 0.4},   {"于", 0.4}, {"蒋", 0.4}, {"蔡", 0.4}, {"余", 0.4}, {"杜", 0.4},
        {"叶", 0.4},   {"程", 0.4}, {"苏", 0.3}, {"魏", 0.3}, {"吕", 0.3}, {"丁", 0.3},
        {"任", 0.3},   {"沈", 0.3}, {"姚", 0.3}, {"卢", 0.3}, {"姜", 0.3}, {"崔", 0.3},
        {"钟", 0.3},   {"谭", 0.3}, {"陆", 0.2}, {"汪", 0.2}, {"范", 0.2}, {"金", 0.2},
        {"石", 0.2},   {"廖", 0.2}, {"贾", 0.2}, {"夏", 0.2}, {"付", 0.2}, {"方", 0.2},
        {"白", 0.2},   {"邹", 0.2}, {"孟", 0.2}, {"熊", 0.2}, {"秦", 0.2}, {"邱", 0.2},
        {"江", 0.2},   {"尹", 0.2}, {"薛", 0.2}, {"闫", 0.2}, {"段", 0.2}, {"雷", 0.2},
        {"侯", 0.2},   {"龙", 0.2}, {"史", 0.2}, {"陶", 0.2}, {"黎", 0.2}, {"贺", 0.2},
        {"顾", 0.2},   {"毛", 0.2}, {"郝", 0.2}, {"龚", 0.2}, {"邵", 0.2}, {"万", 0.2},
        {"严", 0.2},   {"向", 0.1}, {"汤", 0.1}, {"戴", 0.1}, {"孔", 0.1}, {"欧阳", 0.05},
        {"诸葛", 0.02}};
    Surnames s;
    for (const auto& [name, weight] : table) {
      s.names.emplace_back(name);
      s.weights.push_back(weight);
    }
    return s;
  }();
  return kPool;
}

}  // namespace

std::string ChineseName(Rng& rng, bool male) {
  static const std::vector<std::string> kMale = {
      "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉",
      "鹏", "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙",
      "林", "阳", "建", "国", "志", "文", "海", "峰", "亮", "成", "东", "晨", "博", "轩",
      "睿", "泽", "然", "兵", "红", "春", "德", "清", "松", "武", "新", "金", "安", "富"};
  static const std::vector<std::string> kFemale = {
      "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "玲", "燕", "琳", "雪",
      "婷", "倩", "颖", "萍", "红", "梅", "莉", "兰", "慧", "佳", "欣", "怡", "悦", "涵",
      "萱", "雨", "梓", "诗", "琪", "晶", "洁", "丹", "桂", "凤", "月", "春", "华", "珍"};
  const auto& pool = SurnamePool();
  std::string name = pool.names[PickWeighted(rng, pool.weights)];
  const auto& given = male ? kMale : kFemale;
  name += Pick(rng, given);
  if (Chance(rng, 0.7)) name += Pick(rng, given);
  return name;
}

int BirthYear(Rng& rng, int min_year, int max_year) {
  // Coarse age pyramid: the 1962-75 and 1985-91 booms, the 1959-61 dip.
  std::vector<double> weights;
  for (int y = min_year; y <= max_year; ++y) {
    double w = 1.0;
    if (y < 1950)
      w = 0.45 + 0.04 * (y - 1940);
    else if (y >= 1959 && y <= 1961)
      w = 0.7;
    else if (y >= 1962 && y <= 1975)
      w = 1.6;
    else if (y >= 1976 && y <= 1984)
      w = 1.2;
    else if (y >= 1985 && y <= 1991)
      w = 1.5;
    else if (y >= 2003)
      w = 0.9;
    weights.push_back(w);
  }
  return min_year + static_cast<int>(PickWeighted(rng, weights));
}

Person MakePerson(Rng& rng, const District& district, int min_year, int max_year) {
  Person p;
  p.male = Chance(rng, 0.512);
  p.birth.year = BirthYear(rng, min_year, max_year);
  p.birth.month = static_cast<int>(UniformInt(rng, 1, 12));
  p.birth.day = static_cast<int>(UniformInt(rng, 1, DaysInMonth(p.birth.year, p.birth.month)));
  p.name = ChineseName(rng, p.male);
  p.id_number = identifiers::GenerateCitizenId(rng, district.code, p.birth.year, p.birth.month,
                                               p.birth.day, p.male);
  p.district = &district;
  return p;
}

}  // namespace yungu::demo::internal

// Chinese surnames for the name recogniser: the single-character surnames
// that cover nearly all of the population (roughly in order of frequency,
// from the public census rankings), and the compound surnames still in use.
#include <string_view>
#include <unordered_set>
#include <vector>

#include "privacy/pii_lexicon.h"

namespace yungu::privacy::internal {
namespace {

constexpr std::string_view kSingle =
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 "
    "郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 "
    "余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
    "石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 "
    "龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 "
    "常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 "
    "鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 "
    "舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 "
    "骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 "
    "艾 尤 阳 时 穆 农 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 洪 "
    "赖 戚 岑 景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 臧 "
    "闵 苟 邬 边 卞 姬 仇 栾 隋 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 "
    "巩 明 佘 池 查 麻 苑 迟 邝 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 班 "
    "储 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 闻 厉 伊 仝 郜 海 阚 "
    "帅 屠 豆 朴 盖 练 廉 禹 祖 漆 巴 丰 卿 狄 晋 云 扈 晁 芮 阙 "
    "浦 戈 伏 鹿 薄 邸 雍 辜 羊 裘 亓 邰 赫 杭 况 逯 隆 茹 诸 慕 "
    "亢 嵇 湛 宾 戎 勾 茅 於 呼 揭 尉 冶 斯 束 檀 昝 奉 植 衡 尧 "
    "闭 钮 郦 凤 蓟 眭 蔚 佴 隗 闾 訾 汝 宦 弓 续 郏 达 茆 侍 桓 "
    "汲 阎 邴 弘 竺 萧 钦 旷 寿 贲 巢 逄 乜 丘 骞 綦 蒯 羿 靖 汴 "
    "谯 仉 琚 毋 凃 郗 荀 习 滑 昌 贡 仰 秋 怀 咸 鱼 庾 暨 沃 代 "
    "伦 雒 禚 苻 邗 郇 缑 庹 朗 候 蹇 那 贝 甫 苌 蓬 宓 糜 松 牧 "
    "莘 慎 堵 宰 璩 濮 鄞 庚 战 钭 衣";

constexpr std::string_view kCompound =
    "欧阳 司马 上官 诸葛 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 "
    "端木 南宫 独孤 呼延 轩辕 澹台 钟离 宗政 濮阳 申屠 太史 淳于 单于 "
    "闻人 东郭 万俟 赫连 拓跋 左丘 公冶 谷梁 段干 乐正 公羊 仲孙 司空 "
    "司寇 亓官 巫马 漆雕 壤驷 公良 梁丘 公西 微生 羊舌 颛孙 呼衍 归海 "
    "宰父 锺离 相里 达奚";

std::vector<std::string_view> SplitWords(std::string_view list) {
  std::vector<std::string_view> words;
  std::unordered_set<std::string_view> seen;
  while (!list.empty()) {
    const size_t space = list.find(' ');
    const std::string_view word = list.substr(0, space);
    if (!word.empty() && seen.insert(word).second) words.push_back(word);
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return words;
}

}  // namespace

const std::vector<std::string_view>& SingleSurnames() {
  static const std::vector<std::string_view> kWords = SplitWords(kSingle);
  return kWords;
}

const std::vector<std::string_view>& CompoundSurnames() {
  static const std::vector<std::string_view> kWords = SplitWords(kCompound);
  return kWords;
}

bool IsSingleSurname(std::string_view character) {
  static const std::unordered_set<std::string_view> kSet(SingleSurnames().begin(),
                                                         SingleSurnames().end());
  return kSet.contains(character);
}

bool IsCompoundSurname(std::string_view two_characters) {
  static const std::unordered_set<std::string_view> kSet(CompoundSurnames().begin(),
                                                         CompoundSurnames().end());
  return kSet.contains(two_characters);
}

}  // namespace yungu::privacy::internal

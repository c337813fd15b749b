// Chinese person names. Without a language model a name is recognised by its
// shape: a known surname, one to three more Han characters, and nothing that
// marks it as a word, a place or an organisation. The stop list holds the
// everyday words and place names that begin with a surname character; the
// endings list catches the long tail (高新区, 林业局, 王家庄 ...).
#include <string>
#include <unordered_set>

#include "privacy/pii_lexicon.h"
#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"

namespace yungu::privacy::internal {
namespace {

constexpr std::string_view kStopWords =
    // places
    "王府井 张家口 张家界 石家庄 秦皇岛 马鞍山 景德镇 连云港 齐齐哈尔 樊城区 呼和浩特 "
    "武汉 沈阳 郑州 成都 常州 徐州 苏州 温州 宁波 金华 许昌 安庆 黄山 黄石 黄冈 岳阳 "
    "邵阳 柳州 桂林 江门 梅州 吉林 吉安 乐山 曲靖 毕节 邢台 唐山 包头 吕梁 晋中 晋城 "
    "白城 白山 松原 安顺 安康 安阳 武威 娄底 怀化 衡阳 衡水 常德 巴中 贺州 兰州 焦作 "
    "龙岩 宁德 宁夏 云南 海南 江苏 江西 甘肃 安徽 海口 海淀 吴忠 吴江 周口 常熟 樊城 "
    "丰台 徐汇 黄埔 黄浦 云浮 华南 华北 华东 华中 华西 江南 江北 欧洲 欧美 韩国 蒙古 "
    "苏联 罗马 莫斯科 伦敦 巴西 马来西亚 黄河 秦岭 "
    // everyday words
    "王国 王朝 王者 王牌 王府 王冠 李子 张贴 张开 张力 张扬 张望 刘海 陈述 陈列 陈旧 "
    "陈设 陈皮 杨树 杨柳 杨梅 黄色 黄金 黄瓜 黄豆 黄牛 黄昏 黄金周 黄页 周一 周二 周三 "
    "周四 周五 周六 周日 周末 周年 周边 周期 周岁 周围 周转 周报 周刊 孙子 马路 马上 "
    "马达 马匹 马车 马拉松 马铃薯 马桶 朱红 胡同 胡乱 胡说 胡萝卜 胡椒 何时 何处 何况 "
    "何必 何种 何谓 何以 高中 高级 高速 高度 高校 高新 高铁 高考 高温 高效 高层 高等 "
    "高价 高压 高清 高血压 高新技术 高楼 高原 高空 高端 高管 高龄 高危 高风险 高质量 "
    "高标准 高水平 高要求 高中生 林业 林木 林地 林场 林权 罗盘 郑重 梁柱 谢谢 谢绝 "
    "宋体 宋朝 唐朝 唐诗 许可 许多 许可证 韩元 韩语 曾经 肖像 田地 田间 田野 田园 "
    "田径 董事 董事长 于是 于此 余额 余量 余下 余地 余数 余热 杜绝 叶片 叶子 叶面 "
    "程序 程度 程式 苏醒 丁香 任务 任何 任期 任职 任命 任意 任免 任教 钟表 钟点 钟头 "
    "陆地 陆续 陆军 陆路 汪洋 范围 范例 范本 范畴 范文 金额 金融 金属 金牌 金色 金鱼 "
    "金秋 金钱 金库 金卡 石油 石头 石材 石化 石灰 石膏 夏季 夏天 夏令营 夏粮 付款 "
    "付费 付出 付清 付息 方案 方法 方式 方向 方面 方便 方针 方言 方位 方形 方圆 方块 "
    "白色 白天 白菜 白酒 白银 白领 白班 白条 白纸 白血病 熊猫 江湖 江河 江山 江岸 "
    "段落 雷达 雷电 雷雨 龙头 龙虾 龙舟 龙卷风 史料 史诗 史书 陶瓷 陶器 贺卡 贺词 "
    "顾客 顾问 顾虑 毛巾 毛衣 毛利 毛病 毛重 毛笔 毛坯 万元 万一 万能 万物 万岁 万事 "
    "万亩 万人 万吨 万户 钱包 钱币 钱款 严重 严格 严厉 严禁 严肃 严寒 武警 武装 武器 "
    "武术 孔雀 孔子 孔径 向前 向上 向下 向后 向导 向日葵 汤圆 汤面 常规 常用 常见 "
    "常委 常年 常住 常驻 常务 常识 常态 常数 温度 温泉 温室 温和 温暖 温馨 康复 康养 "
    "康乐 康健 施工 施肥 施行 施策 文件 文化 文明 文物 文字 文本 文书 文章 文献 文学 "
    "文艺 文体 文具 文旅 文创 牛奶 牛肉 牛羊 牛仔 安全 安装 安置 安排 安检 安保 安居 "
    "安防 安心 齐全 易燃 易爆 易于 易地 庞大 颜色 庄稼 庄园 庄严 庄重 章程 章节 鲁莽 "
    "岳父 岳母 申请 申报 申诉 申领 申购 申明 欧元 关于 关系 关键 关注 关闭 关联 关心 "
    "关爱 关口 关税 兰花 焦点 焦虑 焦炭 左边 左侧 左右 左转 柳树 甘蔗 甘油 祝福 祝贺 "
    "包括 包装 包含 包裹 包容 包干 包子 宁静 宁愿 尚未 尚可 符合 符号 舒适 舒服 纪律 "
    "纪念 纪委 纪录 纪要 纪检 梅花 童年 童装 童话 凌晨 毕业 毕竟 单位 单价 单独 单身 "
    "单元 单据 单一 单项 单次 单车 单号 季度 季节 季报 涂料 涂改 成本 成功 成立 成果 "
    "成绩 成员 成人 成品 成交 成年 成熟 成为 成效 苗木 苗圃 谷物 谷子 盛世 盛大 曲线 "
    "曲目 骆驼 蓝色 蓝天 蓝牙 路口 路段 路线 路灯 路面 路径 路况 路费 路由 游客 游戏 "
    "游泳 游览 游乐 游艇 辛苦 管理 管道 管辖 管控 管网 管护 管委会 管线 柴油 柴火 鲍鱼 "
    "华侨 华人 房屋 房产 房租 房间 房价 房地产 解决 解释 解除 解放 解答 解读 艾滋病 "
    "尤其 阳光 阳台 阳性 时间 时期 时代 时候 时段 时长 时限 时效 时刻 时尚 农业 农村 "
    "农民 农户 农产品 农田 农药 农机 卓越 古代 古建 古镇 古城 吉祥 简介 简称 简易 "
    "简单 简历 简报 车辆 车牌 车站 车间 车位 车型 车费 车主 车次 车库 项目 连续 连接 "
    "连锁 麦子 洪水 洪涝 洪峰 景区 景点 景观 景色 党员 党委 党支部 党建 党组 党校 "
    "党章 宫殿 费用 费率 冷链 冷库 冷却 冷藏 冷冻 席位 卫生 卫星 卫健委 米饭 柏油 "
    "宗教 宗旨 桂花 全部 全国 全体 全年 全面 全省 全市 全区 全县 全称 全额 全文 全程 "
    "全员 海关 海水 海鲜 海外 海拔 海报 海运 海港 海滨 云计算 云端 云平台 明天 明年 "
    "明确 明显 明细 明星 明白 乐园 乐器 乐观 巴士 丰富 丰收 晋升 晋级 宾馆 宾客 呼叫 "
    "呼吸 植物 植树 植被 松树 牧业 牧区 牧场 牧民 慎重 战略 战士 战争 战斗 衣服 衣物 "
    "秋季 秋天 秋收 秋粮 鱼类 鱼塘 怀孕 怀疑 代码 代表 代理 代办 代缴 代扣 朗读 居民 郁闷 农资 白萝卜 衣着 单向 雷阵雨 荆楚 楚天";

// Last characters of places, organisations and common nouns.
constexpr std::u32string_view kNonNameEndings =
    U"区市县省镇乡村路街道巷局院所站厅处科部委会办队校馆店厂司场园业类型费税额率量数"
    U"表证书单码号项目品物件机器线网台屋房楼层室门口组班级期间日时分秒点性化式法度"
    U"制险款价值况状态案例题材料种质色家庄河湖桥湾岛岭坡沟塘屯堡寨营坪井港府州城厦域员"
    U"面车船库池渠坝闸寺庙宫观塔碑铺族苑居祠址";

std::unordered_set<std::string_view> SplitSet(std::string_view list) {
  std::unordered_set<std::string_view> words;
  while (!list.empty()) {
    const size_t space = list.find(' ');
    const std::string_view word = list.substr(0, space);
    if (!word.empty()) words.insert(word);
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return words;
}

// Byte offsets of the characters of a 2-4 character all-Han `text`, and
// text.size() after them; `count` is 0 when the text is not one.
struct HanOffsets {
  size_t at[5] = {};
  size_t count = 0;
};

HanOffsets OffsetsOfShortHan(std::string_view text) {
  HanOffsets offsets;
  size_t pos = 0;
  size_t n = 0;
  while (pos < text.size()) {
    if (n == 4) return {};
    offsets.at[n++] = pos;
    if (!IsHan(DecodeAt(text, pos))) return {};
  }
  if (n < 2) return {};
  offsets.at[n] = pos;
  offsets.count = n;
  return offsets;
}

bool IsMiddleDot(char32_t c) { return c == 0xB7 || c == 0x2022 || c == 0x30FB || c == 0xFF0E; }

}  // namespace

bool IsNameStopWord(std::string_view word) {
  static const std::unordered_set<std::string_view> kSet = SplitSet(kStopWords);
  return kSet.contains(word);
}

bool IsNonNameEnding(char32_t c) { return kNonNameEndings.find(c) != std::u32string_view::npos; }

bool IsChineseName(std::string_view text) {
  const HanOffsets offsets = OffsetsOfShortHan(text);
  const size_t chars = offsets.count;
  if (chars == 0) return false;
  const size_t* at = offsets.at;
  auto prefix = [&](size_t n) { return text.substr(0, at[n]); };
  const bool compound = chars >= 3 && IsCompoundSurname(prefix(2));
  if (!compound && !IsSingleSurname(prefix(1))) return false;
  // A compound surname alone (欧阳, 诸葛) is not yet a name.
  if (chars == 2 && IsCompoundSurname(text)) return false;
  if (IsNameStopWord(text)) return false;
  // 周末愉快, 文化中心: a longer value that opens with a common word.
  if (chars >= 3 && !compound && IsNameStopWord(prefix(2))) return false;
  size_t last_start = at[chars - 1];
  return !IsNonNameEnding(DecodeAt(text, last_start));
}

bool IsMinorityName(std::string_view text) {
  int parts = 0;
  int part_chars = 0;
  char32_t last = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = DecodeAt(text, pos);
    if (IsMiddleDot(c)) {
      if (part_chars == 0 || IsNonNameEnding(last)) return false;
      ++parts;
      part_chars = 0;
    } else if (IsHan(c)) {
      if (++part_chars > 8) return false;
      last = c;
    } else {
      return false;
    }
  }
  if (part_chars == 0 || IsNonNameEnding(last)) return false;
  ++parts;
  return parts >= 2 && parts <= 4;
}

bool HasNameAfterLabel(std::string_view text, size_t after) {
  size_t pos = after;
  // Separators people put between a label and the name.
  while (pos < text.size()) {
    size_t next = pos;
    const char32_t c = DecodeAt(text, next);
    if (c != ':' && c != 0xFF1A && c != ' ' && c != 0x3000 && c != '\t') break;
    pos = next;
  }
  // The longest Han run up to 4 characters, then shorter prefixes: the name
  // may run straight into the next word (联系人张三电话...).
  size_t ends[4];
  size_t count = 0;
  size_t end = pos;
  while (end < text.size() && count < 4) {
    size_t next = end;
    if (!IsHan(DecodeAt(text, next))) break;
    end = next;
    ends[count++] = end;
  }
  for (size_t n = count; n >= 2; --n) {
    if (IsChineseName(text.substr(pos, ends[n - 1] - pos))) return true;
  }
  return false;
}

}  // namespace yungu::privacy::internal

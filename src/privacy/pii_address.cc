// Chinese addresses: 湖北省襄阳市樊城区人民路12号3栋2单元501室. An address is
// a chain of place names each closed by a marker (省 市 区 县 镇 乡 街道 路
// 号 栋 单元 室 村 组 ...). One marker is not enough (高新区, 城市管理局), and
// administrative markers alone name a region, not where someone lives
// (湖北省襄阳市), so a street-level marker or a house number must be there.
#include <algorithm>
#include <iterator>

#include "privacy/pii_recognisers.h"
#include "privacy/pii_text.h"

namespace yungu::privacy::internal {
namespace {

// Separators between the clauses of a text; an address never spans one.
bool IsSegmentBreak(char32_t c) {
  switch (c) {
    case ',': case '.': case ';': case ':': case '!': case '?': case '|': case '\n':
    case '\r': case '\t': case 0xFF0C: case 0x3002: case 0xFF1B: case 0xFF1A: case 0xFF01:
    case 0xFF1F: case 0x3001:
      return true;
    default:
      return false;
  }
}

// Words a marker character belongs to rather than closing a place name:
// after the marker (市场, 区域, 路线, 号码, 组织) or before it (线路, 编号,
// 超市, 全省, 小组, 教室). Place names that end in one of the characters
// before (荆门市 ends in 门) are left alone: only unambiguous words are here.
struct WordRule {
  std::string_view marker;
  std::u32string_view before;
  std::u32string_view after;
};
constexpr WordRule kWordRules[] = {
    {"省", U"节反全本外各该分两三邻我", U"级委长份"},
    {"市", U"超股夜上闹黑菜楼车早牛熊入债汇全本各我该外", U"场民值长委政级区"},
    {"区", U"景辖禁灾牧矿片误展郊专分校园林营战病全本各我该外", U"域别分间块"},
    {"县", U"郡全本各我该外", U"级委长城"},
    {"镇", U"城重坐集", U""},
    {"乡", U"城家故老下返还他异同水梦思回本", U"镇村"},
    {"路", U"线道电思网销套陆航歧弯", U"线径由况费面灯"},
    {"街", U"上逛沿临过满扫", U""},
    {"号", U"编序字型账帐批文代信番称挂符记暗问句逗顿括引书名工学案单户卡票商国年音标频讯",
     U"码牌线称召"},
    {"室", U"公教科议验作居病卧浴温密暗画诊案", U"内外温"},
    {"楼", U"上下售高阁酒茶青钟鼓", U"盘市"},
    {"村", U"农渔假", U"委民级"},
    {"组", U"小分编改重机班剧项目作题课查导检", U"织成合件长建"},
};

const WordRule* RuleFor(std::string_view marker) {
  for (const WordRule& rule : kWordRules) {
    if (rule.marker == marker) return &rule;
  }
  return nullptr;
}

bool StartsWord(std::string_view marker, char32_t next) {
  const WordRule* rule = RuleFor(marker);
  return rule != nullptr && rule->after.find(next) != std::u32string_view::npos;
}

bool EndsWord(std::string_view marker, char32_t previous) {
  const WordRule* rule = RuleFor(marker);
  return rule != nullptr && rule->before.find(previous) != std::u32string_view::npos;
}

// Endings of organisation names: a place name then 政府, 局, 医院 ...
constexpr std::string_view kOrganisationEndings[] = {
    "政府", "委员会", "局", "厅", "委", "办", "办公室", "处", "科", "院", "所",
    "中心", "公司", "学校", "大学", "中学", "小学", "幼儿园", "银行", "支行", "分行",
    "协会", "站", "馆", "队", "部", "集团", "场", "店", "厂", "园"};

bool EndsLikeOrganisation(std::string_view segment) {
  return std::any_of(std::begin(kOrganisationEndings), std::end(kOrganisationEndings),
                     [&](std::string_view e) { return segment.ends_with(e); });
}

bool IsPlaceChar(char32_t c) {
  return IsHan(c) || (c < 0x80 && IsAsciiAlnum(static_cast<char>(c)));
}

struct Segment {
  size_t start;
  size_t end;
};

// Markers that close a place name inside [segment): the character before is
// part of a name (not the segment's start, not another marker), and the
// marker does not open a word.
struct MarkerCount {
  int total = 0;
  int local = 0;
};

MarkerCount CountMarkers(std::string_view text, Segment seg, const std::vector<MarkerHit>& hits) {
  MarkerCount count;
  size_t previous_end = std::string_view::npos;
  for (const MarkerHit& hit : hits) {
    if (hit.start < seg.start || hit.end > seg.end) continue;
    const bool follows_marker = hit.start == previous_end;
    previous_end = hit.end;
    if (hit.start == seg.start || follows_marker) continue;
    size_t before_start = 0;
    const char32_t before = DecodeBefore(text, hit.start, before_start);
    if (!IsPlaceChar(before)) continue;
    const std::string_view marker = text.substr(hit.start, hit.end - hit.start);
    if (EndsWord(marker, before)) continue;
    if (hit.end < seg.end && StartsWord(marker, CodePointAt(text, hit.end))) continue;
    ++count.total;
    if (hit.local) ++count.local;
  }
  return count;
}

// A house number: digits (and hyphens: 12-3号) right after a place name,
// then 号 not opening a word, and not an ordinal (第3号).
bool HasHouseNumber(std::string_view text, Segment seg, const std::vector<size_t>& ends) {
  constexpr size_t kHaoBytes = 3;  // 号 in UTF-8
  for (size_t end : ends) {
    if (end < seg.start + kHaoBytes + 1 || end > seg.end) continue;
    size_t digits_start = end - kHaoBytes - 1;
    while (digits_start > seg.start &&
           (IsAsciiDigit(text[digits_start - 1]) || text[digits_start - 1] == '-')) {
      --digits_start;
    }
    if (digits_start == seg.start) continue;
    if (end < seg.end && StartsWord("号", CodePointAt(text, end))) continue;
    size_t before_start = 0;
    const char32_t before = DecodeBefore(text, digits_start, before_start);
    if (before == U'第' || !IsPlaceChar(before)) continue;
    return true;
  }
  return false;
}

// Calls `visit` with each clause of `text` (the stretches between breaks).
template <typename Visit>
void ForEachSegment(std::string_view text, Visit visit) {
  size_t start = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t at = pos;
    if (IsSegmentBreak(DecodeAt(text, pos))) {
      if (at > start) visit(Segment{start, at});
      start = pos;
    }
  }
  if (text.size() > start) visit(Segment{start, text.size()});
}

// Sorts hits by start and drops those inside an earlier, longer one (区 in
// 自治区 or 社区, 街 in 街道).
void MergeOverlapping(std::vector<MarkerHit>& hits) {
  std::sort(hits.begin(), hits.end(), [](const MarkerHit& a, const MarkerHit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  size_t kept = 0;
  for (const MarkerHit& hit : hits) {
    if (kept > 0 && hit.start < hits[kept - 1].end) continue;
    hits[kept++] = hit;
  }
  hits.resize(kept);
}

// Addresses longer than this are text that happens to mention places.
constexpr size_t kMaxAddressBytes = 300;

}  // namespace

AddressVerdict JudgeAddress(std::string_view text, std::vector<MarkerHit>& hits,
                            const std::vector<size_t>& house_number_ends) {
  AddressVerdict verdict;
  // Two markers or a house number at least; most values have neither.
  if (hits.size() < 2 && house_number_ends.empty()) return verdict;
  MergeOverlapping(hits);
  ForEachSegment(text, [&](Segment seg) {
    if (seg.end - seg.start > kMaxAddressBytes) return;
    const bool house_number = HasHouseNumber(text, seg, house_number_ends);
    const MarkerCount markers = CountMarkers(text, seg, hits);
    bool address = house_number || (markers.total >= 2 && markers.local >= 1);
    if (address && !house_number) {
      address = !EndsLikeOrganisation(TrimSpaces(text.substr(seg.start, seg.end - seg.start)));
    }
    if (!address) return;
    verdict.contained = true;
    if (seg.start == 0 && seg.end == text.size()) verdict.whole = true;
  });
  return verdict;
}

}  // namespace yungu::privacy::internal

// The expressions behind PatternId. Patterns run in vectorscan's byte mode:
// Chinese text is matched as UTF-8 byte sequences, so invalid UTF-8 in the
// data is harmless (UTF-8 mode would make it undefined behaviour). Patterns
// whose match length varies ask for the leftmost start of match; the
// validators need the exact candidate. Tracking the start costs much on
// digit runs (every digit may start one: 5x on an ID number, 6x on a date),
// so the token, IPv4, e-mail, date and marker shapes go without it: their
// start is found by walking back over the characters they are made of
// (CandidateCollector::StartOf).
//
// Measured on typical values (ID numbers, addresses, remarks, dates): one
// token shape for the numeric identifiers and USCCs, rather than a digit run,
// an ID-with-X and a USCC shape, scans 25% faster; dropping start-of-match
// reporting where the start can be found by walking back, 35%.
#include <hs/hs.h>

#include "privacy/detector_patterns.h"
#include "privacy/pii_lexicon.h"

namespace yungu::privacy::internal {
namespace {

// One Han character: U+4E00..U+9FFF as UTF-8 (E4 B8 80 .. E9 BF BF).
constexpr std::string_view kHan = R"((?:\xE4[\xB8-\xBF][\x80-\xBF]|[\xE5-\xE9][\x80-\xBF]{2}))";
// Middle dots used in transliterated names: U+00B7, U+2022, U+30FB, U+FF0E.
constexpr std::string_view kNameDot = R"((?:\xC2\xB7|\xE2\x80\xA2|\xE3\x83\xBB|\xEF\xBC\x8E))";

constexpr std::string_view kPlateProvinces =
    "京|津|沪|渝|冀|豫|云|辽|黑|湘|皖|鲁|新|苏|浙|赣|鄂|桂|甘|晋|蒙|陕|吉|闽|贵|粤|青|藏|川|宁|琼";

std::string Alternation(const std::vector<std::string_view>& words) {
  std::string out = "(?:";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += '|';
    out += words[i];
  }
  out += ')';
  return out;
}

std::string Han(std::string_view repeat) { return std::string(kHan) + std::string(repeat); }

std::string ChineseNameExpression() {
  std::vector<std::string_view> surnames = CompoundSurnames();
  surnames.insert(surnames.end(), SingleSurnames().begin(), SingleSurnames().end());
  return "^" + Alternation(surnames) + Han("{1,3}") + "$";
}

std::string MinorityNameExpression() {
  const std::string part = Han("{1,8}");
  return "^" + part + std::string(kNameDot) + part + "(?:" + std::string(kNameDot) + part +
         "){0,2}$";
}

std::string Anchored(std::string_view expression) {
  return "^(?:" + std::string(expression) + ")$";
}

}  // namespace

std::vector<PatternSpec> CandidatePatterns(bool find_embedded) {
  constexpr unsigned kSom = HS_FLAG_SOM_LEFTMOST;
  const std::string plate = "(?:" + std::string(kPlateProvinces) +
                            ")[A-HJ-NP-Z](?:\\xC2\\xB7|-| )?"
                            "(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}(?:挂|学|警|港|澳|领))";
  // The token shape only says "11 token characters end here"; the collector
  // finds the whole token around it. As a whole value it must be the token.
  const std::string token = find_embedded ? R"([0-9A-Zx]{11})" : R"(^\+?[0-9A-Zx]{11,19}$)";
  // Identifier shapes: found anywhere, or only as the whole value.
  std::vector<PatternSpec> identifiers = {
      {PatternId::kMobileFormatted,
       R"((?:(?:\+|00)?86[- ]?)?1[3-9]\d[- ]\d{4}[- ]\d{4}|(?:\+|00)86[- ]1[3-9]\d{9})", kSom},
      {PatternId::kCardFormatted, R"(\d{4}[- ]\d{4}[- ]\d{4}[- ]\d{4}(?:[- ]?\d{1,3})?)", kSom},
      {PatternId::kEmail, R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)", 0},
      {PatternId::kIpv4, R"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})", 0},
      {PatternId::kIpv6,
       R"([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})?)",
       kSom},
      {PatternId::kLicencePlate, plate, kSom},
      {PatternId::kDate,
       R"((?:19|20)\d{2}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?|年\d{1,2}月(?:\d{1,2}日?)?))"
       R"((?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?)",
       0},
  };
  std::vector<PatternSpec> patterns = {{PatternId::kAlnumToken, token, 0}};
  for (PatternSpec& spec : identifiers) {
    if (!find_embedded) spec.expression = Anchored(spec.expression);
    patterns.push_back(std::move(spec));
  }
  // Whole-value shapes, anchored in both modes.
  patterns.push_back({PatternId::kDateCompact, R"(^(?:19|20)\d{6}$)", 0});
  patterns.push_back({PatternId::kChineseName, ChineseNameExpression(), 0});
  patterns.push_back({PatternId::kMinorityName, MinorityNameExpression(), 0});
  // Given name, optional middle name or initial, family name; either name
  // may be in capitals (ZHANG Wei).
  patterns.push_back({PatternId::kLatinName,
                      R"(^(?:[A-Z][a-z]{1,15}|[A-Z]{2,15})(?: [A-Z][a-z]{0,15}\.?)? )"
                      R"((?:[A-Z][a-z]{1,20}|[A-Z]{2,20})$)",
                      0});
  if (find_embedded) {
    patterns.push_back({PatternId::kNameLabel,
                        "(?:姓名|联系人|负责人|法定代表人|法人代表|户主|申请人|经办人|收件人|"
                        "收货人|投诉人|举报人|当事人|患者|监护人|被申请人)",
                        0});
  }
  // Address markers count anywhere in the value in both modes: the address
  // judgement needs all of them.
  patterns.push_back({PatternId::kAdminMarker, "(?:省|市|自治区|自治州|区|县|旗)", 0});
  patterns.push_back(
      {PatternId::kLocalMarker,
       "(?:镇|乡|街道|大道|大街|路|街|巷|弄|胡同|号|栋|幢|单元|室|楼|村|组|小区|社区)", 0});
  patterns.push_back({PatternId::kHouseNumber, R"(\d号)", 0});
  return patterns;
}

}  // namespace yungu::privacy::internal

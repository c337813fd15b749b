// The candidate patterns of the personal-data detector: what vectorscan looks
// for before the validators decide. Each pattern finds a shape (a digit run, a
// token of the USCC alphabet, an e-mail, an address marker ...); one shape can
// serve several kinds (an 18-digit run may be an ID number, a USCC or a bank
// card), and the validators pick.
#pragma once

#include <string>
#include <vector>

namespace yungu::privacy::internal {

// Doubles as the vectorscan expression id.
enum class PatternId : unsigned {
  kAlnumToken,       // 11+ digits or capitals: mobile, citizen ID, bank card, USCC
  kMobileFormatted,  // 138-1234-5678, +86 138 1234 5678
  kCardFormatted,    // 6222 0212 3456 7890 123
  kEmail,
  kIpv4,
  kIpv6,
  kLicencePlate,
  kDate,             // 1990-05-17, 1990/5/17, 1990年5月17日, optionally with a time
  kDateCompact,      // 19900517, only as a whole value
  kChineseName,      // whole value: common surname + 1-3 Han characters
  kMinorityName,     // whole value: 买买提·艾力
  kLatinName,        // whole value: Grace Hopper
  kNameLabel,        // 姓名, 联系人, 申请人 ...: a name may follow
  kAdminMarker,      // 省 市 区 县 ..., and 自治区 自治州
  kLocalMarker,      // 镇 乡 路 号 栋 室 村 组 ..., and 街道 大道 单元 小区 ...
  kHouseNumber,      // a digit then 号
};
inline constexpr unsigned kPatternCount = static_cast<unsigned>(PatternId::kHouseNumber) + 1;

struct PatternSpec {
  PatternId id;
  std::string expression;  // vectorscan syntax, bytes (no UTF-8 mode)
  unsigned flags;          // HS_FLAG_*
};

// With `find_embedded` false, identifier patterns are anchored at both ends
// and the name label pattern is left out (it only serves embedded names).
std::vector<PatternSpec> CandidatePatterns(bool find_embedded);

}  // namespace yungu::privacy::internal

#include "privacy/detector_candidates.h"

#include <initializer_list>

#include "privacy/pii_text.h"
#include "yungu/identifiers/identifiers.h"

namespace yungu::privacy::internal {
namespace {

bool IsHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Vectorscan reports a match at every end offset it can, so "13812345678"
// inside "1381234567890" is reported too; the checks below keep only
// candidates that stand alone. Letters and digits never border one, and a
// number does not continue with a decimal point or a separator and digits.
bool StandsAlone(std::string_view text, size_t from, size_t to) {
  return !IsAsciiAlnum(ByteBefore(text, from)) && !IsAsciiAlnum(ByteAt(text, to));
}

bool IsNumberJoiner(char c) { return c == '.' || c == '-' || c == '/' || c == ':'; }

bool NumberStandsAlone(std::string_view text, size_t from, size_t to) {
  if (!StandsAlone(text, from, to)) return false;
  const bool continues_left =
      IsNumberJoiner(ByteBefore(text, from)) && IsAsciiDigit(ByteBefore(text, from, 2));
  const bool continues_right =
      IsNumberJoiner(ByteAt(text, to)) && IsAsciiDigit(ByteAt(text, to + 1));
  return !continues_left && !continues_right;
}

// Characters an e-mail address is made of; the match must not stop inside one.
bool IsEmailChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool EmailStandsAlone(std::string_view text, size_t from, size_t to) {
  if (IsEmailChar(ByteBefore(text, from))) return false;
  const char next = ByteAt(text, to);
  if (IsAsciiAlnum(next) || next == '-' || next == '_') return false;
  // A trailing full stop ends the sentence, not the domain.
  return !(next == '.' && IsAsciiAlnum(ByteAt(text, to + 1)));
}

// An IPv4 address may carry a port (10.0.0.5:8080) or a prefix length
// (10.0.0.0/8), but is not part of a longer dotted number (1.2.3.4.5).
bool Ipv4StandsAlone(std::string_view text, size_t from, size_t to) {
  if (!StandsAlone(text, from, to)) return false;
  const bool continues_left =
      ByteBefore(text, from) == '.' && IsAsciiDigit(ByteBefore(text, from, 2));
  const bool continues_right = ByteAt(text, to) == '.' && IsAsciiDigit(ByteAt(text, to + 1));
  return !continues_left && !continues_right;
}

bool Ipv6StandsAlone(std::string_view text, size_t from, size_t to) {
  auto part_of_address = [](char c) { return IsHexDigit(c) || c == ':' || IsAsciiAlnum(c); };
  if (part_of_address(ByteBefore(text, from)) || part_of_address(ByteAt(text, to))) return false;
  return !(ByteAt(text, to) == '.' && IsAsciiDigit(ByteAt(text, to + 1)));
}

// True when one of `words` ends at byte `to` of `text`.
bool EndsWithAny(std::string_view text, size_t to, std::initializer_list<std::string_view> words) {
  const std::string_view head = text.substr(0, to);
  for (std::string_view w : words) {
    if (head.ends_with(w)) return true;
  }
  return false;
}

// Bytes a written date is made of: digits, separators, a time's T and
// colons, and 年 月 日 (E5 B9 B4, E6 9C 88, E6 97 A5).
bool IsDateByte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return IsAsciiDigit(c) || c == '-' || c == '/' || c == '.' || c == ':' || c == ' ' || c == 'T' ||
         b == 0xE5 || b == 0xB9 || b == 0xB4 || b == 0xE6 || b == 0x9C || b == 0x88 ||
         b == 0x97 || b == 0xA5;
}

// The leftmost start from which [start, to) is a plausible written birth
// date, standing alone; npos when there is none. Dates are matched without
// start-of-match reporting, so the start is searched here: back over date
// bytes, then forwards to the first "19" or "20" that parses.
size_t BirthDateStart(std::string_view text, size_t to, const CivilDate& today) {
  constexpr size_t kLongestDate = 40;  // 2024年12月31日 23:59:59.123456789
  size_t region = to;
  while (region > 0 && to - region < kLongestDate && IsDateByte(text[region - 1])) --region;
  for (size_t p = region; p + 8 <= to; ++p) {
    if (IsAsciiDigit(ByteBefore(text, p))) continue;
    const std::string_view candidate = text.substr(p, to - p);
    if (!candidate.starts_with("19") && !candidate.starts_with("20")) continue;
    if (!NumberStandsAlone(text, p, to)) continue;
    const auto date = ParseDateCandidate(candidate);
    if (date && IsPlausibleBirthDate(*date, today)) return p;
  }
  return std::string_view::npos;
}

// Tokens: numeric identifiers are 11-19 digits, a USCC 18 characters.
constexpr size_t kShortestToken = 11;
constexpr size_t kLongestToken = 19;

// Characters of the token shape: digits, capitals, and the x some people
// type as an ID number's check char.
bool IsTokenChar(char c) { return IsAsciiDigit(c) || (c >= 'A' && c <= 'Z') || c == 'x'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

}  // namespace

CandidateCollector::CandidateCollector(std::string_view text, const DetectionContext& context,
                                       bool find_embedded, std::vector<MarkerHit>& markers,
                                       std::vector<size_t>& house_numbers)
    : text_(text),
      context_(context),
      find_embedded_(find_embedded),
      markers_(markers),
      house_numbers_(house_numbers) {
  markers_.clear();
  house_numbers_.clear();
}

void CandidateCollector::Found(PiiKind kind, size_t from, size_t to) {
  detection_.contained.Add(kind);
  if (from == 0 && to == text_.size()) detection_.whole.Add(kind);
}

size_t CandidateCollector::StartOf(PatternId id, size_t from, size_t to) const {
  // Longest run of `part` characters ending at `to`, at most `max` long.
  auto run_start = [&](auto part, size_t max) {
    size_t start = to;
    while (start > 0 && to - start < max && part(text_[start - 1])) --start;
    return start;
  };
  switch (id) {
    case PatternId::kAlnumToken: {
      // One character more than a token may have, so an overlong one is rejected.
      size_t start = run_start(IsTokenChar, kLongestToken + 1);
      if (ByteBefore(text_, start) == '+') --start;
      return start;
    }
    case PatternId::kIpv4:
      return run_start([](char c) { return IsAsciiDigit(c) || c == '.'; }, 16);
    case PatternId::kEmail:
      return run_start([](char c) { return IsEmailChar(c) || c == '@'; }, 254);
    case PatternId::kAdminMarker:
      return EndsWithAny(text_, to, {"自治区", "自治州"}) ? to - 9 : to - 3;
    case PatternId::kLocalMarker:
      return EndsWithAny(text_, to, {"街道", "大道", "大街", "胡同", "单元", "小区", "社区"})
                 ? to - 6
                 : to - 3;
    default:
      return from;
  }
}

void CandidateCollector::OnMatch(PatternId id, size_t from, size_t to) {
  // Most reports of a token end inside it; only its last character counts.
  if (id == PatternId::kAlnumToken && IsAsciiAlnum(ByteAt(text_, to))) return;
  from = StartOf(id, from, to);
  const std::string_view candidate = text_.substr(from, to - from);
  switch (id) {
    case PatternId::kAlnumToken:
      OnToken(from, to);
      break;
    case PatternId::kMobileFormatted:
      if (NumberStandsAlone(text_, from, to) && IsFormattedMobile(candidate)) {
        Found(PiiKind::kMobile, from, to);
      }
      break;
    case PatternId::kCardFormatted: {
      const bool more_groups = (ByteAt(text_, to) == ' ' || ByteAt(text_, to) == '-') &&
                               IsAsciiDigit(ByteAt(text_, to + 1));
      if (!more_groups && NumberStandsAlone(text_, from, to) && IsFormattedBankCard(candidate)) {
        Found(PiiKind::kBankCard, from, to);
      }
      break;
    }
    case PatternId::kEmail:
      if (EmailStandsAlone(text_, from, to) && identifiers::ValidateEmail(candidate).valid) {
        Found(PiiKind::kEmail, from, to);
      }
      break;
    case PatternId::kIpv4:
      if (Ipv4StandsAlone(text_, from, to) && IsIpv4(candidate)) {
        Found(PiiKind::kIpAddress, from, to);
      }
      break;
    case PatternId::kIpv6:
      if (Ipv6StandsAlone(text_, from, to) && IsIpv6(candidate)) {
        Found(PiiKind::kIpAddress, from, to);
      }
      break;
    case PatternId::kLicencePlate:
      if (StandsAlone(text_, from, to) && IsLicencePlate(candidate)) {
        Found(PiiKind::kLicencePlate, from, to);
      }
      break;
    case PatternId::kDate:
      if (Hinted(PiiKind::kBirthDate)) {
        const size_t start = BirthDateStart(text_, to, context_.today);
        if (start != std::string_view::npos) Found(PiiKind::kBirthDate, start, to);
      }
      break;
    case PatternId::kDateCompact:  // anchored: the whole value
      if (Hinted(PiiKind::kBirthDate)) {
        const auto date = ParseDateCandidate(text_);
        if (date && IsPlausibleBirthDate(*date, context_.today)) {
          Found(PiiKind::kBirthDate, 0, text_.size());
        }
      }
      break;
    case PatternId::kChineseName:  // the whole-value shapes are anchored
      if (IsChineseName(text_)) Found(PiiKind::kPersonName, 0, text_.size());
      break;
    case PatternId::kMinorityName:
      if (IsMinorityName(text_)) Found(PiiKind::kPersonName, 0, text_.size());
      break;
    case PatternId::kLatinName:
      if (Hinted(PiiKind::kPersonName)) Found(PiiKind::kPersonName, 0, text_.size());
      break;
    case PatternId::kNameLabel:
      // The label itself is part of the value, so this is never a whole match.
      if (HasNameAfterLabel(text_, to)) detection_.contained.Add(PiiKind::kPersonName);
      break;
    case PatternId::kAdminMarker:
    case PatternId::kLocalMarker:
      markers_.push_back({from, to, id == PatternId::kLocalMarker});
      break;
    case PatternId::kHouseNumber:
      house_numbers_.push_back(to);
      break;
  }
}

void CandidateCollector::OnToken(size_t from, size_t to) {
  const std::string_view token = text_.substr(from, to - from);
  const size_t length = token.starts_with('+') ? token.size() - 1 : token.size();
  if (length < kShortestToken || length > kLongestToken) return;
  if (AllDigits(token.substr(token.size() - length))) {
    if (!NumberStandsAlone(text_, from, to)) return;
    if (auto kind = ClassifyDigitRun(token, context_.today)) Found(*kind, from, to);
    return;
  }
  if (token.size() != 18 || !StandsAlone(text_, from, to)) return;
  // 17 digits and X: an ID number if it validates, else perhaps a USCC
  // (whose alphabet has X too).
  const bool id_shape = AllDigits(token.substr(0, 17)) && (token[17] == 'X' || token[17] == 'x');
  if (id_shape && IsCitizenIdWithX(token, context_.today)) {
    Found(PiiKind::kCitizenId, from, to);
  } else if (auto kind = ClassifyUscc(token)) {
    Found(*kind, from, to);
  }
}

Detection CandidateCollector::Finish() {
  const AddressVerdict address = JudgeAddress(text_, markers_, house_numbers_);
  if (address.whole) detection_.whole.Add(PiiKind::kAddress);
  if (address.contained) detection_.contained.Add(PiiKind::kAddress);
  // Anchored patterns only ever see whole values.
  if (!find_embedded_) detection_.contained = detection_.whole;
  return detection_;
}

}  // namespace yungu::privacy::internal

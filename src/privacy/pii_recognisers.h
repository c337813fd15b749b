// Validators that decide whether a candidate the patterns found really is
// personal data of a given kind. Each takes the candidate text alone (the
// boundary checks around it are the caller's).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "yungu/privacy/discovery.h"

namespace yungu::privacy::internal {

// --- numbers (pii_numbers.cc) ---------------------------------------------

// A run of 11-19 ASCII digits, optionally after "+": mobile (11 digits, or
// 86 / 0086 + 11), citizen ID (18 digits, or 15 legacy), USCC (18 digits),
// bank card (12-19). When a run validates as several, the stronger check
// wins: an ID number (check char and birth date) over a USCC (two check
// chars) over a bank card (Luhn, 1 in 10 random numbers pass).
std::optional<PiiKind> ClassifyDigitRun(std::string_view run, const CivilDate& today);

// 17 digits and a check char X (either case).
bool IsCitizenIdWithX(std::string_view token, const CivilDate& today);

// 18 characters of the USCC alphabet: kUscc, kUsccIndividual (registration
// authority 9 工商, category 2 个体工商户) or nothing.
std::optional<PiiKind> ClassifyUscc(std::string_view token);

// A mobile number with separators and/or a country prefix.
bool IsFormattedMobile(std::string_view text);
// A bank card number in groups separated by spaces or hyphens.
bool IsFormattedBankCard(std::string_view text);

// Mainland mobile segments actually assigned to subscribers (13x, 15x, 18x,
// 19x ...), on the 11-digit national number.
bool IsAssignedMobileSegment(std::string_view national);
// Issuer prefixes of cards in circulation in China: UnionPay 62, Visa 4,
// Mastercard 51-55 and 2221-2720, American Express 34/37, JCB 3528-3589,
// Diners 300-305/36/38, Discover 6011/65, and the domestic 60/9558 ranges.
bool HasCardIssuerPrefix(std::string_view digits);

// --- dates (pii_dates.cc) -------------------------------------------------

// Parses what the date pattern found: Y-M-D, Y/M/D, Y.M.D, Y年M月D日 (the day
// optional: 1990-05, 1990年5月), YYYYMMDD, each optionally followed by a
// time. Empty for impossible calendar dates.
std::optional<CivilDate> ParseDateCandidate(std::string_view text);
// Within the lifetime of someone alive: not after `today`, not more than 120
// years before it.
bool IsPlausibleBirthDate(const CivilDate& date, const CivilDate& today);

// --- network (pii_network.cc) ---------------------------------------------

bool IsIpv4(std::string_view text);  // four decimal octets 0-255, no leading zeros
bool IsIpv6(std::string_view text);  // RFC 4291 text forms; not the unspecified ::

// --- plates (pii_plates.cc) -----------------------------------------------

// `text` starts with a province abbreviation (京, 粤 ...) then the issuing
// office's letter, an optional separator, and 5 characters (conventional;
// at least 3 digits), or 4 and 挂/学/警/港/澳/领, or 6 (new energy: D/F or
// A-K first, or last).
bool IsLicencePlate(std::string_view text);

// --- names (pii_names.cc) -------------------------------------------------

// A whole value that is a Chinese name: a common surname and 1-3 more Han
// characters (2-4 in all; a compound surname and 1-2), not a stop word and
// not ending like a place or organisation.
bool IsChineseName(std::string_view text);
// 买买提·艾力: 2-4 parts of Han characters joined by a middle dot.
bool IsMinorityName(std::string_view text);
// The name right after a label such as 姓名 (at byte `after` of `text`),
// skipping a colon and spaces: true when one is there.
bool HasNameAfterLabel(std::string_view text, size_t after);

// --- addresses (pii_address.cc) -------------------------------------------

struct MarkerHit {
  size_t start;
  size_t end;
  bool local;  // a street/building level marker rather than an administrative one
};

// Decides, from the marker and house-number hits of a value, whether the
// whole value is an address and whether it contains one. An address needs
// two markers preceded by a place name (at least one of them street level:
// 路, 街道, 村, 号, 栋 ...) or a house number (digits then 号) after a place
// name; a segment ending like an organisation (政府, 局, 医院 ...) without
// a house number is an organisation's name, not an address. `hits` is
// reordered.
struct AddressVerdict {
  bool whole = false;
  bool contained = false;
};
AddressVerdict JudgeAddress(std::string_view text, std::vector<MarkerHit>& hits,
                            const std::vector<size_t>& house_number_ends);

}  // namespace yungu::privacy::internal

// Exact validators and generators for the identifiers Chinese government data
// is keyed by: the unified social credit code (GB 32100-2015, with the
// organisation code of GB 11714 embedded in it), the citizen identity number
// (GB 11643-1999, ISO 7064 MOD 11-2; plus the 15-digit legacy form),
// mainland mobile numbers and bank card numbers (Luhn).
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>

namespace yungu::identifiers {

enum class Kind { kUscc, kCitizenId, kMobile, kBankCard };
std::optional<Kind> ParseKind(std::string_view name);  // "uscc", "id", "phone", "bankcard"

// The outcome of one check. `reason` is a stable snake_case word when invalid
// (e.g. "length", "charset", "checksum", "org_code_checksum", "region",
// "birth_date", "prefix"), empty when valid.
struct Check {
  bool valid = false;
  std::string reason;
};

Check ValidateUscc(std::string_view code);
Check ValidateCitizenId(std::string_view id);  // 18-digit or 15-digit legacy
Check ValidateMobile(std::string_view number);  // 11 digits, 1[3-9]..., optional +86/86 prefix
Check ValidateBankCard(std::string_view number);  // 12-19 digits, Luhn
// local@domain.tld; see email.cc for what is accepted.
Check ValidateEmail(std::string_view address);
Check Validate(Kind kind, std::string_view value);

// Check characters, for callers that build identifiers.
// `first17` must be 17 characters of the code's alphabet / 17 digits.
char UsccCheckChar(std::string_view first17);
char OrgCodeCheckChar(std::string_view first8);  // GB 11714: '0'-'9' or 'X'
char CitizenIdCheckChar(std::string_view first17);  // '0'-'9' or 'X'
char LuhnCheckDigit(std::string_view payload);

// Upgrades a 15-digit legacy ID number to 18 digits (century 19, new check).
std::optional<std::string> UpgradeCitizenId15(std::string_view id15);

using Rng = std::mt19937_64;

// Generators for synthetic data; every result passes the matching validator.
// `division` is a 6-digit GB/T 2260 code such as "420602".
std::string GenerateUscc(Rng& rng, std::string_view division, char authority = '9',
                         char category = '1');
std::string GenerateCitizenId(Rng& rng, std::string_view division, int year, int month, int day,
                              bool male);
std::string GenerateMobile(Rng& rng);
std::string GenerateBankCard(Rng& rng, std::string_view bin = "622202", int length = 19);

// Batch check for `yungu validate`: reads one value per line from `in` and
// writes "<value>\tvalid" or "<value>\tinvalid:<reason>" per line to `out`.
// Trailing '\r' and surrounding spaces are ignored. Returns the number of
// invalid lines.
int64_t ValidateLines(Kind kind, std::istream& in, std::ostream& out);

}  // namespace yungu::identifiers

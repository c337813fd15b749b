// The catalog's enumerations in the controlled vocabularies DCAT-AP names.
#include <regex>

#include "yungu/dcat/dcat.h"

namespace yungu::dcat {

std::string FrequencyIri(model::UpdateCycle cycle) {
  std::string_view code = "IRREG";
  switch (cycle) {
    case model::UpdateCycle::kRealtime:
      code = "UPDATE_CONT";
      break;
    case model::UpdateCycle::kDaily:
      code = "DAILY";
      break;
    case model::UpdateCycle::kWeekly:
      code = "WEEKLY";
      break;
    case model::UpdateCycle::kMonthly:
      code = "MONTHLY";
      break;
    case model::UpdateCycle::kQuarterly:
      code = "QUARTERLY";
      break;
    case model::UpdateCycle::kYearly:
      code = "ANNUAL";
      break;
    case model::UpdateCycle::kIrregular:
      code = "IRREG";
      break;
  }
  return std::string(kEuFrequency) + std::string(code);
}

std::string AccessRightIri(model::OpeningType opening) {
  std::string_view code = "NON_PUBLIC";
  switch (opening) {
    case model::OpeningType::kUnconditional:
      code = "PUBLIC";
      break;
    case model::OpeningType::kConditional:
      code = "RESTRICTED";
      break;
    case model::OpeningType::kNone:
      code = "NON_PUBLIC";
      break;
  }
  return std::string(kEuAccessRight) + std::string(code);
}

std::optional<std::string> LicenceIri(std::string_view licence) {
  if (licence.starts_with("http://") || licence.starts_with("https://")) return std::string(licence);
  struct Known {
    std::string_view name;
    std::string_view eu_code;
  };
  static constexpr Known kKnown[] = {
      {"CC-BY-4.0", "CC_BY_4_0"}, {"CC-BY-SA-4.0", "CC_BYSA_4_0"}, {"CC0-1.0", "CC0"}, {"CC0", "CC0"}};
  for (const auto& k : kKnown) {
    if (licence == k.name) return std::string(kEuLicence) + std::string(k.eu_code);
  }
  return std::nullopt;
}

std::optional<Term> DateLiteral(std::string_view text) {
  static const std::regex kDate(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
  static const std::regex kDateTime(
      R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?)");
  const std::string s(text);
  if (std::regex_match(s, kDate)) return Typed(s, std::string(kXsd) + "date");
  if (std::regex_match(s, kDateTime)) return Typed(s, std::string(kXsd) + "dateTime");
  return std::nullopt;
}

}  // namespace yungu::dcat

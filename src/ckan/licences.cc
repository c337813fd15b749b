#include <cctype>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

// CKAN's default licence register (ids as CKAN spells them) and the SPDX
// ids portals use for the same licences.
constexpr Licence kLicences[] = {
    {"cc-by", "Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", true},
    {"cc-by-sa", "Creative Commons Attribution Share-Alike", "http://www.opendefinition.org/licenses/cc-by-sa", true},
    {"cc-zero", "Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero", true},
    {"cc-nc", "Creative Commons Non-Commercial (Any)", "http://creativecommons.org/licenses/by-nc/2.0/", false},
    {"gfdl", "GNU Free Documentation License", "http://www.opendefinition.org/licenses/gfdl", true},
    {"notspecified", "License not specified", "", false},
    {"odc-by", "Open Data Commons Attribution License", "http://www.opendefinition.org/licenses/odc-by", true},
    {"odc-odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl",
     true},
    {"odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)",
     "http://www.opendefinition.org/licenses/odc-pddl", true},
    {"other-at", "Other (Attribution)", "", true},
    {"other-closed", "Other (Not Open)", "", false},
    {"other-nc", "Other (Non-Commercial)", "", false},
    {"other-open", "Other (Open)", "", true},
    {"other-pd", "Other (Public Domain)", "", true},
    {"uk-ogl", "UK Open Government Licence (OGL)", "http://reference.data.gov.uk/id/open-government-licence", true},
    {"CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/", true},
    {"CC-BY-SA-4.0", "Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/",
     true},
    {"CC0-1.0", "Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", true},
};

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

const Licence* FindLicence(std::string_view id) {
  for (const auto& l : kLicences) {
    if (SameIgnoringCase(l.id, id)) return &l;
  }
  return nullptr;
}

}  // namespace yungu::ckan

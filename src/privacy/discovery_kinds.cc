// Kind names, their sensitivities, and the calendar date discovery measures
// birth dates against.
#include <chrono>

#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

struct KindInfo {
  PiiKind kind;
  std::string_view name;
  int sensitivity;
};

constexpr std::array<KindInfo, kPiiKindCount> kKinds = {{
    {PiiKind::kCitizenId, "citizen_id", 4},
    {PiiKind::kMobile, "mobile", 3},
    {PiiKind::kBankCard, "bank_card", 4},
    {PiiKind::kEmail, "email", 3},
    {PiiKind::kPersonName, "person_name", 3},
    {PiiKind::kAddress, "address", 3},
    {PiiKind::kLicencePlate, "licence_plate", 3},
    {PiiKind::kIpAddress, "ip_address", 3},
    {PiiKind::kUscc, "uscc", 1},
    {PiiKind::kUsccIndividual, "uscc_individual", 3},
    {PiiKind::kBirthDate, "birth_date", 3},
}};

constexpr bool InDeclarationOrder() {
  for (int i = 0; i < kPiiKindCount; ++i) {
    if (static_cast<int>(kKinds[i].kind) != i) return false;
  }
  return true;
}
static_assert(InDeclarationOrder(), "kKinds is indexed by PiiKind");

}  // namespace

const std::array<PiiKind, kPiiKindCount>& AllPiiKinds() {
  static const std::array<PiiKind, kPiiKindCount> kAll = [] {
    std::array<PiiKind, kPiiKindCount> all{};
    for (int i = 0; i < kPiiKindCount; ++i) all[i] = kKinds[i].kind;
    return all;
  }();
  return kAll;
}

std::string_view PiiKindName(PiiKind kind) { return kKinds[static_cast<int>(kind)].name; }

std::optional<PiiKind> ParsePiiKind(std::string_view name) {
  for (const KindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

int PiiKindSensitivity(PiiKind kind) { return kKinds[static_cast<int>(kind)].sensitivity; }

std::vector<PiiKind> KindSet::ToVector() const {
  std::vector<PiiKind> kinds;
  for (PiiKind kind : AllPiiKinds()) {
    if (Has(kind)) kinds.push_back(kind);
  }
  return kinds;
}

CivilDate TodayInChina() {
  using namespace std::chrono;
  const auto china_now = system_clock::now() + hours(8);
  const year_month_day ymd{floor<days>(china_now)};
  return CivilDate{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace yungu::privacy

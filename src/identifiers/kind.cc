// Kind names as the CLI spells them, and dispatch on a Kind.

#include "identifiers/internal.h"

namespace yungu::identifiers {

std::optional<Kind> ParseKind(std::string_view name) {
  if (name == "uscc") return Kind::kUscc;
  if (name == "id" || name == "citizen_id") return Kind::kCitizenId;
  if (name == "phone" || name == "mobile") return Kind::kMobile;
  if (name == "bankcard" || name == "bank_card") return Kind::kBankCard;
  return std::nullopt;
}

Check Validate(Kind kind, std::string_view value) {
  switch (kind) {
    case Kind::kUscc:
      return ValidateUscc(value);
    case Kind::kCitizenId:
      return ValidateCitizenId(value);
    case Kind::kMobile:
      return ValidateMobile(value);
    case Kind::kBankCard:
      return ValidateBankCard(value);
  }
  return Check{false, "kind"};  // a value cast outside the enum
}

}  // namespace yungu::identifiers

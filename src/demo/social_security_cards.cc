// social-security-cards (人社局): issued social security cards with their
// bank accounts. Financial account data of individuals, so it is neither
// shared nor opened; it exists to show how the hub treats such resources.
#include <unordered_set>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {

Result<DatasetOutput> GenerateSocialSecurityCards(const Context& ctx) {
  DatasetOutput out;
  auto& m = out.meta;
  m.id = "social-security-cards";
  m.name = "社会保障卡发放信息";
  m.name_en = "Issued social security cards";
  m.summary =
      "2023年以来襄阳市新发及补换的第三代社会保障卡信息，包括社保卡号、持卡人、"
      "合作银行及金融账户、发卡日期和卡片状态。涉及个人金融账户信息。";
  m.department = "RSJ";
  m.themes = {"social_security", "finance"};
  m.tags = {"社保卡", "银行卡", "个人信息"};
  m.format = "csv";
  m.sharing_type = model::SharingType::kNone;
  m.sharing_conditions =
      "涉及个人金融账户信息，依据《中华人民共和国个人信息保护法》不予共享；"
      "确需核验持卡状态的，通过社保卡线上核验接口逐笔办理。";
  m.opening_type = model::OpeningType::kNone;
  m.update_cycle = model::UpdateCycle::kDaily;
  m.publish_date = "2024-06-18";
  m.fields = {
      Field("card_no", "社会保障卡卡号", ColumnType::kText, "", "9位卡号", 3, true),
      Field("id_number", "公民身份号码", ColumnType::kText, "", "", 4, false, true),
      Field("name", "姓名", ColumnType::kText, "", "", 3, false, true),
      Field("district", "参保区县", ColumnType::kText, "", "", 2),
      Field("bank", "合作银行", ColumnType::kText, "", ""),
      Field("bank_card_no", "金融账户卡号", ColumnType::kText, "", "银行卡号，Luhn 校验", 4),
      Field("issue_date", "发卡日期", ColumnType::kDate, "", ""),
      Field("card_status", "卡片状态", ColumnType::kText, "", "正常、挂失、注销"),
  };
  // Confirmed personal data; other departments see the ID number only as a
  // pseudonym that still joins, and the card number masked.
  m.fields[1].personal = "citizen_id";
  m.fields[1].rules.format = "citizen_id";
  model::MaskSpec pseudonym;
  pseudonym.method = model::MaskMethod::kPseudonym;
  pseudonym.domain = "person";
  m.fields[1].masks.government = pseudonym;
  m.fields[2].personal = "person_name";
  m.fields[5].personal = "bank_card";
  m.fields[5].rules.format = "bank_card";
  model::MaskSpec card;
  card.method = model::MaskMethod::kKeep;
  card.keep_first = 6;
  card.keep_last = 4;
  m.fields[5].masks.government = card;
  out.file = "social_security_cards.csv";

  struct Bank {
    const char* name;
    const char* bin;
  };
  static const std::vector<Bank> kBanks = {
      {"中国工商银行", "622202"}, {"中国建设银行", "621700"},     {"中国农业银行", "622848"},
      {"中国银行", "621661"},     {"中国邮政储蓄银行", "621799"}, {"湖北农信", "621278"}};
  static const std::vector<double> kBankWeights = {22, 24, 18, 10, 12, 14};

  TableWriter w;
  YG_RETURN_IF_ERROR(w.Open(ctx.dir / out.file, FileFormat::kCsv, m.fields));
  Rng rng = MakeRng(ctx, m.id);
  const int64_t n = Scaled(ctx, 3000, 30);
  const int64_t first = DaysFromCivil(2023, 1, 1), last = DaysFromCivil(2025, 6, 30);
  std::unordered_set<std::string> cards, ids;
  std::vector<std::string> row(m.fields.size());
  for (int64_t i = 0; i < n; ++i) {
    const District& d = PickDistrict(rng);
    Person p = MakePerson(rng, d, 1940, 2010);
    while (!ids.insert(p.id_number).second) p = MakePerson(rng, d, 1940, 2010);
    std::string card;
    do {
      card = Join({std::string(1, static_cast<char>('A' + UniformInt(rng, 0, 25))),
                   Pad(UniformInt(rng, 0, 99999999), 8)});
    } while (!cards.insert(card).second);
    const Bank& bank = kBanks[PickWeighted(rng, kBankWeights)];
    const double u = Uniform01(rng);
    row = {card,
           p.id_number,
           p.name,
           d.name,
           bank.name,
           identifiers::GenerateBankCard(rng, bank.bin, 19),
           FormatDate(CivilFromDays(UniformInt(rng, first, last))),
           u < 0.93   ? "正常"
           : u < 0.97 ? "挂失"
                      : "注销"};
    YG_RETURN_IF_ERROR(w.Write(row));
  }
  YG_RETURN_IF_ERROR(w.Close());
  out.rows = w.rows();
  return out;
}

}  // namespace yungu::demo::internal

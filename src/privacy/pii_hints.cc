// Context words: what a field's name and title say about its values, the way
// Presidio raises a recogniser's score when words like "phone" surround a
// match. Chinese words are matched as substrings; English words and the
// pinyin initials of government schemas (sfzh 身份证号, lxdh 联系电话, xm 姓名)
// as whole tokens, so "zip" never reads as "ip".
#include <string>
#include <vector>

#include "privacy/pii_text.h"
#include "yungu/privacy/discovery.h"

namespace yungu::privacy {
namespace {

struct ChineseHint {
  PiiKind kind;
  std::string_view word;
};

constexpr ChineseHint kChineseHints[] = {
    {PiiKind::kCitizenId, "身份证"},     {PiiKind::kCitizenId, "证件号"},
    {PiiKind::kCitizenId, "身份号码"},   {PiiKind::kMobile, "手机"},
    {PiiKind::kMobile, "电话"},         {PiiKind::kMobile, "联系方式"},
    {PiiKind::kBankCard, "银行卡"},      {PiiKind::kBankCard, "卡号"},
    {PiiKind::kBankCard, "银行账号"},    {PiiKind::kBankCard, "银行帐号"},
    {PiiKind::kBankCard, "开户账号"},    {PiiKind::kEmail, "邮箱"},
    {PiiKind::kEmail, "电子邮件"},       {PiiKind::kEmail, "电邮"},
    {PiiKind::kPersonName, "姓名"},      {PiiKind::kPersonName, "联系人"},
    {PiiKind::kPersonName, "负责人"},    {PiiKind::kPersonName, "法定代表人"},
    {PiiKind::kPersonName, "法人代表"},  {PiiKind::kPersonName, "户主"},
    {PiiKind::kPersonName, "申请人"},    {PiiKind::kPersonName, "经办人"},
    {PiiKind::kPersonName, "监护人"},    {PiiKind::kPersonName, "患者"},
    {PiiKind::kPersonName, "收件人"},    {PiiKind::kAddress, "地址"},
    {PiiKind::kAddress, "住址"},         {PiiKind::kAddress, "住所"},
    {PiiKind::kAddress, "居住地"},       {PiiKind::kAddress, "户籍地"},
    {PiiKind::kAddress, "门牌"},         {PiiKind::kLicencePlate, "车牌"},
    {PiiKind::kLicencePlate, "号牌"},    {PiiKind::kUscc, "统一社会信用代码"},
    {PiiKind::kUscc, "信用代码"},        {PiiKind::kUsccIndividual, "统一社会信用代码"},
    {PiiKind::kUsccIndividual, "信用代码"}, {PiiKind::kBirthDate, "出生"},
    {PiiKind::kBirthDate, "生日"},       {PiiKind::kIpAddress, "网络地址"},
    {PiiKind::kIpAddress, "终端地址"},   {PiiKind::kIpAddress, "访问地址"},
    {PiiKind::kMobile, "移动电话"},      {PiiKind::kCitizenId, "公民身份号码"},
};

struct TokenHint {
  PiiKind kind;
  std::vector<std::string_view> tokens;  // consecutive tokens of the field's name or title
  bool exact = false;                    // the tokens must be all there is
};

const std::vector<TokenHint>& TokenHints() {
  static const std::vector<TokenHint> kHints = {
      {PiiKind::kCitizenId, {"id", "card"}},      {PiiKind::kCitizenId, {"idcard"}},
      {PiiKind::kCitizenId, {"id", "no"}},        {PiiKind::kCitizenId, {"id", "number"}},
      {PiiKind::kCitizenId, {"idno"}},            {PiiKind::kCitizenId, {"citizen", "id"}},
      {PiiKind::kCitizenId, {"national", "id"}},  {PiiKind::kCitizenId, {"identity"}},
      {PiiKind::kCitizenId, {"sfz"}},             {PiiKind::kCitizenId, {"sfzh"}},
      {PiiKind::kCitizenId, {"sfzhm"}},           {PiiKind::kCitizenId, {"zjhm"}},
      {PiiKind::kMobile, {"mobile"}},             {PiiKind::kMobile, {"phone"}},
      {PiiKind::kMobile, {"tel"}},                {PiiKind::kMobile, {"telephone"}},
      {PiiKind::kMobile, {"cellphone"}},          {PiiKind::kMobile, {"cell"}},
      {PiiKind::kMobile, {"sjh"}},                {PiiKind::kMobile, {"sjhm"}},
      {PiiKind::kMobile, {"lxdh"}},               {PiiKind::kMobile, {"lxfs"}},
      {PiiKind::kBankCard, {"bank", "card"}},     {PiiKind::kBankCard, {"bankcard"}},
      {PiiKind::kBankCard, {"card", "no"}},       {PiiKind::kBankCard, {"card", "number"}},
      {PiiKind::kBankCard, {"cardno"}},           {PiiKind::kBankCard, {"account", "no"}},
      {PiiKind::kBankCard, {"yhkh"}},             {PiiKind::kBankCard, {"yhzh"}},
      {PiiKind::kEmail, {"email"}},               {PiiKind::kEmail, {"mail"}},
      {PiiKind::kEmail, {"e", "mail"}},           {PiiKind::kEmail, {"dzyx"}},
      {PiiKind::kPersonName, {"name"}, true},     {PiiKind::kPersonName, {"full", "name"}},
      {PiiKind::kPersonName, {"real", "name"}},   {PiiKind::kPersonName, {"person", "name"}},
      {PiiKind::kPersonName, {"first", "name"}},  {PiiKind::kPersonName, {"last", "name"}},
      {PiiKind::kPersonName, {"given", "name"}},  {PiiKind::kPersonName, {"family", "name"}},
      {PiiKind::kPersonName, {"surname"}},        {PiiKind::kPersonName, {"contact", "name"}},
      {PiiKind::kPersonName, {"contact", "person"}}, {PiiKind::kPersonName, {"owner", "name"}},
      {PiiKind::kPersonName, {"applicant"}},      {PiiKind::kPersonName, {"xm"}},
      {PiiKind::kPersonName, {"xingming"}},       {PiiKind::kPersonName, {"lxr"}},
      {PiiKind::kPersonName, {"fzr"}},            {PiiKind::kPersonName, {"fddbr"}},
      {PiiKind::kAddress, {"address"}},           {PiiKind::kAddress, {"addr"}},
      {PiiKind::kAddress, {"dz"}},                {PiiKind::kAddress, {"jtdz"}},
      {PiiKind::kAddress, {"xxdz"}},              {PiiKind::kAddress, {"zz"}},
      {PiiKind::kAddress, {"hjdz"}},              {PiiKind::kAddress, {"residence"}},
      {PiiKind::kLicencePlate, {"plate"}},        {PiiKind::kLicencePlate, {"hphm"}},
      {PiiKind::kLicencePlate, {"cphm"}},         {PiiKind::kLicencePlate, {"cph"}},
      {PiiKind::kIpAddress, {"ip"}},              {PiiKind::kIpAddress, {"ipv4"}},
      {PiiKind::kIpAddress, {"ipv6"}},            {PiiKind::kIpAddress, {"ipaddr"}},
      {PiiKind::kUscc, {"uscc"}},                 {PiiKind::kUscc, {"credit", "code"}},
      {PiiKind::kUscc, {"tyshxydm"}},             {PiiKind::kUscc, {"shxydm"}},
      {PiiKind::kUsccIndividual, {"uscc"}},       {PiiKind::kUsccIndividual, {"credit", "code"}},
      {PiiKind::kUsccIndividual, {"tyshxydm"}},   {PiiKind::kUsccIndividual, {"shxydm"}},
      {PiiKind::kBirthDate, {"birth"}},           {PiiKind::kBirthDate, {"birthday"}},
      {PiiKind::kBirthDate, {"birthdate"}},       {PiiKind::kBirthDate, {"dob"}},
      {PiiKind::kBirthDate, {"csrq"}},            {PiiKind::kBirthDate, {"csny"}},
  };
  return kHints;
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-case ASCII words of `text`: split at anything not a letter or digit
// and at camelCase humps ("userIDCard" -> user, id, card).
void AppendTokens(std::string_view text, std::vector<std::string>& tokens) {
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!internal::IsAsciiAlnum(c)) {
      flush();
      continue;
    }
    if (IsUpper(c) && !current.empty()) {
      const char prev = text[i - 1];
      const bool hump = IsLower(prev) || internal::IsAsciiDigit(prev);
      const bool acronym_end = IsUpper(prev) && i + 1 < text.size() && IsLower(text[i + 1]);
      if (hump || acronym_end) flush();
    }
    current += ToLower(c);
  }
  flush();
}

bool ContainsRun(const std::vector<std::string>& tokens, const TokenHint& hint) {
  const size_t n = hint.tokens.size();
  if (hint.exact) {
    if (tokens.size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
      if (tokens[i] != hint.tokens[i]) return false;
    }
    return true;
  }
  for (size_t start = 0; start + n <= tokens.size(); ++start) {
    bool all = true;
    for (size_t i = 0; i < n && all; ++i) all = tokens[start + i] == hint.tokens[i];
    if (all) return true;
  }
  return false;
}

}  // namespace

KindSet HintedKinds(std::string_view name, std::string_view title) {
  KindSet hinted;
  for (const ChineseHint& hint : kChineseHints) {
    if (name.find(hint.word) != std::string_view::npos ||
        title.find(hint.word) != std::string_view::npos) {
      hinted.Add(hint.kind);
    }
  }
  // The name and the title are tokenised apart: "name" alone in either
  // suggests a person, "name" in "dept_name" does not.
  for (std::string_view source : {name, title}) {
    std::vector<std::string> tokens;
    AppendTokens(source, tokens);
    for (const TokenHint& hint : TokenHints()) {
      if (ContainsRun(tokens, hint)) hinted.Add(hint.kind);
    }
  }
  return hinted;
}

}  // namespace yungu::privacy

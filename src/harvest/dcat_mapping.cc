// dcat:Dataset records as CKAN package dicts.
#include "harvest/dcat_mapping.h"

#include <cctype>
#include <cstdio>
#include <set>

#include "harvest/fingerprint.h"
#include "yungu/dcat/dcat.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

std::string Name(std::string_view ns, std::string_view local) { return std::string(ns) + std::string(local); }

const std::string kDataset = Name(dcat::kDcat, "Dataset");
const std::string kTitle = Name(dcat::kDct, "title");
const std::string kDescription = Name(dcat::kDct, "description");
const std::string kIdentifier = Name(dcat::kDct, "identifier");
const std::string kModified = Name(dcat::kDct, "modified");
const std::string kIssued = Name(dcat::kDct, "issued");
const std::string kPublisher = Name(dcat::kDct, "publisher");
const std::string kLicense = Name(dcat::kDct, "license");
const std::string kAccessRights = Name(dcat::kDct, "accessRights");
const std::string kPeriodicity = Name(dcat::kDct, "accrualPeriodicity");
const std::string kFormat = Name(dcat::kDct, "format");
const std::string kKeyword = Name(dcat::kDcat, "keyword");
const std::string kTheme = Name(dcat::kDcat, "theme");
const std::string kDistribution = Name(dcat::kDcat, "distribution");
const std::string kAccessUrl = Name(dcat::kDcat, "accessURL");
const std::string kDownloadUrl = Name(dcat::kDcat, "downloadURL");
const std::string kMediaType = Name(dcat::kDcat, "mediaType");
const std::string kContactPoint = Name(dcat::kDcat, "contactPoint");
const std::string kLandingPage = Name(dcat::kDcat, "landingPage");
const std::string kFoafName = Name(dcat::kFoaf, "name");
const std::string kFn = Name(dcat::kVcard, "fn");
const std::string kHasEmail = Name(dcat::kVcard, "hasEmail");
const std::string kHasTelephone = Name(dcat::kVcard, "hasTelephone");
const std::string kPrefLabel = Name(dcat::kSkos, "prefLabel");
const std::string kNotation = Name(dcat::kSkos, "notation");
const std::string kAdmsIdentifier = Name(dcat::kAdms, "identifier");
const std::string kLabel = Name(dcat::kRdfs, "label");
const std::string kNextPage = Name(dcat::kHydra, "nextPage");
const std::string kNext = Name(dcat::kHydra, "next");

bool LanguageIs(const RdfTerm& t, std::string_view lang) {
  return t.language == lang || t.language.starts_with(std::string(lang) + "-");
}

// The text of a literal property: `preferred` language first, then
// untagged, then any.
std::string PickText(const std::vector<const RdfTerm*>& objects, std::string_view preferred) {
  const RdfTerm* untagged = nullptr;
  const RdfTerm* any = nullptr;
  for (const RdfTerm* t : objects) {
    if (!t->is_literal()) continue;
    if (LanguageIs(*t, preferred)) return t->value;
    if (t->language.empty() && !untagged) untagged = t;
    if (!any) any = t;
  }
  if (untagged) return untagged->value;
  return any ? any->value : std::string();
}

std::string OnlyIn(const std::vector<const RdfTerm*>& objects, std::string_view language) {
  for (const RdfTerm* t : objects) {
    if (t->is_literal() && LanguageIs(*t, language)) return t->value;
  }
  return {};
}

std::string LastSegment(std::string_view iri) {
  iri = iri.substr(0, iri.find_first_of("?"));
  while (!iri.empty() && (iri.back() == '/' || iri.back() == '#')) iri.remove_suffix(1);
  size_t cut = iri.find_last_of("/#:");
  return std::string(cut == std::string_view::npos ? iri : iri.substr(cut + 1));
}

// An IRI object's IRI or a literal's text (catalogs write addresses both ways).
std::string IriOrText(const RdfTerm* t) { return t == nullptr || t->kind == RdfTerm::Kind::kBlank ? "" : t->value; }

bool IsSlug(const std::string& s) {
  if (s.size() < 2 || s.size() > 64 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string DatasetName(const RdfGraph& g, const RdfTerm& ds) {
  std::string identifier = Lower(PickText(g.Objects(ds.Key(), kIdentifier), ""));
  if (IsSlug(identifier)) return identifier;
  std::string segment = ds.kind == RdfTerm::Kind::kIri ? Lower(LastSegment(ds.value)) : "";
  if (IsSlug(segment)) return segment;
  return identifier.empty() ? segment : identifier;  // invalid: the catalog's rules say why
}

RemoteOrganization Publisher(const RdfGraph& g, const RdfTerm& ds) {
  RemoteOrganization org;
  const RdfTerm* publisher = g.First(ds.Key(), kPublisher);
  if (publisher == nullptr) return org;
  if (publisher->is_literal()) {
    org.name = org.title = publisher->value;
    return org;
  }
  auto names = g.Objects(publisher->Key(), kFoafName);
  org.title = PickText(names, "zh");
  org.title_en = OnlyIn(names, "en");
  org.name = PickText(g.Objects(publisher->Key(), kIdentifier), "");
  if (org.name.empty() && publisher->kind == RdfTerm::Kind::kIri) org.name = LastSegment(publisher->value);
  if (org.name.empty()) org.name = org.title;
  if (org.title.empty()) org.title = org.name;
  return org;
}

// A theme concept by its key (the IRI's last segment) or its labels.
std::string ThemeName(const RdfGraph& g, const RdfTerm* theme) {
  if (theme->is_literal()) return theme->value;
  if (theme->kind == RdfTerm::Kind::kIri) {
    std::string key = LastSegment(theme->value);
    if (model::FindTheme(key)) return key;
  }
  for (const RdfTerm* label : g.Objects(theme->Key(), kPrefLabel)) {
    if (label->is_literal() && model::FindTheme(label->value)) return label->value;
  }
  std::string label = PickText(g.Objects(theme->Key(), kPrefLabel), "zh");
  return label.empty() ? theme->value : label;
}

std::string FormatName(const RdfGraph& g, const std::string& distribution) {
  if (const RdfTerm* format = g.First(distribution, kFormat)) {
    if (format->is_literal()) return format->value;
    std::string label = PickText(g.Objects(format->Key(), kLabel), "en");
    return label.empty() ? LastSegment(format->value) : label;
  }
  if (const RdfTerm* media = g.First(distribution, kMediaType)) {
    std::string type = media->is_literal() ? media->value : LastSegment(media->value);
    for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return type;
  }
  return {};
}

json Resources(const RdfGraph& g, const RdfTerm& ds) {
  json out = json::array();
  for (const RdfTerm* d : g.Objects(ds.Key(), kDistribution)) {
    if (d->is_literal()) continue;
    std::string key = d->Key();
    std::string url = IriOrText(g.First(key, kDownloadUrl));
    if (url.empty()) url = IriOrText(g.First(key, kAccessUrl));
    if (url.empty()) continue;
    json r = {{"url", url}, {"name", PickText(g.Objects(key, kTitle), "zh")}, {"format", FormatName(g, key)}};
    std::string description = PickText(g.Objects(key, kDescription), "zh");
    if (!description.empty()) r["description"] = description;
    out.push_back(std::move(r));
  }
  return out;
}

std::string Hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// The values Yungu's own namespace (<site>/ns#) carries, whatever the site.
void YunguClassifications(const RdfGraph& g, const RdfTerm& ds, std::map<std::string, std::string>& extras) {
  static const std::pair<std::string_view, std::string_view> kTerms[] = {{"/ns#sharingType", "sharing_type"},
                                                                          {"/ns#openingType", "opening_type"},
                                                                          {"/ns#updateCycle", "update_cycle"},
                                                                          {"/ns#sharingConditions", "sharing_conditions"}};
  const auto* properties = g.PropertiesOf(ds.Key());
  if (properties == nullptr) return;
  for (const auto& [predicate, object] : *properties) {
    for (const auto& [suffix, key] : kTerms) {
      if (predicate.ends_with(suffix) && object.is_literal()) extras[std::string(key)] = object.value;
    }
  }
}

RemoteDataset MapDataset(const RdfGraph& g, const RdfTerm& ds) {
  RemoteDataset remote;
  const std::string key = ds.Key();
  remote.remote_id = ds.kind == RdfTerm::Kind::kIri ? ds.value : PickText(g.Objects(key, kIdentifier), "");
  remote.organization = Publisher(g, ds);
  json& p = remote.package;
  p["name"] = DatasetName(g, ds);
  auto titles = g.Objects(key, kTitle);
  p["title"] = PickText(titles, "zh");
  p["notes"] = PickText(g.Objects(key, kDescription), "zh");

  std::set<std::string> seen;
  json tags = json::array();
  for (const RdfTerm* k : g.Objects(key, kKeyword)) {
    if (k->is_literal() && seen.insert(k->value).second) tags.push_back({{"name", k->value}});
  }
  p["tags"] = tags;
  json groups = json::array();
  for (const RdfTerm* t : g.Objects(key, kTheme)) groups.push_back({{"name", ThemeName(g, t)}});
  p["groups"] = groups;

  std::map<std::string, std::string> extras;
  std::string title_en = OnlyIn(titles, "en");
  if (!title_en.empty() && title_en != p["title"]) extras["title_en"] = title_en;
  if (const RdfTerm* f = g.First(key, kPeriodicity); f && !f->is_literal()) {
    if (auto cycle = UpdateCycleForFrequency(f->value)) {
      extras["update_cycle"] = *cycle;
    } else {
      remote.warnings.push_back("frequency " + f->value + " has no update cycle here; dropped");
    }
  }
  std::string issued = PickText(g.Objects(key, kIssued), "");
  if (issued.size() >= 10) extras["publish_date"] = issued.substr(0, 10);
  if (const RdfTerm* code = g.First(key, kAdmsIdentifier)) {
    std::string notation = code->is_literal() ? code->value : PickText(g.Objects(code->Key(), kNotation), "");
    if (!notation.empty()) extras["resource_code"] = notation;
  }
  if (const RdfTerm* contact = g.First(key, kContactPoint); contact && !contact->is_literal()) {
    std::string c = contact->Key();
    p["maintainer"] = PickText(g.Objects(c, kFn), "zh");
    std::string email = IriOrText(g.First(c, kHasEmail));
    if (email.starts_with("mailto:")) email = email.substr(7);
    if (!email.empty()) p["maintainer_email"] = email;
    std::string phone = IriOrText(g.First(c, kHasTelephone));
    if (phone.starts_with("tel:")) phone = phone.substr(4);
    if (!phone.empty()) extras["contact_phone"] = phone;
  }
  if (const RdfTerm* licence = g.First(key, kLicense)) {
    std::string label = licence->is_literal() ? licence->value : PickText(g.Objects(licence->Key(), kLabel), "zh");
    if (!label.empty()) {
      p["license_id"] = label;
    } else if (licence->kind == RdfTerm::Kind::kIri) {
      p["license_id"] = LicenceIdForIri(licence->value);
    }
  }
  if (const RdfTerm* rights = g.First(key, kAccessRights); rights && !rights->is_literal()) {
    p["private"] = LastSegment(rights->value) == "NON_PUBLIC";
  }
  std::string landing = IriOrText(g.First(key, kLandingPage));
  if (!landing.empty()) p["url"] = landing;
  YunguClassifications(g, ds, extras);
  p["resources"] = Resources(g, ds);
  json extra_list = json::array();
  for (const auto& [k, v] : extras) extra_list.push_back({{"key", k}, {"value", v}});
  p["extras"] = extra_list;

  remote.modified = PickText(g.Objects(key, kModified), "");
  if (remote.modified.empty()) remote.modified = "content-" + Hex16(Fingerprint(p.dump()));
  return remote;
}

}  // namespace

std::vector<RemoteDataset> DcatDatasets(const RdfGraph& graph) {
  std::vector<RemoteDataset> out;
  for (const RdfTerm& ds : graph.SubjectsOfType(kDataset)) out.push_back(MapDataset(graph, ds));
  return out;
}

std::optional<std::string> NextPage(const RdfGraph& graph) {
  for (const std::string* predicate : {&kNextPage, &kNext}) {
    for (const auto& [subject, object] : graph.WithPredicate(*predicate)) {
      if (object->kind != RdfTerm::Kind::kBlank && !object->value.empty()) return object->value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> UpdateCycleForFrequency(std::string_view iri) {
  std::string term = LastSegment(iri);
  for (auto& c : term) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const std::pair<std::string_view, std::string_view> kCycles[] = {
      {"UPDATE_CONT", "realtime"}, {"CONT", "realtime"},       {"CONTINUOUS", "realtime"}, {"DAILY", "daily"},
      {"WEEKLY", "weekly"},        {"MONTHLY", "monthly"},     {"QUARTERLY", "quarterly"}, {"ANNUAL", "yearly"},
      {"IRREG", "irregular"},      {"IRREGULAR", "irregular"}, {"UNKNOWN", "irregular"},   {"AS_NEEDED", "irregular"}};
  for (const auto& [name, cycle] : kCycles) {
    if (term == name) return std::string(cycle);
  }
  return std::nullopt;
}

std::string LicenceIdForIri(std::string_view iri) {
  if (!iri.starts_with(dcat::kEuLicence)) return std::string(iri);
  std::string id = LastSegment(iri);
  for (auto& c : id) {
    if (c == '_') c = '-';
  }
  // CC_BY_4_0 -> CC-BY-4.0: the version's parts are joined by a dot.
  size_t n = id.size();
  if (n >= 3 && std::isdigit(static_cast<unsigned char>(id[n - 1])) && id[n - 2] == '-' &&
      std::isdigit(static_cast<unsigned char>(id[n - 3]))) {
    id[n - 2] = '.';
  }
  return id;
}

}  // namespace yungu::harvest

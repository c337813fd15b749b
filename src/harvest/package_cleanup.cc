// Remote values the catalog cannot hold, dropped or trimmed with a warning.
#include "harvest/package_cleanup.h"

#include <cctype>
#include <map>
#include <set>

#include "yungu/model/catalog.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

// The catalog's limits (catalog/validation.cc), checked here so that a
// value over them is dropped instead of failing the whole dataset.
constexpr size_t kMaxName = 256;
constexpr size_t kMaxText = 8192;
constexpr size_t kMaxTag = 64;
constexpr size_t kMaxTags = 64;
constexpr size_t kMaxLinks = 100;
constexpr size_t kMaxUrl = 2048;
constexpr size_t kMaxLinkFormat = 64;
constexpr size_t kMaxExtraKey = 100;
constexpr size_t kMaxRemoteExtras = 97;  // the catalog's 100, less the harvester's three
const std::set<std::string> kFormats = {"csv", "tsv", "json", "ndjson", "xlsx", "xls", "xml", "api", "other"};

bool HasControl(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string OneLine(std::string s) {
  for (auto& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return s;
}

std::string Text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// The name of a group or tag given as a dict or as text.
std::string EntryName(const json& entry, std::initializer_list<const char*> keys) {
  if (entry.is_string()) return entry.get<std::string>();
  if (!entry.is_object()) return "";
  for (const char* k : keys) {
    if (entry.contains(k) && entry[k].is_string() && !entry[k].get<std::string>().empty()) {
      return entry[k].get<std::string>();
    }
  }
  return "";
}

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] && !(m == 2 && d == 29 && !leap);
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void CleanGroups(json& p, std::vector<std::string>& warnings) {
  if (!p.contains("groups")) return;
  json kept = json::array();
  std::set<std::string> seen;
  if (p["groups"].is_array()) {
    for (const auto& g : p["groups"]) {
      std::string name = EntryName(g, {"name", "id", "title"});
      const model::Theme* theme = model::FindTheme(name);
      if (!theme && g.is_object()) theme = model::FindTheme(EntryName(g, {"title", "display_name"}));
      if (!theme) {
        warnings.push_back("group '" + name + "' is not a theme here; dropped");
      } else if (seen.insert(std::string(theme->key)).second) {
        kept.push_back({{"name", theme->key}});
      }
    }
  }
  p["groups"] = kept;
}

void CleanTags(json& p, std::vector<std::string>& warnings) {
  if (!p.contains("tags") || !p["tags"].is_array()) return;
  json kept = json::array();
  std::set<std::string> seen;
  for (const auto& t : p["tags"]) {
    std::string name = EntryName(t, {"name", "display_name"});
    if (name.empty() || name.size() > kMaxTag || HasControl(name)) {
      warnings.push_back("tag '" + TrimUtf8(OneLine(name), kMaxTag) + "' is not 1-" + std::to_string(kMaxTag) +
                         " bytes of one line; dropped");
    } else if (kept.size() >= kMaxTags) {
      warnings.push_back("more than " + std::to_string(kMaxTags) + " tags; '" + name + "' dropped");
    } else if (seen.insert(name).second) {
      kept.push_back({{"name", name}});
    }
  }
  p["tags"] = kept;
}

void CleanResources(json& p, std::vector<std::string>& warnings) {
  if (!p.contains("resources")) return;
  json kept = json::array();
  if (p["resources"].is_array()) {
    for (auto r : p["resources"]) {
      if (!r.is_object()) continue;
      std::string url = Text(r.value("url", json()));
      std::string fixed;
      for (char c : url) fixed += c == ' ' ? std::string("%20") : std::string(1, c);
      bool web = fixed.rfind("http://", 0) == 0 || fixed.rfind("https://", 0) == 0;
      if (!web || fixed.size() > kMaxUrl || HasControl(fixed)) {
        warnings.push_back("resource '" + TrimUtf8(OneLine(url), 200) + "' is no http(s) URL here; dropped");
        continue;
      }
      if (kept.size() >= kMaxLinks) {
        warnings.push_back("more than " + std::to_string(kMaxLinks) + " resources; the rest dropped");
        break;
      }
      json link = {{"url", fixed},
                   {"name", TrimUtf8(OneLine(Text(r.value("name", json()))), kMaxName)},
                   {"description", TrimUtf8(Text(r.value("description", json())), kMaxText)}};
      std::string format = Text(r.value("format", json()));
      if (format.size() <= kMaxLinkFormat && !HasControl(format)) link["format"] = format;
      if (r.contains("created")) link["created"] = r["created"];
      kept.push_back(std::move(link));
    }
  }
  p["resources"] = kept;
}

json ExtrasAsList(const json& extras) {
  json list = json::array();
  if (extras.is_object()) {
    for (const auto& [k, v] : extras.items()) list.push_back({{"key", k}, {"value", Text(v)}});
  } else if (extras.is_array()) {
    for (const auto& e : extras) {
      if (!e.is_object() || !e.contains("key") || !e["key"].is_string() || e.value("deleted", false) == true) continue;
      list.push_back({{"key", e["key"]}, {"value", Text(e.value("value", json()))}});
    }
  }
  return list;
}

// data_format from the resources: the first format the catalog knows.
std::string FormatFromResources(const json& p) {
  if (!p.contains("resources") || !p["resources"].is_array()) return "other";
  for (const auto& r : p["resources"]) {
    std::string format = Lower(Text(r.value("format", json())));
    if (kFormats.count(format)) return format;
  }
  return "other";
}

void CleanExtras(json& p, std::vector<std::string>& warnings) {
  json list = ExtrasAsList(p.value("extras", json()));
  json kept = json::array();
  bool has_format = false;
  for (const auto& e : list) {
    std::string key = e["key"].get<std::string>(), value = e["value"].get<std::string>();
    auto drop = [&](const std::string& why) { warnings.push_back("extra " + key + ": " + why + "; dropped"); };
    if (key.rfind("harvest_", 0) == 0) continue;
    if (key.empty() || key.size() > kMaxExtraKey || HasControl(key)) {
      drop("the key is not 1-" + std::to_string(kMaxExtraKey) + " bytes of one line");
    } else if (value.size() > kMaxText) {
      drop("the value is longer than " + std::to_string(kMaxText) + " bytes");
    } else if (key == "sharing_type" && !model::ParseSharingType(value)) {
      drop("'" + value + "' is no sharing type");
    } else if (key == "opening_type" && !model::ParseOpeningType(value)) {
      drop("'" + value + "' is no opening type");
    } else if (key == "update_cycle" && !model::ParseUpdateCycle(value)) {
      drop("'" + value + "' is no update cycle");
    } else if (key == "publish_date" && !IsDate(value)) {
      drop("'" + value + "' is no date (YYYY-MM-DD)");
    } else if (key == "data_format" && !kFormats.count(Lower(value))) {
      drop("'" + value + "' is no data format here");
    } else if (kept.size() >= kMaxRemoteExtras) {
      drop("more than " + std::to_string(kMaxRemoteExtras) + " extras");
    } else {
      if (key == "data_format") {
        value = Lower(value);
        has_format = true;
      }
      kept.push_back({{"key", key}, {"value", value}});
    }
  }
  if (!has_format) kept.push_back({{"key", "data_format"}, {"value", FormatFromResources(p)}});
  p["extras"] = kept;
}

void CleanTexts(json& p, std::vector<std::string>& warnings) {
  if (p.contains("title") && !p["title"].is_null()) {
    std::string title = Text(p["title"]);
    std::string fixed = OneLine(title);
    if (fixed.size() > kMaxName) {
      fixed = TrimUtf8(fixed, kMaxName);
      warnings.push_back("title longer than " + std::to_string(kMaxName) + " bytes; cut");
    }
    p["title"] = fixed;
  }
  if (p.contains("notes") && !p["notes"].is_null()) {
    std::string notes = Text(p["notes"]);
    if (notes.size() > kMaxText) {
      warnings.push_back("notes longer than " + std::to_string(kMaxText) + " bytes; cut");
      p["notes"] = TrimUtf8(notes, kMaxText);
    }
  }
}

}  // namespace

std::string TrimUtf8(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

void CleanPackage(json& p, std::vector<std::string>& warnings) {
  if (!p.is_object()) return;
  CleanGroups(p, warnings);
  CleanTags(p, warnings);
  CleanResources(p, warnings);
  CleanExtras(p, warnings);
  CleanTexts(p, warnings);
}

}  // namespace yungu::harvest

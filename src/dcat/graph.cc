// The in-memory graph and the cleaning that lets every syntax carry a value
// unchanged.
#include <map>

#include "yungu/core/json_text.h"
#include "yungu/dcat/dcat.h"

namespace yungu::dcat {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool XmlAllows(char32_t cp) {
  if (cp == kBadUtf8) return false;
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t used = DecodeUtf8(text, i, cp);
    if (XmlAllows(cp)) {
      out.append(text.substr(i, used));
    } else {
      out.append(kReplacement);
    }
    i += used;
  }
  return out;
}

bool IriAllows(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return false;
  return std::string_view("<>\"{}|\\^`").find(static_cast<char>(c)) == std::string_view::npos;
}

std::string CleanIri(std::string_view iri) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(iri.size());
  for (char ch : iri) {
    auto c = static_cast<unsigned char>(ch);
    if (IriAllows(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

bool IsPlainName(std::string_view s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (char c : s) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

}  // namespace

std::string YunguNamespace(std::string_view site) { return std::string(site) + "/ns#"; }

Term Iri(std::string_view iri) { return Term{Term::Kind::kIri, CleanIri(iri), "", ""}; }

Term Text(std::string_view text, std::string_view language) {
  return Term{Term::Kind::kLiteral, CleanText(text), std::string(language), ""};
}

Term Typed(std::string_view lexical, std::string_view datatype) {
  return Term{Term::Kind::kLiteral, CleanText(lexical), "", CleanIri(datatype)};
}

void Graph::Add(std::string_view subject, std::string_view predicate, Term object) {
  Triple t{CleanIri(subject), CleanIri(predicate), std::move(object)};
  if (!seen_.insert(t).second) return;
  triples_.push_back(std::move(t));
}

std::vector<Graph::Node> Graph::Nodes() const {
  std::vector<Node> out;
  std::map<std::string_view, size_t> node_at;
  std::map<std::pair<size_t, std::string_view>, size_t> property_at;
  for (const auto& t : triples_) {
    auto [node, new_node] = node_at.emplace(t.subject, out.size());
    if (new_node) out.push_back(Node{t.subject, {}});
    auto& properties = out[node->second].properties;
    auto [property, new_property] = property_at.emplace(std::pair{node->second, std::string_view(t.predicate)},
                                                        properties.size());
    if (new_property) properties.push_back(Property{t.predicate, {}});
    properties[property->second].objects.push_back(&t.object);
  }
  return out;
}

std::optional<std::string> Graph::Compact(std::string_view iri) const {
  for (const auto& p : prefixes_) {
    if (iri.size() > p.iri.size() && iri.starts_with(p.iri) && IsPlainName(iri.substr(p.iri.size()))) {
      return p.name + ":" + std::string(iri.substr(p.iri.size()));
    }
  }
  return std::nullopt;
}

std::vector<Prefix> StandardPrefixes(std::string_view site) {
  return {{"rdf", std::string(kRdf)},     {"rdfs", std::string(kRdfs)},   {"xsd", std::string(kXsd)},
          {"dcat", std::string(kDcat)},   {"dct", std::string(kDct)},     {"foaf", std::string(kFoaf)},
          {"vcard", std::string(kVcard)}, {"skos", std::string(kSkos)},   {"adms", std::string(kAdms)},
          {"hydra", std::string(kHydra)}, {"yungu", CleanIri(YunguNamespace(site))}};
}

}  // namespace yungu::dcat

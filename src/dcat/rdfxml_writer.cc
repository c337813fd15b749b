// RDF/XML: one rdf:Description per subject, one property element per triple.
#include "yungu/dcat/dcat.h"

namespace yungu::dcat {
namespace {

// Text escaped for character data or (in_attribute) a double-quoted
// attribute value: markup characters always; CR always, which the parser
// would turn into LF; LF and TAB in attributes too, which attribute-value
// normalisation would turn into spaces.
void AppendXmlEscaped(std::string& out, std::string_view text, bool in_attribute) {
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += in_attribute ? "&quot;" : "\""; break;
      case '\r': out += "&#13;"; break;
      case '\n': out += in_attribute ? "&#10;" : "\n"; break;
      case '\t': out += in_attribute ? "&#9;" : "\t"; break;
      default: out.push_back(ch);
    }
  }
}

void AppendXmlText(std::string& out, std::string_view text) { AppendXmlEscaped(out, text, false); }

void AppendXmlAttribute(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  out.append(name);
  out += "=\"";
  AppendXmlEscaped(out, value, true);
  out.push_back('"');
}

bool IsXmlName(std::string_view s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (char c : s) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
  }
  return true;
}

// The property element's start: "<dct:title" for a declared namespace,
// otherwise the namespace is declared on the element itself. False when the
// predicate does not end in an XML name (RDF/XML cannot write it).
bool AppendPropertyStart(std::string& out, const Graph& graph, std::string_view predicate, std::string& end_tag) {
  if (auto compact = graph.Compact(predicate)) {
    out += "    <" + *compact;
    end_tag = "</" + *compact + ">";
    return true;
  }
  size_t cut = predicate.find_last_of("#/");
  if (cut == std::string_view::npos || !IsXmlName(predicate.substr(cut + 1))) return false;
  std::string name = "ns0:" + std::string(predicate.substr(cut + 1));
  out += "    <" + name;
  AppendXmlAttribute(out, "xmlns:ns0", predicate.substr(0, cut + 1));
  end_tag = "</" + name + ">";
  return true;
}

}  // namespace

std::string WriteRdfXml(const Graph& graph) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF";
  AppendXmlAttribute(out, "xmlns:rdf", kRdf);  // the syntax's own, declared or not
  for (const auto& p : graph.prefixes()) {
    if (p.name == "rdf" || p.name == "xml") continue;
    out += "\n   ";
    AppendXmlAttribute(out, "xmlns:" + p.name, p.iri);
  }
  out += ">\n";
  for (const auto& node : graph.Nodes()) {
    out += "  <rdf:Description";
    AppendXmlAttribute(out, "rdf:about", node.subject);
    out += ">\n";
    for (const auto& property : node.properties) {
      for (const Term* object : property.objects) {
        std::string end_tag;
        if (!AppendPropertyStart(out, graph, property.predicate, end_tag)) continue;
        if (object->kind == Term::Kind::kIri) {
          AppendXmlAttribute(out, "rdf:resource", object->value);
          out += "/>\n";
          continue;
        }
        if (!object->language.empty()) AppendXmlAttribute(out, "xml:lang", object->language);
        if (!object->datatype.empty()) AppendXmlAttribute(out, "rdf:datatype", object->datatype);
        out.push_back('>');
        AppendXmlText(out, object->value);
        out += end_tag + "\n";
      }
    }
    out += "  </rdf:Description>\n";
  }
  out += "</rdf:RDF>\n";
  return out;
}

}  // namespace yungu::dcat

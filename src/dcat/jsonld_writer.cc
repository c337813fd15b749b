// JSON-LD 1.1: an @context of the prefixes and an @graph of node objects.
// Every value is written expanded ({"@id"} or {"@value", "@language" |
// "@type"}), so the document means the same triples with or without a
// processor that knows DCAT.
#include "yungu/core/json_text.h"
#include "yungu/dcat/dcat.h"

namespace yungu::dcat {
namespace {

std::string CompactOrFull(const Graph& graph, std::string_view iri) {
  auto compact = graph.Compact(iri);
  return compact ? *compact : std::string(iri);
}

void AppendValue(std::string& out, const Graph& graph, const Term& term) {
  if (term.kind == Term::Kind::kIri) {
    out += "{\"@id\": ";
    AppendJsonString(out, term.value);
    out += "}";
    return;
  }
  out += "{\"@value\": ";
  AppendJsonString(out, term.value);
  if (!term.language.empty()) {
    out += ", \"@language\": ";
    AppendJsonString(out, term.language);
  } else if (!term.datatype.empty()) {
    out += ", \"@type\": ";
    AppendJsonString(out, CompactOrFull(graph, term.datatype));
  }
  out += "}";
}

// "@type": the classes of a node (rdf:type objects that are IRIs).
void AppendTypes(std::string& out, const Graph& graph, const Graph::Property& property) {
  out += "\"@type\": [";
  for (size_t i = 0; i < property.objects.size(); ++i) {
    if (i > 0) out += ", ";
    AppendJsonString(out, CompactOrFull(graph, property.objects[i]->value));
  }
  out += "]";
}

bool AllIris(const Graph::Property& property) {
  for (const Term* t : property.objects) {
    if (t->kind != Term::Kind::kIri) return false;
  }
  return true;
}

}  // namespace

std::string WriteJsonLd(const Graph& graph) {
  const std::string type = std::string(kRdf) + "type";
  std::string out = "{\n  \"@context\": {";
  const auto& prefixes = graph.prefixes();
  for (size_t i = 0; i < prefixes.size(); ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    AppendJsonString(out, prefixes[i].name);
    out += ": ";
    AppendJsonString(out, prefixes[i].iri);
  }
  out += "\n  },\n  \"@graph\": [";
  const auto nodes = graph.Nodes();
  for (size_t n = 0; n < nodes.size(); ++n) {
    out += n == 0 ? "\n    {" : ",\n    {";
    out += "\n      \"@id\": ";
    AppendJsonString(out, nodes[n].subject);
    for (const auto& property : nodes[n].properties) {
      out += ",\n      ";
      if (property.predicate == type && AllIris(property)) {
        AppendTypes(out, graph, property);
        continue;
      }
      AppendJsonString(out, CompactOrFull(graph, property.predicate));
      out += ": [";
      for (size_t i = 0; i < property.objects.size(); ++i) {
        if (i > 0) out += ", ";
        AppendValue(out, graph, *property.objects[i]);
      }
      out += "]";
    }
    out += "\n    }";
  }
  out += nodes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace yungu::dcat

// Turtle (RDF 1.1): prefixes, then one block per subject.
#include "yungu/dcat/dcat.h"

#include "yungu/core/json_text.h"

namespace yungu::dcat {
namespace {

// An IRI as prefix:local when it has a declared namespace, else <iri>
// (Term and Graph keep IRIs free of what an IRIREF may not hold).
void AppendIri(std::string& out, const Graph& graph, std::string_view iri) {
  if (auto compact = graph.Compact(iri)) {
    out += *compact;
  } else {
    out.push_back('<');
    out.append(iri);
    out.push_back('>');
  }
}

void AppendTerm(std::string& out, const Graph& graph, const Term& term) {
  if (term.kind == Term::Kind::kIri) {
    AppendIri(out, graph, term.value);
    return;
  }
  // JSON string escapes (\" \\ \n \t \u00XX ...) are all Turtle ECHARs or UCHARs.
  AppendJsonString(out, term.value);
  if (!term.language.empty()) {
    out.push_back('@');
    out += term.language;
  } else if (!term.datatype.empty()) {
    out += "^^";
    AppendIri(out, graph, term.datatype);
  }
}

}  // namespace

std::string WriteTurtle(const Graph& graph) {
  std::string out;
  for (const auto& p : graph.prefixes()) out += "@prefix " + p.name + ": <" + p.iri + "> .\n";
  const std::string type = std::string(kRdf) + "type";
  for (const auto& node : graph.Nodes()) {
    out += "\n<";
    out.append(node.subject);
    out += ">";
    for (size_t i = 0; i < node.properties.size(); ++i) {
      const auto& property = node.properties[i];
      out += i == 0 ? " " : " ;\n    ";
      if (property.predicate == type) {
        out += "a";
      } else {
        AppendIri(out, graph, property.predicate);
      }
      for (size_t j = 0; j < property.objects.size(); ++j) {
        out += j == 0 ? " " : ",\n        ";
        AppendTerm(out, graph, *property.objects[j]);
      }
    }
    out += " .\n";
  }
  return out;
}

}  // namespace yungu::dcat

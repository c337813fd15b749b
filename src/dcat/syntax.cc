// The three syntaxes: their file extensions and media types.
#include "yungu/dcat/dcat.h"

namespace yungu::dcat {

std::optional<Syntax> SyntaxForExtension(std::string_view extension) {
  if (extension == "jsonld") return Syntax::kJsonLd;
  if (extension == "ttl") return Syntax::kTurtle;
  if (extension == "rdf") return Syntax::kRdfXml;
  return std::nullopt;
}

std::string_view ExtensionOf(Syntax syntax) {
  switch (syntax) {
    case Syntax::kJsonLd:
      return "jsonld";
    case Syntax::kTurtle:
      return "ttl";
    case Syntax::kRdfXml:
      return "rdf";
  }
  return "jsonld";
}

std::string_view ContentTypeOf(Syntax syntax) {
  switch (syntax) {
    case Syntax::kJsonLd:
      return "application/ld+json; charset=utf-8";
    case Syntax::kTurtle:
      return "text/turtle; charset=utf-8";
    case Syntax::kRdfXml:
      return "application/rdf+xml; charset=utf-8";
  }
  return "application/ld+json; charset=utf-8";
}

std::string Write(const Graph& graph, Syntax syntax) {
  switch (syntax) {
    case Syntax::kJsonLd:
      return WriteJsonLd(graph);
    case Syntax::kTurtle:
      return WriteTurtle(graph);
    case Syntax::kRdfXml:
      return WriteRdfXml(graph);
  }
  return WriteJsonLd(graph);
}

}  // namespace yungu::dcat

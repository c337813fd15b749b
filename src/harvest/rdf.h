// RDF as read from a harvested catalog: triples with blank nodes, an index
// by subject, and the three syntaxes DCAT catalogs come in.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::harvest {

struct RdfTerm {
  enum class Kind { kIri, kBlank, kLiteral };
  Kind kind = Kind::kIri;
  std::string value;     // the IRI, the blank node's label, or the literal's text
  std::string language;  // literals: lower-case language tag, or empty
  std::string datatype;  // literals: the datatype IRI, or empty

  bool is_literal() const { return kind == Kind::kLiteral; }
  // How a node is found again as a subject: the IRI, or "_:" + label.
  std::string Key() const { return kind == Kind::kBlank ? "_:" + value : value; }
};

RdfTerm IriTerm(std::string iri);
RdfTerm BlankTerm(std::string label);
RdfTerm LiteralTerm(std::string text, std::string language = {}, std::string datatype = {});

class RdfGraph {
 public:
  void Add(const RdfTerm& subject, std::string predicate, RdfTerm object);

  size_t size() const { return size_; }
  // The objects of (subject, predicate), in document order.
  std::vector<const RdfTerm*> Objects(std::string_view subject_key, std::string_view predicate) const;
  const RdfTerm* First(std::string_view subject_key, std::string_view predicate) const;
  // The subjects with rdf:type `type_iri`, in document order.
  std::vector<RdfTerm> SubjectsOfType(std::string_view type_iri) const;
  // Every (subject, object) pair of a predicate, in document order.
  std::vector<std::pair<RdfTerm, const RdfTerm*>> WithPredicate(std::string_view predicate) const;
  // Each predicate of a subject with its objects.
  const std::vector<std::pair<std::string, RdfTerm>>* PropertiesOf(std::string_view subject_key) const;

 private:
  struct Node {
    RdfTerm subject;
    std::vector<std::pair<std::string, RdfTerm>> properties;
  };
  std::map<std::string, size_t, std::less<>> index_;
  std::vector<Node> nodes_;
  size_t size_ = 0;
};

enum class RdfSyntax { kTurtle, kRdfXml, kJsonLd };
std::string_view RdfSyntaxName(RdfSyntax syntax);
// From a Content-Type (text/turtle, application/rdf+xml, application/xml,
// text/xml, application/ld+json, application/json); nullopt for others.
std::optional<RdfSyntax> SyntaxFromContentType(std::string_view content_type);
// From the URL path's extension (.ttl, .rdf, .xml, .jsonld, .json).
std::optional<RdfSyntax> SyntaxFromUrl(std::string_view url);

// Parses a document; `base` resolves relative IRIs. Fails with
// InvalidArgument "harvest.bad_rdf" and the parser's first complaint.
// Turtle and RDF/XML go through raptor2 (never fetching anything the
// document names); JSON-LD through ParseJsonLd.
Result<RdfGraph> ParseRdf(std::string_view document, RdfSyntax syntax, const std::string& base);

// JSON-LD without a processor: the subset catalogs are written in (ours,
// ckanext-dcat's, rdflib's). An @context of prefixes and terms (strings or
// {"@id", "@type", "@language"}; remote contexts are not fetched), node
// objects at the top, in an array or in @graph, nested node objects,
// @id/@type/@value/@language/@list/@set, compact IRIs and @vocab.
Result<RdfGraph> ParseJsonLd(std::string_view document, const std::string& base);

}  // namespace yungu::harvest

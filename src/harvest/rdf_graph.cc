// The graph of a harvested document, and how its syntax is recognised.
#include <cctype>

#include "harvest/rdf.h"

namespace yungu::harvest {
namespace {

constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

RdfTerm IriTerm(std::string iri) { return {RdfTerm::Kind::kIri, std::move(iri), {}, {}}; }
RdfTerm BlankTerm(std::string label) { return {RdfTerm::Kind::kBlank, std::move(label), {}, {}}; }
RdfTerm LiteralTerm(std::string text, std::string language, std::string datatype) {
  return {RdfTerm::Kind::kLiteral, std::move(text), Lower(language), std::move(datatype)};
}

void RdfGraph::Add(const RdfTerm& subject, std::string predicate, RdfTerm object) {
  std::string key = subject.Key();
  auto it = index_.find(key);
  if (it == index_.end()) {
    it = index_.emplace(std::move(key), nodes_.size()).first;
    nodes_.push_back({subject, {}});
  }
  nodes_[it->second].properties.emplace_back(std::move(predicate), std::move(object));
  ++size_;
}

const std::vector<std::pair<std::string, RdfTerm>>* RdfGraph::PropertiesOf(std::string_view subject_key) const {
  auto it = index_.find(subject_key);
  return it == index_.end() ? nullptr : &nodes_[it->second].properties;
}

std::vector<const RdfTerm*> RdfGraph::Objects(std::string_view subject_key, std::string_view predicate) const {
  std::vector<const RdfTerm*> out;
  if (const auto* properties = PropertiesOf(subject_key)) {
    for (const auto& [p, o] : *properties) {
      if (p == predicate) out.push_back(&o);
    }
  }
  return out;
}

const RdfTerm* RdfGraph::First(std::string_view subject_key, std::string_view predicate) const {
  if (const auto* properties = PropertiesOf(subject_key)) {
    for (const auto& [p, o] : *properties) {
      if (p == predicate) return &o;
    }
  }
  return nullptr;
}

std::vector<RdfTerm> RdfGraph::SubjectsOfType(std::string_view type_iri) const {
  std::vector<RdfTerm> out;
  for (const auto& node : nodes_) {
    for (const auto& [p, o] : node.properties) {
      if (p == kRdfType && !o.is_literal() && o.value == type_iri) {
        out.push_back(node.subject);
        break;
      }
    }
  }
  return out;
}

std::vector<std::pair<RdfTerm, const RdfTerm*>> RdfGraph::WithPredicate(std::string_view predicate) const {
  std::vector<std::pair<RdfTerm, const RdfTerm*>> out;
  for (const auto& node : nodes_) {
    for (const auto& [p, o] : node.properties) {
      if (p == predicate) out.emplace_back(node.subject, &o);
    }
  }
  return out;
}

std::string_view RdfSyntaxName(RdfSyntax syntax) {
  switch (syntax) {
    case RdfSyntax::kTurtle:
      return "Turtle";
    case RdfSyntax::kRdfXml:
      return "RDF/XML";
    case RdfSyntax::kJsonLd:
      return "JSON-LD";
  }
  return "RDF";
}

std::optional<RdfSyntax> SyntaxFromContentType(std::string_view content_type) {
  std::string type = Lower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type == "text/turtle" || type == "application/x-turtle" || type == "text/n3") return RdfSyntax::kTurtle;
  if (type == "application/rdf+xml" || type == "application/xml" || type == "text/xml") return RdfSyntax::kRdfXml;
  if (type == "application/ld+json" || type == "application/json") return RdfSyntax::kJsonLd;
  return std::nullopt;
}

std::optional<RdfSyntax> SyntaxFromUrl(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  std::string lower = Lower(path);
  if (lower.ends_with(".ttl")) return RdfSyntax::kTurtle;
  if (lower.ends_with(".rdf") || lower.ends_with(".xml")) return RdfSyntax::kRdfXml;
  if (lower.ends_with(".jsonld") || lower.ends_with(".json")) return RdfSyntax::kJsonLd;
  return std::nullopt;
}

}  // namespace yungu::harvest

// Turtle and RDF/XML through Debian's raptor2, which knows both syntaxes
// fully (ckanext-dcat's rdflib output included); JSON-LD, which raptor2
// does not read, goes to ParseJsonLd.
#include <raptor2.h>

#include <memory>

#include "harvest/rdf.h"

namespace yungu::harvest {
namespace {

struct ParseState {
  RdfGraph graph;
  std::string first_error;
};

std::string UriText(raptor_uri* uri) {
  if (uri == nullptr) return {};
  return reinterpret_cast<const char*>(raptor_uri_as_string(uri));
}

RdfTerm FromRaptor(const raptor_term* term) {
  switch (term->type) {
    case RAPTOR_TERM_TYPE_URI:
      return IriTerm(UriText(term->value.uri));
    case RAPTOR_TERM_TYPE_BLANK:
      return BlankTerm(std::string(reinterpret_cast<const char*>(term->value.blank.string), term->value.blank.string_len));
    case RAPTOR_TERM_TYPE_LITERAL: {
      const auto& literal = term->value.literal;
      std::string text(reinterpret_cast<const char*>(literal.string), literal.string_len);
      std::string language = literal.language == nullptr
                                 ? std::string()
                                 : std::string(reinterpret_cast<const char*>(literal.language), literal.language_len);
      return LiteralTerm(std::move(text), std::move(language), UriText(literal.datatype));
    }
    case RAPTOR_TERM_TYPE_UNKNOWN:
      break;
  }
  return LiteralTerm("");
}

void OnStatement(void* user_data, raptor_statement* statement) {
  auto* state = static_cast<ParseState*>(user_data);
  RdfTerm predicate = FromRaptor(statement->predicate);
  state->graph.Add(FromRaptor(statement->subject), std::move(predicate.value), FromRaptor(statement->object));
}

void OnLog(void* user_data, raptor_log_message* message) {
  auto* state = static_cast<ParseState*>(user_data);
  if (message->level < RAPTOR_LOG_LEVEL_ERROR || !state->first_error.empty()) return;
  state->first_error = message->text ? message->text : "unknown error";
  if (message->locator != nullptr && message->locator->line > 0) {
    state->first_error = "line " + std::to_string(message->locator->line) + ": " + state->first_error;
  }
}

struct WorldDeleter {
  void operator()(raptor_world* w) const { raptor_free_world(w); }
};
struct ParserDeleter {
  void operator()(raptor_parser* p) const { raptor_free_parser(p); }
};
struct UriDeleter {
  void operator()(raptor_uri* u) const { raptor_free_uri(u); }
};

Result<RdfGraph> ParseWithRaptor(std::string_view document, const char* parser_name, RdfSyntax syntax,
                                 const std::string& base) {
  const std::string what(RdfSyntaxName(syntax));
  std::unique_ptr<raptor_world, WorldDeleter> world(raptor_new_world());
  if (!world || raptor_world_open(world.get()) != 0) return Internal("harvest.rdf_parser", "cannot start raptor2");
  ParseState state;
  raptor_world_set_log_handler(world.get(), &state, OnLog);
  std::unique_ptr<raptor_parser, ParserDeleter> parser(raptor_new_parser(world.get(), parser_name));
  if (!parser) return Internal("harvest.rdf_parser", "raptor2 has no " + what + " parser");
  // A catalog is data: it may not make the parser read files or the network.
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_NET, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_FILE, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nullptr, 0);
  raptor_parser_set_statement_handler(parser.get(), &state, OnStatement);
  std::unique_ptr<raptor_uri, UriDeleter> base_uri(
      raptor_new_uri(world.get(), reinterpret_cast<const unsigned char*>(base.c_str())));
  if (!base_uri) return InvalidArgument("harvest.bad_url", "'" + base + "' cannot be the document's base IRI");
  int rc = raptor_parser_parse_start(parser.get(), base_uri.get());
  if (rc == 0) {
    rc = raptor_parser_parse_chunk(parser.get(), reinterpret_cast<const unsigned char*>(document.data()),
                                   document.size(), 1);
  }
  if (rc != 0 || !state.first_error.empty()) {
    std::string why = state.first_error.empty() ? "the parser gave up" : state.first_error;
    return InvalidArgument("harvest.bad_rdf", base + " is not valid " + what + ": " + why);
  }
  return std::move(state.graph);
}

}  // namespace

Result<RdfGraph> ParseRdf(std::string_view document, RdfSyntax syntax, const std::string& base) {
  switch (syntax) {
    case RdfSyntax::kTurtle:
      return ParseWithRaptor(document, "turtle", syntax, base);
    case RdfSyntax::kRdfXml:
      return ParseWithRaptor(document, "rdfxml", syntax, base);
    case RdfSyntax::kJsonLd:
      return ParseJsonLd(document, base);
  }
  return Unsupported("harvest.unknown_syntax", "unknown RDF syntax");
}

}  // namespace yungu::harvest

// DCAT-AP 3.0 exports of the catalog, in the shapes ckanext-dcat's
// euro_dcat_ap_3 profile gives CKAN: JSON-LD, Turtle and RDF/XML.
//
// Two layers, both pure (no I/O, no store, no HTTP):
//  * the mapping builds one RDF graph (a small in-memory list of triples)
//    from catalog records: CatalogGraph for a page of the catalog,
//    DatasetGraph for one dataset;
//  * the writers turn a graph into a document. The three syntaxes are written
//    from the same graph, so they always carry the same triples.
//
// IRIs minted under the hub's address (`site`, no trailing slash):
//   <site>/catalog                 the dcat:Catalog
//   <site>/catalog.<ext>?page=N    a page of it (hydra:PagedCollection)
//   <site>/dataset/<id>            a dcat:Dataset; #contact, #licence,
//                                  #resource-code and #distribution-csv
//                                  name its parts
//   <site>/organization/<code>     a department (foaf:Organization)
//   <site>/themes, /themes/<key>   the themes (skos:ConceptScheme, skos:Concept)
//   <site>/ns#                     Yungu's own terms for the national
//                                  catalog's classifications, as literals:
//                                  sharingType, sharingConditions,
//                                  openingType, updateCycle (the model's
//                                  English names, e.g. "conditional")
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/model/catalog.h"

namespace yungu::dcat {

// ---------------------------------------------------------------------------
// Vocabularies

inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kDcat = "http://www.w3.org/ns/dcat#";
inline constexpr std::string_view kDct = "http://purl.org/dc/terms/";
inline constexpr std::string_view kFoaf = "http://xmlns.com/foaf/0.1/";
inline constexpr std::string_view kVcard = "http://www.w3.org/2006/vcard/ns#";
inline constexpr std::string_view kSkos = "http://www.w3.org/2004/02/skos/core#";
inline constexpr std::string_view kAdms = "http://www.w3.org/ns/adms#";
inline constexpr std::string_view kHydra = "http://www.w3.org/ns/hydra/core#";
// The EU Publications Office's authority tables that DCAT-AP names.
inline constexpr std::string_view kEuFrequency = "http://publications.europa.eu/resource/authority/frequency/";
inline constexpr std::string_view kEuAccessRight = "http://publications.europa.eu/resource/authority/access-right/";
inline constexpr std::string_view kEuFileType = "http://publications.europa.eu/resource/authority/file-type/";
inline constexpr std::string_view kEuLicence = "http://publications.europa.eu/resource/authority/licence/";
inline constexpr std::string_view kEuLanguage = "http://publications.europa.eu/resource/authority/language/";
inline constexpr std::string_view kIanaMediaTypes = "http://www.iana.org/assignments/media-types/";

// Yungu's namespace under the hub's address: <site>/ns#.
std::string YunguNamespace(std::string_view site);

// ---------------------------------------------------------------------------
// The graph

// An IRI or a literal. Make them with Iri/Text/Typed, which clean the value
// so that every syntax can carry it unchanged.
struct Term {
  enum class Kind { kIri, kLiteral };
  Kind kind = Kind::kIri;
  std::string value;     // the IRI, or the literal's lexical form
  std::string language;  // literals: a language tag ("zh", "en") or empty
  std::string datatype;  // literals: a full datatype IRI, or empty for a plain string

  bool operator==(const Term&) const = default;
  auto operator<=>(const Term&) const = default;
};

// An IRI with every byte outside printable ASCII, and the characters no IRI
// may hold (space, <>"{}|\^`), %-encoded.
Term Iri(std::string_view iri);
// A string literal, optionally language-tagged. Invalid UTF-8 and the
// characters XML 1.0 cannot carry (controls other than tab, LF, CR;
// U+FFFE, U+FFFF) become U+FFFD.
Term Text(std::string_view text, std::string_view language = {});
// A typed literal, e.g. Typed("2024-01-02", xsd:date).
Term Typed(std::string_view lexical, std::string_view datatype);

struct Triple {
  std::string subject;    // an IRI
  std::string predicate;  // an IRI ending in an XML name (all of DCAT-AP's do)
  Term object;

  bool operator==(const Triple&) const = default;
  auto operator<=>(const Triple&) const = default;
};

// A namespace the writers abbreviate ("dcat" -> http://www.w3.org/ns/dcat#).
struct Prefix {
  std::string name;
  std::string iri;
};

// A set of triples, kept in the order they were first added (so documents
// are stable and readable), with the prefixes the writers use.
class Graph {
 public:
  explicit Graph(std::vector<Prefix> prefixes) : prefixes_(std::move(prefixes)) {}

  // Adds the triple unless the graph holds it already. The subject and
  // predicate are cleaned like Iri().
  void Add(std::string_view subject, std::string_view predicate, Term object);

  const std::vector<Triple>& triples() const { return triples_; }
  const std::vector<Prefix>& prefixes() const { return prefixes_; }

  // The triples about one subject, grouped by predicate.
  struct Property {
    std::string_view predicate;
    std::vector<const Term*> objects;
  };
  struct Node {
    std::string_view subject;
    std::vector<Property> properties;
  };
  // Each subject once, in first-use order; its predicates in first-use
  // order. Views into the graph: valid while it is not changed.
  std::vector<Node> Nodes() const;

  // "prefix:local" when `iri` is a declared namespace followed by a plain
  // name ([A-Za-z_][A-Za-z0-9_-]*); nullopt otherwise.
  std::optional<std::string> Compact(std::string_view iri) const;

 private:
  std::vector<Prefix> prefixes_;
  std::vector<Triple> triples_;
  std::set<Triple> seen_;
};

// The prefixes of every graph the mapping builds, Yungu's under `site`.
std::vector<Prefix> StandardPrefixes(std::string_view site);

// ---------------------------------------------------------------------------
// Syntaxes

enum class Syntax { kJsonLd, kTurtle, kRdfXml };

// "jsonld", "ttl", "rdf" -> the syntax; nullopt for any other extension.
std::optional<Syntax> SyntaxForExtension(std::string_view extension);
std::string_view ExtensionOf(Syntax syntax);
// The Content-Type to answer with, e.g. "text/turtle; charset=utf-8".
std::string_view ContentTypeOf(Syntax syntax);

// The graph as a UTF-8 document. JSON-LD: one object with an @context of
// the prefixes and an @graph of node objects (values always expanded).
std::string WriteJsonLd(const Graph& graph);
std::string WriteTurtle(const Graph& graph);
std::string WriteRdfXml(const Graph& graph);
std::string Write(const Graph& graph, Syntax syntax);

// ---------------------------------------------------------------------------
// The mapping (DCAT-AP 3.0)

// The EU frequency for an update cycle: realtime -> UPDATE_CONT, daily ->
// DAILY, weekly, monthly, quarterly, yearly -> ANNUAL, irregular -> IRREG.
std::string FrequencyIri(model::UpdateCycle cycle);
// The EU access right for an opening type: unconditional -> PUBLIC,
// conditional -> RESTRICTED, none -> NON_PUBLIC.
std::string AccessRightIri(model::OpeningType opening);
// A licence as an IRI: an http(s) address as it is, the common Creative
// Commons names (CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0) as the EU licence
// table's entries; nullopt for anything else (free text, written as a
// dct:LicenseDocument with that label).
std::optional<std::string> LicenceIri(std::string_view licence);
// A date (YYYY-MM-DD) as xsd:date, a timestamp (YYYY-MM-DDTHH:MM:SS with
// optional fraction and Z or ±HH:MM) as xsd:dateTime; nullopt for other text.
std::optional<Term> DateLiteral(std::string_view text);

// Datasets per page of the catalog, as in ckanext-dcat.
inline constexpr int64_t kDatasetsPerPage = 100;

// Where one page of the catalog sits among all of them.
struct Paging {
  int64_t page = 1;   // 1-based
  int64_t total = 0;  // datasets on all pages
  int64_t per_page = kDatasetsPerPage;
  // The document's address without the page, e.g. <site>/catalog.ttl or
  // <site>/catalog.ttl?q=交通; pages are it plus ?page=N (or &page=N).
  std::string collection_url;
};

struct CatalogExport {
  std::string site;  // the hub's address, no trailing slash
  std::vector<model::DatasetMeta> datasets;    // the page's, all visible to the reader
  std::vector<model::Department> departments;  // at least the datasets' providers
  Paging paging;
  std::string title_zh = "云谷政务数据资源目录";
  std::string title_en = "Yungu government data catalog";
  std::string description_zh = "城市各部门登记、共享与开放的政务数据资源目录。";
  std::string description_en = "The city's government data resources, as departments register, share and open them.";
  std::string publisher_zh = "云谷政务数据平台";
  std::string publisher_en = "Yungu government data hub";
};

// The last page's number (at least 1, an empty catalog having one page).
int64_t LastPage(const Paging& paging);

// The catalog, its publisher and themes, the page's datasets with their
// publishers, contact points and distributions, and the page's place among
// the others (hydra: totalItems, itemsPerPage, firstPage, lastPage,
// nextPage, previousPage).
Graph CatalogGraph(const CatalogExport& catalog);

// One dataset with its publisher (`department`, null when unknown),
// themes, contact point, licence and distribution.
Graph DatasetGraph(std::string_view site, const model::DatasetMeta& dataset, const model::Department* department);

// Adds one dataset's triples to `graph` (what DatasetGraph holds); returns
// the dataset's IRI.
std::string AddDataset(Graph& graph, std::string_view site, const model::DatasetMeta& dataset,
                       const model::Department* department);

}  // namespace yungu::dcat

// The three writers: each syntax's escapes, and the JSON-LD read back into
// exactly the graph's triples (rdflib_test.cc compares all three syntaxes
// with a real RDF parser).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "unit/dcat/sample_catalog.h"

namespace yungu::dcat {
namespace {

using nlohmann::json;

constexpr char kS[] = "http://h/s";
constexpr char kP[] = "http://purl.org/dc/terms/description";

Graph OneLiteral(std::string_view text, std::string_view language = "zh") {
  Graph g(StandardPrefixes("http://h"));
  g.Add(kS, kP, Text(text, language));
  return g;
}

bool Has(const std::string& doc, const std::string& part) { return doc.find(part) != std::string::npos; }

TEST(DcatTurtleTest, EscapesStringLiterals) {
  std::string doc = WriteTurtle(OneLiteral("a \"q\" \\ b\nc\rd\te <x> & 中文 😀"));
  EXPECT_TRUE(Has(doc, R"("a \"q\" \\ b\nc\rd\te <x> & 中文 😀"@zh)")) << doc;
  EXPECT_FALSE(Has(doc, "b\nc")) << "a raw newline inside a literal";
}

TEST(DcatTurtleTest, WritesPrefixesTypesAndTypedLiterals) {
  Graph g(StandardPrefixes("http://h"));
  g.Add(kS, std::string(kRdf) + "type", Iri(std::string(kDcat) + "Dataset"));
  g.Add(kS, std::string(kDct) + "issued", Typed("2024-02-29", std::string(kXsd) + "date"));
  g.Add(kS, std::string(kDct) + "title", Text("t1", "zh"));
  g.Add(kS, std::string(kDct) + "title", Text("t2", "en"));
  g.Add(kS, "http://example.org/v#p", Iri("http://example.org/o?a=1&b=2"));
  std::string doc = WriteTurtle(g);
  EXPECT_TRUE(Has(doc, "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n")) << doc;
  EXPECT_TRUE(Has(doc, "@prefix yungu: <http://h/ns#> .\n")) << doc;
  EXPECT_TRUE(Has(doc, "<http://h/s> a dcat:Dataset ;\n")) << doc;
  EXPECT_TRUE(Has(doc, "dct:issued \"2024-02-29\"^^xsd:date ;")) << doc;
  EXPECT_TRUE(Has(doc, "dct:title \"t1\"@zh,\n        \"t2\"@en ;")) << doc;
  EXPECT_TRUE(Has(doc, "<http://example.org/v#p> <http://example.org/o?a=1&b=2> .\n")) << doc;
}

TEST(DcatRdfXmlTest, EscapesTextAndAttributes) {
  std::string doc = WriteRdfXml(OneLiteral("a \"q\" <b>x</b> & AT&T ]]> c\r\nd 中文"));
  EXPECT_TRUE(Has(doc, "<dct:description xml:lang=\"zh\">a \"q\" &lt;b&gt;x&lt;/b&gt; &amp; AT&amp;T ]]&gt; c&#13;\nd 中文"
                       "</dct:description>"))
      << doc;

  Graph g(StandardPrefixes("http://h"));
  g.Add("http://h/s?a=1&b=\"2\"", std::string(kDcat) + "downloadURL", Iri("http://h/export?format=csv&bom=true"));
  g.Add(kS, std::string(kRdfs) + "label", Text("tab\there", ""));
  doc = WriteRdfXml(g);
  // '"' is %-encoded in IRIs, so only '&' needs an entity there.
  EXPECT_TRUE(Has(doc, "<rdf:Description rdf:about=\"http://h/s?a=1&amp;b=%222%22\">")) << doc;
  EXPECT_TRUE(Has(doc, "<dcat:downloadURL rdf:resource=\"http://h/export?format=csv&amp;bom=true\"/>")) << doc;
  EXPECT_TRUE(Has(doc, "<rdfs:label>tab\there</rdfs:label>")) << doc;
}

TEST(DcatRdfXmlTest, DeclaresNamespacesAndDatatypes) {
  Graph g(StandardPrefixes("http://h"));
  g.Add(kS, std::string(kRdf) + "type", Iri(std::string(kDcat) + "Dataset"));
  g.Add(kS, std::string(kDct) + "modified", Typed("2026-01-02T03:04:05Z", std::string(kXsd) + "dateTime"));
  g.Add(kS, "http://example.org/vocab#unprefixed", Text("v"));
  std::string doc = WriteRdfXml(g);
  EXPECT_TRUE(Has(doc, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""))
      << doc;
  EXPECT_TRUE(Has(doc, "xmlns:dcat=\"http://www.w3.org/ns/dcat#\"")) << doc;
  EXPECT_TRUE(Has(doc, "<rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Dataset\"/>")) << doc;
  EXPECT_TRUE(Has(doc, "<dct:modified rdf:datatype=\"http://www.w3.org/2001/XMLSchema#dateTime\">2026-01-02T03:04:05Z"
                       "</dct:modified>"))
      << doc;
  // A namespace without a prefix is declared on its element.
  EXPECT_TRUE(Has(doc, "<ns0:unprefixed xmlns:ns0=\"http://example.org/vocab#\">v</ns0:unprefixed>")) << doc;
  EXPECT_TRUE(doc.ends_with("</rdf:RDF>\n"));
}

TEST(DcatJsonLdTest, EscapesStrings) {
  const std::string text = "a \"q\" \\ b\nc\rd\te <x> & 中文 😀";
  std::string doc = WriteJsonLd(OneLiteral(text));
  EXPECT_TRUE(Has(doc, R"({"@value": "a \"q\" \\ b\nc\rd\te <x> & 中文 😀", "@language": "zh"})")) << doc;
  json j = json::parse(doc);
  EXPECT_EQ(j["@graph"][0]["dct:description"][0]["@value"], text);
}

TEST(DcatJsonLdTest, EmptyGraphIsAValidDocument) {
  json j = json::parse(WriteJsonLd(Graph(StandardPrefixes("http://h"))));
  EXPECT_EQ(j["@graph"], json::array());
  EXPECT_EQ(j["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
}

// Reads our own JSON-LD shape back (compact IRIs expanded with the
// @context) into triples.
std::set<Triple> ReadJsonLd(const std::string& doc) {
  json j = json::parse(doc);
  auto expand = [&](const std::string& name) -> std::string {
    size_t colon = name.find(':');
    if (colon != std::string::npos && j["@context"].contains(name.substr(0, colon))) {
      return j["@context"][name.substr(0, colon)].get<std::string>() + name.substr(colon + 1);
    }
    return name;
  };
  std::set<Triple> out;
  for (const auto& node : j["@graph"]) {
    const std::string subject = node["@id"];
    for (const auto& [key, values] : node.items()) {
      if (key == "@id") continue;
      if (key == "@type") {
        for (const auto& t : values) out.insert({subject, std::string(kRdf) + "type", Iri(expand(t))});
        continue;
      }
      for (const auto& v : values) {
        Term object;
        if (v.contains("@id")) {
          object = Term{Term::Kind::kIri, v["@id"], "", ""};
        } else {
          object = Term{Term::Kind::kLiteral, v["@value"], v.value("@language", ""),
                        v.contains("@type") ? expand(v["@type"]) : ""};
        }
        out.insert({subject, expand(key), object});
      }
    }
  }
  return out;
}

TEST(DcatJsonLdTest, HoldsExactlyTheGraphsTriples) {
  Graph g = CatalogGraph(testing::SampleCatalog());
  std::set<Triple> expected(g.triples().begin(), g.triples().end());
  EXPECT_EQ(ReadJsonLd(WriteJsonLd(g)), expected);
  EXPECT_GT(expected.size(), 60u);
}

// Every literal and IRI of the graph appears, escaped its own way, in each
// syntax (the real parse is rdflib_test.cc's).
TEST(DcatWritersTest, EverySyntaxCarriesTheTrickySummary) {
  Graph g = CatalogGraph(testing::SampleCatalog());
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_TRUE(Has(WriteTurtle(g),
                  "\"含\\\"引号\\\"与\\\\反斜杠\\n第二行\\r\\n\\t<b>粗体</b> & 'AT&T' 😀 " + fffd + " ]]> end\"@zh"));
  EXPECT_TRUE(Has(WriteRdfXml(g), ">含\"引号\"与\\反斜杠\n第二行&#13;\n\t&lt;b&gt;粗体&lt;/b&gt; &amp; 'AT&amp;T' 😀 " +
                                      fffd + " ]]&gt; end</dct:description>"));
  EXPECT_TRUE(Has(WriteJsonLd(g),
                  "\"含\\\"引号\\\"与\\\\反斜杠\\n第二行\\r\\n\\t<b>粗体</b> & 'AT&T' 😀 " + fffd + " ]]> end\""));
  EXPECT_EQ(Write(g, Syntax::kTurtle), WriteTurtle(g));
  EXPECT_EQ(Write(g, Syntax::kRdfXml), WriteRdfXml(g));
  EXPECT_EQ(Write(g, Syntax::kJsonLd), WriteJsonLd(g));
}

}  // namespace
}  // namespace yungu::dcat

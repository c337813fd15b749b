// Reading DCAT catalogs: the three syntaxes into one graph, dcat:Dataset
// records into package dicts, and hydra paging through a fake portal.
#include <gtest/gtest.h>

#include "harvest/dcat_mapping.h"
#include "harvest/dcat_source.h"
#include "harvest/rdf.h"
#include "unit/harvest/fake_sources.h"

namespace yungu::harvest {
namespace {

using fakes::Answer;
using nlohmann::json;

constexpr std::string_view kDct = "http://purl.org/dc/terms/";

// A page as ckanext-dcat writes one: blank-node publisher and contact,
// EU vocabularies, a literal hydra:nextPage.
constexpr const char* kCkanextTurtle = R"ttl(
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://portal.test/catalog.ttl?page=1> a hydra:PagedCollection ;
    hydra:nextPage "https://portal.test/catalog.ttl?page=2" .

<https://portal.test/dataset/3f1e2d4c-0000-4000-8000-000000000001> a dcat:Dataset ;
    dct:identifier "3f1e2d4c-0000-4000-8000-000000000001" ;
    dct:title "Bus stops"@en, "公交站点"@zh ;
    dct:description "All stops."@en ;
    dcat:keyword "bus", "公交" ;
    dcat:theme <https://portal.test/themes/transport>, <http://eurovoc.europa.eu/100155> ;
    dct:publisher [ a foaf:Organization ; foaf:name "市交通运输局"@zh, "Transport Bureau"@en ] ;
    dct:modified "2024-03-04T05:06:07"^^xsd:dateTime ;
    dct:issued "2020-01-02"^^xsd:date ;
    dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/WEEKLY> ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
    dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Data desk" ;
                        vcard:hasEmail <mailto:data@portal.test> ; vcard:hasTelephone <tel:0710-1234567> ] ;
    dcat:landingPage <https://portal.test/dataset/bus-stops> ;
    dcat:distribution [ a dcat:Distribution ; dct:title "Stops (CSV)" ;
        dcat:accessURL <https://portal.test/stops> ; dcat:downloadURL <https://portal.test/stops.csv> ;
        dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ] .

<http://eurovoc.europa.eu/100155> skos:prefLabel "Transport policy"@en .
)ttl";

TEST(RdfTest, ParsesTurtleWithBlankNodes) {
  auto g = ParseRdf(kCkanextTurtle, RdfSyntax::kTurtle, "https://portal.test/catalog.ttl");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  std::string ds = "https://portal.test/dataset/3f1e2d4c-0000-4000-8000-000000000001";
  auto titles = g->Objects(ds, std::string(kDct) + "title");
  ASSERT_EQ(titles.size(), 2u);
  EXPECT_EQ(titles[1]->value, "公交站点");
  EXPECT_EQ(titles[1]->language, "zh");
  const RdfTerm* publisher = g->First(ds, std::string(kDct) + "publisher");
  ASSERT_NE(publisher, nullptr);
  EXPECT_EQ(publisher->kind, RdfTerm::Kind::kBlank);
  EXPECT_EQ(g->Objects(publisher->Key(), "http://xmlns.com/foaf/0.1/name").size(), 2u);
}

TEST(RdfTest, MapsADcatDatasetToAPackage) {
  auto g = ParseRdf(kCkanextTurtle, RdfSyntax::kTurtle, "https://portal.test/catalog.ttl");
  ASSERT_TRUE(g.ok());
  auto datasets = DcatDatasets(*g);
  ASSERT_EQ(datasets.size(), 1u);
  const RemoteDataset& r = datasets[0];
  EXPECT_EQ(r.remote_id, "https://portal.test/dataset/3f1e2d4c-0000-4000-8000-000000000001");
  EXPECT_EQ(r.modified, "2024-03-04T05:06:07");
  EXPECT_EQ(r.organization.title, "市交通运输局");
  EXPECT_EQ(r.organization.title_en, "Transport Bureau");
  EXPECT_EQ(r.organization.name, "市交通运输局");  // a blank node: known by its name only
  const json& p = r.package;
  EXPECT_EQ(p["name"], "3f1e2d4c-0000-4000-8000-000000000001");
  EXPECT_EQ(p["title"], "公交站点");
  EXPECT_EQ(p["notes"], "All stops.");
  EXPECT_EQ(p["tags"], json::parse(R"([{"name": "bus"}, {"name": "公交"}])"));
  EXPECT_EQ(p["groups"], json::parse(R"([{"name": "transport"}, {"name": "Transport policy"}])"));
  EXPECT_EQ(p["license_id"], "CC-BY-4.0");
  EXPECT_EQ(p["maintainer"], "Data desk");
  EXPECT_EQ(p["maintainer_email"], "data@portal.test");
  EXPECT_EQ(p["private"], false);
  EXPECT_EQ(p["url"], "https://portal.test/dataset/bus-stops");
  EXPECT_EQ(p["resources"], json::parse(R"j([{"url": "https://portal.test/stops.csv", "name": "Stops (CSV)",
                                              "format": "CSV"}])j"));
  EXPECT_EQ(p["extras"], json::parse(R"([{"key": "contact_phone", "value": "0710-1234567"},
                                         {"key": "publish_date", "value": "2020-01-02"},
                                         {"key": "title_en", "value": "Bus stops"},
                                         {"key": "update_cycle", "value": "weekly"}])"));
  EXPECT_EQ(NextPage(*g), "https://portal.test/catalog.ttl?page=2");
}

TEST(RdfTest, ReadsRdfXml) {
  constexpr const char* kXml = R"(<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#"
         xmlns:dct="http://purl.org/dc/terms/" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <dcat:Dataset rdf:about="https://portal.test/dataset/schools">
    <dct:title xml:lang="zh">学校名录</dct:title>
    <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">2024-05-06T07:08:09Z</dct:modified>
    <dct:publisher>
      <foaf:Organization rdf:about="https://portal.test/organization/JYJ">
        <foaf:name xml:lang="zh">市教育局</foaf:name>
      </foaf:Organization>
    </dct:publisher>
  </dcat:Dataset>
</rdf:RDF>)";
  auto g = ParseRdf(kXml, RdfSyntax::kRdfXml, "https://portal.test/catalog.rdf");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto datasets = DcatDatasets(*g);
  ASSERT_EQ(datasets.size(), 1u);
  EXPECT_EQ(datasets[0].package["name"], "schools");  // the IRI's last segment
  EXPECT_EQ(datasets[0].package["title"], "学校名录");
  EXPECT_EQ(datasets[0].modified, "2024-05-06T07:08:09Z");
  EXPECT_EQ(datasets[0].organization.name, "JYJ");
  EXPECT_EQ(datasets[0].organization.title, "市教育局");
}

TEST(RdfTest, ReadsCompactAndExpandedJsonLd) {
  constexpr const char* kCompact = R"({
    "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                 "title": {"@id": "dct:title", "@language": "zh"},
                 "modified": {"@id": "dct:modified", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
                 "publisher": {"@id": "dct:publisher", "@type": "@id"}},
    "@graph": [
      {"@id": "https://p.test/dataset/a", "@type": "dcat:Dataset", "title": "甲", "modified": "2024-01-01T00:00:00Z",
       "dcat:keyword": ["x", "y"], "publisher": "https://p.test/org/ORG1",
       "dcat:distribution": {"@type": "dcat:Distribution", "dcat:accessURL": {"@id": "https://p.test/a.csv"}}},
      {"@id": "https://p.test/org/ORG1", "http://xmlns.com/foaf/0.1/name": {"@value": "一局", "@language": "zh"}}
    ]})";
  auto g = ParseJsonLd(kCompact, "https://p.test/catalog.jsonld");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto datasets = DcatDatasets(*g);
  ASSERT_EQ(datasets.size(), 1u);
  const json& p = datasets[0].package;
  EXPECT_EQ(p["name"], "a");
  EXPECT_EQ(p["title"], "甲");
  EXPECT_EQ(p["tags"].size(), 2u);
  EXPECT_EQ(p["resources"][0]["url"], "https://p.test/a.csv");
  EXPECT_EQ(datasets[0].modified, "2024-01-01T00:00:00Z");
  EXPECT_EQ(datasets[0].organization.name, "ORG1");
  EXPECT_EQ(datasets[0].organization.title, "一局");

  constexpr const char* kExpanded = R"([{"@id": "_:b0", "@type": ["http://www.w3.org/ns/dcat#Dataset"],
    "http://purl.org/dc/terms/identifier": [{"@value": "ds-1"}],
    "http://purl.org/dc/terms/title": [{"@value": "One", "@language": "en"}]}])";
  auto e = ParseJsonLd(kExpanded, "https://p.test/catalog.jsonld");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto expanded = DcatDatasets(*e);
  ASSERT_EQ(expanded.size(), 1u);
  EXPECT_EQ(expanded[0].package["name"], "ds-1");
  EXPECT_EQ(expanded[0].package["title"], "One");
  EXPECT_EQ(expanded[0].remote_id, "ds-1");  // a blank node: known by its identifier
  EXPECT_EQ(expanded[0].modified.rfind("content-", 0), 0u);  // no dct:modified: a fingerprint
}

TEST(RdfTest, BrokenDocumentsAreBadRdf) {
  auto turtle = ParseRdf("<a> <b> \"unterminated .", RdfSyntax::kTurtle, "https://p.test/c.ttl");
  EXPECT_EQ(turtle.status().error_code(), "harvest.bad_rdf");
  EXPECT_NE(turtle.status().message().find("Turtle"), std::string::npos);
  auto xml = ParseRdf("<rdf:RDF", RdfSyntax::kRdfXml, "https://p.test/c.rdf");
  EXPECT_EQ(xml.status().error_code(), "harvest.bad_rdf");
  auto jsonld = ParseRdf("{\"@context\": \"https://remote.test/ctx.jsonld\"}", RdfSyntax::kJsonLd, "https://p.test/c");
  EXPECT_EQ(jsonld.status().error_code(), "harvest.bad_rdf");
  EXPECT_NE(jsonld.status().message().find("remote contexts"), std::string::npos);
  EXPECT_EQ(ParseRdf("[1,", RdfSyntax::kJsonLd, "https://p.test/c").status().error_code(), "harvest.bad_rdf");
}

TEST(RdfTest, NeverFetchesWhatADocumentNames) {
  // An external entity must not be read (nor the network reached).
  constexpr const char* kXxe = R"(<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="https://p.test/x"><dct:title>&secret;</dct:title></rdf:Description>
</rdf:RDF>)";
  auto g = ParseRdf(kXxe, RdfSyntax::kRdfXml, "https://p.test/c.rdf");
  if (g.ok()) {
    const RdfTerm* title = g->First("https://p.test/x", std::string(kDct) + "title");
    if (title != nullptr) {
      EXPECT_EQ(title->value, "");
    }
  }
}

TEST(RdfTest, KnowsSyntaxesByTypeAndExtension) {
  EXPECT_EQ(SyntaxFromContentType("text/turtle; charset=utf-8"), RdfSyntax::kTurtle);
  EXPECT_EQ(SyntaxFromContentType("application/rdf+xml"), RdfSyntax::kRdfXml);
  EXPECT_EQ(SyntaxFromContentType("application/ld+json"), RdfSyntax::kJsonLd);
  EXPECT_FALSE(SyntaxFromContentType("text/html"));
  EXPECT_EQ(SyntaxFromUrl("https://p.test/catalog.rdf?page=3"), RdfSyntax::kRdfXml);
  HttpResponse html = Answer(200, "<html/>", "text/html");
  html.url = "https://p.test/catalog";
  EXPECT_EQ(DocumentSyntax(html).status().error_code(), "harvest.unknown_syntax");
}

TEST(RdfTest, MapsFrequenciesAndLicences) {
  EXPECT_EQ(UpdateCycleForFrequency("http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"),
            "realtime");
  EXPECT_EQ(UpdateCycleForFrequency("http://purl.org/cld/freq/monthly"), "monthly");
  EXPECT_EQ(UpdateCycleForFrequency("http://publications.europa.eu/resource/authority/frequency/ANNUAL"), "yearly");
  EXPECT_FALSE(UpdateCycleForFrequency("http://publications.europa.eu/resource/authority/frequency/BIHOURLY"));
  EXPECT_EQ(LicenceIdForIri("http://publications.europa.eu/resource/authority/licence/CC_BY_SA_4_0"), "CC-BY-SA-4.0");
  EXPECT_EQ(LicenceIdForIri("https://example.org/licence"), "https://example.org/licence");
}

std::string Page(int n, bool next) {
  std::string doc = "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n"
                    "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n";
  doc += "<https://p.test/dataset/d" + std::to_string(n) + "> a dcat:Dataset ; dct:title \"D" + std::to_string(n) +
         "\" .\n";
  if (next) doc += "<https://p.test/c.ttl?page=" + std::to_string(n) + "> hydra:nextPage \"?page=" + std::to_string(n + 1) + "\" .\n";
  return doc;
}

TEST(DcatSourceTest, FollowsHydraPagingAndStopsOnALoop) {
  fakes::FakeHttp http([](const std::string& url, const fakes::Headers&) -> Result<HttpResponse> {
    if (url == "https://p.test/c.ttl") return Answer(200, Page(1, true), "text/turtle");
    if (url == "https://p.test/c.ttl?page=2") return Answer(200, Page(2, true), "text/turtle");
    if (url == "https://p.test/c.ttl?page=3") return Answer(200, Page(3, false), "text/turtle");
    return Answer(404, "", "text/plain");
  });
  std::vector<std::string> names;
  Status st = ListDcatDatasets(http, "https://p.test/c.ttl", "", [&](RemoteDataset r) {
    names.push_back(r.package["name"]);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(names, (std::vector<std::string>{"d1", "d2", "d3"}));

  fakes::FakeHttp looping([](const std::string&, const fakes::Headers&) -> Result<HttpResponse> {
    return Answer(200, Page(1, true) + "<https://p.test/x> hydra:nextPage \"https://p.test/c.ttl\" .\n", "text/turtle");
  });
  int visits = 0;
  Status loop = ListDcatDatasets(looping, "https://p.test/c.ttl", "tok", [&](RemoteDataset) {
    ++visits;
    return Status::Ok();
  });
  EXPECT_TRUE(loop.ok());
  EXPECT_LE(visits, 2);
  // A token goes as a Bearer token to catalogs.
  bool bearer = false;
  for (const auto& [k, v] : looping.sent_headers[0]) bearer |= k == "Authorization" && v == "Bearer tok";
  EXPECT_TRUE(bearer);
}

TEST(DcatSourceTest, ANonOkPageIsAnHttpError) {
  fakes::FakeHttp http([](const std::string&, const fakes::Headers&) -> Result<HttpResponse> {
    return Answer(404, "<h1>nope</h1>", "text/html");
  });
  Status st = ListDcatDatasets(http, "https://p.test/c.ttl", "", [](RemoteDataset) { return Status::Ok(); });
  EXPECT_EQ(st.error_code(), "harvest.http_status");
}

}  // namespace
}  // namespace yungu::harvest

// The DCAT-AP 3.0 mapping of catalog records.
#include <gtest/gtest.h>

#include "unit/dcat/sample_catalog.h"

namespace yungu::dcat {
namespace {

using testing::kSite;

std::string N(std::string_view ns, std::string_view local) { return std::string(ns) + std::string(local); }

std::vector<Term> Objects(const Graph& g, const std::string& subject, const std::string& predicate) {
  std::vector<Term> out;
  for (const auto& t : g.triples()) {
    if (t.subject == subject && t.predicate == predicate) out.push_back(t.object);
  }
  return out;
}

bool Holds(const Graph& g, const std::string& subject, const std::string& predicate, const Term& object) {
  for (const auto& t : g.triples()) {
    if (t.subject == subject && t.predicate == predicate && t.object == object) return true;
  }
  return false;
}

const std::string kAir = std::string(kSite) + "/dataset/air-quality";
const std::string kBus = std::string(kSite) + "/dataset/bus-stops";
const std::string kType = N(kRdf, "type");

TEST(DcatMappingTest, DatasetCoreMetadata) {
  auto dept = testing::Environment();
  Graph g = DatasetGraph(kSite, testing::AirQuality(), &dept);
  EXPECT_TRUE(Holds(g, kAir, kType, Iri(N(kDcat, "Dataset"))));
  EXPECT_TRUE(Holds(g, kAir, N(kDct, "identifier"), Text("air-quality")));
  EXPECT_EQ(Objects(g, kAir, N(kDct, "title")),
            (std::vector<Term>{Text("空气质量 \"小时\" 数据", "zh"), Text("Air quality <hourly> & more", "en")}));
  EXPECT_TRUE(Holds(g, kAir, N(kDct, "description"), Text(testing::kTrickySummary, "zh")));
  EXPECT_EQ(Objects(g, kAir, N(kDcat, "keyword")).size(), 3u);
  EXPECT_TRUE(Holds(g, kAir, N(kDct, "issued"), Typed("2024-02-29", N(kXsd, "date"))));
  EXPECT_TRUE(Holds(g, kAir, N(kDct, "modified"), Typed("2026-01-02T03:04:05Z", N(kXsd, "dateTime"))));
  EXPECT_TRUE(Holds(g, kAir, N(kDcat, "landingPage"), Iri(std::string(kSite) + "/datasets/air-quality")));
}

TEST(DcatMappingTest, ThemesAreConceptsWithBothLabels) {
  Graph g = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  const std::string env = std::string(kSite) + "/themes/environment";
  const std::string sci = std::string(kSite) + "/themes/science_technology";
  EXPECT_EQ(Objects(g, kAir, N(kDcat, "theme")), (std::vector<Term>{Iri(env), Iri(sci)}));
  EXPECT_TRUE(Holds(g, env, kType, Iri(N(kSkos, "Concept"))));
  EXPECT_EQ(Objects(g, env, N(kSkos, "prefLabel")), (std::vector<Term>{Text("环境", "zh"), Text("Environment", "en")}));
  EXPECT_TRUE(Holds(g, sci, N(kSkos, "prefLabel"), Text("Science & technology", "en")));
  EXPECT_TRUE(Holds(g, env, N(kSkos, "inScheme"), Iri(std::string(kSite) + "/themes")));
}

TEST(DcatMappingTest, UnknownThemesAreLeftOut) {
  auto d = testing::AirQuality();
  d.themes = {"no-such-theme"};
  Graph g = DatasetGraph(kSite, d, nullptr);
  EXPECT_TRUE(Objects(g, kAir, N(kDcat, "theme")).empty());
}

TEST(DcatMappingTest, PublisherIsTheDepartment) {
  auto dept = testing::Environment();
  Graph g = DatasetGraph(kSite, testing::AirQuality(), &dept);
  const std::string org = std::string(kSite) + "/organization/STHJ";
  EXPECT_EQ(Objects(g, kAir, N(kDct, "publisher")), std::vector<Term>{Iri(org)});
  EXPECT_TRUE(Holds(g, org, kType, Iri(N(kFoaf, "Organization"))));
  EXPECT_EQ(Objects(g, org, N(kFoaf, "name")),
            (std::vector<Term>{Text("襄阳市生态环境局", "zh"), Text("Xiangyang Ecology & Environment Bureau", "en")}));

  // Without the department's record: the link and the code only.
  Graph bare = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  EXPECT_EQ(Objects(bare, kAir, N(kDct, "publisher")), std::vector<Term>{Iri(org)});
  EXPECT_TRUE(Objects(bare, org, N(kFoaf, "name")).empty());
}

TEST(DcatMappingTest, FrequencyAndAccessRightsUseTheEuTables) {
  const std::string freq = std::string(kEuFrequency);
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kRealtime), freq + "UPDATE_CONT");
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kDaily), freq + "DAILY");
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kWeekly), freq + "WEEKLY");
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kMonthly), freq + "MONTHLY");
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kQuarterly), freq + "QUARTERLY");
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kYearly), freq + "ANNUAL");
  EXPECT_EQ(FrequencyIri(model::UpdateCycle::kIrregular), freq + "IRREG");
  const std::string rights = std::string(kEuAccessRight);
  EXPECT_EQ(AccessRightIri(model::OpeningType::kUnconditional), rights + "PUBLIC");
  EXPECT_EQ(AccessRightIri(model::OpeningType::kConditional), rights + "RESTRICTED");
  EXPECT_EQ(AccessRightIri(model::OpeningType::kNone), rights + "NON_PUBLIC");

  Graph g = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  EXPECT_EQ(Objects(g, kAir, N(kDct, "accrualPeriodicity")), std::vector<Term>{Iri(freq + "UPDATE_CONT")});
  EXPECT_EQ(Objects(g, kAir, N(kDct, "accessRights")), std::vector<Term>{Iri(rights + "PUBLIC")});
}

TEST(DcatMappingTest, ContactPointIsAVcard) {
  Graph g = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  const std::string contact = kAir + "#contact";
  EXPECT_EQ(Objects(g, kAir, N(kDcat, "contactPoint")), std::vector<Term>{Iri(contact)});
  EXPECT_TRUE(Holds(g, contact, kType, Iri(N(kVcard, "Kind"))));
  EXPECT_TRUE(Holds(g, contact, N(kVcard, "fn"), Text("监测科 <办公室>")));
  EXPECT_TRUE(Holds(g, contact, N(kVcard, "hasEmail"), Iri("mailto:sthj_data@xiangyang.gov.cn")));
  EXPECT_TRUE(Holds(g, contact, N(kVcard, "hasTelephone"), Iri("tel:0710-3261157")));

  // No contact at all: no contact point.
  Graph none = DatasetGraph(kSite, testing::BusStops(), nullptr);
  EXPECT_TRUE(Objects(none, kBus, N(kDcat, "contactPoint")).empty());

  // A phone only: named after the department.
  auto d = testing::BusStops();
  d.contact_phone = "0710 3412056";
  auto dept = testing::Transport();
  Graph phone = DatasetGraph(kSite, d, &dept);
  EXPECT_TRUE(Holds(phone, kBus + "#contact", N(kVcard, "fn"), Text("襄阳市交通运输局")));
  EXPECT_TRUE(Holds(phone, kBus + "#contact", N(kVcard, "hasTelephone"), Iri("tel:07103412056")));
}

TEST(DcatMappingTest, Licences) {
  EXPECT_EQ(LicenceIri("CC-BY-4.0"), std::string(kEuLicence) + "CC_BY_4_0");
  EXPECT_EQ(LicenceIri("CC-BY-SA-4.0"), std::string(kEuLicence) + "CC_BYSA_4_0");
  EXPECT_EQ(LicenceIri("CC0-1.0"), std::string(kEuLicence) + "CC0");
  EXPECT_EQ(LicenceIri("https://example.org/licence"), "https://example.org/licence");
  EXPECT_EQ(LicenceIri("自定义协议"), std::nullopt);

  Graph known = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  EXPECT_EQ(Objects(known, kAir, N(kDct, "license")), std::vector<Term>{Iri(std::string(kEuLicence) + "CC_BY_4_0")});

  // Free text: a licence document of the dataset's own, labelled with it.
  Graph text = DatasetGraph(kSite, testing::BusStops(), nullptr);
  const std::string doc = kBus + "#licence";
  EXPECT_EQ(Objects(text, kBus, N(kDct, "license")), std::vector<Term>{Iri(doc)});
  EXPECT_TRUE(Holds(text, doc, kType, Iri(N(kDct, "LicenseDocument"))));
  EXPECT_TRUE(Holds(text, doc, N(kRdfs, "label"), Text("有条件开放：须签署\"数据利用协议\" & 注明来源")));
}

TEST(DcatMappingTest, Dates) {
  EXPECT_EQ(DateLiteral("2024-02-29"), Typed("2024-02-29", N(kXsd, "date")));
  EXPECT_EQ(DateLiteral("2026-01-02T03:04:05Z"), Typed("2026-01-02T03:04:05Z", N(kXsd, "dateTime")));
  EXPECT_EQ(DateLiteral("2026-01-02T03:04:05.123+08:00"), Typed("2026-01-02T03:04:05.123+08:00", N(kXsd, "dateTime")));
  EXPECT_EQ(DateLiteral("2026-01-02T03:04:05"), Typed("2026-01-02T03:04:05", N(kXsd, "dateTime")));
  for (const char* bad : {"", "2024-13-01", "2024-1-1", "2026-01-02 03:04:05", "not a date", "2024-02-29x"}) {
    EXPECT_EQ(DateLiteral(bad), std::nullopt) << bad;
  }
  // Dates that are not dates are left out rather than written ill-typed.
  Graph g = DatasetGraph(kSite, testing::BusStops(), nullptr);
  EXPECT_TRUE(Objects(g, kBus, N(kDct, "issued")).empty());
}

TEST(DcatMappingTest, ResourceCodeAndClassifications) {
  Graph g = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  const std::string code = kAir + "#resource-code";
  EXPECT_EQ(Objects(g, kAir, N(kAdms, "identifier")), std::vector<Term>{Iri(code)});
  EXPECT_TRUE(Holds(g, code, kType, Iri(N(kAdms, "Identifier"))));
  EXPECT_TRUE(Holds(g, code, N(kSkos, "notation"), Text("420600-STHJ-00001")));
  const std::string ns = YunguNamespace(kSite);
  EXPECT_EQ(ns, std::string(kSite) + "/ns#");
  EXPECT_TRUE(Holds(g, kAir, ns + "sharingType", Text("unconditional")));
  EXPECT_TRUE(Holds(g, kAir, ns + "sharingConditions", Text("无", "zh")));
  EXPECT_TRUE(Holds(g, kAir, ns + "openingType", Text("unconditional")));
  EXPECT_TRUE(Holds(g, kAir, ns + "updateCycle", Text("realtime")));
  // Without a resource code: no identifier node.
  Graph bus = DatasetGraph(kSite, testing::BusStops(), nullptr);
  EXPECT_TRUE(Objects(bus, kBus, N(kAdms, "identifier")).empty());
  EXPECT_TRUE(Holds(bus, kBus, ns + "openingType", Text("conditional")));
}

TEST(DcatMappingTest, DistributionOfTheDataAsCsv) {
  Graph g = DatasetGraph(kSite, testing::AirQuality(), nullptr);
  const std::string dist = kAir + "#distribution-csv";
  const std::string api = std::string(kSite) + "/api/v1/datasets/air-quality";
  EXPECT_EQ(Objects(g, kAir, N(kDcat, "distribution")), std::vector<Term>{Iri(dist)});
  EXPECT_TRUE(Holds(g, dist, kType, Iri(N(kDcat, "Distribution"))));
  EXPECT_TRUE(Holds(g, dist, N(kDcat, "accessURL"), Iri(api + "/query")));
  EXPECT_TRUE(Holds(g, dist, N(kDcat, "downloadURL"), Iri(api + "/export?format=csv")));
  EXPECT_TRUE(Holds(g, dist, N(kDct, "format"), Iri(N(kEuFileType, "CSV"))));
  EXPECT_TRUE(Holds(g, dist, N(kDcat, "mediaType"), Iri(N(kIanaMediaTypes, "text/csv"))));
  EXPECT_TRUE(Holds(g, dist, N(kDct, "modified"), Typed("2026-01-03T00:00:00Z", N(kXsd, "dateTime"))));
  EXPECT_TRUE(Holds(g, dist, N(kDct, "license"), Iri(std::string(kEuLicence) + "CC_BY_4_0")));
  EXPECT_EQ(Objects(g, dist, N(kDct, "title")).size(), 2u);

  // Neither data nor fields: nothing to distribute.
  Graph bare = DatasetGraph(kSite, testing::BusStops(), nullptr);
  EXPECT_TRUE(Objects(bare, kBus, N(kDcat, "distribution")).empty());

  // Declared fields but no data yet: the API, but nothing to download.
  auto declared = testing::BusStops();
  model::FieldDef stop_id;
  stop_id.name = "stop_id";
  declared.fields.push_back(stop_id);
  Graph fields = DatasetGraph(kSite, declared, nullptr);
  const std::string bus_dist = kBus + "#distribution-csv";
  EXPECT_EQ(Objects(fields, kBus, N(kDcat, "distribution")), std::vector<Term>{Iri(bus_dist)});
  EXPECT_EQ(Objects(fields, bus_dist, N(kDcat, "accessURL")).size(), 1u);
  EXPECT_TRUE(Objects(fields, bus_dist, N(kDcat, "downloadURL")).empty());
}

TEST(DcatMappingTest, LinksAreDistributionsAtTheirUrls) {
  auto d = testing::BusStops();
  d.links.push_back({"bus-stops.3", "站点图", "全市站点分布", "PDF", "https://example.gov.cn/stops.pdf",
                     "2026-01-02T00:00:00Z"});
  Graph g = DatasetGraph(kSite, d, nullptr);
  const std::string link = kBus + "#link-3";
  EXPECT_EQ(Objects(g, kBus, N(kDcat, "distribution")), std::vector<Term>{Iri(link)});
  EXPECT_TRUE(Holds(g, link, kType, Iri(N(kDcat, "Distribution"))));
  EXPECT_TRUE(Holds(g, link, N(kDcat, "accessURL"), Iri("https://example.gov.cn/stops.pdf")));
  EXPECT_TRUE(Holds(g, link, N(kDct, "title"), Text("站点图", "zh")));
  EXPECT_TRUE(Holds(g, link, N(kDct, "format"), Text("PDF")));
  EXPECT_TRUE(Holds(g, link, N(kDct, "identifier"), Text("bus-stops.3")));
}

TEST(DcatMappingTest, CatalogListsItsDatasets) {
  Graph g = CatalogGraph(testing::SampleCatalog());
  const std::string catalog = std::string(kSite) + "/catalog";
  EXPECT_TRUE(Holds(g, catalog, kType, Iri(N(kDcat, "Catalog"))));
  EXPECT_EQ(Objects(g, catalog, N(kDcat, "dataset")), (std::vector<Term>{Iri(kAir), Iri(kBus)}));
  EXPECT_TRUE(Holds(g, catalog, N(kDct, "title"), Text("云谷政务数据资源目录", "zh")));
  EXPECT_TRUE(Holds(g, catalog, N(kDct, "title"), Text("Yungu government data catalog", "en")));
  EXPECT_EQ(Objects(g, catalog, N(kDct, "description")).size(), 2u);
  EXPECT_TRUE(Holds(g, catalog, N(kFoaf, "homepage"), Iri(std::string(kSite) + "/")));
  EXPECT_EQ(Objects(g, catalog, N(kDct, "publisher")).size(), 1u);
  EXPECT_TRUE(Holds(g, catalog, N(kDcat, "themeTaxonomy"), Iri(std::string(kSite) + "/themes")));
  // Each dataset is there in full, with its department's names.
  EXPECT_TRUE(Holds(g, std::string(kSite) + "/organization/JTYS", N(kFoaf, "name"), Text("襄阳市交通运输局", "zh")));
  EXPECT_TRUE(Holds(g, kAir, kType, Iri(N(kDcat, "Dataset"))));
  EXPECT_TRUE(Holds(g, kBus, kType, Iri(N(kDcat, "Dataset"))));
}

TEST(DcatMappingTest, PagingInHydraTerms) {
  Graph g = CatalogGraph(testing::SampleCatalog());
  const std::string base = std::string(kSite) + "/catalog.ttl?page=";
  const std::string page = base + "2";
  const std::string integer = N(kXsd, "integer");
  EXPECT_TRUE(Holds(g, page, kType, Iri(N(kHydra, "PagedCollection"))));
  EXPECT_TRUE(Holds(g, page, N(kHydra, "totalItems"), Typed("250", integer)));
  EXPECT_TRUE(Holds(g, page, N(kHydra, "itemsPerPage"), Typed("100", integer)));
  EXPECT_TRUE(Holds(g, page, N(kHydra, "firstPage"), Text(base + "1")));
  EXPECT_TRUE(Holds(g, page, N(kHydra, "lastPage"), Text(base + "3")));
  EXPECT_TRUE(Holds(g, page, N(kHydra, "nextPage"), Text(base + "3")));
  EXPECT_TRUE(Holds(g, page, N(kHydra, "previousPage"), Text(base + "1")));

  // The first of one page: neither previous nor next.
  auto c = testing::SampleCatalog(std::string(kSite) + "/catalog.rdf?q=空气");
  c.paging.page = 1;
  c.paging.total = 2;
  Graph one = CatalogGraph(c);
  const std::string first = Iri(std::string(kSite) + "/catalog.rdf?q=空气&page=1").value;
  EXPECT_EQ(first, std::string(kSite) + "/catalog.rdf?q=%E7%A9%BA%E6%B0%94&page=1");
  EXPECT_TRUE(Holds(one, first, N(kHydra, "lastPage"), Text(first)));
  EXPECT_TRUE(Objects(one, first, N(kHydra, "nextPage")).empty());
  EXPECT_TRUE(Objects(one, first, N(kHydra, "previousPage")).empty());
}

Paging Of(int64_t total, int64_t per_page = kDatasetsPerPage) {
  Paging p;
  p.total = total;
  p.per_page = per_page;
  return p;
}

TEST(DcatMappingTest, LastPage) {
  EXPECT_EQ(LastPage(Of(0)), 1);
  EXPECT_EQ(LastPage(Of(1)), 1);
  EXPECT_EQ(LastPage(Of(100)), 1);
  EXPECT_EQ(LastPage(Of(101)), 2);
  EXPECT_EQ(LastPage(Of(250, 50)), 5);
}

}  // namespace
}  // namespace yungu::dcat

// One dataset of the catalog in DCAT-AP 3.0 terms: the dcat:Dataset, its
// publisher, themes, contact point, licence and CSV distribution.
#include <cctype>

#include "yungu/dcat/dcat.h"

namespace yungu::dcat {
namespace {

std::string Name(std::string_view ns, std::string_view local) { return std::string(ns) + std::string(local); }

const std::string kType = Name(kRdf, "type");

// A department as a foaf:Organization, named in Chinese and English.
std::string AddOrganization(Graph& g, std::string_view site, std::string_view code,
                            const model::Department* department) {
  std::string org = std::string(site) + "/organization/" + std::string(code);
  g.Add(org, kType, Iri(Name(kFoaf, "Organization")));
  g.Add(org, Name(kDct, "identifier"), Text(code));
  if (department != nullptr) {
    if (!department->name.empty()) g.Add(org, Name(kFoaf, "name"), Text(department->name, "zh"));
    if (!department->name_en.empty()) g.Add(org, Name(kFoaf, "name"), Text(department->name_en, "en"));
  }
  return Iri(org).value;
}

// A theme as a skos:Concept of the hub's theme scheme.
std::string AddTheme(Graph& g, std::string_view site, const model::Theme& theme) {
  std::string scheme = std::string(site) + "/themes";
  std::string concept_iri = scheme + "/" + std::string(theme.key);
  g.Add(concept_iri, kType, Iri(Name(kSkos, "Concept")));
  g.Add(concept_iri, Name(kSkos, "prefLabel"), Text(theme.label_zh, "zh"));
  if (!theme.label_en.empty()) g.Add(concept_iri, Name(kSkos, "prefLabel"), Text(theme.label_en, "en"));
  g.Add(concept_iri, Name(kSkos, "inScheme"), Iri(scheme));
  return Iri(concept_iri).value;
}

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

void AddContactPoint(Graph& g, const std::string& dataset_iri, const model::DatasetMeta& d,
                     const model::Department* department) {
  if (d.contact_name.empty() && d.contact_phone.empty() && d.contact_email.empty()) return;
  std::string contact = dataset_iri + "#contact";
  g.Add(dataset_iri, Name(kDcat, "contactPoint"), Iri(contact));
  g.Add(contact, kType, Iri(Name(kVcard, "Kind")));
  // vcard:fn is mandatory: an office without a name is its department.
  std::string name = d.contact_name;
  if (name.empty() && department != nullptr) name = department->name;
  if (name.empty()) name = d.department;
  g.Add(contact, Name(kVcard, "fn"), Text(name));
  if (!d.contact_email.empty()) g.Add(contact, Name(kVcard, "hasEmail"), Iri("mailto:" + WithoutSpaces(d.contact_email)));
  if (!d.contact_phone.empty()) g.Add(contact, Name(kVcard, "hasTelephone"), Iri("tel:" + WithoutSpaces(d.contact_phone)));
}

// The licence as an IRI; free text becomes a dct:LicenseDocument of the
// dataset's own, labelled with the text.
std::optional<Term> AddLicence(Graph& g, const std::string& dataset_iri, const model::DatasetMeta& d) {
  if (d.licence.empty()) return std::nullopt;
  if (auto iri = LicenceIri(d.licence)) return Iri(*iri);
  std::string document = dataset_iri + "#licence";
  g.Add(document, kType, Iri(Name(kDct, "LicenseDocument")));
  g.Add(document, Name(kRdfs, "label"), Text(d.licence));
  return Iri(document);
}

// The data as CSV: the query API to reach it and, once there is data, the
// export to download it.
void AddDistribution(Graph& g, std::string_view site, const std::string& dataset_iri, const model::DatasetMeta& d,
                     const std::optional<Term>& licence) {
  if (d.current_version <= 0 && d.fields.empty()) return;
  std::string api = std::string(site) + "/api/v1/datasets/" + d.id;
  std::string distribution = dataset_iri + "#distribution-csv";
  g.Add(dataset_iri, Name(kDcat, "distribution"), Iri(distribution));
  g.Add(distribution, kType, Iri(Name(kDcat, "Distribution")));
  if (!d.name.empty()) g.Add(distribution, Name(kDct, "title"), Text(d.name + " (CSV)", "zh"));
  if (!d.name_en.empty()) g.Add(distribution, Name(kDct, "title"), Text(d.name_en + " (CSV)", "en"));
  g.Add(distribution, Name(kDcat, "accessURL"), Iri(api + "/query"));
  if (d.current_version > 0) g.Add(distribution, Name(kDcat, "downloadURL"), Iri(api + "/export?format=csv"));
  g.Add(distribution, Name(kDct, "format"), Iri(Name(kEuFileType, "CSV")));
  g.Add(distribution, Name(kDcat, "mediaType"), Iri(Name(kIanaMediaTypes, "text/csv")));
  if (auto modified = DateLiteral(d.data_updated_at)) g.Add(distribution, Name(kDct, "modified"), *modified);
  if (licence) g.Add(distribution, Name(kDct, "license"), *licence);
}

// Each link (a file or page elsewhere) is a distribution reached at its URL.
void AddLinks(Graph& g, const std::string& dataset_iri, const model::DatasetMeta& d) {
  for (const auto& link : d.links) {
    std::string distribution = dataset_iri + "#link-" + link.id.substr(link.id.rfind('.') + 1);
    g.Add(dataset_iri, Name(kDcat, "distribution"), Iri(distribution));
    g.Add(distribution, kType, Iri(Name(kDcat, "Distribution")));
    g.Add(distribution, Name(kDct, "identifier"), Text(link.id));
    if (!link.name.empty()) g.Add(distribution, Name(kDct, "title"), Text(link.name, "zh"));
    if (!link.description.empty()) g.Add(distribution, Name(kDct, "description"), Text(link.description, "zh"));
    g.Add(distribution, Name(kDcat, "accessURL"), Iri(link.url));
    if (!link.format.empty()) g.Add(distribution, Name(kDct, "format"), Text(link.format));
    if (auto issued = DateLiteral(link.created_at)) g.Add(distribution, Name(kDct, "issued"), *issued);
  }
}

// The national catalog's classifications, in Yungu's namespace.
void AddClassifications(Graph& g, std::string_view site, const std::string& dataset_iri, const model::DatasetMeta& d) {
  const std::string ns = YunguNamespace(site);
  g.Add(dataset_iri, ns + "sharingType", Text(model::SharingTypeName(d.sharing_type)));
  if (!d.sharing_conditions.empty()) g.Add(dataset_iri, ns + "sharingConditions", Text(d.sharing_conditions, "zh"));
  g.Add(dataset_iri, ns + "openingType", Text(model::OpeningTypeName(d.opening_type)));
  g.Add(dataset_iri, ns + "updateCycle", Text(model::UpdateCycleName(d.update_cycle)));
}

}  // namespace

std::string AddDataset(Graph& g, std::string_view site, const model::DatasetMeta& d,
                       const model::Department* department) {
  const std::string ds = Iri(std::string(site) + "/dataset/" + d.id).value;
  g.Add(ds, kType, Iri(Name(kDcat, "Dataset")));
  g.Add(ds, Name(kDct, "identifier"), Text(d.id));
  if (!d.name.empty()) g.Add(ds, Name(kDct, "title"), Text(d.name, "zh"));
  if (!d.name_en.empty()) g.Add(ds, Name(kDct, "title"), Text(d.name_en, "en"));
  if (!d.summary.empty()) g.Add(ds, Name(kDct, "description"), Text(d.summary, "zh"));
  for (const auto& tag : d.tags) g.Add(ds, Name(kDcat, "keyword"), Text(tag));
  for (const auto& key : d.themes) {
    if (const model::Theme* theme = model::FindTheme(key)) g.Add(ds, Name(kDcat, "theme"), Iri(AddTheme(g, site, *theme)));
  }
  if (!d.department.empty()) {
    g.Add(ds, Name(kDct, "publisher"), Iri(AddOrganization(g, site, d.department, department)));
  }
  g.Add(ds, Name(kDct, "accrualPeriodicity"), Iri(FrequencyIri(d.update_cycle)));
  g.Add(ds, Name(kDct, "accessRights"), Iri(AccessRightIri(d.opening_type)));
  AddContactPoint(g, ds, d, department);
  auto licence = AddLicence(g, ds, d);
  if (licence) g.Add(ds, Name(kDct, "license"), *licence);
  if (auto issued = DateLiteral(d.publish_date)) g.Add(ds, Name(kDct, "issued"), *issued);
  if (auto modified = DateLiteral(d.updated_at)) g.Add(ds, Name(kDct, "modified"), *modified);
  if (!d.resource_code.empty()) {
    // 资源代码: the national catalog's identifier, as an adms:Identifier.
    std::string code = ds + "#resource-code";
    g.Add(ds, Name(kAdms, "identifier"), Iri(code));
    g.Add(code, kType, Iri(Name(kAdms, "Identifier")));
    g.Add(code, Name(kSkos, "notation"), Text(d.resource_code));
  }
  g.Add(ds, Name(kDcat, "landingPage"), Iri(std::string(site) + "/datasets/" + d.id));
  AddClassifications(g, site, ds, d);
  AddDistribution(g, site, ds, d, licence);
  AddLinks(g, ds, d);
  return ds;
}

Graph DatasetGraph(std::string_view site, const model::DatasetMeta& dataset, const model::Department* department) {
  Graph g(StandardPrefixes(site));
  AddDataset(g, site, dataset, department);
  return g;
}

}  // namespace yungu::dcat

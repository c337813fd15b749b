// A page of the catalog: the dcat:Catalog, the page's datasets, and the
// page's place among the others in Hydra's terms, as ckanext-dcat pages
// its catalog endpoint.
#include <algorithm>

#include "yungu/dcat/dcat.h"

namespace yungu::dcat {
namespace {

std::string Name(std::string_view ns, std::string_view local) { return std::string(ns) + std::string(local); }

std::string PageUrl(const Paging& paging, int64_t page) {
  const char joint = paging.collection_url.find('?') == std::string::npos ? '?' : '&';
  return Iri(paging.collection_url + joint + "page=" + std::to_string(page)).value;
}

Term Integer(int64_t n) { return Typed(std::to_string(n), Name(kXsd, "integer")); }

// Page links are literals, as ckanext-dcat writes them (and its harvester
// reads them).
void AddPaging(Graph& g, const Paging& paging) {
  const std::string page = PageUrl(paging, paging.page);
  const int64_t last = LastPage(paging);
  g.Add(page, Name(kRdf, "type"), Iri(Name(kHydra, "PagedCollection")));
  g.Add(page, Name(kHydra, "totalItems"), Integer(paging.total));
  g.Add(page, Name(kHydra, "itemsPerPage"), Integer(paging.per_page));
  g.Add(page, Name(kHydra, "firstPage"), Text(PageUrl(paging, 1)));
  g.Add(page, Name(kHydra, "lastPage"), Text(PageUrl(paging, last)));
  if (paging.page < last) g.Add(page, Name(kHydra, "nextPage"), Text(PageUrl(paging, paging.page + 1)));
  if (paging.page > 1) g.Add(page, Name(kHydra, "previousPage"), Text(PageUrl(paging, paging.page - 1)));
}

const model::Department* FindDepartment(const std::vector<model::Department>& departments, const std::string& code) {
  auto it = std::find_if(departments.begin(), departments.end(), [&](const auto& d) { return d.code == code; });
  return it == departments.end() ? nullptr : &*it;
}

}  // namespace

int64_t LastPage(const Paging& paging) {
  if (paging.per_page <= 0 || paging.total <= 0) return 1;
  return (paging.total + paging.per_page - 1) / paging.per_page;
}

Graph CatalogGraph(const CatalogExport& c) {
  Graph g(StandardPrefixes(c.site));
  const std::string type = Name(kRdf, "type");
  const std::string catalog = Iri(c.site + "/catalog").value;
  g.Add(catalog, type, Iri(Name(kDcat, "Catalog")));
  g.Add(catalog, Name(kDct, "title"), Text(c.title_zh, "zh"));
  g.Add(catalog, Name(kDct, "title"), Text(c.title_en, "en"));
  g.Add(catalog, Name(kDct, "description"), Text(c.description_zh, "zh"));
  g.Add(catalog, Name(kDct, "description"), Text(c.description_en, "en"));
  g.Add(catalog, Name(kFoaf, "homepage"), Iri(c.site + "/"));
  g.Add(catalog, Name(kDct, "language"), Iri(Name(kEuLanguage, "ZHO")));

  // The hub that publishes the catalog (each dataset names its department).
  const std::string publisher = catalog + "#publisher";
  g.Add(catalog, Name(kDct, "publisher"), Iri(publisher));
  g.Add(publisher, type, Iri(Name(kFoaf, "Organization")));
  g.Add(publisher, Name(kFoaf, "name"), Text(c.publisher_zh, "zh"));
  g.Add(publisher, Name(kFoaf, "name"), Text(c.publisher_en, "en"));

  const std::string themes = Iri(c.site + "/themes").value;
  g.Add(catalog, Name(kDcat, "themeTaxonomy"), Iri(themes));
  g.Add(themes, type, Iri(Name(kSkos, "ConceptScheme")));
  g.Add(themes, Name(kDct, "title"), Text("主题", "zh"));
  g.Add(themes, Name(kDct, "title"), Text("Themes", "en"));

  for (const auto& d : c.datasets) {
    // The link first, so the catalog's block lists its datasets together.
    g.Add(catalog, Name(kDcat, "dataset"), Iri(c.site + "/dataset/" + d.id));
  }
  for (const auto& d : c.datasets) AddDataset(g, c.site, d, FindDepartment(c.departments, d.department));
  AddPaging(g, c.paging);
  return g;
}

}  // namespace yungu::dcat

#!/usr/bin/env python3
"""Parses DCAT-AP exports with rdflib and checks what they say.

    check_rdf.py [--datasets N] [--distributions N] FILE...

Each FILE is parsed by its extension (.jsonld: JSON-LD, .ttl: Turtle,
.rdf: RDF/XML). All files must parse to the same graph (isomorphic), and
that graph must hold, for every dcat:Dataset, a dct:title in Chinese, a
publisher that is a named foaf:Organization, an EU frequency and access
right, and a licence; across the datasets, a title in English, a theme with
labels, a contact point with a name, and a distribution with an access URL.
Exits 1 and names every failed check, 2 when rdflib is missing.
"""
import argparse
import sys

try:
    import rdflib
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, Namespace
except ImportError:
    print("check_rdf: rdflib is missing (Debian: python3-rdflib)", file=sys.stderr)
    sys.exit(2)

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
FORMATS = {".jsonld": "json-ld", ".ttl": "turtle", ".rdf": "xml"}


def parse(path):
    for ext, fmt in FORMATS.items():
        if path.endswith(ext):
            graph = rdflib.Graph()
            graph.parse(path, format=fmt)
            return graph
    raise ValueError(f"{path}: unknown extension (want one of {', '.join(FORMATS)})")


def languages(graph, subject, predicate):
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, rdflib.Literal)}


def check_graph(graph, want_datasets, want_distributions):
    failures = []
    datasets = sorted(graph.subjects(RDF.type, DCAT.Dataset))
    if want_datasets is not None and len(datasets) != want_datasets:
        failures.append(f"{len(datasets)} dcat:Dataset, want {want_datasets}")
    if not datasets:
        failures.append("no dcat:Dataset")
    for ds in datasets:
        if "zh" not in languages(graph, ds, DCTERMS.title):
            failures.append(f"{ds}: no dct:title@zh")
        publishers = list(graph.objects(ds, DCTERMS.publisher))
        if len(publishers) != 1:
            failures.append(f"{ds}: {len(publishers)} dct:publisher, want 1")
        for org in publishers:
            if (org, RDF.type, FOAF.Organization) not in graph:
                failures.append(f"{ds}: publisher {org} is not a foaf:Organization")
            if "zh" not in languages(graph, org, FOAF.name):
                failures.append(f"{ds}: publisher {org} has no foaf:name@zh")
        for predicate, vocabulary in ((DCTERMS.accrualPeriodicity, EU_FREQUENCY), (DCTERMS.accessRights, EU_ACCESS_RIGHT)):
            values = [str(o) for o in graph.objects(ds, predicate)]
            if len(values) != 1 or not values[0].startswith(vocabulary):
                failures.append(f"{ds}: {graph.qname(predicate)} is {values}, want one IRI under {vocabulary}")
        if graph.value(ds, DCTERMS.license) is None:
            failures.append(f"{ds}: no dct:license")

    if datasets and not any("en" in languages(graph, ds, DCTERMS.title) for ds in datasets):
        failures.append("no dataset has a dct:title@en")
    themes = set(graph.objects(None, DCAT.theme))
    if not themes:
        failures.append("no dcat:theme")
    for theme in themes:
        if (theme, RDF.type, SKOS.Concept) not in graph or "zh" not in languages(graph, theme, SKOS.prefLabel):
            failures.append(f"theme {theme} is not a skos:Concept with a skos:prefLabel@zh")
    contacts = set(graph.objects(None, DCAT.contactPoint))
    if not contacts:
        failures.append("no dcat:contactPoint")
    for contact in contacts:
        if graph.value(contact, VCARD.fn) is None:
            failures.append(f"contact point {contact} has no vcard:fn")
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    if want_distributions is not None and len(distributions) != want_distributions:
        failures.append(f"{len(distributions)} dcat:Distribution, want {want_distributions}")
    if not distributions:
        failures.append("no dcat:Distribution")
    for dist in distributions:
        if graph.value(dist, DCAT.accessURL) is None:
            failures.append(f"distribution {dist} has no dcat:accessURL")
    return failures


def describe_difference(first, other):
    _, only_first, only_other = graph_diff(to_isomorphic(first), to_isomorphic(other))
    lines = [f"  only in the first: {t}" for t in sorted(only_first)[:10]]
    lines += [f"  only in this one: {t}" for t in sorted(only_other)[:10]]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, help="exact number of dcat:Dataset")
    parser.add_argument("--distributions", type=int, help="exact number of dcat:Distribution")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    failures = []
    graphs = []
    for path in args.files:
        try:
            graphs.append((path, parse(path)))
        except Exception as e:  # any parser error is a failed check, with its message
            failures.append(f"{path}: does not parse: {type(e).__name__}: {e}")
    if graphs:
        first_path, first = graphs[0]
        for path, graph in graphs[1:]:
            if not isomorphic(first, graph):
                failures.append(f"{path}: not the same graph as {first_path} "
                                f"({len(graph)} vs {len(first)} triples)\n" + describe_difference(first, graph))
        for failure in check_graph(first, args.datasets, args.distributions):
            failures.append(f"{first_path}: {failure}")

    for failure in failures:
        print("FAIL", failure)
    if failures:
        return 1
    print(f"ok: {len(graphs)} documents, {len(graphs[0][1])} triples each")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Draws the growth curves of bench/scale.sh and prints its Markdown tables.

    plot_scale.py --out DIR RESULTS.tsv [RESULTS.tsv ...]

Each RESULTS.tsv holds one measurement per line: backend, size, metric,
value (a later file's value wins). Writes DIR/scale-ingest.png,
scale-query.png and scale-catalog.png.
"""
import collections
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BACKENDS = [("sqlite", "SQLite"), ("postgres", "PostgreSQL")]


def load(paths):
    data = collections.defaultdict(dict)  # (backend, metric) -> {size: value}
    machine = {}
    for path in paths:
        load_one(path, data, machine)
    return data, machine


def load_one(path, data, machine):
    with open(path, encoding="utf-8") as f:
        for line in f:
            backend, size, metric, value = line.rstrip("\n").split("\t")
            if backend == "machine":
                machine[metric] = value
                continue
            try:
                data[(backend, metric)][int(size)] = float(value)
            except ValueError:
                pass


def series(data, backend, metric):
    points = sorted(data.get((backend, metric), {}).items())
    return [p[0] for p in points], [p[1] for p in points]


def human(n):
    if n >= 1_000_000:
        return f"{n / 1_000_000:g}M"
    if n >= 1000:
        return f"{n / 1000:g}k"
    return str(n)


def rows_axis(ax, sizes):
    ax.set_xscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([human(s) for s in sizes])
    ax.minorticks_off()
    ax.grid(True, which="major", alpha=0.3)


def plot_ingest(data, sizes, out):
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6))
    lines = [
        ("sqlite", "yungu_load_s", "yungu import → SQLite (typed, key, index)", "C0", "-"),
        ("sqlite", "yungu_total_s", "… + full-text index", "C0", "-."),
        ("sqlite", "peer_import_s", "sqlite3 .import (untyped)", "C0", ":"),
        ("sqlite", "peer_total_s", "sqlite3 .import + key + index", "C0", "--"),
        ("postgres", "yungu_load_s", "yungu import → PostgreSQL (typed, key, index)", "C1", "-"),
        ("postgres", "yungu_total_s", "… + full-text index", "C1", "-."),
        ("postgres", "peer_import_s", "psql \\copy (typed)", "C1", ":"),
        ("postgres", "peer_total_s", "\\copy + key + index + ANALYZE", "C1", "--"),
    ]
    for backend, metric, label, color, style in lines:
        x, y = series(data, backend, metric)
        if not x:
            continue
        axes[0].plot(x, y, style, color=color, marker="o", label=label)
        axes[1].plot(x, [xi / yi for xi, yi in zip(x, y)], style, color=color, marker="o", label=label)
    axes[0].set_yscale("log")
    axes[0].set_ylabel("seconds (log)")
    axes[0].set_title("Ingest time")
    axes[1].set_ylabel("rows per second")
    axes[1].set_title("Ingest rate")
    axes[1].set_ylim(bottom=0)
    for ax in axes:
        rows_axis(ax, sizes)
        ax.set_xlabel("rows in the file")
    axes[0].legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(f"{out}/scale-ingest.png", dpi=110)


def plot_query(data, sizes, out):
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    panels = [
        ("page", "rps", "Filtered page (100 rows): requests/s, 32 connections", "requests/s", False),
        ("count", "ms", "Filtered count + sum (≈10% of rows): latency", "ms (log)", True),
        ("group", "ms", "Grouped aggregate over all rows: latency", "ms (log)", True),
    ]
    for ax, (query, unit, title, ylabel, logy) in zip(axes, panels):
        for (backend, name), color in zip(BACKENDS, ["C0", "C1"]):
            for kind, style in [("api", "-"), ("direct", ":")]:
                x, y = series(data, backend, f"{query}_{kind}_{unit}")
                if x:
                    label = f"{name}, {'HTTP API' if kind == 'api' else 'same SQL direct'}"
                    ax.plot(x, y, style, color=color, marker="o", label=label)
        if logy:
            ax.set_yscale("log")
        else:
            ax.set_ylim(bottom=0)
        rows_axis(ax, sizes)
        ax.set_xlabel("rows in the dataset")
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(f"{out}/scale-query.png", dpi=110)


def plot_catalog(data, out):
    fig, ax = plt.subplots(figsize=(7, 4.6))
    sizes = set()
    for (backend, name), color in zip(BACKENDS, ["C0", "C1"]):
        for query, style in [("common", "-"), ("rare", ":"), ("facet", "--")]:
            x, y = series(data, backend, f"catalog_{query}_p50_ms")
            sizes.update(x)
            if x:
                ax.plot(x, y, style, color=color, marker="o", label=f"{name}: {query}")
    if not sizes:
        plt.close(fig)
        return
    rows_axis(ax, sorted(sizes))
    ax.set_xlabel("catalog entries")
    ax.set_ylabel("median latency, ms (8 connections)")
    ax.set_ylim(bottom=0)
    ax.set_title("Catalog search")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(f"{out}/scale-catalog.png", dpi=110)


def get(data, backend, metric, size, fmt="{:g}"):
    v = data.get((backend, metric), {}).get(size)
    return "–" if v is None else fmt.format(v)


def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def table(title, columns, rows):
    print(f"### {title}")
    print()
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def measured(data, metric, sizes):
    """(backend, its name, size, value) for each size where `metric` was measured."""
    for backend, name in BACKENDS:
        for n in sizes:
            value = data.get((backend, metric), {}).get(n)
            if value is not None:
                yield backend, name, n, value


def ingest_rows(data, sizes):
    for backend, name, n, y in measured(data, "yungu_load_s", sizes):
        peer = data.get((backend, "peer_total_s"), {}).get(n)
        yield [name, human(n), get(data, "input", "csv_mib", n), f"{y:g}", f"{n / y:,.0f}",
               get(data, backend, "peer_import_s", n), get(data, backend, "peer_total_s", n), ratio(y, peer),
               get(data, backend, "yungu_fts_s", n), get(data, backend, "yungu_import_rss_mib", n),
               get(data, backend, "db_mib", n)]


def query_rows(data, sizes):
    def pair(backend, n, a, b):
        return f"{get(data, backend, a, n)} / {get(data, backend, b, n)}"

    for backend, name, n, api in measured(data, "page_api_rps", sizes):
        direct = data.get((backend, "page_direct_rps"), {}).get(n)
        yield [name, human(n),
               f"{api:,.0f} ({pair(backend, n, 'page_api_p50_ms', 'page_api_p99_ms')})",
               f"{get(data, backend, 'page_direct_rps', n, '{:,.0f}')}"
               f" ({pair(backend, n, 'page_direct_p50_ms', 'page_direct_p99_ms')})",
               ratio(api, direct), pair(backend, n, "count_api_ms", "count_direct_ms"),
               pair(backend, n, "group_api_ms", "group_direct_ms"), get(data, backend, "server_rss_anon_mib", n)]


def catalog_rows(data, catalog_sizes):
    for backend, name in BACKENDS:
        for n in catalog_sizes:
            for q in ["common", "rare", "facet"]:
                if data.get((backend, f"catalog_{q}_rps"), {}).get(n) is None:
                    continue
                yield [name, human(n), q, get(data, backend, f"catalog_{q}_matches", n, "{:.0f}"),
                       get(data, backend, f"catalog_{q}_rps", n, "{:,.0f}"), get(data, backend, f"catalog_{q}_p50_ms", n),
                       get(data, backend, f"catalog_{q}_p99_ms", n)]


def tables(data, sizes, machine):
    print(f"- date: {machine.get('date', '?')}; machine: {machine.get('cpu', '?')}, "
          f"{machine.get('memory_gib', '?')} GiB; PostgreSQL {machine.get('postgres', '?')}")
    print()
    table("Ingest", ["backend", "rows", "CSV MiB", "`yungu import` load s", "rows/s", "peer bare s",
                     "peer + key + index s", "load / peer with keys", "+ full-text index s", "peak RSS MiB",
                     "store MiB"], ingest_rows(data, sizes))
    table("Queries", ["backend", "rows", "page API req/s (p50 / p99 ms)", "page direct req/s (p50 / p99 ms)",
                      "API / direct", "count+sum API / direct ms", "grouped API / direct ms",
                      "server RssAnon peak MiB"], query_rows(data, sizes))
    catalog_sizes = sorted({n for (b, m), v in data.items() if m.startswith("catalog_") for n in v})
    if catalog_sizes:
        table("Catalog search (wrk, 8 connections)", ["backend", "entries", "query", "matches", "req/s", "p50 ms",
                                                      "p99 ms"], catalog_rows(data, catalog_sizes))


def main():
    args = sys.argv[1:]
    out = "docs"
    if len(args) >= 2 and args[0] == "--out":
        out, args = args[1], args[2:]
    data, machine = load(args)
    for backend, _ in BACKENDS:  # the peer's whole job: load, then the same key and index
        bare = data.get((backend, "peer_import_s"), {})
        index = data.get((backend, "peer_index_s"), {})
        for n in bare:
            if n in index:
                data[(backend, "peer_total_s")][n] = round(bare[n] + index[n], 2)
        load_s = data.get((backend, "yungu_load_s"), {})
        fts = data.get((backend, "yungu_fts_s"), {})
        for n in load_s:
            if n in fts:
                data[(backend, "yungu_total_s")][n] = round(load_s[n] + fts[n], 2)
    sizes = sorted({n for (b, m), v in data.items() if m == "yungu_load_s" for n in v})
    if sizes:
        plot_ingest(data, sizes, out)
        plot_query(data, sizes, out)
    plot_catalog(data, out)
    tables(data, sizes, machine)


if __name__ == "__main__":
    main()

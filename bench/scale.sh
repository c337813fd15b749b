#!/usr/bin/env bash
# How cost grows with data (`make bench-scale`; not a test). For each size in
# SIZES, on both backends (the embedded SQLite store and PostgreSQL):
#   - ingest of one generated CSV by `yungu import`, against sqlite3 .import
#     and PostgreSQL \copy of the same file in the same run;
#   - a filtered page (throughput and latency under 32 connections), a
#     filtered count and a grouped aggregate (latency, one client) through
#     the HTTP API, against the same SQL run directly on the database
#     (build/bench/direct_sql_bench runs the statement the hub compiles);
#   - the server's memory while it answers;
# then catalog search with CATALOG_SIZES entries. Measurements go to
# $OUT/results.tsv; bench/plot_scale.py draws docs/scale-*.png and prints the
# tables for docs/benchmarks.md.
#
#   SIZES="1000000 10000000 50000000" CATALOG_SIZES="10000 100000" DURATION=15s \
#   PG_FTS_MAX_ROWS=10000000 bash bench/scale.sh
# (the defaults; SIZES="" or CATALOG_SIZES="" skips that part). About 80
# minutes and 70 GB of disk at the default sizes.
set -euo pipefail
# The source tree (also when a copy of this script runs from bench/out/).
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
SIZES=${SIZES-"1000000 10000000 50000000"}
CATALOG_SIZES=${CATALOG_SIZES-"10000 100000"}
DURATION=${DURATION:-15s}
LATENCY_RUNS=${LATENCY_RUNS:-3}
BACKENDS=${BACKENDS:-"sqlite postgres"}
Y=$PWD/build/yungu
B=$PWD/build/bench
OUT=${OUT:-$PWD/bench/out/scale}
PORT=${PORT:-18290}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"

# --- tools -------------------------------------------------------------------
need=()
command -v wrk > /dev/null || need+=(wrk)
command -v sqlite3 > /dev/null || need+=(sqlite3)
command -v jq > /dev/null || need+=(jq)
[ -x /usr/bin/time ] || need+=(time)
/usr/bin/python3 -c 'import matplotlib' 2> /dev/null || need+=(python3-matplotlib)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q "${need[@]}" > /dev/null; else sudo apt-get install -y -q "${need[@]}" > /dev/null; fi
fi
cmake -S . -B build -DYUNGU_BUILD_BENCH=ON > /dev/null
cmake --build build --target yungu catalog_fill direct_sql_bench -j"$(nproc)" > /dev/null

# wrk prints latencies as 850.00us, 12.30ms or 1.02s: milliseconds.
wrk_ms() { awk -v q="$1" '$1 == q { v = $2; if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0;
  else printf "%.2f", v * 1000 }' "$2"; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }  # backend size metric value
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
record machine 0 date "$(date -u +%Y-%m-%dT%H:%MZ)"
record machine 0 cpu "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
record machine 0 memory_gib "$(free -g | awk '/Mem:/ {print $2}')"

# --- PostgreSQL: a cluster of our own, durable, caches sized for the machine ---
PGDIR=$OUT/pg
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2> /dev/null || true
  bash scripts/pg-test-cluster.sh stop "$PGDIR" > /dev/null 2>&1 || true
}
trap cleanup EXIT
if [[ " $BACKENDS " == *" postgres "* ]]; then
  bash scripts/pg-test-cluster.sh stop "$PGDIR" > /dev/null 2>&1 || true
  PG_CLUSTER_SETTINGS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=4GB \
-c max_wal_size=16GB -c checkpoint_timeout=30min -c maintenance_work_mem=1GB -c work_mem=64MB" \
    bash scripts/pg-test-cluster.sh start "$PGDIR" > /dev/null
  PG_ADMIN=$(cat "$PGDIR/url")
  PG_BASE=${PG_ADMIN%/*}
  PGVERSION=$(psql "$PG_ADMIN" -Atc "SHOW server_version" | cut -d' ' -f1)
  record machine 0 postgres "$PGVERSION"
fi
pg_db() { psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" > /dev/null; echo "$PG_BASE/$1"; }
pg_drop() { psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $1" > /dev/null; }

declared='{"id":"bench","name":"基准数据","department":"SCJG","sharing_type":"unconditional","opening_type":"unconditional",
 "fields":[{"name":"id","type":"integer","primary_key":true},{"name":"name","type":"text"},
 {"name":"district","type":"text","indexed":true},{"name":"category","type":"text"},{"name":"amount","type":"decimal"},
 {"name":"quantity","type":"integer"},{"name":"day","type":"date"},{"name":"ts","type":"datetime"},
 {"name":"active","type":"boolean"},{"name":"note","type":"text"}]}'

# Runs a yungu command on the store URL $1 (empty: the embedded store).
on_store() { local url=$1; shift; if [ -n "$url" ]; then YUNGU_STORE=$url "$@"; else "$@"; fi; }

# A fresh hub on backend $1 (data dir $2, store URL $3 or empty): the demo's
# departments and accounts, and the catalog entry of the benchmark dataset.
new_hub() {
  rm -rf "$2"
  on_store "$3" $Y demo --data "$2" --scale 0.001 -q > /dev/null
  [ -n "${4:-}" ] && echo "$4" | on_store "$3" $Y catalog create --data "$2" - > /dev/null
  return 0
}
admin_token() {  # data dir, store URL
  on_store "$2" $Y admin create --data "$1" --username "bench_admin" --role platform_admin --token-scope read \
    --password-hash fast | awk '/^token: / {print $2}'
}

SERVER=""
start_server() {  # data dir, store URL
  [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER" 2> /dev/null || true; }
  # env, not a function: $! must be the server itself (its memory is sampled).
  env ${2:+YUNGU_STORE=$2} $Y serve --data "$1" --listen "127.0.0.1:$PORT" --response-cache-mb 0 \
    --query-timeout-ms 3600000 --web none > "$OUT/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && return; sleep 0.2; done
  echo "the server did not start:" >&2; cat "$OUT/serve.log" >&2; exit 1
}
stop_server() { [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER" 2> /dev/null || true; SERVER=""; }; return 0; }
MEM_PEAK=0
sample_memory() { local r; r=$(awk '/RssAnon/ {print $2}' "/proc/$SERVER/status" 2> /dev/null || echo 0); [ "${r:-0}" -gt "$MEM_PEAK" ] && MEM_PEAK=$r; return 0; }
enc() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g'; }
# Milliseconds of one GET (the server's whole answer received).
get_ms() { curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$1" | awk '{ printf "%.1f", $1 * 1000 }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The three queries, as the API takes them and as direct_sql_bench takes them.
PAGE_JSON='{"filters":{"district":"樊城区"},"limit":100}'
COUNT_JSON='{"filters":{"district":"樊城区"},"aggregates":["count","sum:amount"]}'
GROUP_JSON='{"group_by":["category"],"aggregates":["count","sum:amount","avg:quantity"]}'
PAGE_Q="filters=$(enc '{"district":"樊城区"}')&limit=100"
COUNT_Q="filters=$(enc '{"district":"樊城区"}')&aggregates=$(enc 'count,sum:amount')"
GROUP_Q="group_by=category&aggregates=$(enc 'count,sum:amount,avg:quantity')"

query_bench() {  # backend size data_dir store_url
  local backend=$1 n=$2 dir=$3 url=$4 direct_store
  direct_store=${url:-$dir}
  TOKEN=$(admin_token "$dir" "$url")
  start_server "$dir" "$url"
  MEM_PEAK=0
  local base="http://127.0.0.1:$PORT/api/v1/datasets/bench/query"
  curl -sf -H "Authorization: Bearer $TOKEN" "$base?$PAGE_Q" > /dev/null
  # Filtered page: throughput and latency, 32 connections.
  log "$backend $n: filtered page, API"
  wrk -t2 -c32 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$base?$PAGE_Q" > "$OUT/wrk.txt" &
  local w=$!
  while kill -0 "$w" 2> /dev/null; do sample_memory; sleep 0.2; done
  wait "$w"
  record "$backend" "$n" page_api_rps "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")"
  record "$backend" "$n" page_api_p50_ms "$(wrk_ms 50% "$OUT/wrk.txt")"
  record "$backend" "$n" page_api_p99_ms "$(wrk_ms 99% "$OUT/wrk.txt")"
  log "$backend $n: filtered page, direct"
  local d
  d=$("$B/direct_sql_bench" --store "$direct_store" --dataset bench --query "$PAGE_JSON" --clients 32 --seconds "${DURATION%s}")
  record "$backend" "$n" page_direct_rps "$(echo "$d" | jq -r '.requests_per_s | floor')"
  record "$backend" "$n" page_direct_p50_ms "$(echo "$d" | jq -r '.p50_ms * 100 | round / 100')"
  record "$backend" "$n" page_direct_p99_ms "$(echo "$d" | jq -r '.p99_ms * 100 | round / 100')"
  # Filtered count and grouped aggregate: one client, median of LATENCY_RUNS.
  local name json q times
  for name in count group; do
    if [ $name = count ]; then json=$COUNT_JSON; q=$COUNT_Q; else json=$GROUP_JSON; q=$GROUP_Q; fi
    log "$backend $n: $name, API and direct"
    times=""
    for _ in $(seq "$LATENCY_RUNS"); do times+=" $(get_ms "$base?$q")"; sample_memory; done
    record "$backend" "$n" "${name}_api_ms" "$(echo "$times" | median)"
    d=$("$B/direct_sql_bench" --store "$direct_store" --dataset bench --query "$json" --runs "$LATENCY_RUNS")
    record "$backend" "$n" "${name}_direct_ms" "$(echo "$d" | jq -r '.p50_ms * 10 | round / 10')"
  done
  sample_memory
  record "$backend" "$n" server_rss_anon_mib $((MEM_PEAK / 1024))
  record "$backend" "$n" server_hwm_mib $(($(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status") / 1024))
  stop_server
}

timed() {  # command...: prints "seconds peak_rss_kib"
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" > "$OUT/cmd.log" 2>&1 || { cat "$OUT/cmd.log" >&2; return 1; }
  cat "$OUT/time.txt"
}

# --- rows ------------------------------------------------------------------------
for n in $SIZES; do
  csv=$OUT/rows-$n.csv
  if [ ! -s "$csv" ] || [ "$(wc -l < "$csv")" -ne $((n + 1)) ]; then
    log "generating $n rows"
    bash bench/gen_rows.sh "$n" > "$csv"
  fi
  chmod a+r "$csv"
  record input "$n" csv_mib "$(du -m "$csv" | cut -f1)"

  if [[ " $BACKENDS " == *" sqlite "* ]]; then
    dir=$OUT/sqlite-hub
    new_hub sqlite "$dir" "" "$declared"
    log "sqlite $n: yungu import"
    read -r s kib <<< "$(timed $Y import bench "$csv" --data "$dir" -q)"
    record sqlite "$n" yungu_import_s "$s"
    record sqlite "$n" yungu_import_rss_mib $((kib / 1024))
    record sqlite "$n" yungu_fts_s "$(awk '/full-text index built/ {print $5}' "$OUT/cmd.log")"
    record sqlite "$n" yungu_load_s "$(awk '/^imported/ { for (i = 1; i < NF; i++) if ($i == "in") { print $(i + 1); exit } }' "$OUT/cmd.log")"
    record sqlite "$n" db_mib "$(du -m "$dir/yungu.db" | cut -f1)"
    log "sqlite $n: sqlite3 .import"
    rm -f "$OUT/peer.db"
    t0=$(now); sqlite3 "$OUT/peer.db" -cmd ".mode csv" ".import $csv t" ".quit"; t1=$(now)
    record sqlite "$n" peer_import_s "$(elapsed "$t0" "$t1")"
    t0=$(now); sqlite3 "$OUT/peer.db" "CREATE UNIQUE INDEX t_id ON t(id); CREATE INDEX t_district ON t(district)"; t1=$(now)
    record sqlite "$n" peer_index_s "$(elapsed "$t0" "$t1")"
    rm -f "$OUT/peer.db"
    query_bench sqlite "$n" "$dir" ""
    rm -rf "$dir"
  fi

  if [[ " $BACKENDS " == *" postgres "* ]]; then
    url=$(pg_db yungu_scale)
    dir=$OUT/pg-hub
    new_hub postgres "$dir" "$url" "$declared"
    log "postgres $n: yungu import"
    # The GIN build of the full-text index grows fastest (see docs/benchmarks.md);
    # above PG_FTS_MAX_ROWS the import skips it (uploads through the API build
    # it in the background anyway).
    no_index=""; [ "$n" -gt "${PG_FTS_MAX_ROWS:-10000000}" ] && no_index=--no-index
    read -r s kib <<< "$(timed env YUNGU_STORE="$url" $Y import bench "$csv" --data "$dir" -q $no_index)"
    record postgres "$n" yungu_import_s "$s"
    record postgres "$n" yungu_import_rss_mib $((kib / 1024))
    record postgres "$n" yungu_fts_s "$(awk '/full-text index built/ {print $5}' "$OUT/cmd.log")"
    record postgres "$n" yungu_load_s "$(awk '/^imported/ { for (i = 1; i < NF; i++) if ($i == "in") { print $(i + 1); exit } }' "$OUT/cmd.log")"
    record postgres "$n" db_mib "$(psql "$url" -Atc "SELECT pg_database_size(current_database()) / 1048576")"
    log "postgres $n: psql \\copy"
    peer=$(pg_db yungu_peer)
    psql "$peer" -qc "CREATE TABLE t (id bigint, name text, district text, category text, amount numeric,
      quantity integer, day date, ts timestamp, active boolean, note text)"
    t0=$(now); psql "$peer" -qc "\\copy t FROM '$csv' CSV HEADER"; t1=$(now)
    record postgres "$n" peer_import_s "$(elapsed "$t0" "$t1")"
    t0=$(now)
    psql "$peer" -qc "ALTER TABLE t ADD PRIMARY KEY (id)" -c "CREATE INDEX t_district ON t(district)" -c "ANALYZE t"
    t1=$(now)
    record postgres "$n" peer_index_s "$(elapsed "$t0" "$t1")"
    pg_drop yungu_peer
    query_bench postgres "$n" "$dir" "$url"
    pg_drop yungu_scale
    rm -rf "$dir"
  fi
  [ -n "${KEEP_CSV:-}" ] || rm -f "$csv"
done

# --- catalog search ------------------------------------------------------------
catalog_bench() {  # backend data_dir store_url
  local backend=$1 dir=$2 url=$3 have=0 n q name
  new_hub "$backend" "$dir" "$url"
  TOKEN=$(admin_token "$dir" "$url")
  for n in $CATALOG_SIZES; do
    log "$backend: catalog of $n entries"
    "$B/catalog_fill" --store "${url:-$dir}" --start "$have" --count $((n - have)) >> "$OUT/catalog_fill.log"
    have=$n
    start_server "$dir" "$url"
    for name in common rare facet; do
      case $name in
        common) q="q=$(enc '交通')&limit=20" ;;
        rare) q="q=$(enc '殡葬服务')&limit=20" ;;
        facet) q="department=SCJG&opening_type=unconditional&sort=-updated&limit=20" ;;
      esac
      local total
      total=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/datasets?$q" | jq '.total')
      record "$backend" "$n" "catalog_${name}_matches" "$total"
      wrk -t2 -c8 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$PORT/api/v1/datasets?$q" > "$OUT/wrk.txt"
      record "$backend" "$n" "catalog_${name}_rps" "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")"
      record "$backend" "$n" "catalog_${name}_p50_ms" "$(wrk_ms 50% "$OUT/wrk.txt")"
      record "$backend" "$n" "catalog_${name}_p99_ms" "$(wrk_ms 99% "$OUT/wrk.txt")"
    done
    stop_server
  done
}
if [ -n "$CATALOG_SIZES" ] && [[ " $BACKENDS " == *" sqlite "* ]]; then
  catalog_bench sqlite "$OUT/sqlite-catalog" ""
  rm -rf "$OUT/sqlite-catalog"
fi
if [ -n "$CATALOG_SIZES" ] && [[ " $BACKENDS " == *" postgres "* ]]; then
  catalog_bench postgres "$OUT/pg-catalog" "$(pg_db yungu_catalog)"
  pg_drop yungu_catalog
  rm -rf "$OUT/pg-catalog"
fi

log "done: $RESULTS"
/usr/bin/python3 bench/plot_scale.py --out "${PLOTS:-docs}" "$RESULTS"

#!/usr/bin/env bash
# CKAN's DataStore API against the native API (`make bench-ckan`; not a test).
# On each backend (the embedded SQLite store and PostgreSQL), with ROWS rows
# (default 1,000,000) of bench/gen_rows.sh:
#   - a limit-100 category filter with the total, through
#     /api/v1/datasets/bench/query (native), datastore_search by GET and by
#     POST (CKAN), 32 connections each, alternating so drift hits both;
#   - the same for a full-text query;
#   - loading UPSERT_ROWS rows through datastore_upsert (insert) in batches of
#     BATCH records (a 1 MiB JSON body holds about 4,000), one client, as
#     ckanapi does; and the bulk path: all ROWS as one CSV upload through
#     resource_update (a new version through the ingest pipeline).
# The peer figures (CKAN 2.10 with its DataStore on PostgreSQL 15 on a
# 2-core machine) are those the issue gives; CKAN itself cannot be installed
# here (PyPI is unreachable). Results go to $OUT/results.tsv.
#
#   ROWS=1000000 DURATION=15s UPSERT_ROWS=100000 BATCH=4000 bash bench/ckan.sh
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
ROWS=${ROWS:-1000000}
DURATION=${DURATION:-15s}
UPSERT_ROWS=${UPSERT_ROWS:-100000}
BATCH=${BATCH:-4000}
BACKENDS=${BACKENDS:-"sqlite postgres"}
Y=$PWD/build/yungu
OUT=${OUT:-$PWD/bench/out/ckan}
PORT=${PORT:-18291}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"

need=()
command -v wrk > /dev/null || need+=(wrk)
command -v jq > /dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q "${need[@]}" > /dev/null; else sudo apt-get install -y -q "${need[@]}" > /dev/null; fi
fi
cmake -S . -B build > /dev/null
cmake --build build --target yungu -j"$(nproc)" > /dev/null

wrk_ms() { awk -v q="$1" '$1 == q { v = $2; if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0;
  else printf "%.2f", v * 1000 }' "$2"; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }  # backend metric value
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
enc() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g'; }
record machine date "$(date -u +%Y-%m-%dT%H:%MZ)"
record machine cpu "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

PGDIR=$OUT/pg
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2> /dev/null || true
  bash scripts/pg-test-cluster.sh stop "$PGDIR" > /dev/null 2>&1 || true
}
trap cleanup EXIT
if [[ " $BACKENDS " == *" postgres "* ]]; then
  bash scripts/pg-test-cluster.sh stop "$PGDIR" > /dev/null 2>&1 || true
  PG_CLUSTER_SETTINGS="-c fsync=on -c synchronous_commit=on -c shared_buffers=4GB -c max_wal_size=16GB \
-c maintenance_work_mem=1GB -c work_mem=64MB" bash scripts/pg-test-cluster.sh start "$PGDIR" > /dev/null
  PG_ADMIN=$(cat "$PGDIR/url")
  PG_BASE=${PG_ADMIN%/*}
fi
on_store() { local url=$1; shift; if [ -n "$url" ]; then YUNGU_STORE=$url "$@"; else "$@"; fi; }

fields='[{"name":"id","type":"integer","primary_key":true},{"name":"name","type":"text"},
 {"name":"district","type":"text","indexed":true},{"name":"category","type":"text","indexed":true},
 {"name":"amount","type":"decimal"},{"name":"quantity","type":"integer"},{"name":"day","type":"date"},
 {"name":"ts","type":"datetime"},{"name":"active","type":"boolean"},{"name":"note","type":"text"}]'
dataset() {  # id
  echo "{\"id\":\"$1\",\"name\":\"基准数据\",\"department\":\"SCJG\",\"sharing_type\":\"unconditional\",
    \"opening_type\":\"unconditional\",\"fields\":$fields}"
}

csv=$OUT/rows-$ROWS.csv
if [ ! -s "$csv" ] || [ "$(wc -l < "$csv")" -ne $((ROWS + 1)) ]; then
  log "generating $ROWS rows"
  bash bench/gen_rows.sh "$ROWS" > "$csv"
fi
# The upsert batches: JSON bodies of BATCH records, made before timing.
batches=$OUT/batches-$UPSERT_ROWS-$BATCH
if [ ! -d "$batches" ]; then
  log "writing upsert batches"
  mkdir -p "$batches"
  /usr/bin/python3 - "$csv" "$batches" "$UPSERT_ROWS" "$BATCH" <<'PY'
import csv, json, sys
src, out, total, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
types = {"id": int, "quantity": int, "amount": float, "active": lambda v: v == "true"}
with open(src, encoding="utf-8") as f:
    rows = csv.DictReader(f)
    records, n, part = [], 0, 0
    for row in rows:
        if n == total: break
        records.append({k: types.get(k, str)(v) for k, v in row.items()})
        n += 1
        if len(records) == batch:
            with open(f"{out}/{part:06d}.json", "w", encoding="utf-8") as o:
                json.dump({"resource_id": "upserted", "method": "insert", "records": records}, o, ensure_ascii=False)
            records, part = [], part + 1
    if records:
        with open(f"{out}/{part:06d}.json", "w", encoding="utf-8") as o:
            json.dump({"resource_id": "upserted", "method": "insert", "records": records}, o, ensure_ascii=False)
PY
fi

start_server() {  # data dir, store URL
  env ${2:+YUNGU_STORE=$2} $Y serve --data "$1" --listen "127.0.0.1:$PORT" --response-cache-mb 0 --web none \
    > "$OUT/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && return; sleep 0.2; done
  echo "the server did not start:" >&2; cat "$OUT/serve.log" >&2; exit 1
}
stop_server() { [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER" 2> /dev/null || true; SERVER=""; }; return 0; }

# wrk on a GET (or a POST with $3 as the JSON body); records rps, p50, p99.
load() {  # backend name url [body]
  local script=""
  if [ -n "${4:-}" ]; then
    script=$OUT/post.lua
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$4" > "$script"
  fi
  curl -sf -H "Authorization: Bearer $TOKEN" ${4:+-H 'Content-Type: application/json' --data "$4"} "$3" > "$OUT/$2.json"
  wrk -t2 -c32 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" ${script:+-s "$script"} "$3" > "$OUT/wrk.txt"
  record "$1" "${2}_rps" "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")"
  record "$1" "${2}_p50_ms" "$(wrk_ms 50% "$OUT/wrk.txt")"
  record "$1" "${2}_p99_ms" "$(wrk_ms 99% "$OUT/wrk.txt")"
  grep -q "Non-2xx" "$OUT/wrk.txt" && { echo "$2 answered errors:" >&2; cat "$OUT/wrk.txt" "$OUT/$2.json" >&2; exit 1; }
  return 0
}

for backend in $BACKENDS; do
  dir=$OUT/data-$backend
  url=""
  if [ "$backend" = postgres ]; then
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS ckan_bench" -c "CREATE DATABASE ckan_bench" > /dev/null
    url=$PG_BASE/ckan_bench
  fi
  rm -rf "$dir"
  on_store "$url" $Y demo --data "$dir" --scale 0.001 -q > /dev/null
  dataset bench | on_store "$url" $Y catalog create --data "$dir" - > /dev/null
  dataset upserted | on_store "$url" $Y catalog create --data "$dir" - > /dev/null
  log "$backend: importing $ROWS rows"
  on_store "$url" $Y import bench "$csv" --data "$dir" -q > /dev/null
  TOKEN=$(on_store "$url" $Y admin create --data "$dir" --username bench_admin --role platform_admin \
    --token-scope write --password-hash fast | awk '/^token: / {print $2}')
  start_server "$dir" "$url"
  base=http://127.0.0.1:$PORT
  filter=$(enc '{"category":"建筑业"}')
  native_filter="$base/api/v1/datasets/bench/query?filters=$filter&limit=100&total=true"
  ckan_filter="$base/api/3/action/datastore_search?resource_id=bench&filters=$filter&limit=100"
  ckan_post='{"resource_id":"bench","filters":{"category":"建筑业"},"limit":100}'
  native_text="$base/api/v1/datasets/bench/query?q=$(enc 科技)&limit=100&total=true"
  ckan_text="$base/api/3/action/datastore_search?resource_id=bench&q=$(enc 科技)&limit=100"
  for round in 1 2; do
    log "$backend: category filter, round $round"
    load "$backend" "filter_native_$round" "$native_filter"
    load "$backend" "filter_ckan_get_$round" "$ckan_filter"
    load "$backend" "filter_ckan_post_$round" "$base/api/3/action/datastore_search" "$ckan_post"
    log "$backend: full text, round $round"
    load "$backend" "text_native_$round" "$native_text"
    load "$backend" "text_ckan_$round" "$ckan_text"
  done
  # The same rows and total on both routes.
  [ "$(jq '.total' "$OUT/filter_native_1.json")" = "$(jq '.result.total' "$OUT/filter_ckan_get_1.json")" ] ||
    { echo "the routes disagree on the total" >&2; exit 1; }

  log "$backend: datastore_upsert of $UPSERT_ROWS rows in batches of $BATCH"
  curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data '{"resource_id":"upserted"}' "$base/api/3/action/datastore_create" > /dev/null  # the empty table
  start=$(date +%s.%N)
  for f in "$batches"/*.json; do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --data-binary "@$f" "$base/api/3/action/datastore_upsert" || { echo "upsert failed on $f" >&2; exit 1; }
  done
  end=$(date +%s.%N)
  loaded=$(curl -sf -H "Authorization: Bearer $TOKEN" "$base/api/3/action/datastore_search?resource_id=upserted&limit=0" |
    jq '.result.total')
  [ "$loaded" -eq "$UPSERT_ROWS" ] || { echo "upsert loaded $loaded rows, not $UPSERT_ROWS" >&2; exit 1; }
  record "$backend" upsert_seconds "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
  record "$backend" upsert_rows_per_s "$(awk -v a="$start" -v b="$end" -v n="$UPSERT_ROWS" 'BEGIN { printf "%d", n / (b - a) }')"

  log "$backend: resource_update with a CSV of $ROWS rows"
  start=$(date +%s.%N)
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -F id=upserted -F "upload=@$csv" \
    "$base/api/3/action/resource_update" || { echo "the upload failed" >&2; exit 1; }
  end=$(date +%s.%N)
  loaded=$(curl -sf -H "Authorization: Bearer $TOKEN" "$base/api/3/action/datastore_search?resource_id=upserted&limit=0" |
    jq '.result.total')
  [ "$loaded" -eq "$ROWS" ] || { echo "the upload loaded $loaded rows, not $ROWS" >&2; exit 1; }
  record "$backend" upload_seconds "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
  record "$backend" upload_rows_per_s "$(awk -v a="$start" -v b="$end" -v n="$ROWS" 'BEGIN { printf "%d", n / (b - a) }')"
  stop_server
done
log "done: $RESULTS"
column -t "$RESULTS"

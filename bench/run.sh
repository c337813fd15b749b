#!/usr/bin/env bash
# Yungu benchmarks (not tests): import against sqlite3 .import and
# PostgreSQL COPY on one generated 1,000,000-row CSV, the query API under wrk
# at 32 connections, and server memory while exporting the whole dataset.
# Prints a Markdown report; docs/benchmarks.md holds the latest one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-15s}
Y=./build/yungu
OUT=bench/out
PORT=${PORT:-18190}
mkdir -p "$OUT"
rm -rf "$OUT/data" "$OUT/sqlite.db"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
best() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }

echo "## Benchmarks"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"\
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "- command: \`make bench\` (ROWS=$ROWS, best of $RUNS runs for imports)"

bash bench/gen_rows.sh "$ROWS" > "$OUT/rows.csv"
echo "- input: $ROWS rows, 10 columns, $(du -m "$OUT/rows.csv" | cut -f1) MiB of UTF-8 CSV (bench/gen_rows.sh)"
echo

# --- import ---------------------------------------------------------------
setup_store() {  # a fresh data dir with one department and the dataset $1
  rm -rf "$OUT/data"
  $Y demo --data "$OUT/data" --scale 0.001 -q > /dev/null
  echo "$2" | $Y catalog create --data "$OUT/data" - > /dev/null
}
inferred='{"id":"bench","name":"基准数据","department":"SCJG","sharing_type":"unconditional","opening_type":"unconditional"}'
declared='{"id":"bench","name":"基准数据","department":"SCJG","sharing_type":"unconditional","opening_type":"unconditional",
 "fields":[{"name":"id","type":"integer","primary_key":true},{"name":"name","type":"text"},
 {"name":"district","type":"text","indexed":true},{"name":"category","type":"text"},{"name":"amount","type":"decimal"},
 {"name":"quantity","type":"integer"},{"name":"day","type":"date"},{"name":"ts","type":"datetime"},
 {"name":"active","type":"boolean"},{"name":"note","type":"text"}]}'

yungu_inferred=""; yungu_declared=""; sqlite_times=""; sqlite_index_times=""; pg_times=""; fts_times=""
for run in $(seq "$RUNS"); do
  setup_store bench "$inferred"
  t0=$(now); $Y import bench "$OUT/rows.csv" --data "$OUT/data" -q --no-index > /dev/null; t1=$(now)
  yungu_inferred+=" $(elapsed "$t0" "$t1")"

  setup_store bench "$declared"
  t0=$(now); $Y import bench "$OUT/rows.csv" --data "$OUT/data" -q --no-index > /dev/null; t1=$(now)
  yungu_declared+=" $(elapsed "$t0" "$t1")"

  rm -f "$OUT/sqlite.db"
  t0=$(now); sqlite3 "$OUT/sqlite.db" -cmd ".mode csv" ".import $OUT/rows.csv t" ".quit"; t1=$(now)
  sqlite_times+=" $(elapsed "$t0" "$t1")"
  t0=$(now); sqlite3 "$OUT/sqlite.db" "CREATE INDEX t_district ON t(district)"; t1=$(now)
  sqlite_index_times+=" $(elapsed "$t0" "$t1")"
done

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
  PGDATA=$(mktemp -d); chmod 755 "$PGDATA"
  RUNAS=""; [ "$(id -u)" -eq 0 ] && { chown postgres "$PGDATA" "$OUT/rows.csv"; RUNAS="runuser -u postgres --"; }
  $RUNAS "$PG_BIN/initdb" -D "$PGDATA/db" -A trust > /dev/null
  $RUNAS "$PG_BIN/pg_ctl" -D "$PGDATA/db" -o "-p 54329 -k $PGDATA -c listen_addresses=''" -l "$PGDATA/log" -w start > /dev/null
  for run in $(seq "$RUNS"); do
    $RUNAS psql -h "$PGDATA" -p 54329 -d postgres -q -c "DROP TABLE IF EXISTS t" -c \
      "CREATE TABLE t (id bigint, name text, district text, category text, amount numeric, quantity integer,
       day date, ts timestamp, active boolean, note text)"
    t0=$(now)
    $RUNAS psql -h "$PGDATA" -p 54329 -d postgres -q -c "\\copy t FROM '$(realpath "$OUT/rows.csv")' CSV HEADER"
    t1=$(now)
    pg_times+=" $(elapsed "$t0" "$t1")"
  done
  $RUNAS "$PG_BIN/pg_ctl" -D "$PGDATA/db" -m fast stop > /dev/null
  rm -rf "$PGDATA"
fi

# Peak memory of an import (the file is streamed; RSS includes mapped pages).
setup_store bench "$inferred"
import_rss=$( { /usr/bin/time -f '%M' $Y import bench "$OUT/rows.csv" --data "$OUT/data" -q --no-index > /dev/null; } 2>&1 | tail -1)

# The dataset used by the query benchmarks: declared schema, index, full-text index.
setup_store bench "$declared"
idx_out=$($Y import bench "$OUT/rows.csv" --data "$OUT/data" -q)
fts_time=$(echo "$idx_out" | awk '/full-text index built/ {print $5}')
# Who queries: a platform administrator, and a government user of another
# department (JTYS) reading SCJG's unconditionally shared dataset.
account() {  # username role department -> API token
  $Y admin create --data "$OUT/data" --username "$1" --role "$2" ${3:+--department "$3"} \
     --token-scope read --password-hash fast | awk '/^token: / {print $2}'
}
ADMIN_TOKEN=$(account bench_admin platform_admin "")
GOV_TOKEN=$(account bench_gov government_user JTYS)

yi=$(echo "$yungu_inferred" | best); yd=$(echo "$yungu_declared" | best)
st=$(echo "$sqlite_times" | best); si=$(echo "$sqlite_index_times" | best)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "### Import of $ROWS rows"
echo
echo "| what | seconds (best of $RUNS) | rows/s | time vs sqlite3 .import |"
echo "|---|---|---|---|"
row() { echo "| $1 | $2 | $(awk -v r="$ROWS" -v t="$2" 'BEGIN { printf "%.0f", r / t }') | $(ratio "$2" "$st") |"; }
row "\`yungu import\`, types inferred and every value validated" "$yi"
row "\`yungu import\`, declared schema (validated), primary key + index on district" "$yd"
row "\`sqlite3 .import\` (all columns untyped TEXT, no checks)" "$st"
row "\`sqlite3 .import\` + CREATE INDEX on district" "$(awk -v a="$st" -v b="$si" 'BEGIN { printf "%.2f", a + b }')"
if [ -n "$pg_times" ]; then row "PostgreSQL $(basename "$(dirname "$PG_BIN")") \`\\copy\` into typed columns" "$(echo "$pg_times" | best)"; fi
echo
echo "Yungu's full-text index of the same version (built after the commit, in the background when uploads"
echo "come through the API): ${fts_time} s. Peak resident memory of \`yungu import\` on the whole file:"
echo "$((import_rss / 1024)) MiB (the reader streams; batches of at most ~16k rows are in flight)."
echo

# --- query API ---------------------------------------------------------------
SERVER=""
start_server() {
  [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
  $Y serve --data "$OUT/data" --listen "127.0.0.1:$PORT" "$@" > "$OUT/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && break; sleep 0.2; done
}
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null || true' EXIT
enc() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g'; }
B="http://127.0.0.1:$PORT/api/v1/datasets/bench/query"
Q_FILTER="$B?filters=$(enc '{"district":"樊城区"}')&limit=100&total=true"
Q_FILTER_NOTOTAL="$B?filters=$(enc '{"district":"樊城区"}')&limit=100"
Q_TEXT="$B?q=$(enc '物流')&limit=100&total=true"
TOKEN=$ADMIN_TOKEN
get() { curl -s -H "Authorization: Bearer $TOKEN" "$@"; }
bench_query() {
  local out; out=$(wrk -t2 -c32 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$2")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "| $1 | $rps | $p50 | $p99 |"
}
start_server --response-cache-mb 0
matching=$(get "$Q_FILTER" | grep -o '"total":[0-9]*' | cut -d: -f2)
text_matching=$(get "$Q_TEXT" | grep -o '"total":[0-9]*' | cut -d: -f2)
bytes=$(get "$Q_FILTER" | wc -c)
echo "### Query API (wrk, 2 threads, 32 connections, $DURATION each, on the same 2 cores as the server)"
echo
echo "Every query runs against SQLite (\`--response-cache-mb 0\`); totals come from the total cache after"
echo "the first request (a version never changes, so its count for a filter is computed once)."
echo
echo "| query | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
bench_query "indexed equality filter (district, $matching matching rows), limit=100, with total" "$Q_FILTER"
bench_query "the same without total" "$Q_FILTER_NOTOTAL"
bench_query "full-text q=物流 ($text_matching matching rows), limit=100, with total" "$Q_TEXT"
echo
start_server
get "$Q_FILTER" > /dev/null
get "$Q_TEXT" > /dev/null
echo "With the default response cache (64 MiB; answers keyed by version, metadata revision and request):"
echo
echo "| query | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
bench_query "indexed equality filter, limit=100, with total (repeated)" "$Q_FILTER"
bench_query "full-text q=物流, limit=100, with total (repeated)" "$Q_TEXT"
echo
echo "Each answer of the filtered query is $bytes bytes of JSON (100 records as objects)."
echo

# --- what access control costs -------------------------------------------------
# The same uncached filtered query, alternating runs with access control off
# (every request the local operator, no trace) and on (a bearer token checked,
# the sharing rules and field scope applied, one trace entry appended per read).
echo "### Cost of authentication, authorisation and the trace"
echo
echo 'Uncached filtered query without total (`--response-cache-mb 0`), '"$DURATION"' per run, runs alternating off/on:'
echo
echo "| run | access control off (req/s) | on: government user of another department (req/s) | on/off |"
echo "|---|---|---|---|"
for run in 1 2 3; do
  start_server --response-cache-mb 0 --no-access-control
  get "$Q_FILTER_NOTOTAL" > /dev/null
  off=$(wrk -t2 -c32 -d"$DURATION" "$Q_FILTER_NOTOTAL" | awk '/Requests\/sec/ {print $2}')
  start_server --response-cache-mb 0
  TOKEN=$GOV_TOKEN
  get "$Q_FILTER_NOTOTAL" > /dev/null
  on=$(wrk -t2 -c32 -d"$DURATION" -H "Authorization: Bearer $TOKEN" "$Q_FILTER_NOTOTAL" | awk '/Requests\/sec/ {print $2}')
  TOKEN=$ADMIN_TOKEN
  echo "| $run | $off | $on | $(ratio "$on" "$off") |"
done
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
entries=$($Y audit verify --data "$OUT/data" 2>/dev/null | awk '/^audit log:/ {print $3}')
echo
echo "The trace held $entries entries after these runs (one per query answered with access control on)."
echo

# --- export memory -----------------------------------------------------------
# Heap and other private memory (RssAnon): mapped database pages are shared
# file cache, counted separately (RssFile).
start_server
rss() { awk '/RssAnon/ {print $2}' "/proc/$SERVER/status"; }
rss_file() { awk '/RssFile/ {print $2}' "/proc/$SERVER/status"; }
before=$(rss)
peak=$before
t_csv0=$(now)
get -o /dev/null "http://127.0.0.1:$PORT/api/v1/datasets/bench/export?format=csv" &
CURL=$!
while kill -0 "$CURL" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05; done
t_csv1=$(now)
csv_peak=$peak
peak=$(rss)
t0=$(now)
get -o "$OUT/export.xlsx" "http://127.0.0.1:$PORT/api/v1/datasets/bench/export?format=xlsx" &
CURL=$!
while kill -0 "$CURL" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05; done
t1=$(now)
echo "### Server memory while exporting all $ROWS rows"
echo
echo "| export | server private memory (RssAnon) before | peak during |"
echo "|---|---|---|"
echo "| CSV (streamed, $(elapsed "$t_csv0" "$t_csv1") s) | $((before / 1024)) MiB | $((csv_peak / 1024)) MiB |"
echo "| XLSX (spooled to disk, then streamed; $(elapsed "$t0" "$t1") s, $(du -m "$OUT/export.xlsx" | cut -f1) MiB) | $((before / 1024)) MiB | $((peak / 1024)) MiB |"
echo
echo "Private memory holds the heap and SQLite's page cache (at most 64 MiB per connection). The"
echo "memory-mapped database file (mmap_size 256 MiB) is page cache shared with the OS, $(( $(rss_file) / 1024 )) MiB"
echo "resident after the exports; neither grows with the size of an export."

# --- audit trace ---------------------------------------------------------------
# Appends with group commit and proof costs (bench/audit_bench.cc), then the
# real `yungu audit verify` on AUDIT_VERIFY_ENTRIES entries (default
# 10,000,000: about 9 GB under bench/out/audit while it runs).
AUDIT_VERIFY_ENTRIES=${AUDIT_VERIFY_ENTRIES:-10000000}
cmake -S . -B build -DYUNGU_BUILD_BENCH=ON > /dev/null
cmake --build build --target audit_bench -j"$(nproc)" > /dev/null
./build/bench/audit_bench --dir "$OUT/audit" --appends "${AUDIT_APPENDS:-1000000}" \
  --verify-entries "$AUDIT_VERIFY_ENTRIES"
verify_out=$( { /usr/bin/time -f 'time %e %M' $Y audit verify --data "$OUT/audit/verify" --json > "$OUT/verify.json"; } 2>&1 )
verify_s=$(echo "$verify_out" | awk '/^time/ {print $2}')
verify_kb=$(echo "$verify_out" | awk '/^time/ {print $3}')
verified=$(grep -o '"entries": [0-9]*' "$OUT/verify.json" | grep -o '[0-9]*$')
echo "| \`yungu audit verify\` of those $verified entries | $verify_s s ($(awk -v n="$verified" -v t="$verify_s" 'BEGIN { printf "%.0f", n / t }') entries/s), peak resident memory $((verify_kb / 1024)) MiB |"
echo
rm -rf "$OUT/audit"

#!/usr/bin/env bash
# Data-governance benchmarks (not tests): CSV export of ROWS rows with masks
# against the same export without them (alternating runs, same caller and
# fields), the personal-data discovery scan (bench/discovery_bench.cc) and
# the k-anonymity search on the Adult data (bench/anonymize_bench.cc).
# Prints a Markdown section for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
ADULT=${ADULT:-../shared/data/adult}
Y=./build/yungu
OUT=bench/out/governance
PORT=${PORT:-18191}
rm -rf "$OUT"
mkdir -p "$OUT"

cmake -S . -B build -DYUNGU_BUILD_BENCH=ON > /dev/null
cmake --build build --target yungu discovery_bench anonymize_bench -j"$(nproc)" > /dev/null

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "### Data governance"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"\
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1 /proc/loadavg)"
echo "- command: \`bash bench/governance.sh\` (ROWS=$ROWS, RUNS=$RUNS)"
echo

# --- export with and without masks --------------------------------------------
bash bench/gen_rows.sh "$ROWS" > "$OUT/rows.csv"
$Y demo --data "$OUT/data" --scale 0.001 -q > /dev/null
echo '{"id":"bench","name":"基准数据","department":"SCJG","sharing_type":"unconditional",
 "fields":[{"name":"id","type":"integer","primary_key":true},{"name":"name","type":"text"},
 {"name":"district","type":"text","indexed":true},{"name":"category","type":"text"},{"name":"amount","type":"decimal"},
 {"name":"quantity","type":"integer"},{"name":"day","type":"date"},{"name":"ts","type":"datetime"},
 {"name":"active","type":"boolean"},{"name":"note","type":"text"}]}' | $Y catalog create --data "$OUT/data" - > /dev/null
$Y import bench "$OUT/rows.csv" --data "$OUT/data" -q > /dev/null
account() {  # username role department scope -> API token
  $Y admin create --data "$OUT/data" --username "$1" --role "$2" ${3:+--department "$3"} \
     --token-scope "$4" --password-hash fast | awk '/^token: / {print $2}'
}
GOV_TOKEN=$(account bench_gov government_user JTYS read)
ADMIN_TOKEN=$(account bench_admin platform_admin "" write)
$Y serve --data "$OUT/data" --listen "127.0.0.1:$PORT" --response-cache-mb 0 > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && break; sleep 0.2; done

# Masked for other departments: three format masks (keep the first 2
# characters, a number bucket, a date truncated to its month), then the same
# with the name pseudonymised as well (keyed HMAC-SHA-256 per value).
fields() {  # name-mask note-mask quantity-mask day-mask -> fields JSON
  echo "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\",\"primary_key\":true},
 {\"name\":\"name\",\"type\":\"text\"$1},{\"name\":\"district\",\"type\":\"text\",\"indexed\":true},
 {\"name\":\"category\",\"type\":\"text\"},{\"name\":\"amount\",\"type\":\"decimal\"},
 {\"name\":\"quantity\",\"type\":\"integer\"$3},{\"name\":\"day\",\"type\":\"date\"$4},
 {\"name\":\"ts\",\"type\":\"datetime\"},{\"name\":\"active\",\"type\":\"boolean\"},
 {\"name\":\"note\",\"type\":\"text\"$2}]}"
}
gov() { echo ",\"masks\":{\"government\":$1}"; }
plain=$(fields "" "" "" "")
formats=$(fields "" "$(gov '{"method":"keep","first":2}')" "$(gov '{"method":"bucket","width":100}')" \
                 "$(gov '{"method":"date","unit":"month"}')")
pseudo=$(fields "$(gov '{"method":"pseudonym","domain":"enterprise"}')" "$(gov '{"method":"keep","first":2}')" \
                "$(gov '{"method":"bucket","width":100}')" "$(gov '{"method":"date","unit":"month"}')")
set_fields() {
  curl -sf -X PATCH -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    --data "$1" "http://127.0.0.1:$PORT/api/v1/datasets/bench" > /dev/null
}
export_once() {  # -> seconds
  local t0 t1
  t0=$(now)
  curl -sf -H "Authorization: Bearer $GOV_TOKEN" -o "$OUT/export.csv" \
    "http://127.0.0.1:$PORT/api/v1/datasets/bench/export?format=csv"
  t1=$(now)
  elapsed "$t0" "$t1"
}
plain_times=""; format_times=""; pseudo_times=""
for _ in $(seq "$RUNS"); do
  set_fields "$plain"; plain_times="$plain_times $(export_once)"
  set_fields "$formats"; format_times="$format_times $(export_once)"
  set_fields "$pseudo"; pseudo_times="$pseudo_times $(export_once)"
done
sample=$(sed -n 2p "$OUT/export.csv")
pm=$(echo "$plain_times" | median); fm=$(echo "$format_times" | median); sm=$(echo "$pseudo_times" | median)
line() { echo "| $1 | $2 | $(awk -v r="$ROWS" -v t="$2" 'BEGIN { printf "%.0f", r / t }') | $(awk -v a="$2" -v b="$pm" 'BEGIN { printf "%.2f", a / b }') |"; }
echo "#### CSV export of $ROWS rows by another department's user (curl, response cache off)"
echo
echo "| export | seconds (median of $RUNS, alternating) | rows/s | vs unmasked |"
echo "|---|---|---|---|"
line "unmasked (10 columns)" "$pm"
line "3 of 10 columns masked: keep 2, bucket, month" "$fm"
line "4 of 10 masked: the same and a keyed pseudonym" "$sm"
echo
echo "All runs: unmasked$plain_times; format masks$format_times; with pseudonym$pseudo_times."
echo "A row with the pseudonym: \`$sample\`"
echo
kill $SERVER; wait $SERVER 2>/dev/null || true

# --- discovery scan -------------------------------------------------------------
echo "#### Personal-data discovery scan (\`build/bench/discovery_bench\`)"
echo
echo '```'
./build/bench/discovery_bench
echo '```'
echo

# --- k-anonymity on Adult -----------------------------------------------------
echo "#### k-anonymity on the Adult data (\`build/bench/anonymize_bench $ADULT\`)"
echo
echo '```'
./build/bench/anonymize_bench "$ADULT"
echo '```'

#!/usr/bin/env bash
# Recovery time of the hub when its PostgreSQL primary dies and the replica
# is promoted (what Patroni does automatically, here by hand so the hub's
# own share is measured): a hub on a two-host URL with
# target_session_attrs=read-write keeps writing; the primary is killed, the
# replica promoted; the script prints how long writes failed and whether the
# audit log verifies afterwards.
#   bench/failover.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
yungu="$here/$build/yungu"
cluster="$here/scripts/pg-test-cluster.sh"
work=$(mktemp -d /tmp/yungu-failover.XXXXXX)
chmod 755 "$work"
cleanup() {
  kill "$serve_pid" 2>/dev/null || true
  "$cluster" stop "$work/replica" >/dev/null 2>&1 || true
  "$cluster" stop "$work/primary" >/dev/null 2>&1 || true
  rm -rf "$work"
}
serve_pid=
trap cleanup EXIT

primary=$("$cluster" start "$work/primary")
psql -q "$primary" -c "CREATE DATABASE hub"
replica=$("$cluster" replica "$work/replica" "$work/primary")
pport=${primary##*:}; pport=${pport%%/*}
rport=${replica##*:}; rport=${rport%%/*}
url="postgresql://yungu@127.0.0.1:$pport,127.0.0.1:$rport/hub?target_session_attrs=read-write&connect_timeout=2"

"$yungu" demo --data "$work/data" --store "$url" --scale 0.05 -q
token=$("$yungu" admin token --data "$work/data" --store "$url" --username admin --scope admin | sed -n 's/token: //p')
"$yungu" serve --data "$work/data" --store "$url" --listen 127.0.0.1:0 --web none >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
  [ -n "$port" ] && break
  sleep 0.1
done
api="http://127.0.0.1:$port/api/v1"

# Writes (a department each) and traced reads, 20 a second, logged with times.
(
  i=0
  while true; do
    i=$((i + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"code\": \"F$i\", \"name\": \"测试$i\"}" "$api/departments")
    echo "$(date +%s.%N) $code"
    curl -s -o /dev/null -m 5 -H "Authorization: Bearer $token" "$api/datasets/schools/query?limit=1"
    sleep 0.05
  done
) >"$work/writes.log" &
writer=$!
sleep 3
killed=$(date +%s.%N)
"$cluster" stop "$work/primary" >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$(cat "$work/replica/home")/data" promote -w >/dev/null 2>&1 ||
  /usr/lib/postgresql/15/bin/pg_ctl -D "$(cat "$work/replica/home")/data" promote -w >/dev/null
promoted=$(date +%s.%N)
sleep 5
kill "$writer"
last_bad=$(awk -v t="$killed" '$1 > t && $2 != 201 { last = $1 } END { print (last ? last : t) }' "$work/writes.log")
first_ok=$(awk -v t="$last_bad" '$1 > t && $2 == 201 { print $1; exit }' "$work/writes.log")
failed=$(awk -v t="$killed" '$1 > t && $2 != 201' "$work/writes.log" | wc -l)
total=$(wc -l <"$work/writes.log")
echo "writes: $total, failed after the kill: $failed"
echo "promotion took: $(echo "$promoted - $killed" | bc) s"
echo "writes failed for (kill -> first success): $(echo "$first_ok - $killed" | bc) s"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
serve_pid=
"$yungu" audit verify --data "$work/data" --store "$url" | tail -2

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on loopback.
#
#   pg-test-cluster.sh start DIR   initdb DIR/data, start it on a free port,
#                                  write its admin URL to DIR/url and print it
#   pg-test-cluster.sh replica DIR PRIMARY_DIR
#                                  a streaming replica of the cluster in
#                                  PRIMARY_DIR (pg_basebackup), on its own port
#   pg-test-cluster.sh stop DIR    stop it and remove DIR
#
# PostgreSQL refuses to run as root, so under root the cluster belongs to the
# unprivileged `postgres` user (Debian's package creates it) and lives in a
# directory under /tmp that user can reach (DIR may be somewhere it cannot,
# such as a build tree in /root); DIR/home names it. Durability is off
# (fsync, synchronous_commit): the cluster lives only for one test run.
# PG_CLUSTER_SETTINGS adds "-c name=value" options after these (the later
# value wins): the benchmarks turn durability back on and size the caches.
set -euo pipefail

cmd=${1:?usage: pg-test-cluster.sh start|stop|replica DIR}
dir=${2:?usage: pg-test-cluster.sh start|stop DIR}

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ]; then
  if command -v initdb >/dev/null; then bindir=$(dirname "$(command -v initdb)"); else
    echo "error: PostgreSQL server binaries not found (scripts/install-deps.sh installs postgresql)" >&2
    exit 1
  fi
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Where the cluster of DIR lives (made by new_home).
home_of() {
  if [ -f "$1/home" ]; then cat "$1/home"; else echo "$1"; fi
}
new_home() {
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    home=$(mktemp -d /tmp/yungu-pg.XXXXXX)
    chmod 755 "$home"
    chown postgres: "$home"
  else
    home="$dir"
  fi
  echo "$home" >"$dir/home"
}

# Settings of primaries and replicas alike (a replica needs at least the
# primary's max_connections).
common_settings() {
  echo "-c listen_addresses=127.0.0.1 -c unix_socket_directories='$1' -c fsync=off" \
    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    "-c shared_buffers=128MB -c wal_level=replica -c max_wal_senders=10 ${PG_CLUSTER_SETTINGS:-}"
}

free_port() {
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "error: no free port found" >&2
  exit 1
}

case "$cmd" in
  replica)
    primary=${3:?usage: pg-test-cluster.sh replica DIR PRIMARY_DIR}
    primary_url=$(cat "$primary/url")
    primary_port=${primary_url##*:}
    primary_port=${primary_port%%/*}
    new_home
    as_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U yungu -D "$home/data" -R -X stream \
      --checkpoint=fast >"$dir/basebackup.log" 2>&1 || {
      cat "$dir/basebackup.log" >&2
      exit 1
    }
    port=$(free_port)
    # Feedback keeps the primary from cleaning up rows its queries still see,
    # so replay never waits for them (the setting a read replica wants).
    opts="-p $port $(common_settings "$home") -c hot_standby=on -c hot_standby_feedback=on"
    as_owner "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 -o "$opts" start >/dev/null || {
      cat "$home/server.log" >&2
      exit 1
    }
    url="postgresql://yungu@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    chmod a+r "$dir/url"
    echo "$url"
    ;;
  start)
    if [ -f "$dir/url" ] && as_owner "$bindir/pg_ctl" -D "$(home_of "$dir")/data" status >/dev/null 2>&1; then
      cat "$dir/url"
      exit 0
    fi
    if [ -f "$dir/home" ]; then rm -rf "$(home_of "$dir")"; fi
    new_home
    as_owner "$bindir/initdb" -D "$home/data" -U yungu --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    port=$(free_port)
    opts="-p $port $(common_settings "$home")"
    as_owner "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 -o "$opts" start >/dev/null || {
      cat "$home/server.log" >&2
      exit 1
    }
    url="postgresql://yungu@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    chmod a+r "$dir/url"
    echo "$url"
    ;;
  stop)
    home=$(home_of "$dir")
    if [ -d "$home/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$home/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "$home" != "$dir" ]; then rm -rf "$home"; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-test-cluster.sh start|stop DIR | replica DIR PRIMARY_DIR" >&2
    exit 2
    ;;
esac

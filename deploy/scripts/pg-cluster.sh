#!/usr/bin/env bash
# A private PostgreSQL 15 cluster in a folder of the working tree (no system service).
#   pg-cluster.sh start DIR   initializes DIR once, starts it on a free localhost port,
#                             and prints the port; a running cluster is reused.
#   pg-cluster.sh stop DIR
# As root, the server runs as the 'postgres' system user (PostgreSQL refuses root).
set -euo pipefail
PG_BIN=/usr/lib/postgresql/15/bin
cmd=${1:?usage: pg-cluster.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: pg-cluster.sh start|stop DIR}" && cd "$2" && pwd)
data="$dir/data"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

case "$cmd" in
  start)
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      cat "$dir/port"
      exit 0
    fi
    port=$(free_port)
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c maintenance_work_mem=1GB" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    echo "$port"
    ;;
  stop)
    [ -f "$data/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: pg-cluster.sh start|stop DIR" >&2; exit 2 ;;
esac

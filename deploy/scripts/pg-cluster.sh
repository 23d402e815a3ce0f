#!/usr/bin/env bash
# A private PostgreSQL 15 cluster in a folder of the working tree (no system service).
#   pg-cluster.sh start DIR   initializes DIR once, starts it on localhost and prints the port;
#                             a running cluster is reused. The port is chosen once (a free one)
#                             and kept in DIR/port: after a crash or a stop the cluster comes back
#                             on the SAME port, so a running API reconnects by itself.
#   pg-cluster.sh stop DIR
#   pg-cluster.sh password DIR  prints the password of the 'postgres' user (DIR/password, mode 0600)
#   pg-cluster.sh replica DIR PRIMARY_DIR
#                             a streaming replica (hot standby) of the running cluster in PRIMARY_DIR:
#                             pg_basebackup -R once into DIR, then started like any cluster (its own
#                             port in DIR/port, the primary's password); read-only until promoted.
# Authentication: TCP connections need the password (scram-sha-256), generated once into
# DIR/password; the Unix socket in DIR (mode 0700) only admits the cluster's owner (peer). No
# local user is trusted without a password.
# As root, the server runs as the 'postgres' system user (PostgreSQL refuses root).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
PG_BIN=/usr/lib/postgresql/15/bin
cmd=${1:?usage: pg-cluster.sh start|stop|password DIR}
dir=$(mkdir -p "${2:?usage: pg-cluster.sh start|stop|password DIR}" && cd "$2" && pwd)
data="$dir/data"
owner=$(if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# SO_REUSEADDR as PostgreSQL sets it: connections of the last run left in TIME_WAIT do not make the port taken.
port_is_free() {
  # SO_REUSEADDR as PostgreSQL sets it: a port whose old connections linger in TIME_WAIT after a crash is free to it.
  "$PYTHON" -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1",int(sys.argv[1])))' "$1" 2>/dev/null
}

# The password of the 'postgres' user, generated once (0600, readable by whoever runs this script).
password_file="$dir/password"
ensure_password() {
  if [ ! -s "$password_file" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$password_file")
  fi
}

# pg_hba.conf: password over TCP, peer (the cluster's owner only) on the socket; nothing trusted.
write_hba() {
  as_owner tee "$data/pg_hba.conf" >/dev/null <<HBA
# Written by deploy/scripts/pg-cluster.sh: no trust; password over TCP, owner-only socket.
local   all   all                 peer map=owner
host    all   all   127.0.0.1/32  scram-sha-256
host    all   all   ::1/128       scram-sha-256
host    replication   all   127.0.0.1/32  scram-sha-256
HBA
  as_owner tee "$data/pg_ident.conf" >/dev/null <<IDENT
owner   $owner   postgres
IDENT
}

case "$cmd" in
  start)
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
    chmod 0711 "$dir"
    ensure_password
    if [ ! -f "$data/PG_VERSION" ]; then
      pwfile=$(mktemp)
      cp "$password_file" "$pwfile"
      [ "$(id -u)" -ne 0 ] || chown postgres "$pwfile"
      as_owner "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=peer --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; exit 1; }
      rm -f "$pwfile"
    fi
    write_hba
    # The password of 'postgres' (a cluster made before passwords had none), over the owner's socket.
    set_password() {
      [ ! -f "$data/standby.signal" ] || return 0 # a standby is read-only; it has the primary's password
      as_owner "$PG_BIN/psql" -h "$dir" -p "$1" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 \
        -c "ALTER USER postgres PASSWORD '$(cat "$password_file")'" >/dev/null
    }
    if as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$PG_BIN/pg_ctl" -D "$data" reload >/dev/null 2>&1 || true
      set_password "$(cat "$dir/port")"
      cat "$dir/port"
      exit 0
    fi
    # The same port as last time, when it is still free; a new free one otherwise.
    port=""
    if [ -s "$dir/port" ] && port_is_free "$(cat "$dir/port")"; then
      port=$(cat "$dir/port")
    elif [ -s "$dir/port" ]; then
      echo "pg-cluster: port $(cat "$dir/port") is taken by another program; choosing a new one (restart the API)" >&2
    fi
    [ -n "$port" ] || port=$(free_port)
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c unix_socket_permissions=0700 -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c maintenance_work_mem=1GB" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    set_password "$port"
    echo "$port"
    ;;
  stop)
    [ -f "$data/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    ;;
  password)
    cat "$password_file"
    ;;
  replica)
    primary=$(cd "${3:?usage: pg-cluster.sh replica DIR PRIMARY_DIR}" && pwd)
    if [ ! -f "$data/PG_VERSION" ]; then
      [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
      chmod 0711 "$dir"
      (umask 077 && cp "$primary/password" "$password_file")
      # -R: standby.signal plus primary_conninfo (with the password) in postgresql.auto.conf; -X stream:
      # the WAL written during the copy comes along, so the replica starts consistent.
      as_owner env PGPASSWORD="$(cat "$password_file")" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" \
        -U postgres -D "$data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 \
        || { cat "$dir/basebackup.log" >&2; rm -rf "$data"; exit 1; }
    fi
    exec bash "${BASH_SOURCE[0]}" start "$dir"
    ;;
  *) echo "usage: pg-cluster.sh start|stop|password|replica DIR [PRIMARY_DIR]" >&2; exit 2 ;;
esac

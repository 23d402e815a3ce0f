#!/usr/bin/env bash
# Several PoseSearch API instances on this machine behind haproxy (docs/scaling.md), the local
# counterpart of docker-compose.yml's "scale" profile. Installs haproxy (Debian package) when missing.
#   multi-instance.sh start DIR [N]   N instances (default 2) of the Release build on free loopback
#                                     ports, haproxy in front; prints the balancer's URL last
#   multi-instance.sh stop DIR        stops haproxy and the instances
#   multi-instance.sh kill DIR I [SIGNAL]   sends SIGNAL (default KILL) to instance I (1..N): a crash
# The database: POSESEARCH_CONNECTION_STRING (default: start.sh's cluster in .data/postgres, database
# posesearch); reads through POSESEARCH_READ_CONNECTION_STRING when set (replicas). Writes need
# POSESEARCH_API_KEY (default: .data/api-key). POSESEARCH_MODEL_PATH picks the model; POSESEARCH_LB_PORT
# the balancer's port (default: a free one). State, logs and haproxy.cfg go to DIR.
# haproxy: least-connections, readiness check (/health/ready) every second, an instance out after 2
# failed checks; a request whose instance refused or dropped it is replayed once on another
# (POSESEARCH_LB_RETRIES=0 turns that off, to see what the health check alone does).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cmd=${1:?usage: multi-instance.sh start|stop|kill DIR ...}
dir=$(mkdir -p "${2:?usage: multi-instance.sh start|stop|kill DIR ...}" && cd "$2" && pwd)
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

stop_all() {
  [ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
  for pid_file in "$dir"/api-*.pid; do
    [ -f "$pid_file" ] || continue
    kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  rm -f "$dir"/*.pid
}

case "$cmd" in
  start)
    n=${3:-2}
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 16 ] || { echo "multi-instance: N must be 1..16" >&2; exit 2; }
    if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
      echo "[multi-instance] installing haproxy (Debian package)" >&2
      apt-get install -y -qq haproxy >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq haproxy >/dev/null; }
    fi
    haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
    connection=${POSESEARCH_CONNECTION_STRING:-}
    if [ -z "$connection" ]; then
      [ -f "$root/.data/postgres/port" ] || { echo "multi-instance: set POSESEARCH_CONNECTION_STRING or run deploy/scripts/start.sh once" >&2; exit 2; }
      pg_port=$(bash "$root/deploy/scripts/pg-cluster.sh" start "$root/.data/postgres")
      connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$(bash "$root/deploy/scripts/pg-cluster.sh" password "$root/.data/postgres");Database=posesearch"
    fi
    api_key=${POSESEARCH_API_KEY:-$(cat "$root/.data/api-key" 2>/dev/null || true)}
    [ -n "$api_key" ] || { echo "multi-instance: set POSESEARCH_API_KEY" >&2; exit 2; }
    dll="$root/src/PoseSearch.Api/bin/Release/net10.0/PoseSearch.Api.dll"
    [ -f "$dll" ] || dotnet build "$root/src/PoseSearch.Api" -c Release --nologo -v quiet -clp:ErrorsOnly
    stop_all
    servers=""
    for i in $(seq 1 "$n"); do
      port=$(free_port)
      (cd "$(dirname "$dll")" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
        ConnectionStrings__PoseSearch="$connection" ConnectionStrings__PoseSearchRead="${POSESEARCH_READ_CONNECTION_STRING:-}" \
        PoseSearch__ApiKeys__0="$api_key" PoseSearch__Model__Path="${POSESEARCH_MODEL_PATH:-}" \
        Serilog__MinimumLevel__Default="${POSESEARCH_LOG_LEVEL:-Warning}" \
        dotnet PoseSearch.Api.dll >>"$dir/api-$i.log" 2>&1) &
      echo $! > "$dir/api-$i.pid"
      echo "$port" > "$dir/api-$i.port"
      servers="$servers    server api-$i 127.0.0.1:$port check
"
    done
    lb_port=${POSESEARCH_LB_PORT:-$(free_port)}
    stats_port=$(free_port)
    if [ "${POSESEARCH_LB_RETRIES:-1}" = 0 ]; then
      retry="    retries 0"
    else
      retry="    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    option http-buffer-request"
    fi
    cat > "$dir/haproxy.cfg" <<CFG
# Written by deploy/scripts/multi-instance.sh (same settings as deploy/haproxy/compose.cfg).
global
    maxconn 4096
    pidfile $dir/haproxy.pid

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
$retry

frontend api
    bind 127.0.0.1:$lb_port
    default_backend instances

frontend stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /stats

backend instances
    balance leastconn
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
$servers
CFG
    echo "$lb_port" > "$dir/lb.port"
    echo "$stats_port" > "$dir/stats.port"
    for i in $(seq 1 "$n"); do
      port=$(cat "$dir/api-$i.port")
      for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 || { echo "multi-instance: instance $i did not start:" >&2; tail -20 "$dir/api-$i.log" >&2; stop_all; exit 1; }
    done
    "$haproxy_bin" -D -f "$dir/haproxy.cfg" 2>>"$dir/haproxy.log"
    for _ in $(seq 1 40); do curl -fs "http://127.0.0.1:$lb_port/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
    echo "[multi-instance] $n instances behind haproxy; stats: http://127.0.0.1:$stats_port/stats" >&2
    echo "http://127.0.0.1:$lb_port"
    ;;
  stop)
    stop_all
    ;;
  kill)
    i=${3:?usage: multi-instance.sh kill DIR I [SIGNAL]}
    kill -s "${4:-KILL}" "$(cat "$dir/api-$i.pid")"
    ;;
  *) echo "usage: multi-instance.sh start|stop|kill DIR ..." >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Does Hindsight stay correct and fast with two instances under load, and when parts fail? Starts its own
# PostgreSQL (Debian's binaries: initdb into a scratch directory, pg_ctl on a free port), seeds a history, runs two
# packaged portals against it with HAProxy in front (round robin, health checks on /q/health/ready), and runs
# bench/LoadFaults.java: a Slack stand-in, a ramp in short steps to a candidate rate (p99 under 500 ms, no non-4xx
# error), a confirmation at that rate for the full steady duration (stepping down ×0.8 on a miss, at most 4 attempts
# within a 15-minute budget), then faults under load at the confirmed rate — PostgreSQL stopped and started, the
# Slack stand-in down for minutes, one instance killed with SIGKILL while it delivers — and finally checks that every
# acknowledged write is in the database and every notification was delivered (each once, duplicates counted) or is
# still in the outbox. Prints a Markdown report ending in a verdict (also kept as report.md with --keep). Loopback
# only; every phase is bounded in time.
#
#   usage: bench/load-faults.sh [--duration S] [--outage S] [--pg-down S] [--step S] [--start-rate R]
#                               [--max-rate R] [--publish-rate R] [--attempts N] [--step-down F] [--budget S]
#                               [--settle S] [--incidents N] [--heap SIZE] [--keep] [--no-build]
#   defaults: 120 s steady load, Slack stand-in down 120 s, PostgreSQL down 15 s, 15 s ramp steps from 10 req/s
#   (×1.4 each step, at most 600), 4 confirmation attempts stepping down ×0.8 within 900 s, 15 s pause before each
#   attempt and before the faults, 0.5 publish flows/s, 2000 seeded incidents, 512m heap per instance.
#   BENCH_PORT_BASE (default 18300): HAProxy on it, the instances on +1 and +2, PostgreSQL +3, the stand-in +4.
#   A run with the defaults takes 20–35 minutes; short phases for a first try: --duration 20 --outage 30 --step 5.
# Needs: a JDK 17+, curl, ss, HAProxy and PostgreSQL's server binaries (installed from Debian's packages when missing
# and running as root). PostgreSQL runs as the user postgres when started by root. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=120
outage=120
pg_down=15
step=15
start_rate=10
max_rate=600
publish_rate=0.5
incidents=2000
heap=512m
attempts=4
step_down=0.8
budget=900
settle=15
keep=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="${2:?--duration needs seconds}"; shift 2 ;;
    --outage) outage="${2:?--outage needs seconds}"; shift 2 ;;
    --pg-down) pg_down="${2:?--pg-down needs seconds}"; shift 2 ;;
    --step) step="${2:?--step needs seconds}"; shift 2 ;;
    --start-rate) start_rate="${2:?--start-rate needs a number}"; shift 2 ;;
    --max-rate) max_rate="${2:?--max-rate needs a number}"; shift 2 ;;
    --publish-rate) publish_rate="${2:?--publish-rate needs a number}"; shift 2 ;;
    --attempts) attempts="${2:?--attempts needs a number}"; shift 2 ;;
    --step-down) step_down="${2:?--step-down needs a factor below 1}"; shift 2 ;;
    --budget) budget="${2:?--budget needs seconds}"; shift 2 ;;
    --settle) settle="${2:?--settle needs seconds}"; shift 2 ;;
    --incidents) incidents="${2:?--incidents needs a number}"; shift 2 ;;
    --heap) heap="${2:?--heap needs a size such as 512m}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-build) build=""; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "load-faults.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$duration" "$outage" "$pg_down" "$step" "$start_rate" "$max_rate" "$incidents" "$attempts" "$budget"; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "load-faults.sh: '$n' is not a positive whole number" >&2; exit 2; }
done
[[ "$publish_rate" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "load-faults.sh: --publish-rate needs a number" >&2; exit 2; }
[[ "$step_down" =~ ^0\.[0-9]+$ ]] || { echo "load-faults.sh: --step-down needs a factor between 0 and 1, such as 0.8" >&2; exit 2; }
[[ "$settle" =~ ^[0-9]+$ ]] || { echo "load-faults.sh: --settle needs whole seconds" >&2; exit 2; }
[[ "$heap" =~ ^[0-9]+[mMgG]$ ]] || { echo "load-faults.sh: --heap needs a size such as 512m" >&2; exit 2; }

fail() { echo "load-faults.sh: $*" >&2; exit 1; }

port_base="${BENCH_PORT_BASE:-18300}"
proxy_port=$port_base
instance_ports=($((port_base + 1)) $((port_base + 2)))
pg_port=$((port_base + 3))
slack_port=$((port_base + 4))
base="http://127.0.0.1:$proxy_port"
jar=target/quarkus-app/quarkus-run.jar
admin_email=bench.admin@example.com
password='benchmarks need patience'

# --- tools -------------------------------------------------------------------------------------------------
apt_install() { # package…: from Debian's packages, as root only
  [ "$(id -u)" -eq 0 ] || fail "$* missing: install them (apt-get install $*) or run as root"
  echo "Installing $* from Debian's packages…" >&2
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || fail "could not install $* with apt-get"
}
command -v haproxy >/dev/null 2>&1 || apt_install haproxy
command -v ss >/dev/null 2>&1 || apt_install iproute2
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
for tool in java curl; do command -v "$tool" >/dev/null || fail "$tool is missing"; done
for port in "$proxy_port" "${instance_ports[@]}" "$pg_port" "$slack_port"; do
  if ss -Htln "sport = :$port" | grep -q .; then fail "port $port is in use (set BENCH_PORT_BASE)"; fi
done

if [ -n "$build" ] && { [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; }; then
  echo "Building the packaged portal…" >&2
  ./mvnw -B -q -DskipTests package || fail "the build failed"
fi
[ -f "$jar" ] || fail "$jar is missing (build with ./mvnw -DskipTests package)"
pg_jar=$(ls target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)

# --- scratch directory, and stopping everything on the way out -------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/hindsight-load-faults.XXXXXX")
chmod 755 "$work"
pids=()
haproxy_pid=""
pg_as=()
if [ "$(id -u)" -eq 0 ]; then
  pg_as=(runuser -u postgres --) # initdb and postgres refuse to run as root
fi
mkdir -p "$work/pg"
[ ${#pg_as[@]} -eq 0 ] || chown postgres: "$work/pg"
# pg_ctl as the right user, for this script and for LoadFaults' restart.
cat >"$work/pg_ctl" <<EOF
#!/bin/sh
exec ${pg_as[*]} "$pg_bin/pg_ctl" "\$@"
EOF
chmod 755 "$work/pg_ctl"
pg_log="$work/pg/server.log"

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [ -z "$haproxy_pid" ] || kill "$haproxy_pid" 2>/dev/null || true
  if [ -f "$work/pg/data/postmaster.pid" ]; then "$work/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  if [ -n "$keep" ]; then echo "Kept $work (logs, report.md, PostgreSQL data)." >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL from Debian's binaries ----------------------------------------------------------------------
echo "Starting PostgreSQL ($pg_bin) on port $pg_port…" >&2
"${pg_as[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; fail "initdb failed"; }
cat >>"$work/pg/data/postgresql.conf" <<EOF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pg'
max_connections = 100
shared_buffers = 256MB
EOF
# pg_stat_statements (in Debian's server package) for the report's most expensive statements, when it is there.
statements=false
if [ -f "$pg_bin/../lib/pg_stat_statements.so" ]; then
  echo "shared_preload_libraries = 'pg_stat_statements'" >>"$work/pg/data/postgresql.conf"
  statements=true
fi
"$work/pg_ctl" -D "$work/pg/data" -l "$pg_log" -w start >/dev/null || { cat "$pg_log" >&2; fail "PostgreSQL did not start"; }
"${pg_as[@]}" "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
  -c "CREATE ROLE hindsight LOGIN PASSWORD 'hindsight'" -c "CREATE DATABASE hindsight OWNER hindsight" >/dev/null \
  || fail "could not create the database"
jdbc="jdbc:postgresql://127.0.0.1:$pg_port/hindsight"

# --- the portals ------------------------------------------------------------------------------------------------
portal_env=(env QUARKUS_DATASOURCE_JDBC_URL="$jdbc" QUARKUS_DATASOURCE_USERNAME=hindsight QUARKUS_DATASOURCE_PASSWORD=hindsight
            QUARKUS_HTTP_HOST=127.0.0.1 HINDSIGHT_ENVIRONMENT_NAME=bench HINDSIGHT_DEMO_DATA_ENABLED=false
            HINDSIGHT_ADMIN_EMAIL="$admin_email" HINDSIGHT_ADMIN_PASSWORD="$password" HINDSIGHT_SEED_PASSWORD="$password"
            HINDSIGHT_NOTIFY_BACKOFF_MAX=30s)

start_instance() { # n: the n-th instance (1 or 2), in the background; pids+=(its JVM)
  local n=$1 port=${instance_ports[$(($1 - 1))]}
  # One command, not a function: started in the background, $! is the JVM itself (env execs java).
  "${portal_env[@]}" QUARKUS_HTTP_PORT="$port" HINDSIGHT_INSTALLATION_IDENTITY_FILE="$work/installation-$n.json" \
    java -Xmx"$heap" -jar "$jar" >"$work/instance-$n.log" 2>&1 &
  pids+=($!)
}
await_ready() { # n
  local n=$1 port=${instance_ports[$(($1 - 1))]} pid=${pids[$(($1 - 1))]}
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/instance-$n.log" >&2; fail "instance $n stopped during start (log above)"; }
    sleep 0.2
  done
  tail -n 30 "$work/instance-$n.log" >&2
  fail "instance $n was not ready within 120 s"
}

echo "Starting instance 1 (migrates the schema, creates the first admin)…" >&2
start_instance 1
await_ready 1
echo "Seeding $incidents incidents and 24 people…" >&2
"${portal_env[@]}" QUARKUS_HTTP_PORT=0 HINDSIGHT_INSTALLATION_IDENTITY_FILE="$work/installation-seed.json" \
  java -jar "$jar" seed --incidents "$incidents" >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; fail "seeding failed"; }
grep '^Seeded' "$work/seed.log" >&2 || true
if [ "$statements" = true ]; then
  # After the migrations, so the schema stays as Flyway made it; the portal's role may read and reset the figures.
  "${pg_as[@]}" "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d hindsight -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
    -c "GRANT pg_read_all_stats TO hindsight" -c "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO hindsight" >/dev/null \
    || statements=false
fi
echo "Starting instance 2…" >&2
start_instance 2
await_ready 2

# --- HAProxy --------------------------------------------------------------------------------------------------
# With no instance ready (PostgreSQL down), HAProxy itself answers as the portal would: a problem document for the
# API, a page for people, both 503 with Retry-After.
cat >"$work/unavailable.json" <<'EOF'
{"type":"about:blank","title":"The database is not reachable right now","status":503,"detail":"Hindsight cannot reach its database at the moment, so nothing was read or saved. This usually passes within a minute: try again shortly."}
EOF
cat >"$work/unavailable.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The database is not reachable right now · Hindsight</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main class="page"><section class="error-page"><p class="error-status">503</p>
<h1>The database is not reachable right now</h1><p>Hindsight cannot reach its database at the moment, so nothing was read or
saved. This usually passes within a minute: try again shortly.</p></section></main></body></html>
EOF
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch
frontend portal
    bind 127.0.0.1:$proxy_port
    acl no_portal nbsrv(portals) eq 0
    acl api path_beg /api/
    http-request return status 503 content-type application/problem+json file $work/unavailable.json hdr Retry-After 10 if no_portal api
    http-request return status 503 content-type "text/html; charset=utf-8" file $work/unavailable.html hdr Retry-After 10 if no_portal
    default_backend portals
backend portals
    balance roundrobin
    option httpchk GET /q/health/ready
    http-check expect status 200
    # A readiness answer slower than 5 s counts as down; three misses in a row take an instance out, two passes back.
    timeout check 5s
    default-server inter 1s fall 3 rise 2
    server one 127.0.0.1:${instance_ports[0]} check
    server two 127.0.0.1:${instance_ports[1]} check
EOF
haproxy -c -f "$work/haproxy.cfg" >/dev/null || fail "HAProxy refused its configuration"
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
for _ in $(seq 1 50); do curl -fs -o /dev/null "$base/q/health/ready" 2>/dev/null && break; sleep 0.2; done
curl -fs -o /dev/null "$base/q/health/ready" || fail "HAProxy does not answer on $base"

# --- load and faults ------------------------------------------------------------------------------------------
echo "Load and faults (progress below; the report follows)…" >&2
status=0
java -cp "$pg_jar" bench/LoadFaults.java base="$base" \
  instances="http://127.0.0.1:${instance_ports[0]},http://127.0.0.1:${instance_ports[1]}" pids="${pids[0]},${pids[1]}" \
  jdbc="$jdbc" pg-ctl="$work/pg_ctl" pg-data="$work/pg/data" pg-log="$pg_log" slack-port="$slack_port" \
  password="$password" duration="$duration" outage="$outage" pg-down="$pg_down" step="$step" start-rate="$start_rate" \
  max-rate="$max_rate" publish-rate="$publish_rate" confirm-attempts="$attempts" step-down="$step_down" \
  confirm-budget="$budget" settle="$settle" statements="$statements" work="$work" >"$work/report.md" 2> >(tee "$work/progress.log" >&2) || status=$?
cat "$work/report.md"
echo "" >&2
grep -E '^- (Load|Faults|Acknowledged)' "$work/report.md" | sed 's/^- /VERDICT: /' >&2 || true
if [ "$status" -ne 0 ]; then
  echo "load-faults.sh: the run failed (status $status); progress: $work/progress.log" >&2
  tail -n 20 "$work/progress.log" >&2
  keep=1
fi
exit "$status"

#!/usr/bin/env bash
# Does every page stay as fast with years of history? Runs the packaged portal on a throwaway embedded
# PostgreSQL, seeds a small history with the seed command, loads every main page with wrk as 8 signed-in
# people, seeds up to a large history in the same data directory and loads them again. Next to each page it
# loads the page's bare baseline (/bench/bare/…: the page's SQL and a minimal template) and the health
# endpoint anonymously and signed in (the floors). Then a latency pass: search, the similar incidents and
# /insights with one connection (one request at a time), the measure of the issue's p95 targets. Last, with
# the similar panel computed on every request (hindsight.similar.cache=false, the portal started again), the
# similar incidents API and the incident page for a different incident on every request, with 8 connections
# and with one: what a first view of any incident costs. Prints Markdown tables. See docs/performance.md.
#
#   usage: bench/pages.sh [--incidents-small N] [--incidents-large N] [--duration S] [--warmup S]
#                         [--connections C] [--only KEYS|REGEX] [--data DIR] [--keep] [--no-build]
#   defaults: 1000 and 100000 incidents, 10 s per case after a 3 s warm-up, 8 connections.
#   --only runs just some cases: keys separated by commas (the first column of the case lists below), e.g.
#   --only any-similar,any-detail for the first views alone, or a regular expression matched against the keys,
#   e.g. '^(api)?fts' for search. A page's bare baseline runs with it.
#   --data DIR: keep copies of the seeded data directories in DIR (small/, large/) and, when they are there
#   already, start from copies of them instead of seeding (compare two builds on the same data; the portal
#   applies its own migrations to them on start).
#   BENCH_PORT (default 18082) is the portal's HTTP port.
# Needs: a JDK 17+, curl, awk, and wrk (installed from Debian's packages when missing and running as root).
# Results depend on the machine and its load; compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."

small=1000
large=100000
duration=10
warmup=3
connections=8
keep=""
build=1
only=""
data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --incidents-small) small="${2:?--incidents-small needs a number}"; shift 2 ;;
    --incidents-large) large="${2:?--incidents-large needs a number}"; shift 2 ;;
    --duration) duration="${2:?--duration needs seconds}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs seconds}"; shift 2 ;;
    --connections) connections="${2:?--connections needs a number}"; shift 2 ;;
    --only) only="${2:?--only needs case keys or a pattern}"; shift 2 ;;
    --data) data="${2:?--data needs a directory}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-build) build=""; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pages.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$small" "$large" "$duration" "$warmup" "$connections"; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "pages.sh: '$n' is not a positive whole number" >&2; exit 2; }
done
[ "$large" -gt "$small" ] || { echo "pages.sh: --incidents-large must be more than --incidents-small" >&2; exit 2; }

port="${BENCH_PORT:-18082}"
base="http://localhost:$port"
jar=target/quarkus-app/quarkus-run.jar
admin_email=bench.admin@example.com
password='benchmarks need patience'
users=8
threads=2
[ "$connections" -ge "$threads" ] || threads=$connections
# The load pass uses $threads and $connections; the latency pass one thread and one connection.
pass_threads=$threads
pass_connections=$connections

fail() { echo "pages.sh: $*" >&2; exit 1; }
# key: is this case to be run? --only holds keys separated by commas, or a regular expression.
selected() {
  [ -n "$only" ] || return 0
  if [[ "$only" =~ ^[A-Za-z0-9,-]+$ ]]; then [[ ",$only," == *",$1,"* ]]; else [[ "$1" =~ $only ]]; fi
}

# --- tools -------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing wrk from Debian's packages…" >&2
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >/dev/null \
      || fail "could not install wrk with apt-get"
  else
    fail "wrk is missing: install it (apt-get install wrk) or run as root"
  fi
fi
for tool in java curl awk; do command -v "$tool" >/dev/null || fail "$tool is missing"; done
if curl -s -o /dev/null "$base/" 2>/dev/null; then fail "something already answers on port $port (set BENCH_PORT)"; fi

# Build when the packaged portal is missing or older than the sources.
if [ -n "$build" ] && { [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; }; then
  echo "Building the packaged portal…" >&2
  ./mvnw -B -q -DskipTests package || fail "the build failed"
fi
[ -f "$jar" ] || fail "$jar is missing (build with ./mvnw -DskipTests package)"

# --- the portal on a scratch data directory ----------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/hindsight-pages.XXXXXX")
pid=""
stop_portal() {
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  pid=""
}
cleanup() {
  local status=$?
  stop_portal
  # A portal killed hard leaves its PostgreSQL running: stop it (fast shutdown) by the pid it wrote.
  if [ -f "$work/pg/postmaster.pid" ]; then
    local postmaster
    postmaster=$(head -n 1 "$work/pg/postmaster.pid")
    if kill -INT "$postmaster" 2>/dev/null; then
      for _ in $(seq 1 20); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
  if [ -n "$keep" ]; then echo "Kept $work (portal logs, data directory)." >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One command, not a function: started in the background, $! is then the JVM itself (env execs java).
portal_env=(env HINDSIGHT_EMBEDDED_DB_DATA_DIR="$work/pg" QUARKUS_HTTP_PORT="$port" HINDSIGHT_ENVIRONMENT_NAME=bench
            HINDSIGHT_DEMO_DATA_ENABLED=false HINDSIGHT_BENCH_ENABLED=true HINDSIGHT_SEED_PASSWORD="$password")

# Extra settings for the next start (the pass with the similar panel computed on every request).
extra_env=()
starts=0
ready_seconds=""
start_portal() { # sets ready_seconds: from launch to /q/health/ready answering 200
  starts=$((starts + 1))
  local log="$work/portal-$starts.log" began ready
  began=$(date +%s.%N)
  "${portal_env[@]}" "${extra_env[@]}" java -jar "$jar" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$base/q/health/ready" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; fail "the portal stopped during start (log above)"; }
    sleep 0.2
  done
  curl -fs -o /dev/null "$base/q/health/ready" || { tail -n 30 "$log" >&2; fail "the portal was not ready within 120 s"; }
  ready=$(date +%s.%N)
  ready_seconds=$(awk -v a="$began" -v b="$ready" 'BEGIN {printf "%.1f", b - a}')
}

first_id=""
last_id=""
seed() { # adds N incidents with the portal stopped (the command starts the same embedded PostgreSQL); sets first_id, last_id
  local n=$1 log="$work/seed-$1.log" ids
  echo "Seeding $n incidents…" >&2
  "${portal_env[@]}" java -jar "$jar" seed --incidents "$n" >"$log" 2>&1 || { cat "$log" >&2; fail "seeding failed (log above)"; }
  grep '^Seeded' "$log" >&2 || true
  ids=$(grep -o 'ids [0-9]*–[0-9]*' "$log" | head -n 1 | sed 's/^ids //' || true)
  [ -n "$ids" ] || fail "the seed command did not say which ids it added"
  [ -n "$first_id" ] || first_id=${ids%%–*}
  last_id=${ids##*–}
}

csrf_from() { sed -n 's/.*name="csrf-token" value="\([^"]*\)".*/\1/p' "$1" | head -n 1; }

setup_admin() { # first run: create the first admin through /setup, as a person installing it would
  local cookies="$work/setup.cookies" page="$work/setup.html"
  curl -fs -c "$cookies" -b "$cookies" -o "$page" "$base/setup" || fail "GET /setup failed"
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$cookies" -b "$cookies" -X POST "$base/setup" \
    --data-urlencode "csrf-token=$(csrf_from "$page")" --data-urlencode "name=Bench Admin" \
    --data-urlencode "email=$admin_email" --data-urlencode "password=$password")
  [ "$status" = 303 ] || fail "setting up the first admin answered $status"
}

# A session cookie older than the renewal interval (hindsight.session.renew-after, 1 minute) makes the portal
# re-sign a token on every request, and wrk cannot take the renewed cookie as a browser does: sessions are
# signed in again whenever they would grow older than that during the next case.
renew_after=60
cookies_line=()
tokens_line=()
signed_in_at=0
fresh_sessions() {
  local age=$(( $(date +%s) - signed_in_at ))
  if [ $((age + warmup + duration + 5)) -ge "$renew_after" ]; then sign_in_all; fi
}
sign_in_all() { # fresh sessions (and API tokens) for 8 seeded people
  signed_in_at=$(date +%s)
  cookies_line=()
  tokens_line=()
  local i email jar page session token
  for i in $(seq 1 "$users"); do
    email=$(printf 'person%02d@seed.hindsight.example' "$i")
    jar="$work/user-$i.cookies"
    page="$work/login-$i.html"
    rm -f "$jar"
    curl -fs -c "$jar" -b "$jar" -o "$page" "$base/login" </dev/null || fail "GET /login failed"
    curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$base/login" --data-urlencode "csrf-token=$(csrf_from "$page")" \
      --data-urlencode "email=$email" --data-urlencode "password=$password" --data-urlencode next=/
    session=$(awk '$6 == "hindsight_session" {print $7}' "$jar")
    [ -n "$session" ] || fail "could not sign in as $email"
    cookies_line+=("Cookie: hindsight_session=$session")
    token=$(curl -s -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
    [ -n "$token" ] || fail "could not get an API token for $email"
    tokens_line+=("Authorization: Bearer $token")
  done
}

# --- one case ----------------------------------------------------------------------------------------
declare -A result
run_case() { # key, size, auth (session|bearer|none), path → result[key@size]="req/s p50 p95 p99" or "FAILED …"
  # A path with {id} asks for another incident on each request (first_id..last_id, see bench/pages.lua).
  local key=$1 size=$2 auth=$3 path=$4 accept='text/html' status out line
  local base_key=${key#lat-}
  selected "${base_key#bare-}" || return 0
  local -a auth_headers=() rotate=()
  if [[ "$path" == *"{id}"* ]]; then rotate=("ids=$first_id-$last_id" "path=$path"); path=${path//\{id\}/$last_id}; fi
  case "$auth" in
    session) auth_headers=("${cookies_line[@]}") ;;
    bearer) auth_headers=("${tokens_line[@]}"); accept='application/json' ;;
  esac
  case "$path" in /bench/bare/api/*|/q/*) accept='application/json' ;; esac
  local -a curl_auth=()
  [ ${#auth_headers[@]} -eq 0 ] || curl_auth=(-H "${auth_headers[0]}")
  status=$(curl -s -o "$work/last-response" -w '%{http_code}' -H "Accept: $accept" "${curl_auth[@]}" "$base$path" </dev/null)
  if [ "$status" != 200 ]; then
    result["$key@$size"]="FAILED $status"
    echo "  $path answered $status, not 200: skipped" >&2
    return
  fi
  # A request slower than wrk's timeout counts as an error and leaves no latency: allow a minute.
  warm "$auth" "$4"
  out=$(wrk -t"$pass_threads" -c"$pass_connections" -d"${duration}s" --timeout 60s -H "Accept: $accept" -s bench/pages.lua "$base$path" \
    -- "${auth_headers[@]}" "${rotate[@]}" </dev/null 2>&1) \
    || { result["$key@$size"]="FAILED wrk"; echo "$out" >&2; return; }
  line=$(grep '^BENCH ' <<<"$out" | tail -n 1 || true)
  [ -n "$line" ] || { result["$key@$size"]="FAILED wrk"; echo "$out" >&2; return; }
  read -r _ requests rps p50 p95 p99 bad timeouts socket <<<"$line"
  if [ "$bad" -gt 0 ] || [ "$timeouts" -gt 0 ] || [ "$socket" -gt 0 ]; then
    echo "  $path: $bad non-2xx/3xx answers, $timeouts timeouts, $socket socket errors of $requests requests" >&2
  fi
  # No request finished within the case: no latency to report (wrk would say 0).
  [ "$requests" -gt 0 ] || { p50="—"; p95="—"; p99="—"; }
  result["$key@$size"]="$rps $p50 $p95 $p99"
  printf '  %-46s %9s req/s  p50 %9s ms  p95 %9s ms  p99 %9s ms\n' "$path" "$rps" "$p50" "$p95" "$p99" >&2
}

warm() { # auth, path: load it for the warm-up time, results ignored
  local auth=$1 path=$2 accept='text/html'
  local -a auth_headers=() rotate=()
  if [[ "$path" == *"{id}"* ]]; then rotate=("ids=$first_id-$last_id" "path=$path"); path=${path//\{id\}/$last_id}; fi
  case "$auth" in
    session) auth_headers=("${cookies_line[@]}") ;;
    bearer) auth_headers=("${tokens_line[@]}"); accept='application/json' ;;
  esac
  case "$path" in /bench/bare/api/*|/q/*) accept='application/json' ;; esac
  wrk -t"$pass_threads" -c"$pass_connections" -d"${warmup}s" --timeout 60s -H "Accept: $accept" -s bench/pages.lua "$base$path" \
    -- "${auth_headers[@]}" "${rotate[@]}" </dev/null >/dev/null 2>&1 || true
}


# page key | label | auth | path | baseline path (- for none). Blank lines are skipped.
cases() {
  sed '/^[[:space:]]*$/d' <<EOF
dashboard|\`/\` dashboard|session|/|/bench/bare/dashboard
incidents|\`/incidents\`|session|/incidents|/bench/bare/incidents
tag|\`/incidents?tag=database\`|session|/incidents?tag=database|/bench/bare/incidents?tag=database
service|\`/incidents?service=payments\`|session|/incidents?service=payments|/bench/bare/incidents?service=payments
title|\`/incidents?sort=title\`|session|/incidents?sort=title|/bench/bare/incidents?sort=title
page40|\`/incidents?page=40\`|session|/incidents?page=40|/bench/bare/incidents?page=40
search|\`/incidents?q=database\`|session|/incidents?q=database|/bench/bare/incidents?q=database
actions|\`/action-items\`|session|/action-items|/bench/bare/action-items
lessons|\`/lessons\`|session|/lessons|/bench/bare/lessons
checklists|\`/checklists\`|session|/checklists|/bench/bare/checklists
insights|\`/insights\`|session|/insights|-
detail|incident detail|session|/incidents/$detail_id|/bench/bare/incidents/$detail_id
postmortem|postmortem|session|/incidents/$detail_id/postmortem|/bench/bare/incidents/$detail_id/postmortem
api|\`/api/v1/incidents\`|bearer|/api/v1/incidents|/bench/bare/api/incidents
apiq|\`/api/v1/incidents?q=token\`|bearer|/api/v1/incidents?q=token|/bench/bare/api/incidents?q=token
fts|\`/search?q=database\` (common)|session|/search?q=database|-
ftsrare|\`/search?q=ledger+duplicate\` (rare)|session|/search?q=ledger+duplicate|-
ftsphrase|\`/search?q="replication lag"\`|session|/search?q=%22replication+lag%22|-
ftsprefix|\`/search?q=replica*\` (prefix)|session|/search?q=replica%2A|-
ftsfiltered|\`/search?q=database&severity=sev1&published=true\`|session|/search?q=database&severity=sev1&published=true|-
ftsservice|\`/search?q=database&service=payments\`|session|/search?q=database&service=payments|-
ftstag|\`/search?q=database&tag=replication\`|session|/search?q=database&tag=replication|-
ftspage|\`/search?q=database&page=5\`|session|/search?q=database&page=5|-
apifts|\`/api/v1/search?q=database\`|bearer|/api/v1/search?q=database|-
apiftsphrase|\`/api/v1/search?q="replication lag"&service=payments\`|bearer|/api/v1/search?q=%22replication+lag%22&service=payments|-
similar|similar incidents API|bearer|/api/v1/incidents/$detail_id/similar|-
apiinsights|\`/api/v1/insights\`|bearer|/api/v1/insights|-
insightscsv|\`/insights/response-times.csv\`|session|/insights/response-times.csv|-
anon|\`/q/health/live\` anonymous (floor)|none|/q/health/live|-
floor|\`/q/health/live\` signed in (floor)|session|/q/health/live|-
EOF
}

# The latency pass (one connection): the pages with a per-request latency target (issue #13).
# key | label | auth | path | target
latency_cases() {
  sed '/^[[:space:]]*$/d' <<EOF
fts|\`/search?q=database\` (common)|session|/search?q=database|p95 < 30 ms
ftsrare|\`/search?q=ledger+duplicate\` (rare)|session|/search?q=ledger+duplicate|p95 < 30 ms
ftsphrase|\`/search?q="replication lag"\` (phrase)|session|/search?q=%22replication+lag%22|p95 < 30 ms
similar|similar incidents API|bearer|/api/v1/incidents/$detail_id/similar|p95 < 50 ms
detail|incident detail (with the similar panel)|session|/incidents/$detail_id|—
insights|\`/insights\`|session|/insights|< 300 ms
EOF
}

# The first views: the portal started with the similar panel computed on every request, a different incident on every
# request (bench/pages.lua walks the seeded ids), so no panel is ever read from memory. Run with 8 connections, then 1.
# key | label | auth | path | target
uncached_cases() {
  sed '/^[[:space:]]*$/d' <<EOF
any-similar|similar incidents API, any incident|bearer|/api/v1/incidents/{id}/similar|p95 < 50 ms
any-detail|incident detail, any incident|session|/incidents/{id}|—
EOF
}

detail_id=""
measure() { # size
  local size=$1 key label auth path bare
  # The incident detail and postmortem: the newest published incident (the same one at both sizes).
  if [ -z "$detail_id" ]; then
    detail_id=$(curl -s -H "${tokens_line[0]}" -H 'Accept: application/json' "$base/api/v1/incidents?status=published&size=1" \
      | grep -o '"id" *: *[0-9]*' | head -n 1 | grep -o '[0-9]*$')
    [ -n "$detail_id" ] || fail "found no published incident to load"
  fi
  pass_threads=$threads
  pass_connections=$connections
  # A round over every address first, so that the first cases do not pay for the JVM's warm-up alone.
  echo "Warming up at $size incidents…" >&2
  while IFS='|' read -r -u 3 key label auth path bare; do
    selected "$key" || continue
    fresh_sessions
    warm "$auth" "$path"
    [ -z "$bare" ] || [ "$bare" = - ] || warm "$auth" "$bare"
  done 3< <(cases)
  echo "Measuring at $size incidents (wrk -t$threads -c$connections, ${warmup} s warm-up, ${duration} s measured per case)…" >&2
  while IFS='|' read -r -u 3 key label auth path bare; do
    fresh_sessions
    run_case "$key" "$size" "$auth" "$path"
    if [ -n "$bare" ] && [ "$bare" != - ]; then
      fresh_sessions
      run_case "bare-$key" "$size" "$auth" "$bare"
    fi
  done 3< <(cases)
  echo "Measuring latency at $size incidents (wrk -t1 -c1, ${warmup} s warm-up, ${duration} s measured per case)…" >&2
  one_at_a_time "$size" latency_cases
}

# One request at a time: the latency of a single request, not of 8 competing for 2 cores.
one_at_a_time() { # size, case list function → result[lat-key@size]
  local size=$1 list=$2 key label auth path target
  pass_threads=1
  pass_connections=1
  while IFS='|' read -r -u 3 key label auth path target; do
    fresh_sessions
    run_case "lat-$key" "$size" "$auth" "$path"
  done 3< <("$list")
  pass_threads=$threads
  pass_connections=$connections
}

measure_uncached() { # size: the first views, the portal started again with hindsight.similar.cache=false
  local size=$1 key label auth path target any=""
  while IFS='|' read -r key _; do selected "$key" && any=1; done < <(uncached_cases)
  [ -n "$any" ] || return 0
  stop_portal
  extra_env=(HINDSIGHT_SIMILAR_CACHE=false)
  start_portal
  extra_env=()
  sign_in_all
  echo "Measuring first views at $size incidents (the panel computed on every request, ids $first_id–$last_id)…" >&2
  while IFS='|' read -r -u 3 key label auth path target; do
    selected "$key" || continue
    fresh_sessions
    warm "$auth" "$path"
  done 3< <(uncached_cases)
  while IFS='|' read -r -u 3 key label auth path target; do
    fresh_sessions
    run_case "$key" "$size" "$auth" "$path"
  done 3< <(uncached_cases)
  one_at_a_time "$size" uncached_cases
}

# --- run -----------------------------------------------------------------------------------------------
# A data directory and the installation identity the portal keeps beside it (pg.installation.json).
save_data() { # name
  rm -rf "$data/$1" "$data/$1.installation.json"
  cp -a "$work/pg" "$data/$1"
  [ ! -f "$work/pg.installation.json" ] || cp -a "$work/pg.installation.json" "$data/$1.installation.json"
}
restore_data() { # name
  rm -rf "$work/pg" "$work/pg.installation.json"
  cp -a "$data/$1" "$work/pg"
  [ ! -f "$data/$1.installation.json" ] || cp -a "$data/$1.installation.json" "$work/pg.installation.json"
}
reuse=""
if [ -n "$data" ]; then
  mkdir -p "$data"
  if [ -d "$data/small" ] && [ -d "$data/large" ]; then
    [ "$(cat "$data/sizes" 2>/dev/null)" = "$small $large" ] \
      || fail "$data holds data directories of other sizes ($(cat "$data/sizes" 2>/dev/null)): use another --data"
    reuse=1
  fi
fi
if [ -n "$reuse" ]; then
  echo "Starting from a copy of $data/small ($small incidents)…" >&2
  restore_data small
  first_start="—"
else
  echo "Starting the portal on a fresh data directory ($work)…" >&2
  start_portal
  first_start=$ready_seconds
  setup_admin
  stop_portal
  seed "$small"
  if [ -n "$data" ]; then rm -f "$data/sizes"; save_data small.tmp; fi
fi
start_portal
ready_small=$ready_seconds
sign_in_all
measure "$small"
measure_uncached "$small"
stop_portal
if [ -n "$reuse" ]; then
  echo "Going on from a copy of $data/large ($large incidents)…" >&2
  restore_data large
else
  seed $((large - small))
  if [ -n "$data" ]; then
    rm -rf "$data/small" "$data/small.installation.json"
    mv "$data/small.tmp" "$data/small"
    [ ! -f "$data/small.tmp.installation.json" ] || mv "$data/small.tmp.installation.json" "$data/small.installation.json"
    save_data large
    echo "$small $large" >"$data/sizes"
  fi
fi
start_portal
ready_large=$ready_seconds
sign_in_all
measure "$large"
measure_uncached "$large"
stop_portal

# --- report ----------------------------------------------------------------------------------------------
field() { # key size index(1 req/s, 2 p50, 3 p95, 4 p99) → value or —
  local v="${result["$1@$2"]:-}"
  case "$v" in ""|FAILED*) echo "—" ;; *) awk -v i="$3" '{print $i}' <<<"$v" ;; esac
}
ratio() { awk -v a="$1" -v b="$2" -v pct="${3:-}" 'BEGIN {
  if (a == "—" || b == "—" || b + 0 == 0 || (!pct && a + 0 == 0)) { print "—"; exit }
  if (pct) printf "%.0f %%", 100 * a / b; else printf "%.2f×", a / b }'; }

echo
echo "Hindsight pages at $small and $large incidents — $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "${duration} s per case after ${warmup} s, $users signed-in people, $(date -u +%F)"
echo "Ready after launch: ${first_start} s (new data directory), ${ready_small} s ($small incidents), ${ready_large} s ($large incidents)."
echo
echo "Under load: wrk -t$threads -c$connections, $connections requests in flight at once (throughput; the latencies include waiting for the cores)."
echo
printf '| %-38s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %10s | %13s | %13s |\n' page \
  "req/s $small" "p50 $small" "p95 $small" "p99 $small" "req/s $large" "p50 $large" "p95 $large" "p99 $large" "p50 ratio" \
  "% bare $small" "% bare $large"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..40})" "-----------" "-----------" "-----------" \
  "-----------" "-----------" "-----------" "-----------" "-----------" "------------" "---------------" "---------------"
while IFS='|' read -r key label auth path bare; do
  selected "$key" || continue
  pct_small="—"; pct_large="—"
  if [ -n "$bare" ] && [ "$bare" != - ]; then
    pct_small=$(ratio "$(field "$key" "$small" 1)" "$(field "bare-$key" "$small" 1)" pct)
    pct_large=$(ratio "$(field "$key" "$large" 1)" "$(field "bare-$key" "$large" 1)" pct)
  elif [ "$key" = floor ]; then
    pct_small=$(ratio "$(field floor "$small" 1)" "$(field anon "$small" 1)" pct)" of anon"
    pct_large=$(ratio "$(field floor "$large" 1)" "$(field anon "$large" 1)" pct)" of anon"
  fi
  printf '| %-38s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %10s | %13s | %13s |\n' "$label" \
    "$(field "$key" "$small" 1)" "$(field "$key" "$small" 2)" "$(field "$key" "$small" 3)" "$(field "$key" "$small" 4)" \
    "$(field "$key" "$large" 1)" "$(field "$key" "$large" 2)" "$(field "$key" "$large" 3)" "$(field "$key" "$large" 4)" \
    "$(ratio "$(field "$key" "$large" 2)" "$(field "$key" "$small" 2)")" "$pct_small" "$pct_large"
done < <(cases)
echo
echo "Single-request latency: wrk -t1 -c1, one request at a time (the measure of the latency targets of issue #13):"
echo
printf '| %-44s | %9s | %9s | %9s | %9s | %12s |\n' page "p50 $small" "p95 $small" "p50 $large" "p95 $large" target
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "-----------" "-----------" "-----------" "-----------" "--------------"
while IFS='|' read -r key label auth path target; do
  selected "$key" || continue
  printf '| %-44s | %9s | %9s | %9s | %9s | %12s |\n' "$label" \
    "$(field "lat-$key" "$small" 2)" "$(field "lat-$key" "$small" 3)" "$(field "lat-$key" "$large" 2)" "$(field "lat-$key" "$large" 3)" "$target"
done < <(latency_cases)
echo
echo "First views: the similar panel computed on every request (hindsight.similar.cache=false), a different incident on every"
echo "request (ids $first_id–$last_id in a scrambled order); wrk -t$threads -c$connections, then wrk -t1 -c1 (1c):"
echo
printf '| %-38s | %9s | %9s | %9s | %9s | %9s | %9s | %10s | %9s | %9s | %9s | %9s | %12s |\n' page "req/s $small" "p50 $small" \
  "p95 $small" "req/s $large" "p50 $large" "p95 $large" "p50 ratio" "1c p50 $small" "1c p95 $small" "1c p50 $large" \
  "1c p95 $large" "target (1c)"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..40})" "-----------" "-----------" "-----------" \
  "-----------" "-----------" "-----------" "------------" "-----------" "-----------" "-----------" "-----------" "--------------"
while IFS='|' read -r key label auth path target; do
  selected "$key" || continue
  printf '| %-38s | %9s | %9s | %9s | %9s | %9s | %9s | %10s | %9s | %9s | %9s | %9s | %12s |\n' "$label" \
    "$(field "$key" "$small" 1)" "$(field "$key" "$small" 2)" "$(field "$key" "$small" 3)" \
    "$(field "$key" "$large" 1)" "$(field "$key" "$large" 2)" "$(field "$key" "$large" 3)" \
    "$(ratio "$(field "$key" "$large" 2)" "$(field "$key" "$small" 2)")" \
    "$(field "lat-$key" "$small" 2)" "$(field "lat-$key" "$small" 3)" "$(field "lat-$key" "$large" 2)" \
    "$(field "lat-$key" "$large" 3)" "$target"
done < <(uncached_cases)
echo
echo "Bare baselines (/bench/bare/…: the page's SQL and a minimal template; wrk -t$threads -c$connections):"
echo
printf '| %-38s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %9s |\n' baseline "req/s $small" "p50 $small" "p95 $small" "p99 $small" \
  "req/s $large" "p50 $large" "p95 $large" "p99 $large"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..40})" "-----------" "-----------" "-----------" "-----------" \
  "-----------" "-----------" "-----------" "-----------"
while IFS='|' read -r key label auth path bare; do
  selected "$key" || continue
  [ -n "$bare" ] && [ "$bare" != - ] || continue
  printf '| %-38s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %9s |\n' "$label" \
    "$(field "bare-$key" "$small" 1)" "$(field "bare-$key" "$small" 2)" "$(field "bare-$key" "$small" 3)" "$(field "bare-$key" "$small" 4)" \
    "$(field "bare-$key" "$large" 1)" "$(field "bare-$key" "$large" 2)" "$(field "bare-$key" "$large" 3)" "$(field "bare-$key" "$large" 4)"
done < <(cases)
echo
echo "Latencies in ms. p50 ratio = p50 at $large / p50 at $small (target ≤ 1.5×). % bare = the page's req/s as a share of its"
echo "bare baseline's (target ≥ 50 %); the signed-in floor as a share of the anonymous one (target ≥ 50 %). — = not measured or failed."

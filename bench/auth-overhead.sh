#!/usr/bin/env bash
# What does signing in cost per request? Runs the packaged portal (embedded PostgreSQL in a
# throwaway directory), signs in, and loads the same resources anonymously and signed in with wrk.
#   usage: bench/auth-overhead.sh [seconds-per-case (default 15)] [connections (default 8)]
# Needs: a JDK, and wrk (installed from Debian's packages when missing and running as root).
# Results depend on the machine; compare cases within one run. See docs/performance.md.
# The portal runs with a 5 s renewal interval so the "aged cookie" case (a cookie older than the
# interval, sent again and again as wrk does) needs no long wait.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
connections="${2:-8}"
port="${BENCH_PORT:-18080}"
base="http://localhost:$port"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; else echo "install wrk first" >&2; exit 1; fi
fi
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
HINDSIGHT_EMBEDDED_DB_DATA_DIR="$work/pg" QUARKUS_HTTP_PORT="$port" \
HINDSIGHT_ADMIN_EMAIL=perf@example.com HINDSIGHT_ADMIN_PASSWORD='benchmarks need patience' \
HINDSIGHT_DEMO_DATA_ENABLED=true HINDSIGHT_SESSION_RENEW_AFTER=PT5S \
  java -jar target/quarkus-app/quarkus-run.jar > "$work/portal.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "$base/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done

# Sign in through the login form, as a browser does.
jar="$work/cookies"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf-token" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$base/login" --data-urlencode "csrf-token=$csrf" \
  --data-urlencode email=perf@example.com --data-urlencode 'password=benchmarks need patience' --data-urlencode next=/
session=$(awk '$6 == "hindsight_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "could not sign in" >&2; exit 1; }
token=$(curl -s -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"email":"perf@example.com","password":"benchmarks need patience"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')

run() { # label, path, extra wrk args...
  local label=$1 path=$2; shift 2
  wrk -t2 -c"$connections" -d3s "$@" "$base$path" >/dev/null 2>&1   # warm-up
  local out; out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$base$path")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '| %-44s | %10s | %8s | %8s |\n' "$label" "$rps" "$p50" "$p99"
}

echo "Hindsight auth overhead — $(nproc) cores, wrk -t2 -c$connections, ${duration}s per case, $(date -u +%F)"
printf '| %-44s | %10s | %8s | %8s |\n' "case" "req/s" "p50" "p99"
printf '|%s|%s|%s|%s|\n' "----------------------------------------------" "------------" "----------" "----------"
run "GET /static/app.css anonymous" /static/app.css
run "GET /static/app.css with session cookie" /static/app.css -H "Cookie: hindsight_session=$session"
run "GET /login anonymous (page)" /login
run "GET /incidents with session cookie (page)" /incidents -H "Cookie: hindsight_session=$session"
run "GET /api/v1/incidents with bearer token" /api/v1/incidents -H "Authorization: Bearer $token"
run "GET /q/health/live anonymous" /q/health/live
run "GET /q/health/live with session cookie" /q/health/live -H "Cookie: hindsight_session=$session"
sleep 6 # older than the renewal interval now: every request asks for a renewal
run "GET /q/health/live with an aged session cookie" /q/health/live -H "Cookie: hindsight_session=$session"

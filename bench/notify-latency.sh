#!/usr/bin/env bash
# How long from recording an incident to its Slack message arriving? Runs the packaged portal with
# its production settings (relay every 1 s, 1 message/s per webhook, wake-up on commit) on a
# throwaway embedded PostgreSQL, adds a destination pointing at a local Slack stand-in, records
# incidents through the API one at a time and prints p50/p95/max (bench/NotifyLatency.java).
#   usage: bench/notify-latency.sh [incidents (default 100)] [spacing-ms (default 1200)]
# Each incident waits for its message before the next; a spacing below the 1 s pacing therefore
# measures the pacing delay, not normal conditions.
# Needs: a JDK. Results depend on the machine. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100}"
spacing="${2:-1200}"
port="${BENCH_PORT:-18081}"
base="http://localhost:$port"
email=bench@example.com
password='benchmarks need patience'

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
HINDSIGHT_EMBEDDED_DB_DATA_DIR="$work/pg" QUARKUS_HTTP_PORT="$port" \
HINDSIGHT_ADMIN_EMAIL="$email" HINDSIGHT_ADMIN_PASSWORD="$password" HINDSIGHT_DEMO_DATA_ENABLED=false \
  java -jar target/quarkus-app/quarkus-run.jar > "$work/portal.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "$base/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$base/q/health/ready" >/dev/null || { echo "the portal did not start; see $work/portal.log" >&2; BENCH_KEEP=1; exit 1; }

java bench/NotifyLatency.java "$base" "$email" "$password" "$count" "$spacing"

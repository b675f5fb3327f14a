#!/usr/bin/env bash
# Does the bulk Markdown export stay in constant memory? Runs the packaged portal with a small heap
# (embedded PostgreSQL in a throwaway directory), seeds N published incidents with about 20 kB of
# postmortem each (src/test/resources/export/seed-incidents.sql, the volume test's data), downloads
# GET /export/postmortems.zip twice and prints the time and the heap: first the highest heap in use
# sampled from /q/metrics, then the highest live heap (what is left after a forced full GC).
#   usage: bench/export-zip.sh [incidents (default 5000)] [heap (default 96m)]
# Needs: a JDK (with jcmd), curl, unzip and psql. A heap too small for the export ends the portal
# (-XX:+ExitOnOutOfMemoryError) and the script says so. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
incidents="${1:-5000}"
heap="${2:-96m}"
port="${BENCH_PORT:-18081}"
base="http://localhost:$port"
tag=bench-export

for tool in curl unzip psql jcmd; do command -v "$tool" >/dev/null || { echo "install $tool first" >&2; exit 1; }; done
# Build when the packaged portal is missing or older than the sources.
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "$(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
  ./mvnw -B -q -DskipTests package
fi

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid" 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
HINDSIGHT_EMBEDDED_DB_DATA_DIR="$work/pg" QUARKUS_HTTP_PORT="$port" \
HINDSIGHT_ADMIN_EMAIL=perf@example.com HINDSIGHT_ADMIN_PASSWORD='benchmarks need patience' \
  java "-Xmx$heap" -XX:+ExitOnOutOfMemoryError \
  -jar target/quarkus-app/quarkus-run.jar > "$work/portal.log" 2>&1 &
pid=$!
for _ in $(seq 1 180); do curl -fs "$base/q/health/ready" >/dev/null 2>&1 && break; kill -0 "$pid" 2>/dev/null || break; sleep 1; done
curl -fs "$base/q/health/ready" >/dev/null || { echo "the portal did not start:" >&2; tail -20 "$work/portal.log" >&2; exit 1; }

# Seed straight into the embedded PostgreSQL (trust authentication on localhost).
pg_port=$(sed -n 's/.*Embedded PostgreSQL is listening on localhost:\([0-9]*\).*/\1/p' "$work/portal.log" | head -n 1)
seed_start=$(date +%s)
psql -q -h localhost -p "$pg_port" -U postgres -d hindsight -v ON_ERROR_STOP=1 \
  -c "SELECT set_config('hindsight.seed_tag', '$tag', false), set_config('hindsight.seed_count', '$incidents', false)" \
  -f src/test/resources/export/seed-incidents.sql >/dev/null
seed_seconds=$(( $(date +%s) - seed_start ))

token=$(curl -s -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"email":"perf@example.com","password":"benchmarks need patience"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "could not get a token" >&2; exit 1; }

heap_used() { # bytes of heap in use now, summed over the heap's pools
  curl -fs -H "Authorization: Bearer $token" "$base/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%.0f\n", sum}'
}
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }

jcmd "$pid" GC.run >/dev/null 2>&1
idle=$(heap_used)
export_zip() { # downloads the zip once; prints curl's total time and size
  curl -fs -o "$work/export.zip" -w '%{time_total} %{size_download}' -H "Authorization: Bearer $token" \
    "$base/export/postmortems.zip?tag=$tag"
}
alive() {
  kill -0 "$pid" 2>/dev/null || { echo "the portal died during the export (out of memory with -Xmx$heap?):" >&2; tail -5 "$work/portal.log" >&2; exit 1; }
}

# Run 1, for the time and the heap in use: sample /q/metrics five times a second.
( while :; do heap_used >> "$work/heap.samples" || true; sleep 0.2; done ) &
sampler=$!
timing=$(export_zip)
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
alive
read -r seconds zipped <<<"$timing"
files=$(unzip -Z1 "$work/export.zip" | wc -l)
markdown=$(unzip -l "$work/export.zip" | tail -n 1 | awk '{print $1}')
peak=$(sort -n "$work/heap.samples" | tail -n 1)
samples=$(wc -l < "$work/heap.samples")

# Run 2, for the live set: heap in use is mostly garbage waiting for the collector, so once a second
# force a full GC (jcmd GC.run) and read what is left: the memory the export really holds.
( while :; do jcmd "$pid" GC.run >/dev/null 2>&1 && heap_used >> "$work/live.samples" || true; sleep 1; done ) &
sampler=$!
live_timing=$(export_zip)
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
alive
live=$(sort -n "$work/live.samples" | tail -n 1)
live_samples=$(wc -l < "$work/live.samples")
jcmd "$pid" GC.run >/dev/null 2>&1
after=$(heap_used)

echo "Hindsight bulk Markdown export — $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), -Xmx$heap, $(date -u +%F)"
printf '| %-44s | %s |\n' "measure" "value"
printf '|%s|%s|\n' "----------------------------------------------" "----------------------------"
printf '| %-44s | %s |\n' "incidents seeded (published)" "$incidents (in ${seed_seconds} s)"
printf '| %-44s | %s |\n' "files in the zip (README.md + reports)" "$files"
printf '| %-44s | %s |\n' "Markdown written" "$(mib "$markdown")"
printf '| %-44s | %s |\n' "zip downloaded" "$(mib "$zipped")"
printf '| %-44s | %s s |\n' "export time (run 1)" "$seconds"
printf '| %-44s | %s |\n' "live heap before the export" "$(mib "$idle")"
printf '| %-44s | %s |\n' "peak heap in use (run 1, every 0.2 s)" "$(mib "$peak") ($samples samples)"
printf '| %-44s | %s |\n' "peak live heap (run 2, full GC every 1 s)" "$(mib "$live") ($live_samples samples)"
printf '| %-44s | %s |\n' "live heap after both exports" "$(mib "$after")"
printf '| %-44s | %s s |\n' "export time with the forced GCs (run 2)" "${live_timing%% *}"

#!/usr/bin/env bash
# Load benchmark (not a test): index the news JSON Lines of ../shared/data/news (≥ 10,000 articles),
# serve them, and search with 200 concurrent clients for 30 s using wrk (apt-get install wrk).
#   crates/warta-server/bench/load.sh [WARTA_BINARY] [DB]
# Environment: SCRIPT=search.lua (16 searches, cycled: the cache answers most) or search-varied.lua
# (searches that rarely repeat); CACHE=N passes --cache-entries N to the server (0: no cache).
# Reports wrk's latency percentiles and error counts; the server's peak memory comes from
# /usr/bin/time -v around `warta serve`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
warta="${1:-$root/target/release/warta}"
db="${2:-/tmp/warta-load.db}"
data="${WARTA_DATA:-$root/../shared/data}"
port="${PORT:-18090}"
script="${SCRIPT:-search.lua}"
cache_args=()
if [ -n "${CACHE:-}" ]; then cache_args=(--cache-entries "$CACHE"); fi

if [ ! -s "$db" ]; then
  /usr/bin/time -v "$warta" index --keep-going --db "$db" "$data"/news/*.jsonl 2> /tmp/warta-load-index.log || true
  grep -E "indexed|Maximum resident|Elapsed" /tmp/warta-load-index.log
fi

/usr/bin/time -v "$warta" serve --db "$db" --addr "127.0.0.1:$port" "${cache_args[@]}" 2> /tmp/warta-load-serve.log &
timer=$!
sleep 0.5
# /usr/bin/time ignores SIGINT while it waits: signal the server itself, its only child.
server=$(pgrep -P "$timer")
trap 'kill -INT $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null

# CPU time of the server (user + system, in clock ticks) around the run: CPU per request does not
# depend on what else the machine is doing, unlike latency.
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(cpu)
echo "script $script, cache ${CACHE:-default}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c200 -d30s --timeout 10s --latency -s "$here/$script" "http://127.0.0.1:$port" | tee /tmp/warta-load-wrk.txt
after=$(cpu)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
requests=$(awk '/^requests/ {print $2}' /tmp/warta-load-wrk.txt | tr -d ,)
ticks=$(getconf CLK_TCK)
awk -v c=$((after - before)) -v t="$ticks" -v r="$requests" \
  'BEGIN { ms = c * 1000 / t / r; printf "server CPU %.2f ms per request = %.0f requests/s per core\n", ms, 1000 / ms }'
kill -INT "$server"
wait "$timer" || true
trap - EXIT
grep -E "Maximum resident" /tmp/warta-load-serve.log || true

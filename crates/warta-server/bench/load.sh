#!/usr/bin/env bash
# Load benchmark (not a test): index the news JSON Lines of ../shared/data/news (≥ 10,000 articles),
# serve them, and search with 200 concurrent clients for 30 s using wrk (apt-get install wrk).
#   crates/warta-server/bench/load.sh [WARTA_BINARY] [DB]
# Reports wrk's latency percentiles and error counts; the server's peak memory comes from
# /usr/bin/time -v around `warta serve`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
warta="${1:-$root/target/release/warta}"
db="${2:-/tmp/warta-load.db}"
data="${WARTA_DATA:-$root/../shared/data}"
port="${PORT:-18090}"

if [ ! -s "$db" ]; then
  /usr/bin/time -v "$warta" index --keep-going --db "$db" "$data"/news/*.jsonl 2> /tmp/warta-load-index.log || true
  grep -E "indexed|Maximum resident|Elapsed" /tmp/warta-load-index.log
fi

/usr/bin/time -v "$warta" serve --db "$db" --addr "127.0.0.1:$port" 2> /tmp/warta-load-serve.log &
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

wrk -t2 -c200 -d30s --timeout 10s --latency -s "$here/search.lua" "http://127.0.0.1:$port"
kill -INT "$server"
wait "$timer" || true
trap - EXIT
grep -E "Maximum resident" /tmp/warta-load-serve.log || true

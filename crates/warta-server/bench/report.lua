-- What search.lua and search-varied.lua report at the end of a load run: errors, the share answered
-- from the server's cache (its `x-cache: hit` header), and latency percentiles. Each script loads it
-- with dofile and hands it the list of wrk threads that it collects in setup().
local report = {}

-- Counted per wrk thread: every thread runs its own copy of the script.
hits = 0

function report.response(status, headers, body)
  if headers["x-cache"] == "hit" then hits = hits + 1 end
end

function report.done(threads, summary, latency)
  local cached = 0
  for _, thread in ipairs(threads) do cached = cached + thread:get("hits") end
  io.write(string.format("requests %d, errors: connect %d read %d write %d timeout %d status %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("answered from the cache: %d (%.1f%%)\n", cached,
    100 * cached / math.max(summary.requests, 1)))
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end

return report

-- wrk script: every request is a different search, cycling through quote searches, article searches,
-- speaker listings and the UI's search page. Used by load.sh.
local paths = {
  "/quotes?q=pemerintah",
  "/quotes?q=harga",
  "/documents?q=presiden",
  "/quotes?q=%22bantuan+sosial%22",
  "/speakers?top=20",
  "/quotes?speaker=Prabowo",
  "/documents?q=korupsi",
  "/?q=ekonomi",
  "/quotes?q=masyarakat&from=2024-01-01",
  "/documents?q=banjir+jakarta",
  "/quotes?q=kami&type=direct",
  "/quotes?q=pemain*",
  "/documents?q=%22tim+nasional%22",
  "/quotes?org=KPK",
  "/quotes?q=sekolah+OR+guru",
  "/documents?q=bitcoin",
}
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

hits = 0

response = function(status, headers, body)
  if headers["x-cache"] == "hit" then hits = hits + 1 end
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
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

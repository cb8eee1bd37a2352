-- wrk script: every request is a different search, cycling through quote searches, article searches,
-- speaker listings and the UI's search page. Used by load.sh.
-- The closing report, shared with the other load script (load.sh passes this file's full path).
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
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

response = report.response

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  report.done(threads, summary, latency)
end

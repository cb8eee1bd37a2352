-- wrk script: searches that rarely repeat (words, pairs of words, filters and months combined), so
-- that the server's answer cache seldom helps: what a crowd of analysts with their own questions
-- costs. Used by load.sh with SCRIPT=search-varied.lua.
-- The closing report, shared with the other load script (load.sh passes this file's full path).
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local words = {
  "pemerintah", "harga", "presiden", "korupsi", "banjir", "jakarta", "ekonomi", "masyarakat",
  "sekolah", "guru", "pemain", "bantuan", "sosial", "rakyat", "polisi", "menteri", "pajak",
  "listrik", "beras", "minyak", "inflasi", "rupiah", "investasi", "pemilu", "partai", "calon",
  "hakim", "jaksa", "tersangka", "gempa", "jalan", "tol", "kereta", "bandara", "pelabuhan",
  "petani", "nelayan", "buruh", "upah", "kesehatan", "rumah", "sakit", "vaksin", "obat", "dokter",
  "tentara", "desa", "kota", "provinsi", "bupati", "gubernur", "warga", "anak", "perempuan",
  "pendidikan", "mahasiswa", "kampus", "teknologi", "digital", "internet", "data", "bank",
  "saham", "ekspor", "impor", "industri", "pangan", "air", "hutan", "sampah", "iklim", "energi",
  "tambang", "nikel", "batu", "bara", "timnas", "sepak", "bola", "liga",
}
local names = { "Prabowo", "Jokowi", "Anies", "Ganjar", "Sri Mulyani", "Gibran", "Erick", "Luhut",
  "Puan", "Budi", "Agus", "Bahlil", "Airlangga", "Tito", "Listyo" }
local threads = {}
local n = 0

function setup(thread)
  thread:set("seed", n * 7919)
  n = n + 1
  table.insert(threads, thread)
end

local counter = nil

local function month(i)
  return string.format("%d-%02d", 2023 + (i % 3), 1 + (i % 12))
end

request = function()
  if counter == nil then counter = seed end
  counter = counter + 1
  local t = counter % 8
  local i = math.floor(counter / 8)
  local a = words[(i % #words) + 1]
  local b = words[(math.floor(i / #words) % #words) + 1]
  local path
  if t == 0 then path = "/quotes?q=" .. a .. "+" .. b
  elseif t == 1 then path = "/documents?q=" .. a .. "+" .. b
  elseif t == 2 then path = "/quotes?q=" .. a .. "&from=" .. month(i)
  elseif t == 3 then path = "/quotes?speaker=" .. names[(i % #names) + 1]:gsub(" ", "+") .. "&offset=" .. (i % 7) * 10
  elseif t == 4 then path = "/?q=" .. a .. "+" .. b
  elseif t == 5 then path = "/speakers?top=20&from=" .. month(i)
  elseif t == 6 then path = "/quotes?q=" .. a .. "*&type=direct&offset=" .. (i % 5) * 10
  else path = "/documents?q=%22" .. a .. "+" .. b .. "%22" end
  return wrk.format("GET", path)
end

response = report.response

done = function(summary, latency, requests)
  report.done(threads, summary, latency)
end

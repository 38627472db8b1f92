-- Reaction taps on one article through the gateway's API, by the readers in $READERS ("id token" lines, from
-- readers.py); wrk's -s script for bench/run. Each wrk thread taps as its own half of the readers, going round them
-- and the kinds, and every tap changes something (held, then taken back): no tap is a no-op the service can skip.
-- Closed loop: capacity, not an open model.
dofile(os.getenv("BENCH_DIR") .. "/wrk-report.lua")
local readers, kinds, held, i = {}, {"Moved", "Insightful", "Skeptical", "Surprising"}, {}, 0
local threads = 0
setup = function(thread)
  thread:set("part", threads)
  threads = threads + 1
end
init = function()
  local n = 0
  for line in io.lines(os.getenv("READERS")) do
    local id, token = line:match("(%S+) (%S+)")
    if n % 2 == part then readers[#readers + 1] = {id, token} end
    n = n + 1
  end
end
local path = "/api/articles/" .. os.getenv("ARTICLE") .. "/reactions"
request = function()
  local r = readers[(i % #readers) + 1]
  local kind = kinds[math.floor(i / #readers) % 4 + 1]
  i = i + 1
  local key = r[1] .. kind
  held[key] = not held[key]
  return wrk.format("POST", path, {["Cookie"] = "mr_reader=" .. r[1], ["X-Maproom-Page-Token"] = r[2],
    ["Content-Type"] = "application/json"}, '{"kind":"' .. kind .. '","held":' .. tostring(held[key]) .. '}')
end

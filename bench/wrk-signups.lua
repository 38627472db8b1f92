-- SMS sign-ups through the gateway's API, each a new US number; wrk's -s script for bench/run. Closed loop.
dofile(os.getenv("BENCH_DIR") .. "/wrk-report.lua")
math.randomseed(os.time())
local n = 0
setup = function(thread) thread:set("first", math.random(0, 3000000)) end
init = function() n = first end
request = function()
  n = n + 1
  return wrk.format("POST", "/api/subscriptions", {["Content-Type"] = "application/json"},
    string.format('{"phone":"+1201%07d","region":"US","consent":true,"page":"/articles/bench"}', 2000000 + n % 7000000))
end

-- wrk script: POST /v1/match with one random PDQ hash per request (an upload matching nothing,
-- the common case). Run: wrk -t2 -c32 -d30s -s bench/platform/match-by-hash.lua http://127.0.0.1:PORT/v1/match
math.randomseed(42)
local hex = "0123456789abcdef"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  local t = {}
  for i = 1, 64 do
    local k = math.random(1, 16)
    t[i] = hex:sub(k, k)
  end
  local body = '{"hashes":[{"type":"pdq","value":"' .. table.concat(t) .. '","quality":90}]}'
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors (non-2xx) %d, p50 %.2f ms, p99 %.2f ms\n", summary.requests,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

-- wrk script: POST /v1/reports, one image per report (a random PDQ and a random MD5), as platforms
-- forwarding their users' reports. Keys: REPORTONCE_KEYS (comma-separated platform API keys), used in
-- turn so no one key meets the per-key rate limit. Run by HubLoad's reports-wrk scenario, or by hand:
--   REPORTONCE_KEYS=k1,k2,... wrk -t2 -c32 -d30s -s bench/hub/reports.lua http://127.0.0.1:PORT/v1/reports
local keys = {}
for k in string.gmatch(os.getenv("REPORTONCE_KEYS") or "", "[^,]+") do keys[#keys + 1] = k end
if #keys == 0 then error("set REPORTONCE_KEYS to one or more platform API keys, comma-separated") end
local hex = "0123456789abcdef"
local n = 0

local function randomHex(chars)
  local t = {}
  for i = 1, chars do
    local k = math.random(1, 16)
    t[i] = hex:sub(k, k)
  end
  return table.concat(t)
end

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

request = function()
  n = n + 1
  local body = '{"declarations":{"intimateImage":true,"personShownOrActing":true,"goodFaithAndTrue":true},'
    .. '"items":[{"label":"photo","signals":[{"type":"pdq","value":"' .. randomHex(64) .. '","quality":90},'
    .. '{"type":"md5","value":"' .. randomHex(32) .. '"}]}]}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. keys[(n % #keys) + 1]}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("WRK requests %d seconds %.3f non2xx %d socketErrors %d p50 %.2f p95 %.2f p99 %.2f max %.2f\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

-- wrk script: POST /v1/match with the bytes of a JPEG (path in the env var JPEG).
-- Run: JPEG=/path/photo.jpg wrk -t2 -c4 -d30s -s bench/platform/match-by-bytes.lua http://127.0.0.1:PORT/v1/match
local f = assert(io.open(os.getenv("JPEG"), "rb"))
wrk.body = f:read("*all")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors (non-2xx) %d, p50 %.2f ms, p99 %.2f ms\n", summary.requests,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

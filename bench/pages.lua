-- wrk script for bench/pages.sh. Arguments (after --): header lines "Name: value", one per signed-in
-- user; requests take them in turn, so every user's session is in use. No arguments: anonymous.
-- Prints one machine-readable line at the end:
--   BENCH <requests> <req/s> <p50 ms> <p95 ms> <p99 ms> <non-2xx/3xx> <timeouts> <socket errors>
local requests = {}
local next_request = 0

function init(args)
  for _, line in ipairs(args) do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then
      local headers = {}
      for k, v in pairs(wrk.headers) do headers[k] = v end
      headers[name] = value
      requests[#requests + 1] = wrk.format(nil, nil, headers)
    end
  end
  if #requests == 0 then
    requests[1] = wrk.format()
  end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function done(summary, latency, _)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format("BENCH %d %.1f %.2f %.2f %.2f %d %d %d\n", summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors.status, errors.timeout,
    errors.connect + errors.read + errors.write))
end

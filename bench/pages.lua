-- wrk script for bench/pages.sh. Arguments (after --): header lines "Name: value", one per signed-in
-- user; requests take them in turn, so every user's session is in use. No header lines: anonymous.
-- With "ids=FIRST-LAST" and "path=/some/{id}/path" among the arguments, each request asks for another
-- incident: {id} walks FIRST..LAST in a fixed scrambled order (a stride coprime with the range), each wrk
-- thread from its own starting point, so no id comes back before every other one has been asked for.
-- Prints one machine-readable line at the end:
--   BENCH <requests> <req/s> <p50 ms> <p95 ms> <p99 ms> <non-2xx/3xx> <timeouts> <socket errors>
local requests = {}
local headers_of = {}
local next_request = 0
local first, count, template = nil, 0, nil
local step, at = 1, 0

-- Runs in the main script state once per thread, before init: numbers the threads.
local threads = 0
function setup(thread)
  thread:set("lane", threads)
  threads = threads + 1
end

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

function init(args)
  for _, line in ipairs(args) do
    local a, b = line:match("^ids=(%d+)-(%d+)$")
    local p = line:match("^path=(.*)$")
    local name, value = line:match("^([^:=]+):%s*(.*)$")
    if a then
      first, count = tonumber(a), tonumber(b) - tonumber(a) + 1
    elseif p then
      template = p
    elseif name then
      local headers = {}
      for k, v in pairs(wrk.headers) do headers[k] = v end
      headers[name] = value
      headers_of[#headers_of + 1] = headers
      requests[#requests + 1] = wrk.format(nil, nil, headers)
    end
  end
  if #requests == 0 then
    headers_of[1] = wrk.headers
    requests[1] = wrk.format()
  end
  if first and template and count > 0 then
    step = 7919
    while count > 1 and gcd(step, count) ~= 1 do step = step + 2 end
    at = ((lane or 0) * 104729) % count
  else
    first = nil
  end
end

function request()
  next_request = next_request % #requests + 1
  if not first then
    return requests[next_request]
  end
  at = (at + step) % count
  local path = template:gsub("{id}", tostring(first + at))
  return wrk.format(nil, path, headers_of[next_request])
end

function done(summary, latency, _)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format("BENCH %d %.1f %.2f %.2f %.2f %d %d %d\n", summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors.status, errors.timeout,
    errors.connect + errors.read + errors.write))
end

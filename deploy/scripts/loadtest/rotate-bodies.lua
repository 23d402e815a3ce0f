-- wrk script of deploy/scripts/loadtest.sh: POSTs JSON bodies read from a file (one per line),
-- each connection rotating through them from its own starting point.
--   wrk ... -s rotate-bodies.lua URL -- BODIES_FILE [API_KEY] [ID_PREFIX]
-- With ID_PREFIX (ingest), every '"id":"id-' in a body becomes '"id":"<ID_PREFIX>-<thread>-<n>-',
-- so each request stores new poses instead of re-sending ids the collection already holds.
-- done() prints one line "RESULT {json}" with the request count, errors and latency percentiles.

local bodies = {}
local next_body = 0
local sent = 0
local id_prefix = nil
-- thread_number is a global that setup() sets in each thread's own Lua state.
local threads_started = 0

function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_number", threads_started)
end

function init(args)
  local path = args[1]
  if path == nil then error("usage: -- BODIES_FILE [API_KEY] [ID_PREFIX]") end
  for line in io.lines(path) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  if #bodies == 0 then error("no request bodies in " .. path) end
  thread_number = thread_number or 0
  math.randomseed(os.time() + thread_number * 7919)
  next_body = math.random(#bodies) - 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if args[2] ~= nil and args[2] ~= "" then wrk.headers["X-Api-Key"] = args[2] end
  if args[3] ~= nil and args[3] ~= "" then id_prefix = args[3] end
end

function request()
  next_body = next_body % #bodies + 1
  local body = bodies[next_body]
  if id_prefix ~= nil then
    sent = sent + 1
    body = body:gsub('"id":"id%-', '"id":"' .. id_prefix .. '-' .. thread_number .. '-' .. sent .. '-')
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"requests_per_second":%.1f,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f}}\n',
    summary.requests, seconds, summary.requests / seconds, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

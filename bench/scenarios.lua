-- wrk script: every request a different random scenario, mixed over the API,
-- the HTML pages and the SVG images, with a share of invalid ones.
-- Set MIX=<route> in the environment to hit one route only (see bench/http.sh),
-- and PERMALINK=1 to send one scenario every time (a shared permalink: after
-- the first request, every answer comes from the response cache).
local regions = { "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1",
  "eu-west-2", "eu-central-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1" }
local pages = { "/compare", "/embed", "/chart.svg", "/card.svg", "/compare.md", "/api/v1/compare" }
local bad_values = { "monthly_gb=-1", "azs=9", "s3_percent=70&aws_percent=40", "region=mars-1", "montly_gb=5",
  "hours=1.5", "peak_gbps=abc", "monthly_gb=", "dto_free_tier=maybe", "monthly_gb=1e400" }
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  unexpected = 0
  client_errors = 0
  mix = os.getenv("MIX") or "all"
  invalid_share = tonumber(os.getenv("INVALID_SHARE") or "0.2")
  permalink = os.getenv("PERMALINK") == "1"
end

local function random_scenario()
  local s3 = math.random(0, 60)
  local aws = math.random(0, 100 - s3)
  return string.format(
    "region=%s&monthly_gb=%d.%d&s3_percent=%d&aws_percent=%d&outbound_percent=%d&interface_endpoints=%d&azs=%d&public_ips=%d&peak_gbps=%d",
    regions[math.random(#regions)], math.random(0, 5000000), math.random(0, 99), s3, aws, math.random(0, 100),
    math.random(0, 10), math.random(1, 6), math.random(0, 500), math.random(0, 300))
end

local fixed = nil

local function scenario()
  if not permalink then
    return random_scenario()
  end
  fixed = fixed or random_scenario()
  return fixed
end

local function json_body()
  local s3 = math.random(0, 60)
  return string.format(
    '{"region":"%s","monthly_gb":"%d","s3_percent":%d,"aws_percent":%d,"azs":%d,"public_ips":%d,"peak_gbps":"%d"}',
    regions[math.random(#regions)], math.random(0, 5000000), s3, math.random(0, 100 - s3), math.random(1, 6),
    math.random(0, 500), math.random(0, 300))
end

function request()
  local query = scenario()
  if math.random() < invalid_share then
    query = query .. "&" .. bad_values[math.random(#bad_values)]
  end
  if mix == "healthz" then
    return wrk.format("GET", "/healthz")
  elseif mix == "post" or (mix == "all" and math.random() < 0.15) then
    local body = json_body()
    if mix == "all" and math.random() < invalid_share then
      body = '{"azs": 2.5, "monthly_gb": "NaN"}'
    end
    return wrk.format("POST", "/api/v1/compare", { ["Content-Type"] = "application/json" }, body)
  elseif mix == "all" then
    return wrk.format("GET", pages[math.random(#pages)] .. "?" .. query)
  else
    return wrk.format("GET", mix .. "?" .. query)
  end
end

-- Telling 4xx from 5xx needs a response() callback, and wrk then copies every
-- body into Lua, which costs wrk more than a large page costs the server. So
-- only the load test (SPLIT_STATUS=1) defines it; the benchmark counts
-- non-2xx answers from wrk's own summary instead.
if os.getenv("SPLIT_STATUS") == "1" then
  function response(status, headers, body)
    if status >= 400 and status < 500 then
      client_errors = client_errors + 1
    elseif status < 200 or status >= 300 then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency, requests)
  local unexpected_total, client_total = 0, 0
  for _, t in ipairs(threads) do
    unexpected_total = unexpected_total + t:get("unexpected")
    client_total = client_total + t:get("client_errors")
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  if os.getenv("SPLIT_STATUS") ~= "1" then
    -- Without the callback, wrk still counts answers that are not 2xx/3xx.
    unexpected_total = summary.errors.status
  end
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f answers_4xx=%d unexpected=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, client_total, unexpected_total, socket))
end

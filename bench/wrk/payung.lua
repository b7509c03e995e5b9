-- wrk script for bench/cluster.py's load phase (issue 21.6): one wrk process per node, one thread each.
--   wrk -t1 -c N -d 20s -s bench/wrk/payung.lua http://127.0.0.1:8101/static/css/payung.css -- static
--   ... http://127.0.0.1:8101/laporan/dasbor/ -- reader "<Cookie header>" <think ms>
--   ... http://127.0.0.1:8101/kasus/pengaduan/ -- submit "<Cookie header>" <file of request bodies>
-- static and reader expect 200, submit 302 (the complaint kept, sent on to its receipt); any other answer is
-- counted as an error. A submit body is used once (each carries its own single-use form token); the bodies
-- are made by cluster.py, which also reads the JSON line `done` prints.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  bad, ran_out, think = 0, 0, 0
  wrk.headers["Accept-Encoding"] = "gzip"  -- as a browser: the page is compressed, as it is for people
  if mode == "reader" then
    wrk.headers["Cookie"] = args[2]
    think = tonumber(args[3] or "0")
  elseif mode == "submit" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Cookie"] = args[2]
    wrk.headers["Referer"] = "http://127.0.0.1/kasus/pengaduan/"
    bodies = {}
    for line in io.lines(args[3]) do bodies[#bodies + 1] = line end
    used = 0
  end
end

function request()
  if mode == "submit" then
    used = used + 1
    if used > #bodies then
      ran_out = ran_out + 1
      used = 1  -- reused tokens are refused: counted as errors, and ran_out says why
    end
    return wrk.format(nil, nil, nil, bodies[used])
  end
  return wrk.request()
end

function delay()
  -- A reader reads the page before the next one: think ms on average (0: the next request at once).
  if think > 0 then
    return math.random(math.floor(think / 2), think + math.floor(think / 2))
  end
  return 0
end

function response(status, headers, body)
  local want = 200
  if mode == "submit" then want = 302 end
  if status ~= want then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bad_total, ran_out_total = 0, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad")
    ran_out_total = ran_out_total + t:get("ran_out")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.2f, "bad_status": %d, "socket_errors": %d, "timeouts": %d, ' ..
    '"ran_out_of_bodies": %d, "p50_ms": %.1f, "p90_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"mean_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6, bad_total, e.connect + e.read + e.write, e.timeout, ran_out_total,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end

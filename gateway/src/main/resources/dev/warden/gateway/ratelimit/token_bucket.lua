-- Two token buckets per API key in one Redis hash, refilled continuously, on the Redis server's clock
-- (TIME) so that every gateway replica sees the same buckets. Run atomically by EVALSHA / EVAL.
--
-- KEYS[1]  the bucket hash: r = requests available, rt = when r was last refilled (microseconds),
--          k = tokens available, kt = when k was last refilled. An absent hash (or field) is a full bucket;
--          the hash expires once both buckets would be full again.
-- ARGV[1]  'acquire': ARGV[2] requests per minute, ARGV[3] tokens per minute, ARGV[4] tokens wanted.
--            Takes 1 request and the tokens when both buckets hold enough, otherwise takes nothing.
--            Returns {allowed 0/1, requests left, tokens left, us until requests full, us until tokens full,
--            us until the request could be admitted (0 when admitted)}.
--          'refund': ARGV[2] tokens per minute, ARGV[3] tokens to return. Returns the tokens now available
--            (-1 when the bucket is full already).
local PERIOD = 60000000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

-- level of a bucket of capacity cap (per minute) that held avail at time at, refilled up to now
local function level(avail, at, cap)
  if avail == nil or at == nil then return cap end
  local elapsed = now - at
  if elapsed < 0 then elapsed = 0 end
  local v = avail + elapsed * cap / PERIOD
  if v > cap then v = cap end
  return v
end

-- microseconds until a bucket at level v holds want
local function wait(v, want, cap)
  if v >= want then return 0 end
  return math.ceil((want - v) * PERIOD / cap)
end

local s = redis.call('HMGET', KEYS[1], 'r', 'rt', 'k', 'kt')

if ARGV[1] == 'refund' then
  if not s[3] then return -1 end
  local tpm = tonumber(ARGV[2])
  local k = level(tonumber(s[3]), tonumber(s[4]), tpm) + tonumber(ARGV[3])
  if k > tpm then k = tpm end
  redis.call('HSET', KEYS[1], 'k', k, 'kt', now)
  return math.floor(k)
end

local rpm = tonumber(ARGV[2])
local tpm = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
local r = level(tonumber(s[1]), tonumber(s[2]), rpm)
local k = level(tonumber(s[3]), tonumber(s[4]), tpm)
local allowed = 0
local retry = 0
if r >= 1 and k >= want then
  allowed = 1
  r = r - 1
  k = k - want
  redis.call('HSET', KEYS[1], 'r', r, 'rt', now, 'k', k, 'kt', now)
  local full = math.max(wait(r, rpm, rpm), wait(k, tpm, tpm))
  redis.call('PEXPIRE', KEYS[1], math.floor(full / 1000) + 1000)
else
  retry = math.max(wait(r, 1, rpm), wait(k, want, tpm))
end
return {allowed, math.floor(r), math.floor(k), wait(r, rpm, rpm), wait(k, tpm, tpm), retry}

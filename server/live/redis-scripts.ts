// Lua run atomically inside Redis. The flow rules stay in TypeScript: Redis keeps versioned
// documents, `read` fetches what a scan needs in one round trip and `commit` writes the new
// documents, the answer and the log entry together only if no document changed in between.

/**
 * KEYS: answer key, station, attendee.
 * ARGV: station key prefix, version of the station this process holds, the station the attendee
 * was last seen at by this process, and the version of it held ('' when none).
 * A document comes back only when its version differs from the one held, so a process that
 * made the last change reads a few bytes instead of the whole document.
 * Returns {1, answer} when the scan id was answered before, else
 * {0, stationV, stationD, attendeeV, attendeeD, previousId, previousV, previousD}.
 */
export const READ_SCAN = `
local prior = redis.call('GET', KEYS[1])
if prior then return {1, prior} end
local function fetch(key, held)
  local v = redis.call('HGET', key, 'v')
  if not v then return false, false end
  if v == held then return v, false end
  return v, redis.call('HGET', key, 'd')
end
local sv, sd = fetch(KEYS[2], ARGV[2])
local at = redis.call('HMGET', KEYS[3], 'v', 'd', 's')
local pid, pv, pd = false, false, false
if at[3] and at[3] ~= '' then
  pid = at[3]
  local held = ''
  if pid == ARGV[3] then held = ARGV[4] end
  pv, pd = fetch(ARGV[1] .. pid, held)
end
return {0, sv, sd, at[1], at[2], pid, pv, pd}
`;

/**
 * Commits a group of changes at once (one round trip for many scans).
 * KEYS: log stream, the group's answer keys (ARGV[2] of them), then the documents read.
 * ARGV: answer ttl seconds, number of answers, the group's log entries as one JSON array ('' =
 * none; one stream entry for the whole group), then per answer: answer, then per document:
 * version read ('' if none), new version, new JSON ('' = unchanged), attendee's station id
 * (stations: '').
 * Returns {'ok'}; {'replayed', i, answer, ...} when answers already exist for some of the group
 * (1-based positions), writing nothing; {'conflict', key, ...} when documents changed since they
 * were read, writing nothing.
 */
export const COMMIT = `
local n = tonumber(ARGV[2])
local replayed = {'replayed'}
for i = 1, n do
  local prior = redis.call('GET', KEYS[1 + i])
  if prior then
    replayed[#replayed + 1] = i
    replayed[#replayed + 1] = prior
  end
end
if #replayed > 1 then return replayed end
local first = 3 + n
local conflict = {'conflict'}
for j = 1, #KEYS - 1 - n do
  local v = redis.call('HGET', KEYS[1 + n + j], 'v') or ''
  if v ~= ARGV[first + (j - 1) * 4 + 1] then conflict[#conflict + 1] = KEYS[1 + n + j] end
end
if #conflict > 1 then return conflict end
for j = 1, #KEYS - 1 - n do
  local b = first + (j - 1) * 4
  if ARGV[b + 3] ~= '' then
    redis.call('HSET', KEYS[1 + n + j], 'v', ARGV[b + 2], 'd', ARGV[b + 3], 's', ARGV[b + 4])
  end
end
for i = 1, n do
  redis.call('SET', KEYS[1 + i], ARGV[3 + i], 'EX', ARGV[1])
end
if ARGV[3] ~= '' then redis.call('XADD', KEYS[1], 'MAXLEN', '~', '1000000', '*', 'g', ARGV[3]) end
return {'ok'}
`;

/** KEYS: document. ARGV: version, JSON, station id. Writes only when the document does not exist. */
export const SEED = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2], 's', ARGV[3])
return 1
`;

/** KEYS: lock. ARGV: owner, ttl ms. Takes or extends the lock; 1 when this owner holds it. */
export const HOLD_LOCK = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

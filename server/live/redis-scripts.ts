// Lua run atomically inside Redis. The flow rules stay in TypeScript: Redis keeps versioned
// documents, `read` fetches what a scan needs in one round trip and `commit` writes the new
// documents, the answer and the log entry together only if no document changed in between.

/*
 * Documents live in three hashes, each field named after its document (`s:<station id>`,
 * `a:<badge number>`): `v` their versions, `d` their JSON, `w` the station each attendee was last
 * placed at. A commit then checks and writes all its documents in a few commands, where one key per
 * document took two commands per document.
 */

/**
 * KEYS: answer key, versions, documents, attendees' stations.
 * ARGV: station field, attendee field, version of the station this process holds, the station
 * the attendee was last seen at by this process, and the version of it held ('' when none).
 * A document comes back only when its version differs from the one held, so a process that
 * made the last change reads a few bytes instead of the whole document.
 * Returns {1, answer} when the scan id was answered before, else
 * {0, stationV, stationD, attendeeV, attendeeD, previousId, previousV, previousD}.
 */
export const READ_SCAN = `
local prior = redis.call('GET', KEYS[1])
if prior then return {1, prior} end
local function fetch(field, held)
  local v = redis.call('HGET', KEYS[2], field)
  if not v then return false, false end
  if v == held then return v, false end
  return v, redis.call('HGET', KEYS[3], field)
end
local sv, sd = fetch(ARGV[1], ARGV[3])
local av, ad = fetch(ARGV[2], '')
local pid = redis.call('HGET', KEYS[4], ARGV[2])
local pv, pd = false, false
if pid and pid ~= '' then
  local held = ''
  if pid == ARGV[4] then held = ARGV[5] end
  pv, pd = fetch('s:' .. pid, held)
end
return {0, sv, sd, av, ad, pid, pv, pd}
`;

/**
 * Commits a group of changes at once (one round trip for many scans).
 * KEYS: log stream, versions, documents, attendees' stations, then the group's answer keys.
 * ARGV: answer ttl seconds, number of answers n, the group's log entries as one JSON array ('' =
 * none; one stream entry for the whole group, null where a write has none), then the n answers
 * (JSON), then per document: field, version read ('' if none), new version ('' = unchanged),
 * new JSON (starting with a newline: a delta appended to the document, see station-doc.ts), and
 * for an attendee (field `a:…`) the station they are placed at ('' = none).
 * The stream entry carries the entries (`g`) and the answers (`a`, aligned with them), so an
 * answer is sent once. The stream is never trimmed: an entry is answered as durable, and only
 * the archiver removes it, once it is in SQLite.
 * Returns {'ok'}; {'replayed', i, answer, ...} when answers already exist for some of the group
 * (1-based positions), writing nothing; {'conflict', field, ...} when documents changed since
 * they were read, writing nothing.
 */
export const COMMIT = `
local n = tonumber(ARGV[2])
if n > 0 and redis.call('EXISTS', unpack(KEYS, 5, 4 + n)) > 0 then
  local replayed = {'replayed'}
  for i = 1, n do
    local prior = redis.call('GET', KEYS[4 + i])
    if prior then
      replayed[#replayed + 1] = i
      replayed[#replayed + 1] = prior
    end
  end
  return replayed
end
local first = 4 + n
local count = (#ARGV - first + 1) / 5
-- The log entry goes before every other write: Redis does not undo a script's writes when a
-- later command in it fails, and the XADD is the one that can (a key that is not a stream, memory).
local function log()
  if ARGV[3] ~= '' then
    redis.call('XADD', KEYS[1], '*', 'g', ARGV[3], 'a', '[' .. table.concat(ARGV, ',', 4, 3 + n) .. ']')
  end
end
if count > 0 then
  local fields = {}
  for j = 1, count do fields[j] = ARGV[first + (j - 1) * 5] end
  local versions = redis.call('HMGET', KEYS[2], unpack(fields))
  local conflict = {'conflict'}
  for j = 1, count do
    if (versions[j] or '') ~= ARGV[first + (j - 1) * 5 + 1] then conflict[#conflict + 1] = fields[j] end
  end
  if #conflict > 1 then return conflict end
  local v, d, w, grown = {}, {}, {}, {}
  for j = 1, count do
    local b = first + (j - 1) * 5
    if ARGV[b + 2] ~= '' then
      v[#v + 1] = fields[j]
      v[#v + 1] = ARGV[b + 2]
      if string.byte(ARGV[b + 3], 1) == 10 then
        grown[#grown + 1] = j
      else
        d[#d + 1] = fields[j]
        d[#d + 1] = ARGV[b + 3]
      end
      if string.byte(fields[j], 1) == 97 then
        w[#w + 1] = fields[j]
        w[#w + 1] = ARGV[b + 4]
      end
    end
  end
  if #grown > 0 then
    local names = {}
    for i = 1, #grown do names[i] = fields[grown[i]] end
    local old = redis.call('HMGET', KEYS[3], unpack(names))
    for i = 1, #grown do
      if not old[i] then return {'conflict', names[i]} end
      d[#d + 1] = names[i]
      d[#d + 1] = old[i] .. ARGV[first + (grown[i] - 1) * 5 + 3]
    end
  end
  log()
  if #v > 0 then
    redis.call('HSET', KEYS[2], unpack(v))
    redis.call('HSET', KEYS[3], unpack(d))
  end
  if #w > 0 then redis.call('HSET', KEYS[4], unpack(w)) end
end
if count == 0 then log() end
for i = 1, n do
  redis.call('SET', KEYS[4 + i], ARGV[3 + i], 'EX', ARGV[1])
end
return {'ok'}
`;

/**
 * Seeds documents, many in one call. KEYS: versions, documents, attendees' stations. ARGV: per
 * document its field, version, JSON and the attendee's station. Writes a document only when it
 * does not exist; returns how many it wrote.
 */
export const SEED = `
local n = 0
for i = 1, #ARGV, 4 do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
    if string.byte(ARGV[i], 1) == 97 then redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 3]) end
    n = n + 1
  end
end
return n
`;

/**
 * Seeds scans' answers, many in one call. KEYS: the answer keys. ARGV: their time to live in
 * seconds, then the answers in the order of KEYS. Writes an answer only where none exists.
 */
export const PUT_ANSWERS = `
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i + 1], 'EX', ARGV[1], 'NX')
end
return #KEYS
`;

/** KEYS: lock. ARGV: owner, ttl ms. Takes or extends the lock; 1 when this owner holds it. */
export const HOLD_LOCK = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** KEYS: a log stream. Deletes it only when it holds no entry (none waiting to be archived); 1 when deleted. */
export const DELETE_IF_EMPTY = `
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('XLEN', KEYS[1]) == 0 then return redis.call('DEL', KEYS[1]) end
return 0
`;

// The Lua scripts that make the cluster's shared state change atomically in Redis: a name claim,
// an event (its sequence number, its effect on the users hash and the history, and its publication
// in one step), a snapshot, and the reaping of a dead instance's users. Kept apart from the bus so
// the key layout reads in one place (see docs/cluster.md).

/** KEYS: name, look, old name, old look. ARGV: id. Returns '' when claimed, else the holder's id. */
export const CLAIM = `
local h = redis.call('GET', KEYS[1])
if h and h ~= ARGV[1] then return h end
h = redis.call('GET', KEYS[2])
if h and h ~= ARGV[1] then return h end
if KEYS[3] ~= KEYS[1] and redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
if KEYS[4] ~= KEYS[2] and redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[1])
return ''
`;

/**
 * KEYS: seq, users, channel, history list ('' for none).
 * ARGV: type, event JSON, id, data (user JSON for enter, name keys JSON for nick, patch JSON for
 * update, the line for say), history lines kept, history expiry in seconds.
 * Returns the event's sequence number.
 */
export const EVENT = `
local seq = redis.call('INCR', KEYS[1])
local t = ARGV[1]
local keep = tonumber(ARGV[5])
local history = nil
if t == 'enter' then
  local u = cjson.decode(ARGV[4])
  u['entered'] = seq
  redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(u))
  if KEYS[4] ~= '' and keep > 0 then history = redis.call('LRANGE', KEYS[4], -keep, -1) end
elseif t == 'exit' then
  local raw = redis.call('HGET', KEYS[2], ARGV[3])
  if raw then
    local u = cjson.decode(raw)
    for _, k in ipairs(u['keys']) do
      if redis.call('GET', k) == ARGV[3] then redis.call('DEL', k) end
    end
    redis.call('HDEL', KEYS[2], ARGV[3])
  end
elseif t == 'say' then
  if KEYS[4] ~= '' and keep > 0 then
    redis.call('RPUSH', KEYS[4], ARGV[4])
    redis.call('LTRIM', KEYS[4], -keep, -1)
    redis.call('EXPIRE', KEYS[4], tonumber(ARGV[6]))
  end
elseif t == 'nick' or t == 'update' then
  local raw = redis.call('HGET', KEYS[2], ARGV[3])
  if raw then
    local u = cjson.decode(raw)
    local patch = cjson.decode(ARGV[4])
    for k, v in pairs(patch) do u[k] = v end
    redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(u))
  end
end
local message = '{"seq":' .. seq .. ',"event":' .. ARGV[2]
if history then message = message .. ',"history":' .. cjson.encode(history) end
redis.call('PUBLISH', KEYS[3], message .. '}')
return seq
`;

/** KEYS: seq, users. Returns [seq, id1, user1, id2, user2, ...] as of one moment. */
export const SNAPSHOT = `
local seq = redis.call('GET', KEYS[1]) or '0'
local all = redis.call('HGETALL', KEYS[2])
table.insert(all, 1, seq)
return all
`;

/**
 * KEYS: seq, users, channel, the dead instance's lease. ARGV: its id prefix (`ID:`).
 * If the lease is gone, removes that instance's users, frees their names and publishes an
 * announced exit for each, atomically (so exactly one survivor does it). Returns how many.
 */
export const REAP = `
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local all = redis.call('HGETALL', KEYS[2])
local count = 0
for i = 1, #all, 2 do
  local id = all[i]
  if string.sub(id, 1, string.len(ARGV[1])) == ARGV[1] then
    local u = cjson.decode(all[i + 1])
    for _, k in ipairs(u['keys']) do
      if redis.call('GET', k) == id then redis.call('DEL', k) end
    end
    redis.call('HDEL', KEYS[2], id)
    local seq = redis.call('INCR', KEYS[1])
    redis.call('PUBLISH', KEYS[3], '{"seq":' .. seq .. ',"event":{"type":"exit","id":' .. cjson.encode(id) .. ',"announce":true}}')
    count = count + 1
  end
end
return count
`;

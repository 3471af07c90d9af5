// The Lua scripts that make the cluster's shared state change atomically in Redis: a name claim
// and its release, an event (its sequence number, its effect on the users, rooms and bans hashes
// and on the history, and its publication, in one step), a snapshot, and the reaping of a dead
// instance's users. Kept apart from the bus so the key layout reads in one place (docs/cluster.md).
//
// A name key's value is `ID<TAB>NAME`: who holds it, and as what, so a refused claim can say which
// online name it clashes with even before that user's arrival has been seen.

/** Lua helpers every script shares. */
const HELPERS = `
local function owned(value, id)
  return value and string.sub(value, 1, string.len(id) + 1) == id .. '\\t'
end
local function release(keys, id)
  for _, k in ipairs(keys) do
    if owned(redis.call('GET', k), id) then redis.call('DEL', k) end
  end
end
-- One fewer in a room; an empty room other than the lobby goes, with its history.
local function vacate(rooms, room, lobby, historyPrefix)
  if not room then return end
  local left = redis.call('HINCRBY', rooms, room, -1)
  if left <= 0 and room ~= lobby then
    redis.call('HDEL', rooms, room)
    redis.call('DEL', historyPrefix .. room)
  end
end
`;

/**
 * KEYS: name, look, old name, old look. ARGV: id, name.
 * Returns '' when claimed, else the holder's `ID<TAB>NAME`.
 */
export const CLAIM = `${HELPERS}
local h = redis.call('GET', KEYS[1])
if h and not owned(h, ARGV[1]) then return h end
h = redis.call('GET', KEYS[2])
if h and not owned(h, ARGV[1]) then return h end
if KEYS[3] ~= KEYS[1] and owned(redis.call('GET', KEYS[3]), ARGV[1]) then redis.call('DEL', KEYS[3]) end
if KEYS[4] ~= KEYS[2] and owned(redis.call('GET', KEYS[4]), ARGV[1]) then redis.call('DEL', KEYS[4]) end
local value = ARGV[1] .. '\\t' .. ARGV[2]
redis.call('SET', KEYS[1], value)
redis.call('SET', KEYS[2], value)
return ''
`;

/** KEYS: name, look. ARGV: id. Frees a claim that was never used (its user left meanwhile). */
export const RELEASE = `${HELPERS}
release(KEYS, ARGV[1])
return 1
`;

/**
 * KEYS: seq, users, channel, rooms, bans.
 * ARGV: type, event JSON, id (the address for ban and unban), data (user JSON for enter, patch
 * JSON for nick and update, the line for say, the ban's JSON for ban), history lines kept, history expiry in seconds, history key prefix, the lobby's key,
 * the room's key (enter: the destination; say: the room), the most rooms allowed.
 * Returns the event's sequence number, or -1 when an arrival would create a room past the limit
 * (nothing is changed or published then).
 */
export const EVENT = `${HELPERS}
local t = ARGV[1]
local keep = tonumber(ARGV[5])
local prefix = ARGV[7]
local lobby = ARGV[8]
local room = ARGV[9]
local history = nil
local previous = redis.call('HGET', KEYS[2], ARGV[3])
local before = previous and cjson.decode(previous) or nil
if t == 'enter' then
  local moving = not before or before['roomKey'] ~= room
  if moving and room ~= lobby and redis.call('HEXISTS', KEYS[4], room) == 0 then
    local count = redis.call('HLEN', KEYS[4])
    if redis.call('HEXISTS', KEYS[4], lobby) == 0 then count = count + 1 end
    local frees = before and before['roomKey'] ~= lobby and tonumber(redis.call('HGET', KEYS[4], before['roomKey']) or '0') <= 1
    if frees then count = count - 1 end
    if count >= tonumber(ARGV[10]) then return -1 end
  end
end
local seq = redis.call('INCR', KEYS[1])
if t == 'enter' then
  local u = cjson.decode(ARGV[4])
  u['entered'] = seq
  u['roomKey'] = room
  redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(u))
  if not before or before['roomKey'] ~= room then
    if before then vacate(KEYS[4], before['roomKey'], lobby, prefix) end
    redis.call('HINCRBY', KEYS[4], room, 1)
  end
  if keep > 0 then history = redis.call('LRANGE', prefix .. room, -keep, -1) end
elseif t == 'exit' then
  if before then
    release(before['keys'], ARGV[3])
    redis.call('HDEL', KEYS[2], ARGV[3])
    vacate(KEYS[4], before['roomKey'], lobby, prefix)
  end
elseif t == 'say' then
  if keep > 0 and ARGV[4] ~= '' then
    redis.call('RPUSH', prefix .. room, ARGV[4])
    redis.call('LTRIM', prefix .. room, -keep, -1)
    redis.call('EXPIRE', prefix .. room, tonumber(ARGV[6]))
  end
elseif t == 'ban' then
  redis.call('HSET', KEYS[5], ARGV[3], ARGV[4])
elseif t == 'unban' then
  redis.call('HDEL', KEYS[5], ARGV[3])
elseif (t == 'nick' or t == 'update') and before then
  local patch = cjson.decode(ARGV[4])
  for k, v in pairs(patch) do before[k] = v end
  redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(before))
end
local message = '{"seq":' .. seq .. ',"event":' .. ARGV[2]
if history then message = message .. ',"history":' .. cjson.encode(history) end
redis.call('PUBLISH', KEYS[3], message .. '}')
return seq
`;

/**
 * KEYS: seq, users, bans. Returns [seq, [id1, user1, id2, user2, ...], [address1, ban1, ...]] as of
 * one moment.
 */
export const SNAPSHOT = `
local seq = redis.call('GET', KEYS[1]) or '0'
return {seq, redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3])}
`;

/**
 * KEYS: seq, users, channel, the dead instance's lease, rooms.
 * ARGV: its id prefix (`ID:`), the lobby's key, the history key prefix.
 * If the lease is gone, removes that instance's users, frees their names and rooms, and
 * publishes an announced exit for each, atomically (so exactly one survivor does it).
 * Returns how many.
 */
export const REAP = `${HELPERS}
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local all = redis.call('HGETALL', KEYS[2])
local count = 0
for i = 1, #all, 2 do
  local id = all[i]
  if string.sub(id, 1, string.len(ARGV[1])) == ARGV[1] then
    local u = cjson.decode(all[i + 1])
    release(u['keys'], id)
    redis.call('HDEL', KEYS[2], id)
    vacate(KEYS[5], u['roomKey'], ARGV[2], ARGV[3])
    local seq = redis.call('INCR', KEYS[1])
    redis.call('PUBLISH', KEYS[3], '{"seq":' .. seq .. ',"event":{"type":"exit","id":' .. cjson.encode(id) .. ',"announce":true}}')
    count = count + 1
  end
end
return count
`;

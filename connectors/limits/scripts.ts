import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// Every script dates things by Redis's clock (TIME), so the machines' clocks do not matter.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// Keeps a lease set alive as long as its longest lease (never shortens it).
const KEEP = `local function keep(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end`;

/**
 * One call's whole admission: the 429 hold, then the place in flight (expired leases, those of
 * processes that died, are dropped first), then the next free slot of the rate. Changes nothing
 * unless all three allow the call. KEYS: next free time, hold end, leases (id scored by expiry).
 * ARGV: slot ms, lease ms, places in flight, lease id.
 * Returns {0, ms to the slot} (admitted, lease taken), {1, ms the hold lasts} or {2, 0} (no place).
 */
const ACQUIRE = `${NOW}
${KEEP}
local held = tonumber(redis.call('GET', KEYS[2]) or '0') - now
if held > 0 then return {1, math.ceil(held)} end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then return {2, 0} end
local slot = tonumber(ARGV[1])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(at + slot), 'PX', math.ceil(at - now + slot + 1000))
redis.call('ZADD', KEYS[3], at + tonumber(ARGV[2]), ARGV[4])
keep(KEYS[3], math.ceil(at - now + tonumber(ARGV[2])))
return {0, math.ceil(at - now)}`;

/**
 * For a call that waited for its slot: a 429 that came meanwhile gives its place back and
 * answers how long the hold lasts (0: go). KEYS: hold end, leases. ARGV: lease id.
 */
const CONFIRM = `${NOW}
local held = tonumber(redis.call('GET', KEYS[1]) or '0') - now
if held <= 0 then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
return math.ceil(held)`;

/**
 * Renews a process's leases of every source at once (one command per interval, not per call).
 * Only leases still there: one that expired (a long pause) is no longer counted. KEYS: lease sets.
 * ARGV: lease ms, then for each key the number of its ids followed by the ids.
 */
const RENEW = `${NOW}
${KEEP}
local untilMs = now + tonumber(ARGV[1])
local i = 2
for k = 1, #KEYS do
  local n = tonumber(ARGV[i])
  for j = i + 1, i + n do redis.call('ZADD', KEYS[k], 'XX', 'GT', untilMs, ARGV[j]) end
  keep(KEYS[k], tonumber(ARGV[1]))
  i = i + n + 1
end
return 1`;

/** Holds a source off until now + ARGV[1] ms unless already held longer. KEYS: hold end. */
const HOLD = `${NOW}
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', ARGV[1]) end
return 1`;

type Arg = string | number;
type ScriptCall = (...args: Arg[]) => Promise<unknown>;

export interface LimitScripts {
  acquire(next: string, hold: string, leases: string, slotMs: number, leaseMs: number, places: number, leaseId: string): Promise<{ admitted: boolean; held: boolean; waitMs: number }>;
  confirm(hold: string, leases: string, leaseId: string): Promise<number>;
  renew(leaseMs: number, leases: Map<string, string[]>): Promise<void>;
  hold(hold: string, ms: number): Promise<void>;
}

/**
 * Registers a script on the connection once (ioredis `defineCommand`: EVALSHA, and the text
 * only on the first use per socket or after NOSCRIPT). Named by its hash, so two versions of a
 * script never share a name. ioredis types defined commands only through declaration merging,
 * which would claim them on every connection; hence the lookup.
 */
function defined(redis: Redis, lua: string, numberOfKeys?: number): ScriptCall {
  const name = `sharedLimits${createHash('sha1').update(lua).digest('hex').slice(0, 12)}`;
  if (typeof Reflect.get(redis, name) !== 'function') redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
  const call = Reflect.get(redis, name) as ScriptCall;
  return (...args) => call.apply(redis, args);
}

/** The limits' scripts on one connection. */
export function limitScripts(redis: Redis): LimitScripts {
  const acquire = defined(redis, ACQUIRE, 3);
  const confirm = defined(redis, CONFIRM, 2);
  // Its number of keys varies: given with each call.
  const renew = defined(redis, RENEW);
  const hold = defined(redis, HOLD, 1);
  return {
    async acquire(next, holdKey, leases, slotMs, leaseMs, places, leaseId) {
      const [state, ms] = (await acquire(next, holdKey, leases, String(slotMs), String(leaseMs), String(places), leaseId)) as [number, number];
      return { admitted: state === 0, held: state === 1, waitMs: ms };
    },
    async confirm(holdKey, leases, leaseId) {
      return Number(await confirm(holdKey, leases, leaseId));
    },
    async renew(leaseMs, leases) {
      const args: Arg[] = [String(leaseMs)];
      for (const ids of leases.values()) args.push(String(ids.length), ...ids);
      await renew(leases.size, ...leases.keys(), ...args);
    },
    async hold(holdKey, ms) {
      await hold(holdKey, String(ms));
    },
  };
}

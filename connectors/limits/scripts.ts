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
 * Admits calls, each one whole: the 429 hold, then the place in flight (expired leases, those of
 * processes that died, are dropped first), then the next free slot of the rate; nothing changes
 * for a call unless all three allow it. Frees the ended calls' places first, so a call
 * ending and the next one starting are one round trip. KEYS: lease sets of the places to free,
 * then per call its next free time, hold end and lease set (id scored by expiry). ARGV: the
 * number of places to free, their lease ids, then per call slot ms, lease ms, places, lease id.
 * Returns per call {0, ms to the slot} (admitted, lease taken), {1, ms the hold lasts} or {2, 0}
 * (no place in flight), flattened.
 */
const ADMIT = `${NOW}
${KEEP}
local frees = tonumber(ARGV[1])
for i = 1, frees do redis.call('ZREM', KEYS[i], ARGV[1 + i]) end
local out = {}
local k, a = frees, frees + 1
while k < #KEYS do
  local nextKey, holdKey, leases = KEYS[k + 1], KEYS[k + 2], KEYS[k + 3]
  local slot, lease, places, id = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), ARGV[a + 4]
  k = k + 3
  a = a + 4
  local held = tonumber(redis.call('GET', holdKey) or '0') - now
  if held > 0 then
    out[#out + 1] = 1
    out[#out + 1] = math.ceil(held)
  else
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    if redis.call('ZCARD', leases) >= places then
      out[#out + 1] = 2
      out[#out + 1] = 0
    else
      local at = math.max(now, tonumber(redis.call('GET', nextKey) or '0'))
      redis.call('SET', nextKey, tostring(at + slot), 'PX', math.ceil(at - now + slot + 1000))
      redis.call('ZADD', leases, at + lease, id)
      keep(leases, math.ceil(at - now + lease))
      out[#out + 1] = 0
      out[#out + 1] = math.ceil(at - now)
    end
  end
end
return out`;

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

export type Arg = string | number;
export type ScriptCall = (...args: Arg[]) => Promise<unknown>;

/** A call asking to be admitted: its source's keys and limits, and the id its lease would have. */
export interface AdmitRequest {
  next: string;
  hold: string;
  leases: string;
  slotMs: number;
  leaseMs: number;
  places: number;
  leaseId: string;
}

/** Admitted (lease taken; `waitMs` to the slot), held off (`waitMs` the hold lasts), or no place in flight. */
export interface AdmitAnswer {
  admitted: boolean;
  held: boolean;
  waitMs: number;
}

/** An ended call's place: its lease set and lease id. */
export interface Place {
  leases: string;
  leaseId: string;
}

export interface LimitScripts {
  admit(frees: readonly Place[], requests: readonly AdmitRequest[]): Promise<AdmitAnswer[]>;
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
export function definedScript(redis: Redis, lua: string, numberOfKeys?: number): ScriptCall {
  const name = `sharedLimits${createHash('sha1').update(lua).digest('hex').slice(0, 12)}`;
  if (typeof Reflect.get(redis, name) !== 'function') redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
  const call = Reflect.get(redis, name) as ScriptCall;
  return (...args) => call.apply(redis, args);
}

/** The limits' scripts on one connection. */
export function limitScripts(redis: Redis): LimitScripts {
  // Their numbers of keys vary: given with each call.
  const admit = definedScript(redis, ADMIT);
  const renew = definedScript(redis, RENEW);
  const confirm = definedScript(redis, CONFIRM, 2);
  const hold = definedScript(redis, HOLD, 1);
  return {
    async admit(frees, requests) {
      const keys = [...frees.map((f) => f.leases), ...requests.flatMap((r) => [r.next, r.hold, r.leases])];
      const args = [String(frees.length), ...frees.map((f) => f.leaseId), ...requests.flatMap((r) => [String(r.slotMs), String(r.leaseMs), String(r.places), r.leaseId])];
      const out = (await admit(keys.length, ...keys, ...args)) as number[];
      return requests.map((_, i) => ({ admitted: out[2 * i] === 0, held: out[2 * i] === 1, waitMs: out[2 * i + 1] ?? 0 }));
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

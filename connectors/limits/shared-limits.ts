import type { Redis } from 'ioredis';
import { Semaphore } from 'redis-semaphore';

/**
 * Limits of a source that hold across every process calling it (hubs and batch workers): calls
 * per second and calls in flight. An agency's 429 holds the source off for everyone.
 */
export interface SharedSourceLimits {
  /** Waits for a slot (rate and concurrency); resolves with the function that frees it. */
  acquire(source: string, signal: AbortSignal): Promise<() => Promise<void>>;
  /** The agency answered 429: no process calls it again before `retryAfterMs`. */
  holdOff(source: string, retryAfterMs: number): Promise<void>;
}

export interface SharedLimitsOptions {
  redis: Redis;
  /** Key prefix (per deployment; per test). */
  prefix: string;
  callsPerSecond: number;
  inFlight: number;
  /** A slot not freed within this time (a process killed mid-call) is given back. Default 60 s. */
  slotLeaseSeconds?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

// How often a process waiting for a call in flight to end looks again.
const IN_FLIGHT_RECHECK_MS = 20;

/**
 * Reserves a source's next free call time, in Redis's clock so that machines' clocks do not
 * matter: the later of now, the slot after the last one reserved and the end of a 429 hold.
 * Returns how long the caller waits for it. KEYS: next free time, hold end. ARGV: slot ms, key ttl ms.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', math.ceil(at - now + tonumber(ARGV[2])))
return at - now`;

/** Holds a source off until now + ARGV[1] ms unless already held longer. KEYS: hold end. */
const HOLD = `
local t = redis.call('TIME')
local untilMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', ARGV[1]) end
return 1`;

/** Milliseconds until a 429 hold ends (0 when none). KEYS: hold end. */
const HELD_FOR = `
local t = redis.call('TIME')
return math.max(0, tonumber(redis.call('GET', KEYS[1]) or '0') - (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)))`;

/**
 * Calls per second are spaced, not windowed: each call reserves the next free slot of 1/rate
 * across all processes (one Redis script call, no herd of waiters retrying) and sleeps until
 * it, so an agency never sees the burst a fixed window allows at its edges (Redis's clock: the
 * machines' clocks do not matter for the rate). A 429 holds the
 * source off for its Retry-After: reservations start after the hold, and a call whose slot falls
 * inside a hold that began after it reserved reserves again. Calls in flight are redis-semaphore
 * leases, renewed while a call runs, so a process killed mid-call frees its place when its lease
 * runs out; redis-semaphore dates leases by each machine's clock, so keep clocks in step (NTP)
 * well within the lease (60 s). (rate-limiter-flexible's windows and token buckets admit edge bursts and leave
 * waiters polling; this is the scheduler it lacks.)
 */
export function createSharedLimits(options: SharedLimitsOptions): SharedSourceLimits {
  const slotMs = 1000 / options.callsPerSecond;
  const leaseMs = (options.slotLeaseSeconds ?? 60) * 1000;
  const nextKey = (source: string) => `${options.prefix}:source-next:${source}`;
  const holdKey = (source: string) => `${options.prefix}:source-hold:${source}`;

  const held = async (source: string) => Number(await options.redis.eval(HELD_FOR, 1, holdKey(source))) > 0;

  async function nextSlot(source: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const waitMs = Number(await options.redis.eval(RESERVE, 2, nextKey(source), holdKey(source), String(slotMs), String(Math.ceil(slotMs) + 1_000)));
      if (waitMs > 0) await sleep(waitMs, signal);
      if (!(await held(source))) return;
    }
  }

  return {
    async acquire(source, signal) {
      for (;;) {
        await nextSlot(source, signal);
        const call = new Semaphore(options.redis, `${options.prefix}:source-inflight:${source}`, options.inFlight, {
          lockTimeout: leaseMs,
          acquireTimeout: Number.MAX_SAFE_INTEGER / 2,
          retryInterval: IN_FLIGHT_RECHECK_MS,
          // A lease lost (Redis emptied, a long pause) only means this call is no longer counted.
          onLockLost: () => undefined,
        });
        await call.acquire(signal);
        // A 429 may have come while this call waited for its place in flight: then wait it out.
        if (await held(source)) {
          await call.release();
          continue;
        }
        let freed = false;
        return async () => {
          if (freed) return;
          freed = true;
          await call.release();
        };
      }
    },
    async holdOff(source, retryAfterMs) {
      await options.redis.eval(HOLD, 1, holdKey(source), String(Math.max(1, Math.ceil(retryAfterMs))));
    },
  };
}

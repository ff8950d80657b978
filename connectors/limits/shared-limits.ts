import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
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
 * rate-limiter-flexible over Redis for the rate: calls per second are spaced, not windowed: a second
 * is cut into slots of 1/rate and each slot admits one call across all processes, so an agency's
 * token bucket never sees the burst a fixed window allows at its edges; a 429 blocks the source's
 * hold key for its Retry-After. redis-semaphore for calls in flight: each call holds a lease that
 * it renews while it runs, so a process killed mid-call frees its place when the lease runs out.
 */
export function createSharedLimits(options: SharedLimitsOptions): SharedSourceLimits {
  const slotMs = 1000 / options.callsPerSecond;
  const slots = new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.prefix}:source-slot`, points: 1, duration: Math.max(1, Math.ceil((2 * slotMs) / 1000)) });
  const holds = new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.prefix}:source-hold`, points: 1, duration: 1 });
  const leaseMs = (options.slotLeaseSeconds ?? 60) * 1000;

  async function nextSlot(source: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const held = await holds.get(source);
      if (held && held.consumedPoints > 1) {
        await sleep(Math.max(5, held.msBeforeNext), signal);
        continue;
      }
      const now = Date.now();
      const slot = Math.floor(now / slotMs);
      try {
        await slots.consume(`${source}:${slot}`, 1);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // Someone took this slot: try the next one (a little jitter keeps waiters from colliding).
        await sleep(Math.max(1, (slot + 1) * slotMs - now + Math.random() * Math.min(5, slotMs / 4)), signal);
      }
    }
  }

  return {
    async acquire(source, signal) {
      await nextSlot(source, signal);
      const call = new Semaphore(options.redis, `${options.prefix}:source-inflight:${source}`, options.inFlight, {
        lockTimeout: leaseMs,
        acquireTimeout: Number.MAX_SAFE_INTEGER / 2,
        retryInterval: IN_FLIGHT_RECHECK_MS,
        // A lease lost (Redis emptied, a long pause) only means this call is no longer counted.
        onLockLost: () => undefined,
      });
      await call.acquire(signal);
      let freed = false;
      return async () => {
        if (freed) return;
        freed = true;
        await call.release();
      };
    },
    async holdOff(source, retryAfterMs) {
      await holds.block(source, Math.max(1, Math.ceil(retryAfterMs / 1000)));
    },
  };
}

import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

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

// How often a process waiting for a slot in flight looks again.
const IN_FLIGHT_RECHECK_MS = 25;

/**
 * Consumes one point of a counter of calls in flight: a slot frees whenever a call ends, so the
 * wait is a short jittered pause, never a busy loop.
 */
async function takeInFlight(limiter: RateLimiterRedis, key: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      await limiter.consume(key, 1);
      return;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // A refused consume still counts: give it back, or the counter never comes down.
      await limiter.reward(key, 1);
      await sleep(Math.max(5, Math.min(rejection.msBeforeNext, IN_FLIGHT_RECHECK_MS * (0.5 + Math.random()))), signal);
    }
  }
}

/**
 * rate-limiter-flexible over Redis. Calls per second are spaced, not windowed: a second is cut
 * into slots of 1/rate and each slot admits one call across all processes, so an agency's token
 * bucket never sees the burst a fixed window allows at its edges. Calls in flight are a leased
 * counter; a 429 blocks the source's hold key for its Retry-After.
 */
export function createSharedLimits(options: SharedLimitsOptions): SharedSourceLimits {
  const slotMs = 1000 / options.callsPerSecond;
  const slots = new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.prefix}:source-slot`, points: 1, duration: Math.max(1, Math.ceil((2 * slotMs) / 1000)) });
  const holds = new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.prefix}:source-hold`, points: 1, duration: 1 });
  const inFlight = new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.prefix}:source-inflight`, points: options.inFlight, duration: options.slotLeaseSeconds ?? 60 });

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
      await takeInFlight(inFlight, source, signal);
      let freed = false;
      return async () => {
        if (freed) return;
        freed = true;
        await inFlight.reward(source, 1);
      };
    },
    async holdOff(source, retryAfterMs) {
      await holds.block(source, Math.max(1, Math.ceil(retryAfterMs / 1000)));
    },
  };
}

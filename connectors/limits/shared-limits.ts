import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createAdmission } from './admission.js';
import { leaseRenewal } from './lease-renewal.js';
import { limitScripts } from './scripts.js';
import { sleep, wakeOne } from './waiting.js';

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

// How often a call waiting for a place in flight asks again. A place freed in this process
// wakes one of its waiters at once; places freed elsewhere are seen at the next ask.
const IN_FLIGHT_RECHECK_MS = 20;

// A call that waits at least this long for its slot asks, when it comes, whether a 429 came
// meanwhile. One that waits less is in the position of a call already sent when the 429 came,
// which no limiter can recall: a 429 reaches other processes no sooner than a call comes back.
const HOLD_RECHECK_AFTER_MS = 50;

/**
 * Calls per second are spaced, not windowed: each call reserves the next free slot of 1/rate
 * across all processes and sleeps until it, so an agency never sees the burst a fixed window
 * allows at its edges. A 429 holds the source off for its Retry-After: no call is admitted
 * during the hold, and a call whose slot falls inside a hold that began after it reserved gives
 * its place back and waits the hold out. Calls in flight are leases in a sorted set scored by
 * their expiry, renewed while a call runs, so a process killed mid-call frees its place when its
 * lease runs out. Everything is dated by Redis's clock: the machines' clocks do not matter.
 *
 * Round trips (issue 15: five per call before): one script admits a call (hold, place and slot
 * together), with the calls asked for in the same tick, and frees the places of the calls that
 * ended since; places nothing carries are freed together within 10 ms (admission.ts). A call
 * that waits 50 ms or more for its slot asks once more, after the wait, whether a 429 came meanwhile; leases
 * are renewed once per third of the lease for all of a process's calls. A call that finds no
 * place asks again every 20 ms, or takes over at once the place of a call of its own process
 * that ends. Keys of several sources meet in one script: one Redis, not a Cluster. (rate-limiter-flexible's windows and token buckets admit edge bursts and
 * leave waiters polling; redis-semaphore dates leases by each machine's clock and takes several
 * commands per lease: this is the scheduler they lack.)
 */
export function createSharedLimits(options: SharedLimitsOptions): SharedSourceLimits {
  const slotMs = 1000 / options.callsPerSecond;
  const leaseMs = (options.slotLeaseSeconds ?? 60) * 1000;
  const scripts = limitScripts(options.redis);
  const renewal = leaseRenewal(scripts, leaseMs);
  const admission = createAdmission(scripts);
  const processId = randomBytes(6).toString('hex');
  let serial = 0;
  // Per source, this process's calls sleeping until a place in flight may be free.
  const waiters = new Map<string, Set<() => void>>();
  const keys = (source: string) => ({
    next: `${options.prefix}:source-next:${source}`,
    hold: `${options.prefix}:source-hold:${source}`,
    leases: `${options.prefix}:source-leases:${source}`,
  });
  const waitersOf = (source: string) => {
    const set = waiters.get(source) ?? new Set<() => void>();
    waiters.set(source, set);
    return set;
  };

  /** A call of this process waiting for a place takes it over: its admission carries the freeing. */
  function giveBack(source: string, leases: string, id: string): void {
    renewal.remove(leases, id);
    admission.free({ leases, leaseId: id });
    wakeOne(waiters.get(source));
  }

  /**
   * Sleeps until the reserved slot; after a long wait, asks whether a 429 came meanwhile. Returns
   * how long that hold lasts (the place given back) or 0. An aborted wait gives the place back.
   */
  async function untilSlot(source: string, key: ReturnType<typeof keys>, id: string, waitMs: number, signal: AbortSignal): Promise<number> {
    if (waitMs <= 0) return 0;
    let heldMs = 0;
    try {
      await sleep(waitMs, signal);
      if (waitMs >= HOLD_RECHECK_AFTER_MS) heldMs = await scripts.confirm(key.hold, key.leases, id);
    } catch (err) {
      giveBack(source, key.leases, id);
      throw err;
    }
    if (heldMs > 0) renewal.remove(key.leases, id);
    return heldMs;
  }

  return {
    async acquire(source, signal) {
      const key = keys(source);
      for (;;) {
        serial += 1;
        const id = `${processId}:${serial}`;
        const answer = await admission.admit({ ...key, slotMs, leaseMs, places: options.inFlight, leaseId: id });
        if (answer.held) {
          await sleep(answer.waitMs, signal);
          continue;
        }
        if (!answer.admitted) {
          await sleep(IN_FLIGHT_RECHECK_MS, signal, waitersOf(source));
          continue;
        }
        renewal.add(key.leases, id);
        const heldMs = await untilSlot(source, key, id, answer.waitMs, signal);
        if (heldMs > 0) {
          await sleep(heldMs, signal);
          continue;
        }
        let freed = false;
        return async () => {
          if (freed) return;
          freed = true;
          giveBack(source, key.leases, id);
        };
      }
    },
    async holdOff(source, retryAfterMs) {
      await scripts.hold(keys(source).hold, Math.max(1, Math.ceil(retryAfterMs)));
    },
  };
}

import { setMaxListeners } from 'node:events';
import type { Logger } from '../logging/index.js';
import type { PendingGroup, PendingScheduler, PollGroup } from './contract.js';
import { FIRST_STEP_MS, nextPoll } from './timing.js';

export interface InProcessScheduler extends PendingScheduler {
  /** Resolves when no group is scheduled any more (tests, benchmarks). */
  idle(): Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls one group until its tickets are settled; a failed round is tried again after the next wait. */
async function follow(group: PendingGroup, poll: PollGroup, logger: Logger, signal: AbortSignal): Promise<void> {
  let current = group;
  let stepMs = FIRST_STEP_MS;
  await sleep(group.firstPollAt - Date.now(), signal);
  for (;;) {
    let remaining = current.tickets;
    try {
      remaining = await poll(current);
    } catch (err) {
      logger.error({ err, group: group.key }, 'a polling round of pending sources failed; will try again');
    }
    if (remaining.length === 0) return;
    current = { ...current, tickets: remaining };
    const next = nextPoll(current, stepMs, Date.now());
    stepMs = next.stepMs;
    await sleep(next.at - Date.now(), signal);
  }
}

/**
 * The in-process adapter: one timer chain per group in this process. Used for single
 * verifications, whose requester is waiting on this hub; a restart rebuilds the groups from the
 * PENDING reports in PostgreSQL.
 */
export function createInProcessScheduler(poll: PollGroup, logger: Logger): InProcessScheduler {
  const following = new Map<string, Promise<void>>();
  const closing = new AbortController();
  // Every group listens on this one signal: dozens at once is expected, not a leak.
  setMaxListeners(0, closing.signal);
  return {
    async schedule(group) {
      if (group.tickets.length === 0 || following.has(group.key) || closing.signal.aborted) return;
      const run = follow(group, poll, logger, closing.signal)
        .catch((err: unknown) => {
          if (!closing.signal.aborted) logger.error({ err, group: group.key }, 'pending sources left unpolled');
        })
        .finally(() => following.delete(group.key));
      following.set(group.key, run);
    },
    async idle() {
      while (following.size > 0) await Promise.all([...following.values()]);
    },
    async close() {
      closing.abort(new Error('pending-source scheduler closed'));
      await Promise.all([...following.values()]);
    },
  };
}

import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Logger } from '../src/logging/index.js';
import { FIRST_STEP_MS, nextPoll, type PendingGroup, type PendingScheduler, type PollGroup } from '../src/pending/index.js';
import { jobStands, redisConnection, type QueueConnection } from './batch-queue.js';
import { maskingFailures } from './masked-failures.js';

export const PENDING_QUEUE = 'pending-sources';

interface PollJob extends PendingGroup {
  /** The wait after the next round that leaves tickets open (src/pending `nextPoll`). */
  stepMs: number;
}

const pollJobId = (key: string) => `poll-${key}`;

/** The BullMQ adapter of the pending-source scheduler (src/pending/contract.ts): the scheduling side. */
export interface PendingSourcesQueue extends PendingScheduler {
  queue: Queue<PollJob>;
}

/**
 * A pending group becomes a delayed job, first run at the group's `firstPollAt`; its id is the
 * group key, so a group scheduled twice is one job. Any worker process may run it.
 */
export function createPendingQueue(conn: QueueConnection): PendingSourcesQueue {
  const connection = redisConnection(conn.redisUrl);
  const queue = new Queue<PollJob>(PENDING_QUEUE, { connection, prefix: conn.prefix });
  return {
    queue,
    async schedule(group) {
      if (group.tickets.length === 0) return;
      await queue.add('poll', { ...group, stepMs: FIRST_STEP_MS }, { jobId: pollJobId(group.key), delay: Math.max(0, group.firstPollAt - Date.now()), attempts: 5, backoff: { type: 'exponential', delay: 1_000 } });
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** The running side: each job is one polling round; what is still open goes back to the delayed set at `nextPoll`. */
export function startPendingWorker(options: QueueConnection & { poll: PollGroup; logger: Logger; concurrency: number }): { close(): Promise<void> } {
  const connection = redisConnection(options.redisUrl);
  const worker = new Worker<PollJob>(
    PENDING_QUEUE,
    maskingFailures(async (job: Job<PollJob>, token?: string) => {
      let remaining = job.data.tickets;
      try {
        remaining = await options.poll(job.data);
      } catch (err) {
        // As the contract says: a failed round is tried again after the next wait, like any other.
        options.logger.error({ err, group: job.data.key }, 'a polling round of pending sources failed; will try again');
      }
      if (remaining.length === 0) return { settled: job.data.key };
      const next = nextPoll(job.data, job.data.stepMs, Date.now());
      await job.updateData({ ...job.data, tickets: remaining, stepMs: next.stepMs });
      await job.moveToDelayed(next.at, token);
      throw new DelayedError();
    }),
    { connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (err) => options.logger.error({ err }, 'pending-source worker error'));
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}

/** Where the reconciler finds pending groups: PostgreSQL, through the verification service. */
export interface PendingGroupSource {
  pendingGroupKeys(olderThanMs: number): Promise<string[]>;
  pendingGroup(key: string): Promise<PendingGroup | null>;
}

/**
 * Re-adds poll jobs Redis lost, from the PENDING reports in PostgreSQL. A group with a report
 * younger than `graceMs` is left alone: its chunk may still be storing reports and schedules the
 * group itself once they are all stored (a job added before then would miss the later ones).
 */
export async function reconcilePending(groups: PendingGroupSource, pending: PendingSourcesQueue, graceMs: number): Promise<number> {
  let added = 0;
  for (const key of await groups.pendingGroupKeys(graceMs)) {
    if (await jobStands(pending.queue, pollJobId(key))) continue;
    const group = await groups.pendingGroup(key);
    if (!group) continue;
    await pending.schedule(group);
    added += 1;
  }
  return added;
}

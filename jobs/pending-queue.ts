import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Logger } from '../src/logging/index.js';
import type { PendingPoll, PendingQueue, VerificationService } from '../src/verification/index.js';
import { jobStands, redisConnection, type QueueConnection } from './batch-queue.js';
import { maskingFailures } from './masked-failures.js';

export const PENDING_QUEUE = 'pending-sources';

interface PollJob extends PendingPoll {
  /** The wait before the next poll, doubling up to a minute. */
  stepMs: number;
}

const FIRST_STEP_MS = 500;
const LONGEST_STEP_MS = 60_000;
const pollJobId = (key: string) => `poll-${key}`;

export interface PendingSourcesQueue extends PendingQueue {
  queue: Queue<PollJob>;
  close(): Promise<void>;
}

/** A pending ticket group becomes a delayed job: polled when the agency said, then with doubling waits. */
export function createPendingQueue(conn: QueueConnection): PendingSourcesQueue {
  const connection = redisConnection(conn.redisUrl);
  const queue = new Queue<PollJob>(PENDING_QUEUE, { connection, prefix: conn.prefix });
  return {
    queue,
    async schedule(poll) {
      if (poll.tickets.length === 0) return;
      await queue.add('poll', { ...poll, stepMs: FIRST_STEP_MS }, { jobId: pollJobId(poll.key), delay: Math.max(0, poll.firstPollAt - Date.now()), attempts: 5, backoff: { type: 'exponential', delay: 1_000 } });
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Polls pending groups; what is still pending goes back to the delayed set (never a busy loop). */
export function startPendingWorker(options: QueueConnection & { verification: VerificationService; logger: Logger; concurrency: number }): { close(): Promise<void> } {
  const connection = redisConnection(options.redisUrl);
  const worker = new Worker<PollJob>(
    PENDING_QUEUE,
    maskingFailures(async (job: Job<PollJob>, token?: string) => {
      const remaining = await options.verification.pollPending(job.data);
      if (remaining.length === 0) return { answered: job.data.tickets.length };
      const stepMs = Math.min(LONGEST_STEP_MS, job.data.stepMs * 2);
      await job.updateData({ ...job.data, tickets: remaining, stepMs });
      await job.moveToDelayed(Date.now() + job.data.stepMs, token);
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

/**
 * Re-adds poll jobs Redis lost, from the PENDING reports in PostgreSQL. A group with a report
 * younger than `graceMs` is left alone: its chunk may still be storing reports and schedules the
 * group itself once they are all stored (a job added before then would miss the later ones).
 */
export async function reconcilePending(verification: VerificationService, pending: PendingSourcesQueue, graceMs: number): Promise<number> {
  let added = 0;
  for (const key of await verification.pendingPollKeys(graceMs)) {
    if (await jobStands(pending.queue, pollJobId(key))) continue;
    const poll = await verification.pendingPoll(key);
    if (!poll) continue;
    await pending.schedule(poll);
    added += 1;
  }
  return added;
}

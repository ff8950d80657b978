import { FlowProducer, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { ReviewScheduler } from '../src/reviews/index.js';
import { traceCarrier } from '../src/tracing/index.js';

export const BATCH_QUEUE = 'verification-batches';

export interface ChunkJob {
  batchId: string;
  from: number;
  to: number;
  /** The submitting request's trace (W3C traceparent): the chunk's trace links to it. */
  trace?: Record<string, string>;
}

export interface QueueConnection {
  redisUrl: string;
  /** Redis key prefix: one per deployment (and per test, so tests never see each other's jobs). */
  prefix: string;
}

/** Deterministic ids: enqueuing the same chunk twice (a resubmission, the reconciler) adds it once. */
export const chunkJobId = (batchId: string, from: number) => `batch-${batchId}-chunk-${from}`;
export const finishJobId = (batchId: string) => `batch-${batchId}-finish`;

// A chunk that fails this many times has its remaining households marked FAILED (no endless retry).
export const CHUNK_ATTEMPTS = 3;
export const chunkJobOptions = (batchId: string, from: number) => ({
  jobId: chunkJobId(batchId, from),
  attempts: CHUNK_ATTEMPTS,
  backoff: { type: 'exponential' as const, delay: 1_000 },
  // The batch's finishing job runs even if a chunk fails for good: its households are FAILED, not lost.
  ignoreDependencyOnFailure: true,
});

export function redisConnection(url: string): Redis {
  // BullMQ needs blocking commands never to give up (maxRetriesPerRequest: null).
  return new Redis(url, { maxRetriesPerRequest: null });
}

export interface BatchQueue extends ReviewScheduler {
  queue: Queue;
  /** Enqueues a sealed batch as a flow: one job per chunk, and a finishing job once all have run. */
  enqueue(batchId: string, chunks: { from: number; to: number }[]): Promise<void>;
  close(): Promise<void>;
}

export function createBatchQueue(conn: QueueConnection): BatchQueue {
  const connection = redisConnection(conn.redisUrl);
  const queue = new Queue<ChunkJob>(BATCH_QUEUE, { connection, prefix: conn.prefix });
  const flows = new FlowProducer({ connection, prefix: conn.prefix });
  return {
    queue,
    async enqueue(batchId, chunks) {
      const trace = traceCarrier();
      await flows.add({
        name: 'finish',
        queueName: BATCH_QUEUE,
        data: { batchId, trace },
        opts: { jobId: finishJobId(batchId) },
        children: chunks.map((c) => ({ name: 'chunk', queueName: BATCH_QUEUE, data: { batchId, from: c.from, to: c.to, trace }, opts: chunkJobOptions(batchId, c.from) })),
      });
    },
    // One job scheduler per review schedule: BullMQ 6 adds a `review` job at each cron tick.
    async upsert(scheduleId, cron, data, timeZone) {
      await queue.upsertJobScheduler(`review-${scheduleId}`, { pattern: cron, tz: timeZone }, { name: 'review', data: data as unknown as ChunkJob });
    },
    async remove(scheduleId) {
      await queue.removeJobScheduler(`review-${scheduleId}`);
    },
    async close() {
      await flows.close();
      await queue.close();
      connection.disconnect();
    },
  };
}

const LIVE_STATES = new Set(['active', 'waiting', 'wait', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Whether a job id stands for work Redis will still do. The reconciler only asks about work
 * PostgreSQL says is not done, so a finished job under that id is stale (its run was cut short
 * or its result lost), and a job sitting in no list (Redis emptied while a worker wrote to it) is
 * an orphan: either is removed so the work is added again under the same id. Running it twice
 * is safe: every step is idempotent.
 */
export async function jobStands(queue: Queue, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (!job) return false;
  if (LIVE_STATES.has(await job.getState())) return true;
  await job.remove().catch(() => undefined);
  return false;
}

import { Worker, type Job } from 'bullmq';
import type { Knex } from 'knex';
import { storedCaller } from '../src/auth/index.js';
import { failChunkItems, finishIfDone, getBatch, itemsToProcess, markStarted } from '../src/batches/index.js';
import type { Logger } from '../src/logging/index.js';
import { restoreSchedules, runReview, type ReviewJob } from '../src/reviews/index.js';
import type { VerificationService } from '../src/verification/index.js';
import { BATCH_QUEUE, CHUNK_ATTEMPTS, redisConnection, type ChunkJob, type QueueConnection } from './batch-queue.js';
import { reconcileBatches } from './reconciler.js';
import type { BatchQueue } from './batch-queue.js';
import { maskingFailures } from './masked-failures.js';
import { reconcilePending, startPendingWorker, type PendingSourcesQueue } from './pending-queue.js';

export interface BatchWorkerOptions extends QueueConnection {
  db: Knex;
  verification: VerificationService;
  queue: BatchQueue;
  logger: Logger;
  concurrency: number;
  /** How long a chunk's lock lasts without renewal: a killed worker's chunk is redelivered after it. */
  lockDurationMs: number;
  /** How often PostgreSQL is compared with Redis to re-enqueue what Redis lost. */
  reconcileIntervalMs: number;
  /** Pending bank tickets of batch reports, polled by this worker too. */
  pending: PendingSourcesQueue;
  /** Chunk size of the batches scheduled re-checks create. */
  chunkSize: number;
}

export interface BatchWorker {
  /** Finishes the chunks in hand (their households keep exactly one report each), then stops. */
  close(): Promise<void>;
}

/**
 * Processes batch chunks: each chunk's households are verified together (one DataLoader per
 * source spans the chunk). Redelivery is safe: a household already verified keeps its report.
 */
export function startBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { db, logger } = options;
  const connection = redisConnection(options.redisUrl);

  async function processChunk(data: ChunkJob): Promise<{ processed: number }> {
    const batch = await getBatch(db, data.batchId);
    if (!batch || batch.status === 'CANCELLED' || batch.status === 'DONE') return { processed: 0 };
    await markStarted(db, batch.id);
    const items = await itemsToProcess(db, batch.id, data.from, data.to);
    if (items.length === 0) return { processed: 0 };
    // The batch runs with the authority its requester had when submitting (token verified then).
    const caller = storedCaller(batch.requester, 'batch');
    const results = await options.verification.verifyBatchItems(
      caller,
      batch.purpose,
      items.map((i) => ({ key: { batchId: batch.id, seq: i.seq }, input: { ...i.input, purpose: batch.purpose } })),
    );
    return { processed: results.length };
  }

  const worker = new Worker<ChunkJob | { batchId: string }>(
    BATCH_QUEUE,
    maskingFailures(async (job: Job) => {
      if (job.name === 'chunk') return processChunk(job.data as ChunkJob);
      if (job.name === 'review') return { batchId: await runReview(db, options.queue, job.data as unknown as ReviewJob, options.chunkSize) };
      return { finished: await finishIfDone(db, (job.data as { batchId: string }).batchId) };
    }),
    { connection, prefix: options.prefix, concurrency: options.concurrency, lockDuration: options.lockDurationMs, stalledInterval: Math.max(500, Math.floor(options.lockDurationMs / 2)) },
  );
  worker.on('failed', (job, err) => {
    if (!job || job.name !== 'chunk' || job.attemptsMade < CHUNK_ATTEMPTS) return;
    const data = job.data as ChunkJob;
    logger.error({ err, batchId: data.batchId, from: data.from, to: data.to }, 'batch chunk failed for good; its remaining households are marked FAILED');
    void failChunkItems(db, data.batchId, data.from, data.to)
      .then(() => finishIfDone(db, data.batchId))
      .catch((e: unknown) => logger.error({ err: e, batchId: data.batchId }, 'could not mark a failed chunk\'s households FAILED; the reconciler retries the chunk'));
  });
  worker.on('error', (err) => logger.error({ err }, 'batch worker error'));

  const polls = startPendingWorker({ redisUrl: options.redisUrl, prefix: options.prefix, poll: (group) => options.verification.pollGroup(group), logger, concurrency: options.concurrency });
  const reconcile = () =>
    Promise.all([reconcileBatches(db, options.queue), reconcilePending(options.verification, options.pending, 2 * options.lockDurationMs), restoreSchedules(db, options.queue)]).then(
      ([r, polled]) => (r.requeued > 0 || r.finished > 0 || polled > 0) && logger.info({ ...r, pendingPollsRequeued: polled }, 'batches reconciled with the queue'),
      (err: unknown) => logger.error({ err }, 'batch reconciliation failed'),
    );
  void reconcile();
  const timer = setInterval(() => void reconcile(), options.reconcileIntervalMs);
  timer.unref();

  return {
    async close() {
      clearInterval(timer);
      await worker.close();
      await polls.close();
      connection.disconnect();
    },
  };
}

import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Knex } from 'knex';
import type { Logger } from '../src/logging/index.js';
import { attemptDelivery, markDead, type WebhookSigner } from '../src/webhooks/index.js';
import { redisConnection, type QueueConnection } from './batch-queue.js';
import { maskingFailures } from './masked-failures.js';

export const WEBHOOK_QUEUE = 'webhooks';

export interface WebhookJob {
  deliveryId: string;
}

/** Deterministic: enqueuing a delivery twice (the hub, then the reconciler) adds one job. */
export const deliveryJobId = (deliveryId: string) => `delivery-${deliveryId}`;

export const DEFAULT_WEBHOOK_ATTEMPTS = 8;
export const DEFAULT_WEBHOOK_BACKOFF_MS = 2_000;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The retry policy lives in the worker (its `attempts` decide when a delivery is DEAD, its backoff
 * strategy the waits), so the hub and worker processes cannot disagree about it and a changed
 * setting applies to deliveries already queued. BullMQ only retries while a job's own `attempts`
 * allow it, so jobs carry this ceiling; the worker's `attempts` must not exceed it.
 */
export const WEBHOOK_ATTEMPTS_CEILING = 50;
// Not one of BullMQ's built-in types, so BullMQ asks the worker's backoffStrategy for the delay.
const BACKOFF_TYPE = 'webhook-exponential';

export const deliveryJobOptions = (deliveryId: string) => ({
  jobId: deliveryJobId(deliveryId),
  attempts: WEBHOOK_ATTEMPTS_CEILING,
  backoff: { type: BACKOFF_TYPE },
  // PostgreSQL keeps the outcome; Redis keeps finished jobs only for inspection, and not forever.
  removeOnComplete: { age: 24 * 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
});

export interface WebhookQueue {
  queue: Queue<WebhookJob>;
  /** Queues deliveries by id; call after the transaction that created them has committed. */
  enqueue(deliveryIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export function createWebhookQueue(conn: QueueConnection): WebhookQueue {
  const connection = redisConnection(conn.redisUrl);
  const queue = new Queue<WebhookJob>(WEBHOOK_QUEUE, { connection, prefix: conn.prefix });
  return {
    queue,
    async enqueue(deliveryIds) {
      if (deliveryIds.length === 0) return;
      await queue.addBulk(deliveryIds.map((id) => ({ name: 'deliver', data: { deliveryId: id }, opts: deliveryJobOptions(id) })));
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/**
 * PostgreSQL is the truth, Redis the work list: every PENDING delivery must have a live job. A job
 * Redis lost is added again under its deterministic id; a job that finished while its delivery is
 * still PENDING (the worker stopped, or the database failed, before the outcome was written; or a
 * job ran before its delivery's transaction committed) is replaced, and so is an orphaned job
 * hash that sits in no list. The row's attempt count still bounds the retries, so this never
 * grants a delivery endless attempts.
 */
export async function reconcileDeliveries(db: Knex, queue: WebhookQueue): Promise<{ requeued: number }> {
  let requeued = 0;
  // Keyset by id alone: exact, whereas a timestamp read into a JS Date loses its microseconds.
  let after: string | null = null;
  for (;;) {
    const q = db('webhook_deliveries').where({ status: 'PENDING' });
    if (after !== null) q.where('id', '>', after);
    const ids: string[] = (await q.orderBy('id').limit(500).select('id')).map((r: { id: string }) => r.id);
    if (ids.length === 0) return { requeued };
    for (const id of ids) {
      const job = await queue.queue.getJob(deliveryJobId(id));
      if (job) {
        const state = await job.getState();
        // 'unknown': the job's hash survived but it sits in no list (Redis emptied while a worker
        // wrote to it), so nothing will ever run it.
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
        // It may have finished just now with the outcome written: only a row still PENDING needs a job.
        if (!(await db('webhook_deliveries').where({ id, status: 'PENDING' }).first('id'))) continue;
        // If removal fails the add below is a no-op (the id is taken); the next pass tries again.
        await job.remove().catch(() => undefined);
      }
      await queue.enqueue([id]);
      requeued += 1;
    }
    after = ids[ids.length - 1]!;
  }
}

export interface WebhookWorkerOptions extends QueueConnection {
  db: Knex;
  signer: WebhookSigner;
  logger: Logger;
  /** Attempts per delivery before it is DEAD (default 8, at most WEBHOOK_ATTEMPTS_CEILING). */
  attempts?: number;
  /** Wait before the 2nd attempt; doubled before each later one (default 2000 ms). */
  backoffMs?: number;
  /** How long a receiver has to answer (default 10 s). */
  timeoutMs?: number;
  concurrency?: number;
  /** With a queue, PostgreSQL is compared with Redis this often (and once at start). */
  reconcile?: { queue: WebhookQueue; intervalMs: number };
}

export interface WebhookWorker {
  /** Finishes the deliveries in hand, then stops. */
  close(): Promise<void>;
}

function positiveInteger(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`webhook worker: ${name} must be a whole number from 1 to ${max}, got ${value}`);
  return value;
}

export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, signer, logger } = options;
  const attempts = positiveInteger('attempts', options.attempts ?? DEFAULT_WEBHOOK_ATTEMPTS, WEBHOOK_ATTEMPTS_CEILING);
  const backoffMs = positiveInteger('backoffMs', options.backoffMs ?? DEFAULT_WEBHOOK_BACKOFF_MS, 3_600_000);
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS, 300_000);
  const connection = redisConnection(options.redisUrl);

  async function deliver(job: Job<WebhookJob>) {
    const { deliveryId } = job.data;
    // attemptsMade counts finished attempts, so this one is attemptsMade + 1.
    const attempt = job.attemptsMade + 1;
    try {
      const result = await attemptDelivery(db, signer, deliveryId, { attempt, attempts, timeoutMs });
      // The job fails with the detail (logged below; the subscriber's lastError stays generic).
      if (result.outcome === 'RETRY') throw new Error(result.detail);
      // The final failure ends the job as failed, without BullMQ's remaining (ceiling) attempts.
      if (result.outcome === 'DEAD' && result.failed) throw new UnrecoverableError(result.detail);
      return result;
    } catch (err) {
      if (err instanceof UnrecoverableError || attempt < attempts) throw err;
      // The attempt itself broke (database, signing) on the last try: record it if we can; if
      // not, the reconciler finds the delivery PENDING with a failed job and tries once more.
      const message = err instanceof Error ? err.message : String(err);
      await markDead(db, deliveryId).catch((e: unknown) => logger.error({ err: e, deliveryId }, 'could not mark a webhook delivery DEAD'));
      throw new UnrecoverableError(message);
    }
  }

  const worker = new Worker<WebhookJob>(WEBHOOK_QUEUE, maskingFailures(deliver), {
    connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 8,
    // Exponential: backoffMs, 2 x backoffMs, 4 x ... (attemptsMade is the attempt that just failed).
    settings: { backoffStrategy: (attemptsMade: number) => Math.round(backoffMs * 2 ** Math.max(0, attemptsMade - 1)) },
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const dead = err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
    const fields = { deliveryId: job.data.deliveryId, attempt: job.attemptsMade, error: err.message };
    if (dead) logger.warn(fields, 'webhook delivery is DEAD');
    else logger.debug(fields, 'webhook delivery failed; will retry');
  });
  worker.on('error', (err) => logger.error({ err }, 'webhook worker error'));

  let timer: NodeJS.Timeout | undefined;
  const reconcile = options.reconcile;
  if (reconcile) {
    const run = () =>
      reconcileDeliveries(db, reconcile.queue).then(
        (r) => r.requeued > 0 && logger.info(r, 'webhook deliveries reconciled with the queue'),
        (err: unknown) => logger.error({ err }, 'webhook reconciliation failed'),
      );
    void run();
    timer = setInterval(() => void run(), reconcile.intervalMs);
    timer.unref();
  }

  return {
    async close() {
      if (timer) clearInterval(timer);
      await worker.close();
      connection.disconnect();
    },
  };
}

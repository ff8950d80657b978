import type { Knex } from 'knex';
import { batchProgress, type Batch } from '../../../batches/index.js';

/** A batch with its progress, as the `Batch` type shows it. */
export async function batchView(db: Knex, batch: Batch) {
  const p = await batchProgress(db, batch);
  const c = p.counts;
  return {
    ...batch,
    counts: { queued: c.QUEUED ?? 0, running: c.RUNNING ?? 0, done: c.DONE ?? 0, refused: c.REFUSED ?? 0, failed: c.FAILED ?? 0, cancelled: c.CANCELLED ?? 0 },
    pendingSources: p.pendingSources,
    householdsPerSecond: p.householdsPerSecond,
    secondsLeft: p.secondsLeft,
  };
}

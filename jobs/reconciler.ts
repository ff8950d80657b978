import type { Knex } from 'knex';
import { chunksOf, finishIfDone, requeueChunkItems } from '../src/batches/index.js';
import { chunkJobId, chunkJobOptions, jobStands, type BatchQueue } from './batch-queue.js';

/**
 * PostgreSQL is the truth, Redis the work list: every chunk of an unfinished batch with households
 * still QUEUED must have a job. A job Redis lost (restarted empty, evicted) is added again under
 * its deterministic id; a batch with nothing left QUEUED is finished.
 */
export async function reconcileBatches(db: Knex, queue: BatchQueue): Promise<{ requeued: number; finished: number }> {
  const batches: { id: string; chunk_size: number }[] = await db('batches').whereIn('status', ['QUEUED', 'RUNNING']).select('id', 'chunk_size');
  let requeued = 0;
  let finished = 0;
  for (const b of batches) {
    const chunks = await chunksOf(db, b.id, b.chunk_size, true);
    if (chunks.length === 0) {
      if (await finishIfDone(db, b.id)) finished += 1;
      continue;
    }
    for (const c of chunks) {
      if (await jobStands(queue.queue, chunkJobId(b.id, c.from))) continue;
      // Its households wait in the queue again: no longer counted as running.
      await requeueChunkItems(db, b.id, c.from, c.to);
      await queue.queue.add('chunk', { batchId: b.id, from: c.from, to: c.to }, chunkJobOptions(b.id, c.from));
      requeued += 1;
    }
  }
  return { requeued, finished };
}

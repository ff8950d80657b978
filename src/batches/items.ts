import type { Knex } from 'knex';
import type { BatchItemKey } from '../verification/index.js';

/** The household's report is stored: called inside the transaction that stores it. */
export async function markItemDone(trx: Knex.Transaction, key: BatchItemKey, reportId: string): Promise<void> {
  await trx('batch_items').where({ batch_id: key.batchId, seq: key.seq }).update({ status: 'DONE', report_id: reportId, finished_at: trx.fn.now() });
}

/** The household was refused (consent, jurisdiction, input): called inside the transaction that records the refusal. */
export async function markItemRefused(trx: Knex.Transaction, key: BatchItemKey, code: string, message: string): Promise<void> {
  await trx('batch_items').where({ batch_id: key.batchId, seq: key.seq }).update({ status: 'REFUSED', error_code: code, error_message: message, finished_at: trx.fn.now() });
}

/** A chunk failed for good: its households still queued are FAILED, not retried forever. */
export async function failChunkItems(db: Knex, batchId: string, from: number, to: number): Promise<void> {
  await db('batch_items')
    .where({ batch_id: batchId, status: 'QUEUED' })
    .whereBetween('seq', [from, to])
    .update({ status: 'FAILED', error_code: 'INTERNAL_SERVER_ERROR', error_message: 'verification failed repeatedly; see the hub log', finished_at: db.fn.now() });
}

/** A chunk's job was added again (Redis lost it): its households wait in the queue, no longer counted as running. */
export async function requeueChunkItems(db: Knex, batchId: string, from: number, to: number): Promise<void> {
  await db('batch_items').where({ batch_id: batchId, status: 'QUEUED' }).whereBetween('seq', [from, to]).update({ started_at: null });
}

import type { Knex } from 'knex';
import { recordAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { PURPOSES, type Purpose } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import { requireRole } from '../policy/index.js';
import { checkTexts } from '../validation/index.js';
import { MAX_MEMBERS, MAX_SUPPORTERS } from '../verification/index.js';
import { addItems, discardBatch, openBatch, sealBatch, type BatchHousehold } from './store.js';

/** What submitting needs of the queue: enqueue a sealed batch's chunks. */
export interface ChunkEnqueuer {
  enqueue(batchId: string, chunks: { from: number; to: number }[]): Promise<void>;
}

export interface SubmitOptions {
  purpose: string;
  chunkSize: number;
  limit: number;
}

const INSERT_GROUP = 500;

/**
 * What a household must pass before it is stored as a batch item: every string within its length
 * and free of control characters, member and supporter lists within their limits. The rest is
 * checked when it is verified, exactly as a single verification.
 */
function checkStorable(household: BatchHousehold, at: string): void {
  checkTexts(household, at);
  const h = (household as { household?: { members?: unknown; supporters?: unknown } }).household;
  for (const [list, max] of [['members', MAX_MEMBERS], ['supporters', MAX_SUPPORTERS]] as const) {
    const items = h?.[list];
    if (Array.isArray(items) && items.length > max) throw new HubError('BAD_USER_INPUT', `${at}.household.${list}: at most ${max}, got ${items.length}; nothing was queued`, { field: `${at}.household.${list}` });
  }
}

/**
 * Receives households (from an array or a stream), stores them as batch items, then queues the
 * batch. Over the limit, the batch is discarded before any work starts. Households are checked
 * when verified, each refused with the single path's code; this only needs their shape.
 */
export async function submitBatch(db: Knex, queue: ChunkEnqueuer, caller: Caller, households: AsyncIterable<BatchHousehold> | Iterable<BatchHousehold>, options: SubmitOptions): Promise<string> {
  requireRole(caller, 'requestVerification');
  if (!PURPOSES.includes(options.purpose as Purpose)) throw new HubError('BAD_USER_INPUT', `purpose: unknown purpose ${JSON.stringify(options.purpose)}`, { field: 'purpose' });
  if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1 || options.chunkSize > 1_000) {
    throw new HubError('BAD_USER_INPUT', 'chunkSize: must be a whole number from 1 to 1000', { field: 'chunkSize' });
  }
  const batchId = await openBatch(db, caller, options.purpose, options.chunkSize);
  try {
    let seq = 0;
    let group: { seq: number; household: BatchHousehold }[] = [];
    for await (const household of households) {
      seq += 1;
      if (seq > options.limit) throw new HubError('BAD_USER_INPUT', `households: at most ${options.limit} per batch; nothing was queued`, { field: 'households' });
      checkStorable(household, `households[${seq - 1}]`);
      group.push({ seq, household });
      if (group.length === INSERT_GROUP) {
        await addItems(db, batchId, group);
        group = [];
      }
    }
    await addItems(db, batchId, group);
    if (seq === 0) throw new HubError('BAD_USER_INPUT', 'households: a batch needs at least one household', { field: 'households' });
  } catch (err) {
    await discardBatch(db, batchId);
    throw err;
  }
  const { total, chunks } = await sealBatch(db, batchId);
  await recordAuditEvents(db, [{ action: 'batch.submit', outcome: 'ALLOWED', actor: caller, purpose: options.purpose, details: { batch: batchId, households: total, chunks: chunks.length } }]);
  await queue.enqueue(batchId, chunks);
  return batchId;
}

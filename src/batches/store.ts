import type { Knex } from 'knex';
import { openJson, sealJson, type SealedField } from '../data-protection/index.js';
import { openReportBody } from '../reports/index.js';
import type { Caller } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { inJurisdiction } from '../policy/index.js';
import type { VerificationInput } from '../verification/index.js';
import { inTransaction } from '../db/index.js';
import { isUuid } from '../validation/index.js';

export const MAX_INLINE_HOUSEHOLDS = 1_000;
export const MAX_FILE_HOUSEHOLDS = 100_000;

/** One household of a batch as submitted: the verification input without its purpose. */
export type BatchHousehold = Omit<VerificationInput, 'purpose'>;

export type BatchStatus = 'RECEIVING' | 'QUEUED' | 'RUNNING' | 'DONE' | 'CANCELLED';

export interface Batch {
  id: string;
  purpose: string;
  status: BatchStatus;
  chunkSize: number;
  total: number;
  requester: { sub: string; org: string; roles: string[] };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface BatchRow {
  id: string;
  purpose: string;
  status: BatchStatus;
  chunk_size: number;
  total: number;
  requester_sub: string;
  requester_org: string;
  requester_roles: string[];
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

function toBatch(r: BatchRow): Batch {
  return {
    id: r.id,
    purpose: r.purpose,
    status: r.status,
    chunkSize: r.chunk_size,
    total: r.total,
    requester: { sub: r.requester_sub, org: r.requester_org, roles: r.requester_roles },
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** Opens a batch in RECEIVING state: items are added, then `seal` queues it (nothing runs before). */
export async function openBatch(db: Knex, caller: Caller, purpose: string, chunkSize: number): Promise<string> {
  const [row] = await db('batches')
    .insert({ purpose, requester_sub: caller.sub, requester_org: caller.org, requester_roles: caller.roles, status: 'RECEIVING', chunk_size: chunkSize })
    .returning('id');
  return row.id as string;
}

/** Adds households with their line numbers (one insert per call: callers pass a few hundred at a time). */
export async function addItems(db: Knex, batchId: string, items: { seq: number; household: BatchHousehold }[]): Promise<void> {
  if (items.length === 0) return;
  await db('batch_items').insert(items.map((i) => ({ batch_id: batchId, seq: i.seq, input_sealed: sealJson(db, inputField(batchId, i.seq), i.household), status: 'QUEUED' })));
}

/** Where an item's input belongs: sealed (ID numbers, names, declared amounts) and bound to its batch and line. */
const inputField = (batchId: string, seq: number): SealedField => ({ table: 'batch_items', column: 'input', row: `${batchId}/${seq}` });

const openInput = (db: Knex, batchId: string, seq: number, sealed: Buffer | null): BatchHousehold | null => (sealed ? openJson<BatchHousehold>(db, inputField(batchId, seq), sealed) : null);

/**
 * Items stored before encryption at rest (migration 017), sealed in place at the hub's start.
 */
export async function sealLegacyItems(db: Knex): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (trx) => {
      const rows: { batch_id: string; seq: number; input: BatchHousehold }[] = await trx('batch_items').whereNotNull('input').forNoKeyUpdate().skipLocked().limit(500).select('batch_id', 'seq', 'input');
      for (const r of rows) await trx('batch_items').where({ batch_id: r.batch_id, seq: r.seq }).update({ input_sealed: sealJson(trx, inputField(r.batch_id, r.seq), r.input), input: null });
      return rows.length;
    });
    sealed += n;
    if (n === 0) return sealed;
  }
}

/** Removes the inputs of the batch items that led to these reports (their retention period is over). */
export async function purgeItemInputs(trx: Knex.Transaction, reportIds: readonly string[]): Promise<number> {
  if (reportIds.length === 0) return 0;
  return trx('batch_items').whereIn('report_id', reportIds).whereNotNull('input_sealed').update({ input_sealed: null });
}

/** Marks the batch complete as received: QUEUED with its total; returns the item sequence numbers by chunk. */
export async function sealBatch(db: Knex, batchId: string): Promise<{ total: number; chunks: { from: number; to: number }[] }> {
  return inTransaction(db, async (trx) => {
    const counted = await trx('batch_items').where({ batch_id: batchId }).count({ n: '*' }).first();
    const total = Number(counted?.n ?? 0);
    const [batch]: BatchRow[] = await trx('batches').where({ id: batchId }).update({ status: 'QUEUED', total }).returning('*');
    return { total, chunks: await chunksOf(trx, batchId, batch!.chunk_size, false) };
  });
}

/** Discards a batch that was refused while being received (over the limit): nothing of it stays. */
export async function discardBatch(db: Knex, batchId: string): Promise<void> {
  await db('batches').where({ id: batchId, status: 'RECEIVING' }).delete();
}

/** Consecutive seq ranges of `size` items (only those still QUEUED when `queuedOnly`). */
export async function chunksOf(db: Knex, batchId: string, size: number, queuedOnly: boolean): Promise<{ from: number; to: number }[]> {
  const q = db('batch_items').where({ batch_id: batchId });
  if (queuedOnly) q.where({ status: 'QUEUED' });
  const rows: { chunk: string }[] = await q.distinct(db.raw('(seq - 1) / ? AS chunk', [size])).orderBy('chunk');
  // A chunk keeps its full range so its job id stays the same whichever items are left in it.
  return rows.map((r) => ({ from: Number(r.chunk) * size + 1, to: (Number(r.chunk) + 1) * size }));
}

export async function getBatch(db: Knex, batchId: string): Promise<Batch | null> {
  const row: BatchRow | undefined = await db('batches').where({ id: batchId }).first();
  return row ? toBatch(row) : null;
}

/** A batch readable by the caller: requested by an organisation inside the caller's jurisdiction. */
export async function batchFor(db: Knex, caller: Caller, batchId: string): Promise<Batch> {
  if (!isUuid(batchId)) throw new HubError('BAD_USER_INPUT', 'id: not a batch id', { field: 'id' });
  const batch = await getBatch(db, batchId);
  if (!batch) throw new HubError('BAD_USER_INPUT', 'id: no batch with this id', { field: 'id' });
  if (!inJurisdiction(caller, batch.requester.org)) {
    throw new HubError('OUT_OF_JURISDICTION', `batch ${batchId} was submitted outside the jurisdiction of ${caller.org}`, { field: 'id' });
  }
  return batch;
}

/** The households of a chunk still to verify, marked started (the batch's `running` count). */
export async function itemsToProcess(db: Knex, batchId: string, from: number, to: number): Promise<{ seq: number; input: BatchHousehold }[]> {
  const rows: { seq: number; input_sealed: Buffer }[] = await db('batch_items').where({ batch_id: batchId, status: 'QUEUED' }).whereBetween('seq', [from, to]).update({ started_at: db.fn.now() }).returning(['seq', 'input_sealed']);
  return rows.map((r) => ({ seq: r.seq, input: openInput(db, batchId, r.seq, r.input_sealed)! })).sort((a, b) => a.seq - b.seq);
}

export async function markStarted(db: Knex, batchId: string): Promise<void> {
  await db('batches').where({ id: batchId, status: 'QUEUED' }).update({ status: 'RUNNING', started_at: db.fn.now() });
}

/** DONE once no item is left QUEUED (idempotent: the flow's parent and the reconciler both call it). */
export async function finishIfDone(db: Knex, batchId: string): Promise<boolean> {
  const updated = await db('batches')
    .where({ id: batchId })
    .whereIn('status', ['QUEUED', 'RUNNING'])
    .whereNotExists(db('batch_items').where({ batch_id: batchId, status: 'QUEUED' }).select(db.raw('1')))
    .update({ status: 'DONE', finished_at: db.fn.now() });
  return updated > 0;
}

export async function cancelBatch(db: Knex, batchId: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    await trx('batches').where({ id: batchId }).whereIn('status', ['RECEIVING', 'QUEUED', 'RUNNING']).update({ status: 'CANCELLED', finished_at: trx.fn.now() });
    const cancelled: number = await trx('batch_items').where({ batch_id: batchId, status: 'QUEUED' }).update({ status: 'CANCELLED', finished_at: trx.fn.now() });
    return cancelled;
  });
}

export interface BatchProgress {
  counts: Record<string, number>;
  /** Reports of the batch still waiting for an asynchronous source (a bank). */
  pendingSources: number;
  householdsPerSecond: number | null;
  secondsLeft: number | null;
}

export async function batchProgress(db: Knex, batch: Batch): Promise<BatchProgress> {
  // A QUEUED household whose chunk a worker has started is RUNNING.
  const state = `CASE WHEN status = 'QUEUED' AND started_at IS NOT NULL THEN 'RUNNING' ELSE status::text END`;
  const rows: { state: string; n: string }[] = await db('batch_items').where({ batch_id: batch.id }).groupByRaw(state).select(db.raw(`${state} AS state`), db.raw('count(*) AS n'));
  const counts: Record<string, number> = { QUEUED: 0, RUNNING: 0, DONE: 0, REFUSED: 0, FAILED: 0, CANCELLED: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  const pending = await db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where({ 'q.batch_id': batch.id, 'r.status': 'PENDING' }).count({ n: '*' }).first();
  const finished = (counts.DONE ?? 0) + (counts.REFUSED ?? 0) + (counts.FAILED ?? 0);
  const elapsed = batch.startedAt ? ((batch.finishedAt ? Date.parse(batch.finishedAt) : Date.now()) - Date.parse(batch.startedAt)) / 1000 : 0;
  const rate = elapsed > 0 && finished > 0 ? finished / elapsed : null;
  return { counts, pendingSources: Number(pending?.n ?? 0), householdsPerSecond: rate, secondsLeft: rate ? ((counts.QUEUED ?? 0) + (counts.RUNNING ?? 0)) / rate : null };
}

export interface BatchResult {
  seq: number;
  status: string;
  externalRef: string;
  regionCode: string;
  reportId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  reportStatus: string | null;
  circle: number | null;
  hardshipIndex: number | null;
  undeclaredItemsFound: boolean | null;
}

/** Results by line number, keyset-paginated (`afterSeq`). */
export async function batchResults(db: Knex, batchId: string, first: number, afterSeq: number): Promise<BatchResult[]> {
  const rows = await db('batch_items as i')
    .leftJoin('reports as r', 'r.id', 'i.report_id')
    .where('i.batch_id', batchId)
    .where('i.seq', '>', afterSeq)
    .orderBy('i.seq')
    .limit(first)
    .select(
      'i.seq',
      'i.status',
      'i.report_id',
      'i.error_code',
      'i.error_message',
      'r.status as report_status',
      'i.input_sealed',
      'r.revision',
      'r.body_sealed',
    );
  // Inputs and report bodies are sealed: opened here, a page at a time.
  return rows.map((r) => {
    const household = openInput(db, batchId, r.seq, r.input_sealed)?.household;
    const body = r.report_id && r.body_sealed ? openReportBody(db, { id: r.report_id, revision: r.revision, body_sealed: r.body_sealed }) : null;
    return {
      seq: r.seq,
      status: r.status,
      externalRef: household?.externalRef ?? '',
      regionCode: household?.regionCode ?? '',
      reportId: r.report_id,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      reportStatus: r.report_status,
      circle: body?.assessment?.circle ?? null,
      hardshipIndex: body?.assessment?.hardship?.index ?? null,
      undeclaredItemsFound: body ? body.discrepancies.length > 0 : null,
    };
  });
}

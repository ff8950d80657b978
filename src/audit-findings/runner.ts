import type { Knex } from 'knex';
import { inTransaction } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import { eventsAfter } from './events.js';
import type { AuditRow } from './model.js';
import { parameterCache } from './parameters.js';
import { RULES } from './rules/index.js';
import { advanceCursor, claimUnpushed, lockCursor, upsertFindings } from './store.js';

export interface RunOptions {
  /** Events read per transaction (default 2,000). */
  batchSize?: number;
  /**
   * How old an event must be before the cursor passes it (default 10 s). Sequence numbers are taken
   * when a transaction inserts and become visible when it commits, and with several chains a lower
   * number can commit after a higher one: events younger than this are evaluated again next run
   * (harmless, findings merge by key) rather than passed over for good.
   */
  settleMs?: number;
}

export interface RunResult {
  /** Events evaluated (an unsettled event evaluated again counts again). */
  events: number;
  created: number;
  /** Findings found before that gained evidence. */
  grown: number;
  /** The cursor after the run: every event up to it is settled and evaluated. */
  cursor: number;
}

/** The settled prefix of a batch in sequence order: the cursor may pass these. */
function settledUpTo(events: readonly AuditRow[], settledBefore: Date, cursor: number): number {
  let last = cursor;
  for (const e of events) {
    if (e.occurredAt >= settledBefore) break;
    last = e.seq;
  }
  return last;
}

/**
 * Runs every rule over the events after the cursor, a batch per transaction: the cursor row
 * locked (one run at a time, whichever process), the rules' findings merged, the cursor moved past
 * the settled events. Stops at the first batch that is not full or did not move the cursor.
 */
export async function runFindings(db: Knex, options: RunOptions = {}): Promise<RunResult> {
  const batchSize = options.batchSize ?? 2_000;
  const settleMs = options.settleMs ?? 10_000;
  const result: RunResult = { events: 0, created: 0, grown: 0, cursor: 0 };
  for (;;) {
    const batch = await inTransaction(db, async (trx) => {
      const cursor = await lockCursor(trx);
      const events = await eventsAfter(trx, cursor, batchSize);
      const ctx = { db: trx, params: parameterCache(trx) };
      // One after another: they share the transaction's connection.
      const drafts = [];
      for (const rule of RULES) drafts.push(...(await rule.evaluate(ctx, events)));
      const stored = await upsertFindings(trx, drafts);
      const next = settledUpTo(events, new Date(Date.now() - settleMs), cursor);
      await advanceCursor(trx, next);
      return { events: events.length, moved: next > cursor, next, stored };
    });
    result.events += batch.events;
    result.created += batch.stored.created.length;
    result.grown += batch.stored.grown;
    result.cursor = batch.next;
    if (batch.events < batchSize || !batch.moved) return result;
  }
}

/** Where new findings go: webhook deliveries made in the claiming transaction, queued after it commits. */
export interface FindingPusher {
  deliveries(trx: Knex.Transaction, findingIds: readonly string[]): Promise<string[]>;
  enqueue(deliveryIds: readonly string[]): Promise<void>;
}

/**
 * Hands every finding not yet pushed (made by any run, on demand or on the interval) to the
 * pusher, a hundred per transaction: the findings marked pushed and their deliveries made together.
 */
export async function pushFindings(db: Knex, pusher: FindingPusher): Promise<number> {
  let pushed = 0;
  for (;;) {
    const { ids, deliveries } = await inTransaction(db, async (trx) => {
      const claimed = await claimUnpushed(trx, 100);
      return { ids: claimed, deliveries: claimed.length > 0 ? await pusher.deliveries(trx, claimed) : [] };
    });
    if (deliveries.length > 0) await pusher.enqueue(deliveries);
    pushed += ids.length;
    if (ids.length < 100) return pushed;
  }
}

export interface FindingsTimer {
  stop(): Promise<void>;
}

/**
 * Runs the rules every `intervalMs` in this process (the hub), one run at a time, then pushes the
 * new findings; a failed run is logged and the next one tries again. `stop` waits for a run in progress.
 */
export function startFindingsTimer(db: Knex, logger: Logger, intervalMs: number, pusher: FindingPusher | null, options: RunOptions = {}): FindingsTimer {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runFindings(db, options)
      .then(async (r) => {
        const pushed = pusher ? await pushFindings(db, pusher) : 0;
        if (r.created > 0 || r.grown > 0 || pushed > 0) logger.info({ created: r.created, grown: r.grown, pushed, cursor: r.cursor }, 'audit findings');
      })
      .catch((err: unknown) => logger.error({ err }, 'audit findings run failed; the next run tries again'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

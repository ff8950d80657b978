import type { JSONWebKeySet } from 'jose';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonical/index.js';
import { jwsSha256, readCheckpoint, type ChainHeads, type Checkpoint, type CheckpointPayload } from './checkpoints.js';
import { eventHash, fieldsOfRow, GENESIS_HASH } from './event-hash.js';

export interface ChainCheck {
  ok: boolean;
  /** Events whose hash was recomputed. */
  checked: number;
  /** Sequence number of the first event that does not chain or does not match a checkpoint. */
  brokenAt: number | null;
  /** Why, in a sentence, when not ok. */
  reason: string | null;
  /** The checkpoint that exposed the break, or the newest one confirmed when ok. */
  checkpoint: number | null;
  /** The confirmed checkpoint the check started from (incremental), null when from the start of the log. */
  startedAfter: number | null;
}

export interface ChainCheckOptions {
  /** Public keys the checkpoints were signed with. */
  jwks: JSONWebKeySet;
  /** The anchors: the stored checkpoints by default; an exported file's in the offline check. */
  checkpoints?: Checkpoint[];
  /** `LAST_CONFIRMED` starts after the newest checkpoint an earlier check confirmed; `START` reads the whole log. */
  from?: 'START' | 'LAST_CONFIRMED';
  /** Records a successful check, so the next incremental one starts after its newest checkpoint. */
  record?: boolean;
  /** Starts after this checkpoint of the anchors, trusting what it signed (the offline check's incremental mode). */
  startAfter?: number;
}

interface Anchor {
  checkpoint: number;
  chain: string;
  hash: string;
}

type Failure = Pick<ChainCheck, 'brokenAt' | 'reason' | 'checkpoint'>;

class Broken extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason ?? 'broken');
  }
}

/** Verifies each checkpoint's signature and that each names its predecessor; returns the signed payloads. */
async function readAnchors(checkpoints: readonly Checkpoint[], jwks: JSONWebKeySet): Promise<CheckpointPayload[]> {
  const sorted = [...checkpoints].sort((a, b) => a.number - b.number);
  const payloads: CheckpointPayload[] = [];
  let before: Checkpoint | null = null;
  for (const c of sorted) {
    const read = await readCheckpoint(c.jws, jwks);
    if (!read.ok) throw new Broken({ brokenAt: null, checkpoint: c.number, reason: `checkpoint ${c.number} does not verify: ${read.reason}` });
    if (read.payload.number !== c.number) throw new Broken({ brokenAt: null, checkpoint: c.number, reason: `checkpoint ${c.number} signs number ${read.payload.number}` });
    if (before && before.number + 1 === c.number && read.payload.previous !== jwsSha256(before.jws)) {
      throw new Broken({ brokenAt: null, checkpoint: c.number, reason: `checkpoint ${c.number} does not follow checkpoint ${before.number} (another checkpoint ${before.number} was signed)` });
    }
    if (before && before.number + 1 !== c.number) {
      const gap = before.number + 2 === c.number ? `checkpoint ${before.number + 1} is` : `checkpoints ${before.number + 1} to ${c.number - 1} are`;
      throw new Broken({ brokenAt: null, checkpoint: c.number, reason: `${gap} missing` });
    }
    payloads.push(read.payload);
    before = c;
  }
  return payloads;
}

interface Base {
  heads: ChainHeads;
  /** The checkpoint the scan starts after; anchors up to it are not held against the log. */
  confirmed: number | null;
  /** Events before the heads were purged under the retention procedure: the head events open their chains. */
  retained: boolean;
}

/**
 * Where the scan starts: after the checkpoint asked for or the last one a check confirmed, but
 * never before the retention base (events before it were purged, docs/AUDIT.md); else the start.
 */
async function baseOf(trx: Knex.Transaction, anchors: CheckpointPayload[], options: ChainCheckOptions): Promise<Base> {
  const retention = await trx('audit_retention').orderBy('id', 'desc').first('checkpoint', 'heads');
  const retainedFrom = retention ? Number(retention.checkpoint) : 0;
  const signed = retention ? anchors.find((a) => a.number === retainedFrom) : undefined;
  if (signed && canonicalJson(signed.heads) !== canonicalJson(retention!.heads)) {
    throw new Broken({ brokenAt: null, checkpoint: retainedFrom, reason: `the retention record names heads checkpoint ${retainedFrom} did not sign` });
  }
  let start: CheckpointPayload | undefined;
  if (options.startAfter !== undefined) {
    start = anchors.find((a) => a.number === options.startAfter);
    if (!start) throw new Broken({ brokenAt: null, checkpoint: options.startAfter, reason: `checkpoint ${options.startAfter}, where the check is to start, is not among the checkpoints` });
  } else if ((options.from ?? 'LAST_CONFIRMED') === 'LAST_CONFIRMED') {
    const last = await trx('audit_chain_checks').where({ ok: true }).whereNotNull('through_checkpoint').orderBy('id', 'desc').first('through_checkpoint');
    start = last ? anchors.find((a) => a.number === Number(last.through_checkpoint)) : undefined;
  }
  if (start && start.number >= retainedFrom) return { heads: start.heads, confirmed: start.number, retained: false };
  if (retention) return { heads: retention.heads as ChainHeads, confirmed: retainedFrom, retained: true };
  return { heads: {}, confirmed: null, retained: false };
}

/**
 * Recomputes the audit chains and holds them against signed checkpoints: an edited, inserted or
 * deleted event breaks its chain; a deleted tail or a chain recomputed after an edit no longer
 * matches the heads a checkpoint signed. Runs in one snapshot, so it checks the log as it was when
 * it started, however fast events keep arriving.
 */
export async function verifyAuditChain(db: Knex, options: ChainCheckOptions): Promise<ChainCheck> {
  let startedAfter: number | null = null;
  let checked = 0;
  let newest: number | null = null;
  try {
    const result = await db.transaction(async (trx) => {
      await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const stored = options.checkpoints ?? (await trx('audit_checkpoints').orderBy('number')).map((r) => ({ number: Number(r.number), createdAt: '', kid: r.kid, jws: r.jws }));
      const anchors = await readAnchors(stored, options.jwks);
      const base = await baseOf(trx, anchors, options);
      startedAfter = base.confirmed;
      const pending = new Map<number, Anchor>();
      for (const a of anchors) {
        if (base.confirmed !== null && a.number <= base.confirmed) continue;
        for (const [chain, head] of Object.entries(a.heads)) pending.set(head.seq, { checkpoint: a.number, chain, hash: head.hash });
      }
      checked = await scan(trx, base, pending);
      const missed = [...pending.entries()].sort((x, y) => x[0] - y[0])[0];
      if (missed) throw new Broken({ brokenAt: missed[0], checkpoint: missed[1].checkpoint, reason: `checkpoint ${missed[1].checkpoint} signed event ${missed[0]} of chain ${missed[1].chain}, which is not in the log (deleted)` });
      newest = anchors.at(-1)?.number ?? null;
      return { ok: true, checked, brokenAt: null, reason: null, checkpoint: newest, startedAfter };
    });
    if (options.record) await db('audit_chain_checks').insert({ through_checkpoint: newest, checked, ok: true });
    return result;
  } catch (err) {
    if (!(err instanceof Broken)) throw err;
    if (options.record) await db('audit_chain_checks').insert({ through_checkpoint: null, checked, ok: false });
    return { ok: false, checked, startedAfter, ...err.failure };
  }
}

/** Reads the events after the base in order, chain by chain; returns how many were recomputed. */
async function scan(trx: Knex.Transaction, base: Base, pending: Map<number, Anchor>): Promise<number> {
  const prev = new Map<string, string>();
  const baseSeqs = Object.values(base.heads).map((h) => h.seq);
  // From the oldest base event on: each base event is read to confirm it and to chain the next.
  let after = baseSeqs.length > 0 ? Math.min(...baseSeqs) - 1 : 0;
  let checked = 0;
  for (;;) {
    const rows = await trx('audit_events').where('seq', '>', after).orderBy('seq').limit(2000);
    if (rows.length === 0) return checked;
    for (const row of rows) {
      const seq = Number(row.seq);
      const chain = String(row.chain);
      after = seq;
      const head = base.heads[chain];
      if (head && seq < head.seq) continue;
      if (head && seq === head.seq) {
        // The base event itself: its predecessor is gone (retention) or already confirmed.
        if (row.hash !== head.hash || (base.retained && eventHash(row.prev_hash, fieldsOfRow(row)) !== row.hash)) {
          throw new Broken({ brokenAt: seq, checkpoint: null, reason: `event ${seq} of chain ${chain} is not the event the check starts from` });
        }
        prev.set(chain, row.hash);
        continue;
      }
      const expected = prev.get(chain) ?? (head ? null : GENESIS_HASH);
      if (expected === null) throw new Broken({ brokenAt: seq, checkpoint: null, reason: `event ${head?.seq} of chain ${chain}, where the check starts, is not in the log` });
      if (row.prev_hash !== expected) throw new Broken({ brokenAt: seq, checkpoint: null, reason: `event ${seq} of chain ${chain} does not follow the previous event of its chain (an event before it was removed or inserted)` });
      if (eventHash(expected, fieldsOfRow(row)) !== row.hash) throw new Broken({ brokenAt: seq, checkpoint: null, reason: `event ${seq} of chain ${chain} was changed after it was written (its hash does not match its content)` });
      const anchor = pending.get(seq);
      if (anchor) {
        if (anchor.chain !== chain || anchor.hash !== row.hash) {
          throw new Broken({ brokenAt: seq, checkpoint: anchor.checkpoint, reason: `checkpoint ${anchor.checkpoint} signed a different event ${seq} of chain ${anchor.chain}: the chain was rewritten at or before it` });
        }
        pending.delete(seq);
      }
      prev.set(chain, row.hash);
      checked += 1;
    }
  }
}

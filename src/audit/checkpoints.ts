import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { Knex } from 'knex';
import { inTransaction } from '../db/index.js';
import { verifyReportJws, type ReportKeyRing } from '../signing/index.js';

/** `typ` of a checkpoint JWS: no checkpoint passes as a report, nor a report as a checkpoint. */
export const CHECKPOINT_JWS_TYP = 'audit-checkpoint+jws';

/** The newest event of one chain. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Heads by chain number (as a JSON object key). */
export type ChainHeads = Record<string, ChainHead>;

/** What a checkpoint signs. `previous` chains the checkpoints, so a removed one shows as a gap. */
export interface CheckpointPayload {
  type: 'audit-checkpoint';
  number: number;
  createdAt: string;
  heads: ChainHeads;
  /** SHA-256 (hex) of the previous checkpoint's JWS, null for the first. */
  previous: string | null;
}

/** A checkpoint as stored and exported: the JWS is the checkpoint; the rest is read from it. */
export interface Checkpoint {
  number: number;
  createdAt: string;
  kid: string;
  jws: string;
}

// Serialises checkpoint numbering across processes.
const CHECKPOINT_LOCK = 0x63686b70;

/**
 * The head of every chain. Chains are found by a skip scan of the (chain, seq) index, so this costs
 * a few index probes per chain however long the log is.
 */
export async function readChainHeads(db: Knex | Knex.Transaction): Promise<ChainHeads> {
  const { rows } = await db.raw(`
    WITH RECURSIVE c AS (
      SELECT min(chain) AS chain FROM audit_events
      UNION ALL
      SELECT (SELECT min(chain) FROM audit_events WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL
    )
    SELECT c.chain, h.seq, h.hash FROM c
    CROSS JOIN LATERAL (SELECT seq, hash FROM audit_events e WHERE e.chain = c.chain ORDER BY seq DESC LIMIT 1) h
    WHERE c.chain IS NOT NULL`);
  const heads: ChainHeads = {};
  for (const r of rows as { chain: number; seq: number; hash: string }[]) heads[String(r.chain)] = { seq: Number(r.seq), hash: r.hash };
  return heads;
}

function sameHeads(a: ChainHeads, b: ChainHeads): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k]?.seq === a[k]?.seq && b[k]?.hash === a[k]?.hash);
}

export function jwsSha256(jws: string): string {
  return createHash('sha256').update(jws).digest('hex');
}

function rowToCheckpoint(r: { number: number | string; created_at: Date | string; kid: string; jws: string }): Checkpoint {
  return { number: Number(r.number), createdAt: new Date(r.created_at).toISOString(), kid: r.kid, jws: r.jws };
}

/**
 * Signs the chain heads as the next checkpoint and stores it; null when nothing was appended since
 * the last one. The key is the report key ring's, which lives outside the database.
 */
export async function createCheckpoint(db: Knex, keys: Pick<ReportKeyRing, 'sign'>): Promise<Checkpoint | null> {
  return inTransaction(db, async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [CHECKPOINT_LOCK]);
    const last = await trx('audit_checkpoints').orderBy('number', 'desc').first();
    const heads = await readChainHeads(trx);
    if (Object.keys(heads).length === 0) return null;
    if (last && sameHeads(last.heads as ChainHeads, heads)) return null;
    const payload: CheckpointPayload = {
      type: 'audit-checkpoint',
      number: last ? Number(last.number) + 1 : 1,
      createdAt: new Date().toISOString(),
      heads,
      previous: last ? jwsSha256(last.jws as string) : null,
    };
    const signed = await keys.sign(payload, { typ: CHECKPOINT_JWS_TYP });
    const row = { number: payload.number, created_at: payload.createdAt, heads, kid: signed.kid, jws: signed.jws };
    await trx('audit_checkpoints').insert(row);
    return rowToCheckpoint(row);
  });
}

/** Stored checkpoints after `afterNumber`, oldest first. */
export async function listCheckpoints(db: Knex, afterNumber = 0, limit = 10_000): Promise<Checkpoint[]> {
  const rows = await db('audit_checkpoints').where('number', '>', afterNumber).orderBy('number').limit(limit);
  return rows.map(rowToCheckpoint);
}

/** Appends a checkpoint to the export file (JSON lines), so it can be kept where the database's administrators cannot reach. */
export async function exportCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(checkpoint)}\n`, 'utf8');
}

export type CheckpointReading = { ok: true; payload: CheckpointPayload } | { ok: false; reason: string };

function isHeads(value: unknown): value is ChainHeads {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([k, h]) => /^\d+$/.test(k) && typeof h === 'object' && h !== null && Number.isSafeInteger((h as ChainHead).seq) && /^[0-9a-f]{64}$/.test(String((h as ChainHead).hash)));
}

/** Verifies a checkpoint's signature (ES256, a key of `jwks`) and the shape of what it signs. */
export async function readCheckpoint(jws: string, jwks: JSONWebKeySet): Promise<CheckpointReading> {
  const checked = await verifyReportJws(jws, jwks, CHECKPOINT_JWS_TYP);
  if (!checked.valid) return { ok: false, reason: `${checked.check}: ${checked.message}` };
  const p = checked.payload as Partial<CheckpointPayload>;
  if (p.type !== 'audit-checkpoint' || !Number.isSafeInteger(p.number) || typeof p.createdAt !== 'string' || !isHeads(p.heads) || (p.previous !== null && !/^[0-9a-f]{64}$/.test(String(p.previous)))) {
    return { ok: false, reason: 'the signed payload is not an audit checkpoint' };
  }
  return { ok: true, payload: p as CheckpointPayload };
}

/**
 * Where the stored checkpoints differ from an exported copy: one removed or replaced in the
 * database shows here even when the chain itself was rewritten to match the replacement.
 */
export async function compareCheckpoints(db: Knex, exported: readonly Checkpoint[]): Promise<string[]> {
  const stored = new Map((await db('audit_checkpoints').whereIn('number', exported.map((c) => c.number)).select('number', 'jws')).map((r) => [Number(r.number), r.jws as string]));
  return exported.flatMap((c) => {
    const jws = stored.get(c.number);
    if (jws === undefined) return [`checkpoint ${c.number} is in the file but not in the database (deleted)`];
    return jws === c.jws ? [] : [`checkpoint ${c.number} in the database is not the one in the file (replaced)`];
  });
}

/** Checkpoints from an export file (JSON lines); a line that is not one is named by its number. */
export function parseCheckpointFile(text: string): { checkpoints: Checkpoint[]; errors: string[] } {
  const checkpoints: Checkpoint[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const c = JSON.parse(line) as Partial<Checkpoint>;
      if (typeof c.jws !== 'string' || !Number.isSafeInteger(c.number)) throw new Error('no number or jws');
      checkpoints.push({ number: Number(c.number), createdAt: String(c.createdAt), kid: String(c.kid), jws: c.jws });
    } catch (err) {
      errors.push(`line ${i + 1}: not a checkpoint (${(err as Error).message})`);
    }
  });
  return { checkpoints, errors };
}

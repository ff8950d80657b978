import type { Knex } from 'knex';
import { regionFilter } from '../policy/index.js';
import type { FindingDraft, FindingRule, FindingSeverity, FindingStatus } from './model.js';

/* The only code that writes audit_findings and audit_findings_cursor. */

export interface StoredFinding {
  id: string;
  seq: number;
  rule: FindingRule;
  severity: FindingSeverity;
  regionCode: string | null;
  actorSub: string | null;
  actorOrg: string | null;
  subjectIds: string[];
  evidenceSeqs: number[];
  params: Record<string, unknown>;
  foundAt: Date;
  updatedAt: Date;
  status: FindingStatus;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  note: string | null;
}

interface FindingRow {
  id: string;
  seq: string;
  rule: FindingRule;
  severity: FindingSeverity;
  region_code: string | null;
  actor_sub: string | null;
  actor_org: string | null;
  subject_ids: string[];
  evidence_seqs: string[];
  params: Record<string, unknown>;
  found_at: Date;
  updated_at: Date;
  status: FindingStatus;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  note: string | null;
}

function toFinding(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    seq: Number(r.seq),
    rule: r.rule,
    severity: r.severity,
    regionCode: r.region_code,
    actorSub: r.actor_sub,
    actorOrg: r.actor_org,
    subjectIds: r.subject_ids,
    evidenceSeqs: r.evidence_seqs.map(Number),
    params: r.params,
    foundAt: r.found_at,
    updatedAt: r.updated_at,
    status: r.status,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    note: r.note,
  };
}

/**
 * Stores what the rules found: a new key is a new finding; a key found before gains the new
 * evidence and subjects (its figures updated) and is OPEN again if it had been reviewed (the last
 * review's note kept), so nothing found after a review goes unseen; evidence it holds already
 * changes nothing. Returns the ids of the new findings and how many grew.
 */
export async function upsertFindings(trx: Knex.Transaction, drafts: readonly FindingDraft[]): Promise<{ created: string[]; grown: number }> {
  const created: string[] = [];
  let grown = 0;
  for (const d of drafts) {
    const { rows } = await trx.raw<{ rows: { id: string; inserted: boolean }[] }>(
      `INSERT INTO audit_findings (rule, dedupe_key, region_code, actor_sub, actor_org, subject_ids, evidence_seqs, severity, params)
       VALUES (?, ?, ?, ?, ?, ?::uuid[], ?::bigint[], ?, ?::jsonb)
       ON CONFLICT (dedupe_key) DO UPDATE SET
         evidence_seqs = ARRAY(SELECT DISTINCT x FROM unnest(audit_findings.evidence_seqs || excluded.evidence_seqs) AS x ORDER BY x),
         subject_ids = ARRAY(SELECT DISTINCT s FROM unnest(audit_findings.subject_ids || excluded.subject_ids) AS s),
         params = excluded.params,
         updated_at = now(),
         status = 'OPEN'
       WHERE NOT (audit_findings.evidence_seqs @> excluded.evidence_seqs AND audit_findings.subject_ids @> excluded.subject_ids)
       RETURNING id, (xmax = 0) AS inserted`,
      [d.rule, d.key, d.regionCode, d.actorSub, d.actorOrg, d.subjectIds, d.evidence, d.severity, JSON.stringify(d.params)],
    );
    const row = rows[0];
    if (!row) continue;
    if (row.inserted) created.push(row.id);
    else grown += 1;
  }
  return { created, grown };
}

/** The last settled sequence number, the row locked until the transaction ends (one run at a time across processes). */
export async function lockCursor(trx: Knex.Transaction): Promise<number> {
  const row: { last_seq: string } | undefined = await trx('audit_findings_cursor').where({ name: 'rules' }).forUpdate().first('last_seq');
  return Number(row?.last_seq ?? 0);
}

export async function advanceCursor(trx: Knex.Transaction, seq: number): Promise<void> {
  await trx('audit_findings_cursor').where({ name: 'rules' }).where('last_seq', '<', seq).update({ last_seq: seq, updated_at: trx.fn.now() });
}

export interface FindingFilter {
  rule?: FindingRule | null;
  status?: FindingStatus | null;
  actorSub?: string | null;
  since?: Date | null;
  until?: Date | null;
  /** Already checked to lie inside the jurisdiction. */
  regionCode?: string | null;
}

/**
 * Findings about a household in the jurisdiction or an actor working in it (as auditEvents),
 * newest first, keyset-paginated by finding sequence number.
 */
export async function listFindings(db: Knex, jurisdiction: string, filter: FindingFilter, first: number, before: number | null): Promise<StoredFinding[]> {
  const q = db('audit_findings').where(regionFilter(jurisdiction, 'actor_org', 'region_code'));
  if (filter.regionCode) q.where(regionFilter(filter.regionCode, 'region_code'));
  if (filter.rule) q.where('rule', filter.rule);
  if (filter.status) q.where('status', filter.status);
  if (filter.actorSub) q.where('actor_sub', filter.actorSub);
  if (filter.since) q.where('found_at', '>=', filter.since);
  if (filter.until) q.where('found_at', '<', filter.until);
  if (before !== null) q.where('seq', '<', before);
  const rows: FindingRow[] = await q.orderBy('seq', 'desc').limit(first).select('*');
  return rows.map(toFinding);
}

/** One finding, locked for the review (FOR UPDATE: two auditors reviewing at once are serialised). */
export async function lockFinding(trx: Knex.Transaction, id: string): Promise<StoredFinding | null> {
  const row: FindingRow | undefined = await trx('audit_findings').where({ id }).forUpdate().first('*');
  return row ? toFinding(row) : null;
}

export async function markReviewed(trx: Knex.Transaction, id: string, reviewer: string, note: string): Promise<StoredFinding> {
  const [row]: FindingRow[] = await trx('audit_findings').where({ id }).update({ status: 'REVIEWED', reviewed_by: reviewer, reviewed_at: trx.fn.now(), note }).returning('*');
  return toFinding(row!);
}

/** Findings by id (for a webhook payload); ids not found are left out. */
export async function findingsById(db: Knex, ids: readonly string[]): Promise<StoredFinding[]> {
  const rows: FindingRow[] = await db('audit_findings').whereIn('id', [...ids]).orderBy('seq').select('*');
  return rows.map(toFinding);
}

/**
 * Takes up to `limit` findings not yet pushed to webhooks, marking them pushed in the caller's
 * transaction (SKIP LOCKED: two processes never push one finding twice; a rolled-back push is taken again).
 */
export async function claimUnpushed(trx: Knex.Transaction, limit: number): Promise<string[]> {
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `UPDATE audit_findings SET pushed_at = now()
      WHERE id IN (SELECT id FROM audit_findings WHERE pushed_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [limit],
  );
  return rows.map((r) => r.id);
}

import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonical/index.js';
import { inTransaction } from '../db/index.js';

export type AuditOutcome = 'ALLOWED' | 'REFUSED' | 'FAILED';

/** One look at (or attempt to look at) personal data, or a change to what governs such looks. */
export interface AuditEvent {
  action: string;
  outcome: AuditOutcome;
  actor: { sub: string; org: string; roles: readonly string[] };
  purpose?: string | null;
  applicationRef?: string | null;
  /** Region of the household concerned, if any: auditors of that region see the event. */
  regionCode?: string | null;
  requestId?: string | null;
  reportId?: string | null;
  consentIds?: readonly string[];
  subjectIds?: readonly string[];
  attributeCodes?: readonly string[];
  reportSha256?: string | null;
  errorCode?: string | null;
  /** Extra facts for the auditor; ID numbers only masked. */
  details?: Record<string, unknown>;
}

/** Hash of the empty chain: the first event's `prev_hash`. */
export const GENESIS_HASH = '0'.repeat(64);

// Any constant works; it only has to be the same for every writer of the chain.
const CHAIN_LOCK = 0x61756469;

interface StoredFields {
  occurred_at: string;
  action: string;
  outcome: AuditOutcome;
  actor_sub: string;
  actor_org: string;
  actor_roles: string[];
  purpose: string | null;
  application_ref: string | null;
  region_code: string | null;
  request_id: string | null;
  report_id: string | null;
  consent_ids: string[];
  subject_ids: string[];
  attribute_codes: string[];
  report_sha256: string | null;
  error_code: string | null;
  details: Record<string, unknown>;
}

/** The chained hash: SHA-256 over the previous hash and the event's fields in a fixed order. */
export function eventHash(prevHash: string, f: StoredFields): string {
  const ordered = [
    f.occurred_at, f.action, f.outcome, f.actor_sub, f.actor_org, f.actor_roles, f.purpose, f.application_ref,
    f.region_code, f.request_id, f.report_id, f.consent_ids, f.subject_ids, f.attribute_codes, f.report_sha256, f.error_code, f.details,
  ];
  return createHash('sha256').update(prevHash).update(canonicalJson(ordered)).digest('hex');
}

/**
 * Appends events to the hash-chained audit log inside the caller's transaction, so an event is
 * written exactly when what it records is. Writers serialise on a transaction-scoped advisory
 * lock: the chain needs one order, and the lock is released with the commit.
 */
export async function appendAuditEvents(trx: Knex.Transaction, events: readonly AuditEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [CHAIN_LOCK]);
  const last = await trx('audit_events').select('hash').orderBy('seq', 'desc').first();
  let prev: string = last?.hash ?? GENESIS_HASH;
  // Millisecond precision survives the timestamptz round trip, so the verifier recomputes the same hash.
  const occurredAt = new Date().toISOString();
  const rows = events.map((e) => {
    const fields: StoredFields = {
      occurred_at: occurredAt,
      action: e.action,
      outcome: e.outcome,
      actor_sub: e.actor.sub,
      actor_org: e.actor.org,
      actor_roles: [...e.actor.roles],
      purpose: e.purpose ?? null,
      application_ref: e.applicationRef ?? null,
      region_code: e.regionCode ?? null,
      request_id: e.requestId ?? null,
      report_id: e.reportId ?? null,
      consent_ids: [...(e.consentIds ?? [])],
      subject_ids: [...(e.subjectIds ?? [])],
      attribute_codes: [...(e.attributeCodes ?? [])],
      report_sha256: e.reportSha256 ?? null,
      error_code: e.errorCode ?? null,
      details: e.details ?? {},
    };
    const hash = eventHash(prev, fields);
    const row = { ...fields, prev_hash: prev, hash };
    prev = hash;
    return row;
  });
  const inserted: { seq: number }[] = await trx('audit_events').insert(rows).returning('seq');
  return inserted.map((r) => r.seq);
}

/**
 * Records events that stand alone (a read, a refusal): one transaction of their own, run again if
 * it loses a deadlock, so an event is never dropped.
 */
export async function recordAuditEvents(db: Knex, events: readonly AuditEvent[]): Promise<number[]> {
  return inTransaction(db, (trx) => appendAuditEvents(trx, events));
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** The first event whose stored hash does not match its content or its predecessor. */
  brokenAt: number | null;
}

/** Recomputes the chain from the start: an edited, inserted or deleted row shows as a break. */
export async function verifyAuditChain(db: Knex): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let checked = 0;
  let afterSeq = 0;
  for (;;) {
    const rows = await db('audit_events').where('seq', '>', afterSeq).orderBy('seq').limit(1000);
    if (rows.length === 0) return { ok: true, checked, brokenAt: null };
    for (const r of rows) {
      const fields: StoredFields = { ...r, occurred_at: new Date(r.occurred_at).toISOString() };
      if (r.prev_hash !== prev || eventHash(prev, fields) !== r.hash) return { ok: false, checked, brokenAt: Number(r.seq) };
      prev = r.hash;
      checked += 1;
      afterSeq = Number(r.seq);
    }
  }
}

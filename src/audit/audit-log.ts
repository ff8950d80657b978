import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { inOneStatement } from '../db/index.js';
import { contentDigest, type AuditOutcome, type StoredFields } from './event-hash.js';

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

// Any constant works; it only has to be the same for every writer of the chains.
const CHAIN_LOCK = 0x61756469;

/** How many independent chains appends spread over (AUDIT_CHAINS); set once at start. */
let chainCount = 8;

/** Sets the number of chains new events are spread over; existing chains stay valid whatever the number. */
export function configureAuditChains(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 1024) throw new RangeError(`audit chains: ${count} is not an integer from 1 to 1024`);
  chainCount = count;
}

// The chain a transaction already appends to: its later appends join it rather than lock a second chain.
const chainOf = new WeakMap<Knex.Transaction, number>();

function storedFields(e: AuditEvent, occurredAt: string): StoredFields {
  return {
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
}

/**
 * Appends events to the audit log inside the caller's transaction, so an event is written exactly
 * when what it records is. The log is several hash chains; `audit_append` (one statement) takes
 * the first free chain's advisory lock from a random start, held until the transaction commits so
 * each chain has one order, reads its head and inserts the events chained by the content digests
 * computed here (docs/AUDIT.md).
 */
export async function appendAuditEvents(trx: Knex.Transaction, events: readonly AuditEvent[]): Promise<number[]> {
  const { seqs, chain } = await auditAppend(trx, events, chainOf.get(trx) ?? -1);
  if (chain !== null) chainOf.set(trx, chain);
  return seqs;
}

async function auditAppend(db: Knex, events: readonly AuditEvent[], held: number): Promise<{ seqs: number[]; chain: number | null }> {
  if (events.length === 0) return { seqs: [], chain: null };
  // Millisecond precision survives the timestamptz round trip, so the verifier recomputes the same hash.
  const occurredAt = new Date().toISOString();
  const payload = events.map((e) => {
    const fields = storedFields(e, occurredAt);
    return { fields, digest: contentDigest(fields) };
  });
  const { rows } = await db.raw('SELECT seq, chain FROM audit_append(?, ?, ?, ?, ?::jsonb)', [CHAIN_LOCK, held, randomInt(chainCount), chainCount, JSON.stringify(payload)]);
  return { seqs: (rows as { seq: number }[]).map((r) => Number(r.seq)), chain: Number(rows[0].chain) };
}

/**
 * Records events that stand alone (a read, a refusal): one statement, its own transaction (the
 * chain lock is held until it ends), run again if it loses a deadlock, so an event is never dropped.
 */
export async function recordAuditEvents(db: Knex, events: readonly AuditEvent[]): Promise<number[]> {
  return (await inOneStatement(() => auditAppend(db, events, -1))).seqs;
}

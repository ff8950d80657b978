import type { Knex } from 'knex';
import { idNumberHash, openText, personField } from '../data-protection/index.js';
import { maskIdNumber } from '../identity/index.js';
import { regionFilter } from '../policy/index.js';
import { requireUuid } from '../validation/index.js';

export interface AuditFilter {
  /** Events about this person (full ID number; it is matched, never returned). */
  idNumber?: string | null;
  requestId?: string | null;
  applicationRef?: string | null;
  actorSub?: string | null;
  action?: string | null;
  outcome?: string | null;
  since?: Date | null;
  until?: Date | null;
  /** Only agency look-ups started before this instant that no event has closed (a hub stopped in between). */
  openAccessBefore?: Date | null;
  /** Only these events (a finding's evidence). */
  seqs?: readonly number[] | null;
}

export interface AuditEntry {
  seq: number;
  occurredAt: string;
  action: string;
  outcome: string;
  actorSub: string;
  actorOrg: string;
  actorRoles: string[];
  purpose: string | null;
  applicationRef: string | null;
  regionCode: string | null;
  requestId: string | null;
  reportId: string | null;
  consentIds: string[];
  /** Masked ID numbers of the persons concerned. */
  subjects: string[];
  attributeCodes: string[];
  reportSha256: string | null;
  errorCode: string | null;
  details: Record<string, unknown>;
  hash: string;
}

interface SealedSubject {
  id: string;
  /** base64 of the sealed ID number; null once purged under the retention policy. */
  sealed: string | null;
}

/** A subject's ID number, opened and masked. */
function subjectNumber(db: Knex, s: SealedSubject): string {
  return s.sealed === null ? '(purged)' : maskIdNumber(openText(db, personField(s.id, 'id_number'), Buffer.from(s.sealed, 'base64')));
}

/**
 * Audit events whose actor works inside the auditor's jurisdiction or that concern a household
 * inside it, newest first, keyset-paginated
 * by sequence number. Only masked ID numbers and attribute codes leave: never values.
 */
export async function queryAuditEvents(db: Knex, jurisdiction: string, filter: AuditFilter, first: number, before: number | null): Promise<AuditEntry[]> {
  const q = db('audit_events as e').where(regionFilter(jurisdiction, 'e.actor_org', 'e.region_code'));
  if (filter.idNumber) {
    // By the keyed hash of the number (persons hold it sealed: docs/AUDIT.md, encryption at rest).
    q.whereRaw('e.subject_ids && ARRAY(SELECT id FROM persons WHERE id_number_hmac = ?)', [idNumberHash(db, filter.idNumber)]);
  }
  // A uuid column: a malformed id is the caller's error (BAD_USER_INPUT), never a database cast error (500).
  if (filter.requestId) q.where('e.request_id', requireUuid(filter.requestId, 'filter.requestId'));
  if (filter.applicationRef) q.where('e.application_ref', filter.applicationRef);
  if (filter.actorSub) q.where('e.actor_sub', filter.actorSub);
  if (filter.action) q.where('e.action', filter.action);
  if (filter.outcome) q.where('e.outcome', filter.outcome);
  if (filter.since) q.where('e.occurred_at', '>=', filter.since);
  if (filter.until) q.where('e.occurred_at', '<', filter.until);
  if (before !== null) q.where('e.seq', '<', before);
  if (filter.seqs) q.whereIn('e.seq', [...filter.seqs]);
  if (filter.openAccessBefore) {
    q.where('e.occurred_at', '<', filter.openAccessBefore)
      .whereRaw("e.details ->> 'stage' = 'STARTED' AND (e.details ->> 'access') IS NOT NULL")
      .whereRaw("NOT EXISTS (SELECT 1 FROM audit_events c WHERE (c.details ->> 'access') = (e.details ->> 'access') AND c.seq <> e.seq)");
  }
  const rows = await q
    .select('e.*', db.raw("ARRAY(SELECT json_build_object('id', p.id, 'sealed', encode(p.id_number_sealed, 'base64')) FROM persons p WHERE p.id = ANY(e.subject_ids)) AS subject_numbers"))
    .orderBy('e.seq', 'desc')
    .limit(first);
  return rows.map((r) => ({
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at).toISOString(),
    action: r.action,
    outcome: r.outcome,
    actorSub: r.actor_sub,
    actorOrg: r.actor_org,
    actorRoles: r.actor_roles,
    purpose: r.purpose,
    applicationRef: r.application_ref,
    regionCode: r.region_code,
    requestId: r.request_id,
    reportId: r.report_id,
    consentIds: r.consent_ids,
    subjects: (r.subject_numbers as SealedSubject[]).map((s) => subjectNumber(db, s)),
    attributeCodes: r.attribute_codes,
    reportSha256: r.report_sha256,
    errorCode: r.error_code,
    details: r.details,
    hash: r.hash,
  }));
}

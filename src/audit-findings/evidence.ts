import type { Knex } from 'knex';
import { idNumbers } from '../households/index.js';
import { maskIdNumber } from '../identity/index.js';
import { regionFilter } from '../policy/index.js';

/** An evidence event as auditEvents shows one: masked ID numbers and attribute codes, never values. */
export interface EvidenceEvent {
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
  subjects: string[];
  attributeCodes: string[];
  reportSha256: string | null;
  errorCode: string | null;
  details: Record<string, unknown>;
  hash: string;
}

/** Masked ID numbers of persons by id (a person the hub no longer knows reads as "?"). */
export async function maskedSubjects(db: Knex, personIds: readonly string[]): Promise<Map<string, string>> {
  const numbers = await idNumbers(db, personIds);
  return new Map(personIds.map((id) => [id, numbers.has(id) ? maskIdNumber(numbers.get(id)!) : '?']));
}

/** Evidence events shown with one finding, the latest ones (a bulk read's finding may hold a thousand; evidenceCount says how many). */
export const MAX_EVIDENCE_SHOWN = 200;

/**
 * The events with these sequence numbers that the auditor may see (actor or household inside the
 * jurisdiction, as auditEvents), the latest MAX_EVIDENCE_SHOWN in sequence order: evidence outside
 * the jurisdiction is left out, not shown.
 */
export async function evidenceEvents(db: Knex, jurisdiction: string, seqs: readonly number[]): Promise<EvidenceEvent[]> {
  if (seqs.length === 0) return [];
  const latest = await db('audit_events').whereIn('seq', [...seqs]).where(regionFilter(jurisdiction, 'actor_org', 'region_code')).orderBy('seq', 'desc').limit(MAX_EVIDENCE_SHOWN).select('*');
  const rows = latest.reverse();
  const masked = await maskedSubjects(db, rows.flatMap((r: { subject_ids: string[] }) => r.subject_ids));
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
    subjects: (r.subject_ids as string[]).map((id) => masked.get(id) ?? '?'),
    attributeCodes: r.attribute_codes,
    reportSha256: r.report_sha256,
    errorCode: r.error_code,
    details: r.details,
    hash: r.hash,
  }));
}

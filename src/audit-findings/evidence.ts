import type { Knex } from 'knex';
import { idNumbers } from '../households/index.js';
import { maskIdNumber } from '../identity/index.js';
import { queryAuditEvents, type AuditEntry } from '../audit/index.js';

/** An evidence event as auditEvents shows one: masked ID numbers and attribute codes, never values. */
export type EvidenceEvent = AuditEntry;

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
  // The same query, masking and jurisdiction as auditEvents, newest first: shown oldest first.
  return (await queryAuditEvents(db, jurisdiction, { seqs }, MAX_EVIDENCE_SHOWN, null)).reverse();
}

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { vi } from 'vitest';
import { recordAuditEvents, type AuditEvent } from '../../src/audit/index.js';
import { runFindings } from '../../src/audit-findings/index.js';

/*
 * Seeding for the rules' specs: events appended through src/audit at a chosen instant (only
 * `Date` is faked, so the log's own clock says when), and the findings the runner stored.
 */

export const person = (): string => randomUUID();

/** Wednesday 25 November 2026, 10:00 in Beijing (UTC+8): inside working hours. */
export const WED_10 = '2026-11-25T02:00:00Z';

/** `minutes` after an instant, as an ISO string. */
export const at = (iso: string, minutes: number): string => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** A verifier's verification of a household: the look-up the rules read most. */
export function verification(sub: string, org: string, o: { regionCode: string; subjects: string[]; applicationRef?: string | null; roles?: string[]; consentIds?: string[]; details?: Record<string, unknown> }): AuditEvent {
  return {
    action: 'verification.request',
    outcome: 'ALLOWED',
    actor: { sub, org, roles: o.roles ?? ['verifier'] },
    purpose: 'NEW_APPLICATION',
    applicationRef: o.applicationRef === undefined ? `APP-${randomUUID().slice(0, 8)}` : o.applicationRef,
    regionCode: o.regionCode,
    subjectIds: o.subjects,
    consentIds: o.consentIds ?? [],
    attributeCodes: ['tax.wage_income_12m'],
    details: o.details ?? {},
  };
}

export function refusal(sub: string, org: string): AuditEvent {
  return { action: 'report.read', outcome: 'REFUSED', actor: { sub, org, roles: ['verifier'] }, errorCode: 'OUT_OF_JURISDICTION', details: { via: 'graphql verificationReport' } };
}

/** Appends the events as if it were `iso` (the log stamps them with the clock). */
export async function appendAt(db: Knex, iso: string, events: readonly AuditEvent[]): Promise<number[]> {
  vi.setSystemTime(new Date(iso));
  return recordAuditEvents(db, events);
}

/** Runs the rules with the clock well after every seeded event, so every event is settled. */
export async function run(db: Knex) {
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  return runFindings(db, { settleMs: 0 });
}

export interface FindingRow {
  id: string;
  rule: string;
  actor_sub: string | null;
  subject_ids: string[];
  evidence_seqs: string[];
  params: Record<string, unknown>;
  status: string;
  note: string | null;
  reviewed_by: string | null;
}

/** The stored findings of a rule, those about `actor` or naming `subject` when given. */
export async function findings(db: Knex, rule: string, about: { actor?: string; subject?: string } = {}): Promise<FindingRow[]> {
  const q = db('audit_findings').where({ rule });
  if (about.actor) q.where('actor_sub', about.actor);
  if (about.subject) q.whereRaw('subject_ids @> ARRAY[?]::uuid[]', [about.subject]);
  return q.orderBy('seq').select('*');
}

export const seqs = (f: FindingRow): number[] => f.evidence_seqs.map(Number).sort((a, b) => a - b);

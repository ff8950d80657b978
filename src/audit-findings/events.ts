import type { Knex } from 'knex';
import { localDate, timeZoneOf } from '../regions/index.js';
import type { AuditRow } from './model.js';

/*
 * The rules read audit_events (src/audit writes it) and nothing else of it: rows in sequence
 * order, never one hash chain's order, so the log may be split into several chains.
 */

interface EventRecord {
  seq: string | number;
  occurred_at: Date;
  action: string;
  outcome: AuditRow['outcome'];
  actor_sub: string;
  actor_org: string;
  actor_roles: string[];
  purpose: string | null;
  application_ref: string | null;
  region_code: string | null;
  report_id: string | null;
  consent_ids: string[];
  subject_ids: string[];
  error_code: string | null;
  details: Record<string, unknown>;
}

const COLUMNS = ['seq', 'occurred_at', 'action', 'outcome', 'actor_sub', 'actor_org', 'actor_roles', 'purpose', 'application_ref', 'region_code', 'report_id', 'consent_ids', 'subject_ids', 'error_code', 'details'];

function toRow(r: EventRecord): AuditRow {
  return {
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at),
    action: r.action,
    outcome: r.outcome,
    actorSub: r.actor_sub,
    actorOrg: r.actor_org,
    actorRoles: r.actor_roles,
    purpose: r.purpose,
    applicationRef: r.application_ref,
    regionCode: r.region_code,
    reportId: r.report_id,
    consentIds: r.consent_ids,
    subjectIds: r.subject_ids,
    errorCode: r.error_code,
    details: r.details,
  };
}

/** Events matching `where`, in sequence order; `limit` bounds what one rule reads for one key. */
export async function readEvents(db: Knex, where: (q: Knex.QueryBuilder) => void, limit = 5_000): Promise<AuditRow[]> {
  const rows: EventRecord[] = await db('audit_events').where(where).orderBy('seq').limit(limit).select(COLUMNS);
  return rows.map(toRow);
}

/** Events after `afterSeq`, the next `limit` of them. */
export function eventsAfter(db: Knex, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return readEvents(db, (q) => q.where('seq', '>', afterSeq), limit);
}

/** The region whose time and thresholds apply to an event: its household's, else the actor's organisation's. */
export const regionOf = (e: AuditRow): string => e.regionCode ?? e.actorOrg;

/** The local day (YYYY-MM-DD) an event happened on in its region. */
export const dayOf = (e: AuditRow): string => localDate(e.occurredAt.toISOString(), regionOf(e));

/** The instants a local day starts and ends at in a region (its time zone's offset on that day). */
export function dayBounds(day: string, region: string): { from: Date; to: Date } {
  const midnightUtc = new Date(`${day}T00:00:00Z`);
  const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: timeZoneOf(region), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(midnightUtc);
  const offsetMs = new Date(`${wall.replace(' ', 'T')}Z`).getTime() - midnightUtc.getTime();
  const from = new Date(midnightUtc.getTime() - offsetMs);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The local wall-clock time (HH:MM) and whether the day is a Saturday or Sunday, in the event's region. */
export function localClock(e: AuditRow): { time: string; weekend: boolean } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timeZoneOf(regionOf(e)), hour: '2-digit', minute: '2-digit', weekday: 'short', hour12: false }).formatToParts(e.occurredAt);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { time: `${part('hour')}:${part('minute')}`, weekend: ['Sat', 'Sun'].includes(part('weekday')) };
}

/** A look-up's household, as far as the log tells it: the household named, else its members as a set. */
export function householdKeyOf(e: AuditRow): string {
  const named = e.details.household;
  if (typeof named === 'string') return `household:${named}`;
  if (e.subjectIds.length > 0) return `members:${[...e.subjectIds].sort().join(',')}`;
  return `report:${e.reportId ?? e.seq}`;
}

/** Days before `at`, as an instant. */
export const daysBefore = (at: Date, days: number): Date => new Date(at.getTime() - days * 86_400_000);

/** Distinct values, in first-seen order. */
export const distinct = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

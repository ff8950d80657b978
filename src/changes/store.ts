import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { openJson, sealJson, type SealedField } from '../data-protection/index.js';
import { HubError } from '../errors/index.js';
import { regionFilter } from '../policy/index.js';
import { openReportBody, type ReportBody } from '../reports/index.js';
import type { ChangeKind, ChangeValue, DetectedChange } from './detect.js';

/** A change as recorded: what `detectChanges` found, tied to the household and both reports. */
export interface ChangeEvent {
  id: string;
  householdId: string;
  regionCode: string;
  /** The report the change was found in. */
  reportId: string;
  /** The earlier complete report it was compared with. */
  previousReportId: string;
  kind: ChangeKind;
  personId: string | null;
  details: ChangeDetails;
  detectedAt: string;
}

export interface ChangeDetails {
  attributes: string[];
  before: ChangeValue;
  after: ChangeValue;
}

export interface RecordChangesInput {
  householdId: string;
  regionCode: string;
  reportId: string;
  previousReportId: string;
  changes: readonly DetectedChange[];
}

interface ChangeRow {
  id: string;
  household_id: string;
  region_code: string;
  report_id: string;
  previous_report_id: string;
  kind: ChangeKind;
  person_id: string | null;
  details_sealed: Buffer | null;
  detected_at: Date;
  /** detected_at to the microsecond, as the cursor needs it (a JS Date keeps milliseconds only). */
  cursor_at?: string;
}

/** Where a change's details belong: sealed (the values before and after are agency data) and bound to the event. */
const detailsField = (eventId: string): SealedField => ({ table: 'change_events', column: 'details', row: eventId });

/** What a change's details read as once purged under the retention policy: the kind stays, the values go. */
const PURGED: ChangeDetails = { attributes: [], before: null, after: null };

/** A change's details, opened (for the webhook payload, which is signed and sent to the subscriber). */
export function openChangeDetails(db: Knex, eventId: string, sealed: Buffer | null): ChangeDetails {
  return sealed ? openJson<ChangeDetails>(db, detailsField(eventId), sealed) : PURGED;
}

/** Removes the details of the changes found in these reports (their retention period is over). */
export async function purgeChangeDetails(trx: Knex.Transaction, reportIds: readonly string[]): Promise<number> {
  if (reportIds.length === 0) return 0;
  return trx('change_events').whereIn('report_id', reportIds).whereNotNull('details_sealed').update({ details_sealed: null });
}

/** Events recorded before encryption at rest (migration 017), sealed in place at the hub's start. */
export async function sealLegacyChanges(db: Knex): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (trx) => {
      const rows: { id: string; details: ChangeDetails }[] = await trx('change_events').whereNotNull('details').forNoKeyUpdate().skipLocked().limit(500).select('id', 'details');
      for (const r of rows) await trx('change_events').where({ id: r.id }).update({ details_sealed: sealJson(trx, detailsField(r.id), r.details), details: null });
      return rows.length;
    });
    sealed += n;
    if (n === 0) return sealed;
  }
}

function toEvent(db: Knex, r: ChangeRow): ChangeEvent {
  return {
    id: r.id,
    householdId: r.household_id,
    regionCode: r.region_code,
    reportId: r.report_id,
    previousReportId: r.previous_report_id,
    kind: r.kind,
    personId: r.person_id,
    details: openChangeDetails(db, r.id, r.details_sealed),
    detectedAt: r.detected_at.toISOString(),
  };
}

/**
 * Records the changes found in a report, inside the caller's transaction (with the report's
 * completion, and with `enqueueDeliveries`, so a change and its deliveries exist together or not
 * at all). Returns the events inserted: recording the same report's changes a second time (a
 * completion handled twice) inserts nothing and returns [].
 */
export async function recordChanges(trx: Knex.Transaction, input: RecordChangesInput): Promise<ChangeEvent[]> {
  if (input.changes.length === 0) return [];
  const rows = input.changes.map((c) => {
    const id = randomUUID();
    return {
      id,
      household_id: input.householdId,
    region_code: input.regionCode,
    report_id: input.reportId,
    previous_report_id: input.previousReportId,
      kind: c.kind,
      person_id: c.personId,
      details_sealed: sealJson(trx, detailsField(id), { attributes: c.attributes, before: c.before, after: c.after } satisfies ChangeDetails),
    };
  });
  const inserted: ChangeRow[] = await trx('change_events').insert(rows).onConflict().ignore().returning('*');
  return inserted.map((r) => toEvent(trx, r));
}

export interface ChangePage {
  events: ChangeEvent[];
  /** Pass as `after` for the next page; null when the page is empty. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_CHANGES_PAGE = 500;

/** Opaque cursor: the last event's detected_at (microseconds, UTC) and id. */
function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as unknown[];
      if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
    }
  } catch {
    // fall through: not a cursor this function made
  }
  throw new HubError('BAD_USER_INPUT', 'after: not a cursor returned by this query', { field: 'after' });
}

/**
 * Changes in households inside the jurisdiction of `region` (checked against the caller's first),
 * detected at or after `since`, oldest first, keyset-paginated by (detected_at, id): a page
 * never skips or repeats an event, however many are recorded meanwhile.
 */
export async function listChanges(db: Knex, region: string, since: Date, first: number, after: string | null): Promise<ChangePage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES_PAGE) {
    throw new HubError('BAD_USER_INPUT', `first: a whole number from 1 to ${MAX_CHANGES_PAGE}`, { field: 'first' });
  }
  if (Number.isNaN(since.getTime())) throw new HubError('BAD_USER_INPUT', 'since: not a valid time', { field: 'since' });
  const q = db('change_events').where(regionFilter(region, 'region_code')).where('detected_at', '>=', since);
  if (after !== null) {
    const c = decodeCursor(after);
    q.whereRaw('(detected_at, id) > (?::timestamptz, ?::uuid)', [c.at, c.id]);
  }
  const rows: ChangeRow[] = await q
    .select('*', db.raw(`to_char(detected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`))
    .orderBy([{ column: 'detected_at' }, { column: 'id' }])
    .limit(first + 1);
  const page = rows.slice(0, first);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => toEvent(db, r)),
    endCursor: last?.cursor_at ? encodeCursor(last.cursor_at, last.id) : null,
    hasNextPage: rows.length > first,
  };
}

/**
 * The body of the household's latest COMPLETE report created before `beforeCreatedAt`, or null.
 * `excludeReportId` leaves out the report being compared (its row time and its body's createdAt
 * are taken at slightly different moments, so a time bound alone may not exclude it).
 */
export async function previousReport(trx: Knex | Knex.Transaction, householdId: string, beforeCreatedAt: Date, excludeReportId?: string): Promise<ReportBody | null> {
  const q = trx('reports').where({ household_id: householdId, status: 'COMPLETE' }).where('created_at', '<', beforeCreatedAt);
  if (excludeReportId !== undefined) q.whereNot({ id: excludeReportId });
  const row: { id: string; revision: number; body_sealed: Buffer } | undefined = await q.whereNotNull('body_sealed').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).first('id', 'revision', 'body_sealed');
  return row ? openReportBody(trx, row) : null;
}

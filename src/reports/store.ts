import type { Knex } from 'knex';
import { appendAuditEventsWith, type AuditEvent } from '../audit/index.js';
import { withWrites, type Writes } from '../db/index.js';
import type { ReportBody, ReportSource } from './report.js';
import { keep, keptRevision, forgetOpened, takeKept } from './opened.js';
import { openReportBody, openVersion, sealVersion, withJws, type SealedRow } from './sealed.js';

/**
 * The only code that writes `reports`, `report_versions` and `source_results`: a report row holds
 * the newest version, and every version it held before is kept in `report_versions` (updateReport).
 *
 * Lock order (docs/ARCHITECTURE.md): a report row is locked FOR NO KEY UPDATE, never FOR UPDATE,
 * and its key columns are never changed, because audit events reference reports: inserting one
 * takes a KEY SHARE lock on the report, and audit inserts run under the chain lock. A FOR UPDATE
 * here, held while this transaction waits for the chain lock, deadlocks with a reader that holds
 * the chain lock and waits for the key share.
 */

/** A stored version of a report: its body, the hash of the body's canonical JSON and the signature over it. */
export interface SignedReport {
  body: ReportBody;
  sha256: string;
  jws: string;
  kid: string;
  /** Which version of the report this is (1: as first stored); absent on a report not stored yet. */
  revision?: number;
  /** The bytes signed (canonical JSON), when just signed: stored as they are, not serialised again. */
  signedBytes?: Buffer;
  /** The JWS without its payload, when just signed: stored as it is (the compact `jws` then made only if read). */
  detachedJws?: string;
}

/** An earlier (or the current) signed version of a report, as `report_versions` keeps it. */
export interface ReportVersion extends Required<Omit<SignedReport, 'signedBytes' | 'detachedJws'>> {
  /** When this version was stored. */
  createdAt: string;
}

/**
 * Stores a new report, one result row per source and `alongside` (its request's row, a write with
 * a RETURNING list) in one statement, with `audit` (the event that records the report) appended
 * after them in the same statement when given (appendAuditEventsWith). `pendingGroup` names the
 * tickets its pending sources wait for.
 */
export async function insertReport(db: Knex, report: SignedReport, pendingGroup: string | null, persons: number, options: { alongside?: Knex.QueryBuilder; audit?: readonly AuditEvent[] } = {}): Promise<void> {
  const { body } = report;
  const writes: [string, Knex.QueryBuilder | Knex.Raw][] = [];
  if (options.alongside) writes.push(['alongside', options.alongside]);
  if (body.sources.length > 0) writes.push(['results', sourceResultsInsert(db, body, persons)]);
  const row = {
    id: body.id,
    request_id: body.requestId,
    household_id: body.household.id,
    ...sealVersion(db, body, 1, report),
    body_sha256: report.sha256,
    signing_kid: report.kid,
    status: body.status,
    completed_at: body.completedAt,
    pending_poll: body.status === 'PENDING' ? pendingGroup : null,
  };
  await writeTogether(db, writes, db('reports').insert(row).returning('id'), options.audit);
}

/**
 * Runs `writes` and `version` (the write of a report's row, with a RETURNING list) as one statement
 * of data-modifying CTEs, with `audit` appended after them when given. Whether `version` wrote a row.
 */
async function writeTogether(db: Knex, writes: Writes, version: Knex.QueryBuilder, audit?: readonly AuditEvent[]): Promise<boolean> {
  if (audit) return (await appendAuditEventsWith(db, [...writes, ['report', version]], 'report', audit)).written !== null;
  return (await withWrites(version, writes)).length > 0;
}

/**
 * The revision each body locked by lockReportBody was read at: updateReport keeps that version and
 * writes the next in one statement, and refuses if the row moved on meanwhile.
 */
const lockedRevision = new WeakMap<ReportBody, number>();

/** The body of a report, locked until the transaction ends (FOR NO KEY UPDATE: see the lock order above). */
export async function lockReportBody(trx: Knex.Transaction, reportId: string): Promise<ReportBody | null> {
  const row: Omit<SealedRow, 'jws'> | undefined = await trx('reports').where({ id: reportId }).whereNotNull('body_sealed').forNoKeyUpdate().first('id', 'revision', 'body_sealed');
  if (!row) return null;
  const body = openReportBody(trx, row);
  lockedRevision.set(body, row.revision);
  return body;
}

export interface ReportUpdate {
  /** New tickets the report now waits for (sources asked again). */
  pendingGroup?: string;
  /** Another table's change that goes with this version (the request completed, with a RETURNING list), written in the same statement. */
  alongside?: Knex.QueryBuilder;
  /** The audit event that records this version, appended in the same statement after the writes (the transaction's last statement, docs/ARCHITECTURE.md lock order). */
  audit?: readonly AuditEvent[];
}

/**
 * Stores a new version of a report locked with lockReportBody, and the result rows of the sources
 * named in `settled`, in one statement: the version the row held is kept in `report_versions`, the
 * result rows, `alongside` and the audit event ride along (appendAuditEventsWith). Returns the new
 * version's revision.
 */
export async function updateReport(trx: Knex.Transaction, report: SignedReport, settled: readonly string[], options: ReportUpdate = {}): Promise<number> {
  const { body } = report;
  const held = lockedRevision.get(body);
  if (held === undefined) throw new Error(`report ${body.id}: updateReport needs the body locked with lockReportBody`);
  const revision = held + 1;
  const writes: [string, Knex.QueryBuilder | Knex.Raw][] = [['kept', keptVersion(trx, body.id, held)]];
  const results = sourceResultsUpdate(trx, body, settled);
  if (results) writes.push(['results', results]);
  if (options.alongside) writes.push(['alongside', options.alongside]);
  const version = trx('reports')
    .where({ id: body.id, revision: held })
    .update({ ...sealVersion(trx, body, revision, report), body_sha256: report.sha256, signing_kid: report.kid, status: body.status, completed_at: body.completedAt, revision, revised_at: trx.fn.now(), ...(options.pendingGroup ? { pending_poll: options.pendingGroup } : {}) })
    .returning('id');
  // The row lock makes this impossible unless a caller updated the row behind the store's back.
  if (!(await writeTogether(trx, writes, version, options.audit))) throw new Error(`report ${body.id}: revision ${held} is no longer the stored one`);
  lockedRevision.set(body, revision);
  return revision;
}

/** Copies the version a locked report row holds into `report_versions` before the statement overwrites it. */
function keptVersion(trx: Knex.Transaction, reportId: string, revision: number): Knex.Raw {
  return trx.raw(
    `INSERT INTO report_versions (report_id, revision, body_sealed, body_sha256, jws, signing_kid, created_at)
     SELECT id, revision, body_sealed, body_sha256, jws, signing_kid, coalesce(revised_at, created_at) FROM reports WHERE id = ? AND revision = ?
     RETURNING revision`,
    [reportId, revision],
  );
}

/**
 * A ticket as PostgreSQL's jsonb takes it: an agency's ticket is any string, and a lone surrogate,
 * which UTF-8 text would carry as U+FFFD, makes jsonb refuse the whole statement.
 */
const wellFormed = (ticket: string): string => ticket.replace(/\p{Surrogate}/gu, '\ufffd');

/** An array parameter some of whose items are NULL (pg sends them so); knex's types know only arrays without. */
const withNulls = (values: (string | null)[]): Knex.Value => values as unknown as string[];

/**
 * The sources' result columns as one array each, for `unnest`: a statement of fixed text with six
 * parameters whatever the number of sources, where a row of placeholders per source made knex
 * compile and number some 500 of them per report (issue 15). A source's tickets travel as a JSON
 * array, since an array of arrays cannot be unnested row by row.
 */
function resultColumns(sources: readonly ReportSource[]): Knex.RawBinding[] {
  return [
    sources.map((s) => s.source),
    sources.map((s) => s.status),
    sources.map((s) => Math.round(s.latencyMs)),
    withNulls(sources.map((s) => s.answeredAt)),
    withNulls(sources.map((s) => s.error)),
    sources.map((s) => JSON.stringify(s.tickets.map((t) => wellFormed(t.ticket)))),
  ];
}

const RESULT_COLUMNS = 'unnest(?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::text[], ?::jsonb[]) AS v(source_id, status, latency_ms, answered_at, error, tickets)';
const TICKETS = 'ARRAY(SELECT t.ticket FROM jsonb_array_elements_text(v.tickets) WITH ORDINALITY AS t(ticket, n) ORDER BY t.n)';

/** The insert of a new report's result rows, one per source. */
function sourceResultsInsert(db: Knex, body: ReportBody, persons: number): Knex.Raw {
  return db.raw(
    `INSERT INTO source_results (request_id, persons, source_id, status, latency_ms, answered_at, error, tickets)
     SELECT ?::uuid, ?::int, v.source_id, v.status::source_status, v.latency_ms, v.answered_at, v.error, ${TICKETS} FROM ${RESULT_COLUMNS}
     RETURNING source_id`,
    [body.requestId, persons, ...resultColumns(body.sources)],
  );
}

/** The update of the result rows of the sources named in `settled` (none: null). */
function sourceResultsUpdate(trx: Knex.Transaction, body: ReportBody, settled: readonly string[]): Knex.Raw | null {
  const rows = body.sources.filter((s) => settled.includes(s.source));
  if (rows.length === 0) return null;
  return trx.raw(
    `UPDATE source_results AS r SET status = v.status::source_status, latency_ms = v.latency_ms, answered_at = v.answered_at, error = v.error, tickets = ${TICKETS}
       FROM ${RESULT_COLUMNS}
      WHERE r.request_id = ? AND r.source_id = v.source_id
      RETURNING r.source_id`,
    [...resultColumns(rows), body.requestId],
  );
}

type ReportRow = SealedRow & { body_sha256: string; signing_kid: string };
type VersionCheck = Omit<ReportRow, 'body_sealed'>;

/**
 * A report as stored, for reading: its body, the stored hash, the signature and its revision. The
 * version opened for an earlier read is used again (opened.ts) when the row still holds it: the
 * row is read without its sealed body then.
 */
export async function findReport(db: Knex, reportId: string): Promise<SignedReport | null> {
  if (keptRevision(reportId)) {
    const row = await versionCheck(db, reportId);
    if (!row) return null;
    const kept = takeKept(reportId, row.revision, row.body_sha256);
    // Object.assign, not a spread: a spread would call the JWS getter (sealed.ts).
    if (kept) return Object.assign(withJws(kept.body, kept.bytes, row.jws), { sha256: row.body_sha256, kid: row.signing_kid, revision: row.revision });
    // A new version, or dropped from memory meanwhile: read again, body and all.
    return findReportUncached(db, reportId);
  }
  const row: ReportRow | undefined = await db('reports').where({ id: reportId }).whereNotNull('body_sealed').first('id', 'body_sealed', 'body_sha256', 'jws', 'signing_kid', 'revision');
  if (!row) return null;
  const opened = openVersion(db, row);
  keep(reportId, row.revision, row.body_sha256, { body: opened.body, bytes: opened.bytes });
  return Object.assign(opened, { sha256: row.body_sha256, kid: row.signing_kid, revision: row.revision });
}

/** The rows of these reports without their sealed bodies (purged ones left out). */
function versionRows(db: Knex, reportIds: readonly string[]): Promise<VersionCheck[]> {
  return db('reports').whereIn('id', reportIds).whereNotNull('body_sealed').select('id', 'body_sha256', 'jws', 'signing_kid', 'revision');
}

/** Reads of kept versions waiting for the next statement, per pool. */
const waitingChecks = new WeakMap<Knex, { reportId: string; resolve(row: VersionCheck | null): void; reject(err: unknown): void }[]>();

/**
 * The row of a report without its body, for a read that holds the version kept in memory. The
 * checks that arrive in one turn of the event loop are one statement (a report polled by many,
 * reads of many reports at once): a PostgreSQL round trip was the costliest part of a read served
 * from memory (issue 15). Every statement is sent after the reads it answers arrived, so none sees
 * an older row than a statement of its own would have. Inside a transaction: the transaction's own.
 */
function versionCheck(db: Knex, reportId: string): Promise<VersionCheck | null> {
  if (db.isTransaction) return versionRows(db, [reportId]).then((rows) => rows[0] ?? null);
  let waiting = waitingChecks.get(db);
  if (!waiting) {
    waitingChecks.set(db, (waiting = []));
    setImmediate(() => void checkVersions(db));
  }
  const queue = waiting;
  return new Promise((resolve, reject) => queue.push({ reportId, resolve, reject }));
}

async function checkVersions(db: Knex): Promise<void> {
  const waiting = waitingChecks.get(db) ?? [];
  waitingChecks.delete(db);
  try {
    const rows = await versionRows(db, [...new Set(waiting.map((w) => w.reportId))]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const w of waiting) w.resolve(byId.get(w.reportId) ?? null);
  } catch (err) {
    for (const w of waiting) w.reject(err);
  }
}

async function findReportUncached(db: Knex, reportId: string): Promise<SignedReport | null> {
  forgetOpened([reportId]);
  return findReport(db, reportId);
}

interface VersionRow extends SealedRow {
  body_sha256: string;
  signing_kid: string;
  created_at: Date;
}

/** Every signed version of a report, oldest first, the current one (the report row) last; empty for an unknown report. */
export async function reportVersions(db: Knex, reportId: string): Promise<ReportVersion[]> {
  const rows: VersionRow[] = await db
    .select('report_id as id', 'revision', 'body_sealed', 'body_sha256', 'jws', 'signing_kid', 'created_at')
    .from('report_versions')
    .where({ report_id: reportId })
    .whereNotNull('body_sealed')
    .unionAll((q) => q.select('id', 'revision', 'body_sealed', 'body_sha256', 'jws', 'signing_kid', db.raw('coalesce(revised_at, created_at) AS created_at')).from('reports').where({ id: reportId }).whereNotNull('body_sealed'))
    .orderBy('revision');
  return rows.map((r) => Object.assign(openVersion(db, r), { sha256: r.body_sha256, kid: r.signing_kid, revision: r.revision, createdAt: r.created_at.toISOString() }));
}

/** The body of a report (null when unknown or its body was purged), without a lock: for readers of some of its fields. */
export async function readReportBody(db: Knex, reportId: string): Promise<ReportBody | null> {
  const row: Omit<SealedRow, 'jws'> | undefined = await db('reports').where({ id: reportId }).whereNotNull('body_sealed').first('id', 'revision', 'body_sealed');
  return row ? openReportBody(db, row) : null;
}

/** The bodies of those of these reports that still wait for a source. */
export async function pendingBodies(db: Knex, reportIds: readonly string[]): Promise<ReportBody[]> {
  if (reportIds.length === 0) return [];
  const rows: Omit<SealedRow, 'jws'>[] = await db('reports').whereIn('id', reportIds).where('status', 'PENDING').select('id', 'revision', 'body_sealed');
  return rows.map((r) => openReportBody(db, r));
}

/**
 * Those of these pending reports with a pending source that holds one of these tickets, read from
 * the result rows without opening a body. A report that applied the answer already may be among
 * them (its source waits for another ticket): the caller decides under the report's lock.
 */
export async function reportsHoldingTickets(db: Knex, reportIds: readonly string[], tickets: readonly string[]): Promise<string[]> {
  if (reportIds.length === 0 || tickets.length === 0) return [];
  const rows: { id: string }[] = await db('reports as r')
    .join('source_results as s', 's.request_id', 'r.request_id')
    .whereIn('r.id', reportIds)
    .where({ 'r.status': 'PENDING', 's.status': 'PENDING' })
    .whereRaw('s.tickets && ?::text[]', [[...tickets]])
    .distinct('r.id')
    .orderBy('r.id');
  return rows.map((r) => r.id);
}

/** Pending reports by the group of tickets they wait for (reports stored before groups were kept have none). */
export async function pendingReportsByGroup(db: Knex, options: { batch: boolean | null }): Promise<{ group: string | null; body: ReportBody }[]> {
  const q = db('reports as r').join('verification_requests as v', 'v.id', 'r.request_id').where('r.status', 'PENDING');
  if (options.batch === true) q.whereNotNull('v.batch_id');
  if (options.batch === false) q.whereNull('v.batch_id');
  const rows: (Omit<SealedRow, 'jws'> & { pending_poll: string | null })[] = await q.select('r.pending_poll', 'r.id', 'r.revision', 'r.body_sealed');
  return rows.map((r) => ({ group: r.pending_poll, body: openReportBody(db, r) }));
}

/**
 * The groups of pending batch reports whose newest report is at least `olderThanMs` old: keys
 * only, since a large batch has thousands of reports waiting for banks and the reconciler asks often.
 */
export async function pendingBatchGroups(db: Knex, olderThanMs: number): Promise<string[]> {
  const rows: { pending_poll: string }[] = await db('reports as r')
    .join('verification_requests as v', 'v.id', 'r.request_id')
    .where('r.status', 'PENDING')
    .whereNotNull('r.pending_poll')
    .whereNotNull('v.batch_id')
    .groupBy('r.pending_poll')
    .havingRaw('max(r.created_at) <= now() - make_interval(secs => ?)', [olderThanMs / 1000])
    .select('r.pending_poll');
  return rows.map((r) => r.pending_poll);
}

/** The bodies of the pending reports of one group. */
export async function pendingGroupBodies(db: Knex, group: string): Promise<ReportBody[]> {
  const rows: Omit<SealedRow, 'jws'>[] = await db('reports').where({ status: 'PENDING', pending_poll: group }).select('id', 'revision', 'body_sealed');
  return rows.map((r) => openReportBody(db, r));
}

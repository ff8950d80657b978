import type { Knex } from 'knex';
import type { ReportBody } from './report.js';

/**
 * The only code that writes `reports` and `source_results`.
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
}

/** Stores a new report and one result row per source. `pendingGroup` names the tickets its pending sources wait for. */
export async function insertReport(trx: Knex.Transaction, report: SignedReport, pendingGroup: string | null, persons: number): Promise<void> {
  const { body } = report;
  await trx('reports').insert({
    id: body.id,
    request_id: body.requestId,
    household_id: body.household.id,
    body,
    body_sha256: report.sha256,
    jws: report.jws,
    signing_kid: report.kid,
    status: body.status,
    completed_at: body.completedAt,
    pending_poll: body.status === 'PENDING' ? pendingGroup : null,
  });
  if (body.sources.length === 0) return;
  await trx('source_results').insert(
    body.sources.map((s) => ({
      request_id: body.requestId,
      source_id: s.source,
      status: s.status,
      latency_ms: Math.round(s.latencyMs),
      persons,
      tickets: s.tickets.map((t) => t.ticket),
      error: s.error,
      answered_at: s.answeredAt,
    })),
  );
}

/** The body of a report, locked until the transaction ends (FOR NO KEY UPDATE: see the lock order above). */
export async function lockReportBody(trx: Knex.Transaction, reportId: string): Promise<ReportBody | null> {
  const row: { body: ReportBody } | undefined = await trx('reports').where({ id: reportId }).forNoKeyUpdate().first('body');
  return row?.body ?? null;
}

/**
 * Stores a new version of a locked report, and the result rows of the sources named in `settled`
 * (one statement for all of them); `pendingGroup` names new tickets it waits for (sources asked again).
 */
export async function updateReport(trx: Knex.Transaction, report: SignedReport, settled: readonly string[], pendingGroup?: string): Promise<void> {
  const { body } = report;
  await trx('reports')
    .where({ id: body.id })
    .update({ body, body_sha256: report.sha256, jws: report.jws, signing_kid: report.kid, status: body.status, completed_at: body.completedAt, ...(pendingGroup ? { pending_poll: pendingGroup } : {}) });
  const rows = body.sources.filter((s) => settled.includes(s.source));
  if (rows.length === 0) return;
  const values = rows.map(() => '(?, ?::source_status, ?::int, ?::timestamptz, ?, ?::text[])').join(', ');
  await trx.raw(
    `UPDATE source_results AS r SET status = v.status, latency_ms = v.latency_ms, answered_at = v.answered_at, error = v.error, tickets = v.tickets
       FROM (VALUES ${values}) AS v(source_id, status, latency_ms, answered_at, error, tickets)
      WHERE r.request_id = ? AND r.source_id = v.source_id`,
    [...rows.flatMap((s) => [s.source, s.status, Math.round(s.latencyMs), s.answeredAt, s.error, s.tickets.map((t) => t.ticket)]), body.requestId],
  );
}

/** A report as stored, for reading: its body, the stored hash and the signature. */
export async function findReport(db: Knex, reportId: string): Promise<SignedReport | null> {
  const row: { body: ReportBody; body_sha256: string; jws: string; signing_kid: string } | undefined = await db('reports').where({ id: reportId }).first('body', 'body_sha256', 'jws', 'signing_kid');
  return row ? { body: row.body, sha256: row.body_sha256, jws: row.jws, kid: row.signing_kid } : null;
}

/** The bodies of those of these reports that still wait for a source. */
export async function pendingBodies(db: Knex, reportIds: readonly string[]): Promise<ReportBody[]> {
  if (reportIds.length === 0) return [];
  const rows: { body: ReportBody }[] = await db('reports').whereIn('id', reportIds).where('status', 'PENDING').select('body');
  return rows.map((r) => r.body);
}

/** Pending reports by the group of tickets they wait for (reports stored before groups were kept have none). */
export async function pendingReportsByGroup(db: Knex, options: { batch: boolean | null }): Promise<{ group: string | null; body: ReportBody }[]> {
  const q = db('reports as r').join('verification_requests as v', 'v.id', 'r.request_id').where('r.status', 'PENDING');
  if (options.batch === true) q.whereNotNull('v.batch_id');
  if (options.batch === false) q.whereNull('v.batch_id');
  const rows: { pending_poll: string | null; body: ReportBody }[] = await q.select('r.pending_poll', 'r.body');
  return rows.map((r) => ({ group: r.pending_poll, body: r.body }));
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
  const rows: { body: ReportBody }[] = await db('reports').where({ status: 'PENDING', pending_poll: group }).select('body');
  return rows.map((r) => r.body);
}

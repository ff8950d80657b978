import type { Knex } from 'knex';
import type { HubError } from '../errors/index.js';
import { isUuid } from '../validation/index.js';
import { recordAuditEvents, type AuditEvent } from './audit-log.js';

export interface Refusal {
  action: string;
  actor: AuditEvent['actor'];
  error: HubError;
  /** The region the request was about, when known: that region's auditors see the attempt. */
  regionCode?: string | null;
  /** The door the request came through: a GraphQL field or an HTTP route. */
  via: string;
  /** The report the request named (a `reportId` or a report's `id` argument), as given: so the attempt is found by report. */
  reportId?: unknown;
}

/**
 * Where a named report goes in the event: the `reportId` column when it is a stored report (the
 * column references `reports`), else `details.reportId` as given (an unknown id, or not a UUID).
 */
async function reportOf(db: Knex, named: unknown): Promise<{ reportId: string | null; detail: string | null }> {
  if (named === undefined || named === null || named === '') return { reportId: null, detail: null };
  const given = typeof named === 'string' ? named.slice(0, 100) : JSON.stringify(named).slice(0, 100);
  if (typeof named === 'string' && isUuid(named) && (await db('reports').where({ id: named }).first('id'))) return { reportId: named, detail: null };
  return { reportId: null, detail: given };
}

/**
 * Appends one REFUSED event, the same for every door (GraphQL field, printable report, upload,
 * dashboard): the attempt is the fact, so a refusal is audited like an allowed look.
 */
export async function auditRefusal(db: Knex, r: Refusal): Promise<void> {
  const field = r.error.extensions.field;
  const report = await reportOf(db, r.reportId);
  const event: AuditEvent = {
    action: r.action,
    outcome: 'REFUSED',
    actor: r.actor,
    regionCode: r.regionCode ?? null,
    reportId: report.reportId,
    errorCode: String(r.error.extensions.code),
    details: { reason: r.error.message, field: typeof field === 'string' ? field : null, via: r.via, ...(report.detail ? { reportId: report.detail } : {}) },
  };
  await recordAuditEvents(db, [event]);
}

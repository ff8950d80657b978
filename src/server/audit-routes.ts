import express, { type Express } from 'express';
import type { Knex } from 'knex';
import { buildAuditBundle, listCheckpoints, queryAuditEvents, recordAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { canonicalJson } from '../canonical/index.js';
import { HubError } from '../errors/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { requireRole } from '../policy/index.js';
import type { ReportKeyRing } from '../signing/index.js';
import { csvCell, refusingRoute, type RouteDeps } from './http-routes.js';

/** More events than this in one export is refused: narrow it with since/until. */
const EXPORT_LIMIT = 10_000;

const CSV_COLUMNS = ['seq', 'occurredAt', 'action', 'outcome', 'actorSub', 'actorOrg', 'actorRoles', 'purpose', 'applicationRef', 'regionCode', 'requestId', 'reportId', 'consentIds', 'subjects', 'attributeCodes', 'reportSha256', 'errorCode', 'details', 'hash'] as const;

interface Selection {
  idNumber?: string;
  actorSub?: string;
  applicationRef?: string;
  since?: Date;
  until?: Date;
  format: 'csv' | 'bundle';
}

function text(body: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) throw new HubError('BAD_USER_INPUT', `${field}: a text of at most ${max} characters`, { field });
  return value;
}

function instantOf(body: Record<string, unknown>, field: string): Date | undefined {
  const value = text(body, field, 40);
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new HubError('BAD_USER_INPUT', `${field}: not an ISO 8601 instant`, { field });
  return at;
}

/** Exactly one of a person, an actor or an application, optionally a time window, and the format. */
function selectionOf(body: unknown): Selection {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HubError('BAD_USER_INPUT', 'the body must be a JSON object', { field: 'body' });
  const b = body as Record<string, unknown>;
  const idNumber = text(b, 'idNumber', 18);
  if (idNumber !== undefined && !checkIdNumber(idNumber).ok) throw new HubError('INVALID_ID_NUMBER', 'idNumber: not a valid resident ID number', { field: 'idNumber' });
  const chosen = { idNumber, actorSub: text(b, 'actorSub', 200), applicationRef: text(b, 'applicationRef', 64) };
  const given = Object.entries(chosen).filter(([, v]) => v !== undefined);
  if (given.length !== 1) throw new HubError('BAD_USER_INPUT', 'give exactly one of idNumber, actorSub and applicationRef', { field: 'idNumber' });
  const format = b.format ?? 'csv';
  if (format !== 'csv' && format !== 'bundle') throw new HubError('BAD_USER_INPUT', 'format: csv or bundle', { field: 'format' });
  const since = instantOf(b, 'since');
  const until = instantOf(b, 'until');
  return { ...Object.fromEntries(given), ...(since ? { since } : {}), ...(until ? { until } : {}), format };
}

/** The events of the selection inside the auditor's jurisdiction, oldest first. */
async function selectedEvents(db: Knex, caller: Caller, s: Selection) {
  const events = [];
  for (let before: number | null = null; ; ) {
    const page = await queryAuditEvents(db, caller.org, s, 500, before);
    events.push(...page);
    if (events.length > EXPORT_LIMIT) throw new HubError('EXPORT_TOO_LARGE', `more than ${EXPORT_LIMIT} events: narrow the export with since and until`, { field: 'since' });
    if (page.length < 500) return events.reverse();
    before = page.at(-1)!.seq;
  }
}

/**
 * The auditors' downloads (docs/AUDIT.md): the checkpoints as JSON lines (the format verify-audit
 * reads), and the events of a person, an actor or an application as CSV or as a signed bundle
 * verifiable offline. The selection is POSTed, so an ID number never sits in a URL or an access log.
 */
export function mountAuditRoutes(app: Express, deps: RouteDeps & { reportKeys: Pick<ReportKeyRing, 'sign'> }): void {
  app.get('/audit/checkpoints', (req, res, next) =>
    refusingRoute(deps, req, res, next, 'audit.checkpoints', 'checkpoint export', async (caller) => {
      requireRole(caller, 'readAudit');
      const after = req.query.after === undefined ? 0 : Number(req.query.after);
      if (!Number.isSafeInteger(after) || after < 0) throw new HubError('BAD_USER_INPUT', 'after: a checkpoint number', { field: 'after' });
      const checkpoints = await listCheckpoints(deps.db, after);
      res.type('application/x-ndjson').set('cache-control', 'no-store').send(checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
    }),
  );
  app.post('/audit/export', express.json({ limit: '16kb' }), (req, res, next) =>
    refusingRoute(deps, req, res, next, 'audit.export', 'audit export', async (caller) => {
      requireRole(caller, 'readAudit');
      const s = selectionOf(req.body);
      const events = await selectedEvents(deps.db, caller, s);
      const selection = { ...s, idNumber: s.idNumber ? maskIdNumber(s.idNumber) : undefined, since: s.since?.toISOString(), until: s.until?.toISOString() };
      await recordAuditEvents(deps.db, [{ action: 'audit.export', outcome: 'ALLOWED', actor: caller, details: { selection, events: events.length } }]);
      const name = `audit-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      if (s.format === 'bundle') {
        const { jws } = await buildAuditBundle(deps.db, events.map((e) => e.seq), { exportedBy: { sub: caller.sub, org: caller.org }, selection }, deps.reportKeys);
        res.type('application/jose').set('content-disposition', `attachment; filename="${name}.jws"`).send(jws);
        return;
      }
      const rows = events.map((e) => CSV_COLUMNS.map((c) => csvCell(c === 'details' ? canonicalJson(e.details) : Array.isArray(e[c]) ? (e[c] as string[]).join(' ') : e[c])).join(','));
      // A BOM, so a spreadsheet reads the UTF-8 (Chinese purposes and reasons) as UTF-8.
      res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="${name}.csv"`).send(`\uFEFF${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    }),
  );
}

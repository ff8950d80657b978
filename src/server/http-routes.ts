import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { recordAuditEvents, auditRefusal } from '../audit/index.js';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { batchFor, batchResults } from '../batches/index.js';
import type { Catalog } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import { requireQueueDashboard, requireRole } from '../policy/index.js';
import { regionOfReport } from '../households/index.js';
import { renderReportHtml, reportHash } from '../reports/index.js';
import { isUuid } from '../validation/index.js';
import type { VerificationService } from '../verification/index.js';
import type { SecurityLog } from '../security-log/index.js';
import { requestCaller, sessionOf } from './console-session.js';
import { logRefusal, sendTextRefusal } from './http-refusal.js';

export interface RouteDeps {
  db: Knex;
  verifier: TokenVerifier;
  /** Where refusals of authentication and input are recorded (src/security-log). */
  securityLog?: SecurityLog;
  /** Present when the console's sign-in is on: a signed-out browser is sent there instead of a bare 401. */
  signIn?: object;
}

/**
 * A person's browser opening a page of the hub (a top-level navigation: Sec-Fetch-Mode, else an
 * Accept that wants HTML) without any credential: sent to sign in, and back here afterwards.
 * Scripts and machine clients (a token, or no such headers) keep the 401.
 */
function signInInstead(deps: RouteDeps, req: Request, err: HubError): string | null {
  if (!deps.signIn || err.extensions.code !== 'UNAUTHENTICATED' || req.method !== 'GET' || req.header('authorization')) return null;
  const navigation = req.header('sec-fetch-mode') === 'navigate' || (req.header('sec-fetch-mode') === undefined && (req.header('accept') ?? '').includes('text/html'));
  return navigation ? `/auth/sign-in?return=${encodeURIComponent(req.originalUrl)}` : null;
}

/**
 * Runs an authenticated route: a HubError after authentication is audited as a refusal of
 * `action` (the same helper as the GraphQL guard), naming the report the route is `about` and its
 * household's region (that region's auditors see the attempt), and answered as text; before it (no or a forged token) there is no actor, so it goes
 * to the security log only. Authentication and input refusals go to the security log too.
 */
export async function refusingRoute(deps: RouteDeps, req: Request, res: Response, next: NextFunction, action: string, via: string, run: (caller: Caller) => Promise<void>, about?: { reportId: string }): Promise<void> {
  let caller: Caller | null = null;
  try {
    caller = await requestCaller(deps.verifier, req);
    await run(caller);
  } catch (err) {
    if (!(err instanceof HubError)) return next(err);
    logRefusal(deps.securityLog, req, err, `${req.method} ${req.route ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || req.path}`, caller);
    if (caller) await auditRefusal(deps.db, { action, actor: caller, error: err, via, reportId: about?.reportId, regionCode: about ? await regionOfReport(deps.db, about.reportId) : null });
    if (res.headersSent) return;
    const signIn = signInInstead(deps, req, err);
    if (signIn) res.redirect(303, signIn);
    else sendTextRefusal(res, err);
  }
}

/** What a dashboard write is (for its audit event): `PUT /api/queues/webhooks/clean/failed` -> clean of webhooks. */
export function dashboardAction(path: string): { operation: string; queue: string; job: string | null } {
  const parts = path.replace(/^\/api\/queues\/?/, '').split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  if (parts[0] === 'pause' || parts[0] === 'resume') return { operation: parts[0], queue: '*', job: null };
  const queueOps = ['add', 'retry', 'promote', 'clean', 'pause', 'resume', 'concurrency', 'rate-limit', 'empty', 'obliterate', 'job-schedulers'];
  if (parts[1] !== undefined && queueOps.includes(parts[1])) return { operation: parts[1], queue: parts[0] ?? '?', job: null };
  return { operation: parts[2] ?? 'remove', queue: parts[0] ?? '?', job: parts[1] ?? null };
}

/**
 * The queue dashboard (bull-board): job data names households, so only platform-wide callers look
 * (policy: requireQueueDashboard), read-only (bull-board's readOnlyMode hides and refuses the
 * buttons); a write (any method but GET/HEAD: pause, resume, clean, retry, promote, remove...)
 * needs queue-operator and is audited per action with its queue, before it runs.
 */
export function mountDashboard(app: Express, deps: RouteDeps & { queues: Queue[] }): void {
  const board = (readOnlyMode: boolean) => {
    const adapter = new ExpressAdapter();
    adapter.setBasePath('/admin/queues');
    createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q, { readOnlyMode })), serverAdapter: adapter });
    return adapter.getRouter() as (req: Request, res: Response, next: NextFunction) => void;
  };
  const readOnly = board(true);
  const writable = board(false);
  app.use('/admin/queues', (req: Request, res: Response, next: NextFunction) => {
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    const action = write ? dashboardAction(req.path) : null;
    return refusingRoute(deps, req, res, next, action ? `queues.${action.operation}` : 'queues.dashboard', 'queue dashboard', async (caller) => {
      requireQueueDashboard(caller, write);
      if (action) {
        await recordAuditEvents(deps.db, [{ action: `queues.${action.operation}`, outcome: 'ALLOWED', actor: caller, details: { queue: action.queue, job: action.job, method: req.method, path: req.path } }]);
      } else if (req.path === '/' || req.path === '') {
        await recordAuditEvents(deps.db, [{ action: 'queues.dashboard', outcome: 'ALLOWED', actor: caller }]);
      }
      (caller.roles.some((r) => r === 'queue-operator') ? writable : readOnly)(req, res, next);
    });
  });
}

/**
 * The printable report, authorised and audited exactly like the GraphQL read. A person signed in to
 * the console (a session, no bearer token) is sent to the console's report page instead: the one
 * Chinese-first rendering (conclusion first, bank names, A4 print with page numbers and a QR code),
 * which reads the report over GraphQL under the same rules and audit, so the read is audited once,
 * there. Machine clients with a bearer token keep this bilingual HTML.
 */
export function mountPrintableReports(app: Express, deps: RouteDeps & { catalog: Catalog; verification: VerificationService }): void {
  app.get('/reports/:file', async (req, res, next) => {
    const match = /^([0-9a-f-]{36})\.html$/i.exec(req.params.file);
    if (!match) return next();
    if (!isUuid(match[1])) {
      res.status(400).type('text/plain').send('BAD_USER_INPUT: id: not a report id');
      return;
    }
    if (sessionOf(req)) {
      res.redirect(303, `/console/reports/${match[1]!.toLowerCase()}`);
      return;
    }
    await refusingRoute(deps, req, res, next, 'report.read', 'printable report', async (caller) => {
      const stored = await deps.verification.read(caller, match[1]!);
      if (!stored) {
        res.status(404).type('text/plain').send('no report with this id');
        return;
      }
      res.type('html').set('cache-control', 'no-store').send(renderReportHtml(stored.body, deps.catalog, { kid: stored.kid, sha256: reportHash(stored.body) }));
    }, { reportId: match[1]! });
  });
}

const CSV_COLUMNS = ['seq', 'externalRef', 'regionCode', 'status', 'reportId', 'reportStatus', 'errorCode', 'errorMessage', 'circle', 'hardshipIndex', 'undeclaredItemsFound'] as const;

/**
 * RFC 4180 quoting; a text cell starting with = + - @ TAB or CR is prefixed with ' so a spreadsheet
 * never runs it as a formula (OWASP CSV injection). Numbers are written as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Batch results as CSV, page by page from PostgreSQL (never the whole batch in memory). */
export function mountBatchExport(app: Express, deps: RouteDeps): void {
  app.get('/batches/:id/results.csv', (req, res, next) =>
    refusingRoute(deps, req, res, next, 'batch.results-export', 'CSV export', async (caller) => {
      requireRole(caller, 'readReport');
      const batch = await batchFor(deps.db, caller, req.params.id);
      await recordAuditEvents(deps.db, [{ action: 'batch.results-export', outcome: 'ALLOWED', actor: caller, details: { batch: batch.id } }]);
      res.type('text/csv').set('content-disposition', `attachment; filename="batch-${batch.id}.csv"`);
      res.write(`${CSV_COLUMNS.join(',')}\n`);
      for (let after = 0; ; ) {
        const page = await batchResults(deps.db, batch.id, 1_000, after);
        if (page.length === 0) break;
        res.write(page.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\n') + '\n');
        after = page.at(-1)!.seq;
      }
      res.end();
    }),
  );
}

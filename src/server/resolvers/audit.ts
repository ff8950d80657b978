import { listCheckpoints, recordAuditEvents, queryAuditEvents, verifyAuditChain, type AuditOutcome } from '../../audit/index.js';
import { canonicalJson } from '../../canonical/index.js';
import { HubError } from '../../errors/index.js';
import { checkIdNumber, maskIdNumber } from '../../identity/index.js';
import type { ResolverDeps } from './deps.js';
import { actionOf, guarded } from './guard.js';
import { instant, requirePageSize } from './inputs.js';

/** What an audit event's outcome can be (src/audit/event-hash.ts AuditOutcome). */
const AUDIT_OUTCOMES: readonly string[] = ['ALLOWED', 'REFUSED', 'FAILED'] satisfies AuditOutcome[];

interface AuditEventsArgs {
  filter?: Record<string, string | null> | null;
  first: number;
  before?: string | null;
}

function auditEvents(deps: ResolverDeps) {
  return guarded('auditEvents', deps, async (caller, args: AuditEventsArgs) => {
    const f = args.filter ?? {};
    if (f.idNumber && !checkIdNumber(f.idNumber).ok) throw new HubError('INVALID_ID_NUMBER', 'filter.idNumber: not a valid resident ID number', { field: 'filter.idNumber' });
    if (f.outcome && !AUDIT_OUTCOMES.includes(f.outcome)) throw new HubError('BAD_USER_INPUT', `filter.outcome: one of ${AUDIT_OUTCOMES.join(', ')}`, { field: 'filter.outcome' });
    requirePageSize(args.first, 500);
    const before = pageBefore(args.before);
    const filter = { ...f, since: instant(f.since, 'filter.since'), until: instant(f.until, 'filter.until') };
    const events = await queryAuditEvents(deps.db, caller.org, filter, args.first, before);
    await recordAuditEvents(deps.db, [{ action: actionOf('auditEvents'), outcome: 'ALLOWED', actor: caller, details: { filter: { ...f, idNumber: f.idNumber ? maskIdNumber(f.idNumber) : null }, returned: events.length } }]);
    return events.map((e) => ({ ...e, details: canonicalJson(e.details) }));
  });
}

function pageBefore(before: string | null | undefined): number | null {
  const seq = before ? Number(before) : null;
  if (seq !== null && !Number.isSafeInteger(seq)) throw new HubError('BAD_USER_INPUT', 'before: must be an event sequence number', { field: 'before' });
  return seq;
}

/** Look-ups started and never closed: what a hub stopped between asking the agencies and storing left. */
function auditOpenAccesses(deps: ResolverDeps) {
  return guarded('auditOpenAccesses', deps, async (caller, args: { olderThanSeconds: number; first: number; before?: string | null }) => {
    requirePageSize(args.first, 500);
    if (!Number.isSafeInteger(args.olderThanSeconds) || args.olderThanSeconds < 0) throw new HubError('BAD_USER_INPUT', 'olderThanSeconds: must be 0 or more', { field: 'olderThanSeconds' });
    const events = await queryAuditEvents(deps.db, caller.org, { openAccessBefore: new Date(Date.now() - args.olderThanSeconds * 1000) }, args.first, pageBefore(args.before));
    await recordAuditEvents(deps.db, [{ action: actionOf('auditOpenAccesses'), outcome: 'ALLOWED', actor: caller, details: { olderThanSeconds: args.olderThanSeconds, returned: events.length } }]);
    return events.map((e) => ({ ...e, details: canonicalJson(e.details) }));
  });
}

/** audit.graphql: the auditors' query and the chain check. */
export function auditResolvers(deps: ResolverDeps) {
  return {
    Query: {
      auditEvents: auditEvents(deps),
      auditOpenAccesses: auditOpenAccesses(deps),
      auditChain: guarded('auditChain', deps, (_caller, args: { from: 'START' | 'LAST_CONFIRMED' }) => verifyAuditChain(deps.db, { jwks: deps.reportKeys.jwks(), from: args.from, record: true })),
      auditCheckpoints: guarded('auditCheckpoints', deps, (_caller, args: { after: number; first: number }) => {
        requirePageSize(args.first, 1000);
        return listCheckpoints(deps.db, Math.max(0, args.after), args.first);
      }),
    },
  };
}

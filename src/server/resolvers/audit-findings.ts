import { auditFindings, registerActorPerson, reviewAuditFinding, runAuditFindings, saveFindingParameters, type FindingView } from '../../audit-findings/index.js';
import { canonicalJson } from '../../canonical/index.js';
import { HubError } from '../../errors/index.js';
import { AUDIT_FINDING_KIND, listSubscriptions, subscribe, unsubscribe } from '../../webhooks/index.js';
import type { ResolverDeps } from './deps.js';
import { actionOf, guarded } from './guard.js';
import { instant, requirePageSize } from './inputs.js';

interface FindingsArgs {
  filter?: Record<string, string | null> | null;
  first: number;
  before?: string | null;
}

/** As auditEvents shows them: details and params as canonical JSON text. */
function findingView(f: FindingView) {
  return { ...f, seq: String(f.seq), params: canonicalJson(f.params), evidence: f.evidence.map((e) => ({ ...e, details: canonicalJson(e.details) })) };
}

function findings(deps: ResolverDeps) {
  return guarded('auditFindings', deps, async (caller, args: FindingsArgs) => {
    const f = args.filter ?? {};
    requirePageSize(args.first, 200);
    const before = args.before ? Number(args.before) : null;
    if (before !== null && !Number.isSafeInteger(before)) throw new HubError('BAD_USER_INPUT', 'before: must be a finding sequence number', { field: 'before' });
    const filter = { ...f, since: instant(f.since, 'filter.since'), until: instant(f.until, 'filter.until') };
    return (await auditFindings(deps.db, caller, filter, args.first, before, actionOf('auditFindings'))).map(findingView);
  });
}

/** audit-findings.graphql: anomaly findings over the audit log, their review, the rules' run and settings. */
export function auditFindingResolvers(deps: ResolverDeps) {
  return {
    Query: {
      auditFindings: findings(deps),
      auditFindingSubscriptions: guarded('auditFindingSubscriptions', deps, (caller) => listSubscriptions(deps.db, caller.org, { audience: 'audit' })),
    },
    Mutation: {
      reviewAuditFinding: guarded('reviewAuditFinding', deps, async (caller, args: { id: string; note: string }) => findingView(await reviewAuditFinding(deps.db, caller, args.id, args.note, actionOf('reviewAuditFinding')))),
      runAuditFindings: guarded('runAuditFindings', deps, async (caller) => {
        const r = await runAuditFindings(deps.db, caller, actionOf('runAuditFindings'));
        return { ...r, cursor: String(r.cursor) };
      }),
      registerAuditActor: guarded('registerAuditActor', deps, async (caller, args: { sub: string; idNumber: string; name: string }) => {
        await registerActorPerson(deps.db, caller, args, actionOf('registerAuditActor'));
        return true;
      }),
      saveAuditFindingParameters: guarded('saveAuditFindingParameters', deps, async (caller, args: { regionCode?: string | null; effectiveFrom: string; parameters: unknown }) => {
        await saveFindingParameters(deps.db, caller, { regionCode: args.regionCode ?? null, effectiveFrom: args.effectiveFrom, parameters: args.parameters }, actionOf('saveAuditFindingParameters'));
        return true;
      }),
      subscribeAuditFindings: guarded('subscribeAuditFindings', deps, (caller, args: { url: string }) => subscribe(deps.db, caller, { url: args.url, kinds: [AUDIT_FINDING_KIND] }, { allowLoopbackHttp: deps.profile !== 'production' })),
      unsubscribeAuditFindings: guarded('unsubscribeAuditFindings', deps, (caller, args: { id: string }) => unsubscribe(deps.db, caller, args.id, 'audit')),
    },
  };
}

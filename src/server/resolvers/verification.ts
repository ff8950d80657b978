import { registerConsents, revokeConsents, type ConsentInput } from '../../consent/index.js';
import { HubError } from '../../errors/index.js';
import { maskIdNumber } from '../../identity/index.js';
import { verifyReportJws } from '../../signing/index.js';
import type { VerificationInput } from '../../verification/index.js';
import { wantedFromSelection } from '../selection.js';
import type { ResolverDeps } from './deps.js';
import { guarded } from './guard.js';
import { reportView } from './views/report.js';

function verificationReport(deps: ResolverDeps) {
  // The service checks the role and the jurisdiction, and audits the allowed read itself.
  return guarded('verificationReport', deps, async (caller, args: { id: string }) => {
    const stored = await deps.verification.read(caller, args.id);
    return stored ? reportView(stored.body, stored) : null;
  });
}

function requestVerification(deps: ResolverDeps) {
  return guarded('requestVerification', deps, async (caller, args: { input: VerificationInput }, _ctx, info) => {
    const stored = await deps.verification.request(caller, args.input, wantedFromSelection(info, deps.catalog));
    return reportView(stored.body, stored);
  });
}

function retrySourcesField(deps: ResolverDeps) {
  return guarded('retrySources', deps, async (caller, args: { reportId: string }) => {
    const stored = await deps.verification.retrySources(caller, args.reportId);
    return reportView(stored.body, stored);
  });
}

/** Every signed version of a report (an accepted objection, a bank's answer or a retry stored a new one), oldest first. */
function reportVersionsField(deps: ResolverDeps) {
  return guarded('reportVersions', deps, async (caller, args: { reportId: string }) =>
    (await deps.verification.versions(caller, args.reportId)).map((v) => ({ revision: v.revision, reportSha256: v.sha256, signature: { get jws() { return v.jws; }, kid: v.kid }, createdAt: v.createdAt, report: reportView(v.body, v) })),
  );
}

/** Any role may check a signature; an empty `jws` is a caller's mistake, refused (and audited) rather than answered MALFORMED. */
function verifyReport(deps: ResolverDeps) {
  return guarded('verifyReport', deps, async (_caller, args: { jws: string }) => {
    if (args.jws.trim() === '') throw new HubError('BAD_USER_INPUT', 'jws: empty; pass VerificationReport.signature.jws', { field: 'jws' });
    const r = await verifyReportJws(args.jws, deps.reportKeys.jwks());
    if (!r.valid) return { valid: false, check: r.check, message: r.message };
    const id = (r.payload as { id?: unknown } | null)?.id;
    return { valid: true, kid: r.kid, reportId: typeof id === 'string' ? id : null, reportSha256: r.payloadSha256 };
  });
}

function registerConsentsField(deps: ResolverDeps) {
  return guarded('registerConsents', deps, async (caller, args: { consents: ConsentInput[] }) => {
    const saved = await registerConsents(deps.db, caller, args.consents);
    return saved.map((c) => ({ ...c, member: maskIdNumber(c.idNumber), guardian: c.guardianIdNumber ? maskIdNumber(c.guardianIdNumber) : null, validFrom: c.validFrom.toISOString(), validUntil: c.validUntil.toISOString() }));
  });
}

function revokeConsentsField(deps: ResolverDeps) {
  return guarded('revokeConsents', deps, (caller, args: { ids: string[] }) => revokeConsents(deps.db, caller, args.ids));
}

/** verification.graphql: reports, their signatures, consents and the verification itself. */
export function verificationResolvers(deps: ResolverDeps) {
  return {
    Query: { verificationReport: verificationReport(deps), reportVersions: reportVersionsField(deps), verifyReport: verifyReport(deps) },
    Mutation: { registerConsents: registerConsentsField(deps), revokeConsents: revokeConsentsField(deps), requestVerification: requestVerification(deps), retrySources: retrySourcesField(deps) },
  };
}

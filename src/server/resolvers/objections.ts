import { listObjections, raiseObjection, reviewObjection, type Decision, type Evidence, type Objection, type ObjectionDeps } from '../../objections/index.js';
import type { ResolverDeps } from './deps.js';
import { guarded } from './guard.js';
import { reportView } from './views/report.js';

/** The objections module's needs, from the resolvers': a changed report is stored by the verification service. */
const objectionDeps = (deps: ResolverDeps): ObjectionDeps => ({ db: deps.db, catalog: deps.catalog, storeRevision: (trx, body) => deps.verification.storeRevision(trx, body) });

function objectionView(o: Objection, deps: ResolverDeps) {
  const a = deps.catalog.attribute(o.attribute);
  return {
    ...o,
    labelZh: a?.zh ?? o.attribute,
    labelEn: a?.en ?? o.attribute,
    proposedValue: o.proposed,
    raisedByOrg: o.raisedBy.org,
    raisedBy: o.raisedBy.sub,
    reviewedBy: o.reviewedBy?.sub ?? null,
    stillDecidedBy: o.stillDecidedBy.map((d) => ({ ...d, labelZh: deps.catalog.attribute(d.attribute)?.zh ?? d.attribute })),
  };
}

interface RaiseArgs {
  reportId: string;
  personId: string;
  attribute: string;
  proposedValue: unknown;
  evidence: Evidence;
}

/** objections.graphql: objections (复核) to a report's values and their review. */
export function objectionResolvers(deps: ResolverDeps) {
  return {
    Query: {
      objections: guarded('objections', deps, async (caller, args: { reportId: string }) => (await listObjections(objectionDeps(deps), caller, args.reportId)).map((o) => objectionView(o, deps))),
    },
    Mutation: {
      raiseObjection: guarded('raiseObjection', deps, async (caller, args: RaiseArgs) => objectionView(await raiseObjection(objectionDeps(deps), caller, args), deps)),
      reviewObjection: guarded('reviewObjection', deps, async (caller, args: { objectionId: string; decision: Decision; note: string }) => {
        const { objection, report } = await reviewObjection(objectionDeps(deps), caller, args.objectionId, args.decision, args.note);
        return { objection: objectionView(objection, deps), report: reportView(report.body, report) };
      }),
    },
  };
}

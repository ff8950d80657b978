import { requireJurisdiction, requireKnownRegion } from '../../policy/index.js';
import { listPolicyVersions, resolvePolicy, savePolicy } from '../../regional-policy/index.js';
import type { ResolverDeps } from './deps.js';
import { guarded } from './guard.js';

interface SavePolicyArgs {
  regionCode: string;
  effectiveFrom: string;
  about?: string | null;
  parameters: unknown;
}

/** policy.graphql: regional means-test policies, read by every role and versioned by admins. */
export function policyResolvers(deps: ResolverDeps) {
  return {
    Query: {
      policy: guarded('policy', deps, (_caller, args: { regionCode: string; date: string }) => resolvePolicy(deps.db, args.regionCode, args.date)),
      policyVersions: guarded('policyVersions', deps, (_caller, args: { regionCode: string }) => {
        requireKnownRegion(args.regionCode, 'regionCode');
        return listPolicyVersions(deps.db, args.regionCode);
      }),
    },
    Mutation: {
      savePolicy: guarded('savePolicy', deps, (caller, args: SavePolicyArgs) => {
        requireJurisdiction(caller, args.regionCode, 'regionCode');
        return savePolicy(deps.db, caller, args);
      }),
    },
  };
}

import { recordAuditEvents } from '../../audit/index.js';
import type { Caller } from '../../auth/index.js';
import { HubError } from '../../errors/index.js';
import { householdStatus, rankHouseholds, recordAssistance, type RankingFilter } from '../../households/index.js';
import { requireJurisdiction } from '../../policy/index.js';
import type { HubContext } from '../context.js';
import type { ResolverDeps } from './deps.js';
import { actionOf, guarded, runGuarded } from './guard.js';
import { statusView } from './views/status.js';

/** The household's status for the caller, within jurisdiction, its read audited as household.read. */
async function readStatus(deps: ResolverDeps, caller: Caller, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new HubError('BAD_USER_INPUT', 'id: not a household id', { field: 'id' });
  const status = await householdStatus(deps.db, id);
  if (!status) return null;
  requireJurisdiction(caller, status.regionCode, 'id');
  await recordAuditEvents(deps.db, [{ action: actionOf('household'), outcome: 'ALLOWED', actor: caller, regionCode: status.regionCode, reportId: status.reportId, details: { household: status.householdId } }]);
  return statusView(deps.db, status);
}

function household(deps: ResolverDeps) {
  return guarded('household', deps, (caller, args: { id: string }) => readStatus(deps, caller, args.id));
}

/**
 * `Household.status`: the same read as `Query.household`, guarded and audited the same way, so a
 * supergraph that reaches a household through an entity reference releases nothing more.
 */
export function householdStatusField(deps: ResolverDeps) {
  return (parent: { id: string }, _args: unknown, ctx: HubContext) => runGuarded('household', deps, ctx, { id: parent.id }, (caller) => readStatus(deps, caller, parent.id));
}

interface RankingArgs {
  regionCode: string;
  filter?: RankingFilter | null;
  first: number;
  after?: string | null;
}

function rankedHouseholds(deps: ResolverDeps) {
  return guarded('rankedHouseholds', deps, async (caller, args: RankingArgs) => {
    requireJurisdiction(caller, args.regionCode, 'regionCode');
    const page = await rankHouseholds(deps.db, args.regionCode, args.filter ?? {}, args.first, args.after ?? null);
    await recordAuditEvents(deps.db, [{ action: actionOf('rankedHouseholds'), outcome: 'ALLOWED', actor: caller, regionCode: args.regionCode, details: { filter: args.filter ?? {}, returned: page.items.length } }]);
    return { edges: page.items.map((i) => ({ rank: i.rank, cursor: i.cursor, status: statusView(deps.db, i.status) })), hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null };
  });
}

interface RecordAssistanceArgs {
  householdId: string;
  programme: string;
  amount: number;
  date: string;
  department: string;
}

/** Records assistance given; the service validates, checks jurisdiction and audits it with the recomputed status. */
function recordAssistanceField(deps: ResolverDeps) {
  return guarded('recordAssistance', deps, async (caller, args: RecordAssistanceArgs) => {
    const { record, repeat } = await recordAssistance(deps.db, caller, args);
    const status = await householdStatus(deps.db, record.householdId);
    return { record, repeat, status: status ? statusView(deps.db, status) : null };
  });
}

/** household.graphql: a household's status and history, the ranking of a region's households, and recording assistance given. */
export function householdResolvers(deps: ResolverDeps) {
  return { Query: { household: household(deps), rankedHouseholds: rankedHouseholds(deps) }, Mutation: { recordAssistance: recordAssistanceField(deps) } };
}

import { recordAuditEvents } from '../../audit/index.js';
import type { Caller } from '../../auth/index.js';
import { HubError } from '../../errors/index.js';
import { checkIdNumber, maskIdNumber } from '../../identity/index.js';
import { householdStatus, rankHouseholds, recordAssistance, searchHouseholds, type HouseholdSearch, type RankingFilter } from '../../households/index.js';
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

/** The status view's fields that are functions (read when selected): resolvers call them, as compiled execution does not (compiled-execution.ts). */
const LAZY_STATUS_FIELDS = ['exclusionZh', 'history', 'recordedAssistance'] as const;

/**
 * `HouseholdStatus`'s lazy fields as resolvers: a status reached inside a compiled report read
 * (`verificationReport { household { status { history } } }`) is resolved by graphql-jit, which
 * reads a function-valued property without calling it.
 */
export function householdStatusResolvers() {
  const call = (field: (typeof LAZY_STATUS_FIELDS)[number]) => (status: Record<string, unknown>) => {
    const value = status[field];
    return typeof value === 'function' ? (value as () => unknown)() : value;
  };
  return Object.fromEntries(LAZY_STATUS_FIELDS.map((f) => [f, call(f)]));
}

/**
 * `Household.status`: the same read as `Query.household`, guarded and audited the same way, so a
 * supergraph that reaches a household through an entity reference releases nothing more.
 */
export function householdStatusField(deps: ResolverDeps) {
  return (parent: { id: string }, _args: unknown, ctx: HubContext) => runGuarded('household', deps, ctx, { id: parent.id }, (caller) => readStatus(deps, caller, parent.id));
}

/**
 * The console's household search: by a member's ID number (checked first, GB 11643) or the
 * assistance system's reference, within the caller's jurisdiction. Audited as households.search
 * with the number masked; each household's status read through `Household.status` is audited as
 * household.read as usual.
 */
function findHouseholds(deps: ResolverDeps) {
  return guarded('findHouseholds', deps, async (caller, args: HouseholdSearch) => {
    const idNumber = args.idNumber?.trim() || null;
    const externalRef = args.externalRef?.trim() || null;
    if (!idNumber && !externalRef) throw new HubError('BAD_USER_INPUT', 'idNumber: give an ID number or a household reference (externalRef)', { field: 'idNumber' });
    let checked: string | null = null;
    if (idNumber) {
      const id = checkIdNumber(idNumber);
      if (!id.ok) throw new HubError('INVALID_ID_NUMBER', `idNumber: ${id.message}`, { field: 'idNumber', problem: id.problem });
      checked = id.value.idNumber;
    }
    const found = await searchHouseholds(deps.db, caller, { idNumber: checked, externalRef });
    await recordAuditEvents(deps.db, [{ action: actionOf('findHouseholds'), outcome: 'ALLOWED', actor: caller, regionCode: caller.org, details: { by: checked ? 'idNumber' : 'externalRef', ...(checked ? { idNumber: maskIdNumber(checked) } : { externalRef }), found: found.length } }]);
    return found;
  });
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
  return { Query: { household: household(deps), findHouseholds: findHouseholds(deps), rankedHouseholds: rankedHouseholds(deps) }, Mutation: { recordAssistance: recordAssistanceField(deps) } };
}

import type { Knex } from 'knex';
import { HubError } from '../errors/index.js';
import { regionFilter } from '../policy/index.js';
import { STATUS_COLUMNS, toStatus, type HouseholdStatus, type StatusRow } from './status.js';

export interface RankingFilter {
  targetGroups?: string[] | null;
  circles?: number[] | null;
  needTags?: string[] | null;
  programmes?: string[] | null;
  disabledMember?: boolean | null;
  /** Per-capita income below this multiple of the low-income standard. */
  maxIncomeToLowIncomeRatio?: number | null;
  /** Any of these urgency colours. */
  urgency?: string[] | null;
  /** Any of these special groups. */
  specialGroups?: string[] | null;
  /** Also list the households not ranked (vetoed, eligible for nothing), after the ranked ones, without a rank. */
  includeExcluded?: boolean | null;
}

export interface RankedPage {
  /** rank: null for a household listed with `includeExcluded` but not ranked. */
  items: { rank: number | null; cursor: string; status: HouseholdStatus }[];
  hasNextPage: boolean;
}

interface Cursor {
  ranked: boolean;
  index: number;
  id: string;
  rank: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.ranked ? 1 : 0, c.index, c.id, c.rank])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const [ranked, index, id, rank] = JSON.parse(Buffer.from(text, 'base64url').toString()) as [number, number, string, number];
    if ((ranked === 0 || ranked === 1) && typeof index === 'number' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && Number.isInteger(rank)) return { ranked: ranked === 1, index, id, rank };
  } catch {
    // fall through to the error below
  }
  throw new HubError('BAD_USER_INPUT', 'after: not a cursor returned by rankedHouseholds', { field: 'after' });
}

function applyFilter(q: Knex.QueryBuilder, filter: RankingFilter): void {
  if (filter.targetGroups?.length) q.whereRaw('a.target_groups && ?::text[]', [filter.targetGroups]);
  if (filter.needTags?.length) q.whereRaw('a.need_tags && ?::text[]', [filter.needTags]);
  if (filter.programmes?.length) q.whereRaw('a.eligible_programmes && ?::text[]', [filter.programmes]);
  if (filter.specialGroups?.length) q.whereRaw('a.special_groups && ?::text[]', [filter.specialGroups]);
  if (filter.urgency?.length) q.whereIn('a.urgency', filter.urgency);
  if (filter.circles?.length) q.whereIn('a.circle', filter.circles);
  if (filter.disabledMember != null) q.where('a.disabled_member', filter.disabledMember);
  if (filter.maxIncomeToLowIncomeRatio != null) {
    if (!(filter.maxIncomeToLowIncomeRatio > 0)) throw new HubError('BAD_USER_INPUT', 'filter.maxIncomeToLowIncomeRatio: must be positive', { field: 'filter.maxIncomeToLowIncomeRatio' });
    q.whereRaw('a.per_capita_income < a.low_income_standard * ?', [filter.maxIncomeToLowIncomeRatio]);
  }
  // A vetoed household, or one eligible for nothing, is not ranked for selection (docs/ASSESSMENT.md, Ranking).
  if (!filter.includeExcluded) q.where('a.ranked', true);
}

/**
 * Households of a region, neediest first (hardship index after recorded assistance, then id for a
 * stable order), filtered by target group, circle, need tag, programme, urgency, special group and
 * conditions, keyset-paginated. Only ranked households get a rank; `includeExcluded` lists the
 * others after them, unranked, with their reason.
 */
export async function rankHouseholds(db: Knex, regionCode: string, filter: RankingFilter, first: number, after: string | null): Promise<RankedPage> {
  if (first < 1 || first > 200) throw new HubError('BAD_USER_INPUT', 'first: must be 1 to 200', { field: 'first' });
  const q = db('household_assessments as a').join('households as h', 'h.id', 'a.household_id').where(regionFilter(regionCode, 'a.region_code'));
  applyFilter(q, filter);
  let rank = 0;
  if (after) {
    const c = decodeCursor(after);
    rank = c.rank;
    q.whereRaw('(a.ranked, a.hardship_index, a.household_id) < (?::boolean, ?, ?::uuid)', [c.ranked, c.index, c.id]);
  }
  const rows: StatusRow[] = await q
    .orderBy([
      { column: 'a.ranked', order: 'desc' },
      { column: 'a.hardship_index', order: 'desc' },
      { column: 'a.household_id', order: 'desc' },
    ])
    .limit(first + 1)
    .select(STATUS_COLUMNS);
  const items = rows.slice(0, first).map((r) => {
    const status = toStatus(r);
    if (status.ranked) rank += 1;
    return { rank: status.ranked ? rank : null, cursor: encodeCursor({ ranked: status.ranked, index: status.hardshipIndex, id: status.householdId, rank }), status };
  });
  return { items, hasNextPage: rows.length > first };
}

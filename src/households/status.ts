import type { Knex } from 'knex';
import type { Assessment } from '../assessment/index.js';
import { HubError } from '../errors/index.js';
import { regionFilter } from '../policy/index.js';

/** A household's latest assessment, as assistance systems read and rank it. */
export interface HouseholdStatus {
  householdId: string;
  regionCode: string;
  externalRef: string;
  reportId: string;
  assessedAt: string;
  circle: number | null;
  hardshipIndex: number;
  perCapitaIncome: number;
  lowIncomeStandard: number;
  targetGroups: string[];
  needTags: string[];
  eligibleProgrammes: string[];
  /** Attribute codes of assistance already received (repeated assistance shows here). */
  assistanceReceived: string[];
  disabledMember: boolean;
}

/** Records a completed report's assessment as the household's current status (inside the report's transaction). */
export async function recordAssessment(trx: Knex.Transaction, householdId: string, reportId: string, regionCode: string, assessedAt: string, a: Assessment): Promise<void> {
  const row = {
    household_id: householdId,
    report_id: reportId,
    region_code: regionCode,
    assessed_at: assessedAt,
    circle: a.circle,
    hardship_index: a.hardship.index,
    per_capita_income: a.income.perCapita.value,
    low_income_standard: a.standards.lowIncome,
    target_groups: a.targetGroups,
    need_tags: a.needTags,
    eligible_programmes: a.eligibility.filter((e) => e.conclusion === 'ELIGIBLE').map((e) => e.programme),
    assistance_received: [...new Set(a.currentAssistance.map((c) => c.attribute))],
    disabled_member: a.targetGroups.includes('PERSONS_WITH_DISABILITIES'),
  };
  // A later report replaces the status; an older one arriving late (a slow bank) does not.
  await trx('household_assessments')
    .insert(row)
    .onConflict('household_id')
    .merge()
    .where('household_assessments.assessed_at', '<=', assessedAt);
}

interface Row {
  household_id: string;
  region_code: string;
  external_ref: string;
  report_id: string;
  assessed_at: Date;
  circle: number | null;
  hardship_index: string;
  per_capita_income: string;
  low_income_standard: string;
  target_groups: string[];
  need_tags: string[];
  eligible_programmes: string[];
  assistance_received: string[];
  disabled_member: boolean;
}

function toStatus(r: Row): HouseholdStatus {
  return {
    householdId: r.household_id,
    regionCode: r.region_code,
    externalRef: r.external_ref,
    reportId: r.report_id,
    assessedAt: r.assessed_at.toISOString(),
    circle: r.circle,
    hardshipIndex: Number(r.hardship_index),
    perCapitaIncome: Number(r.per_capita_income),
    lowIncomeStandard: Number(r.low_income_standard),
    targetGroups: r.target_groups,
    needTags: r.need_tags,
    eligibleProgrammes: r.eligible_programmes,
    assistanceReceived: r.assistance_received,
    disabledMember: r.disabled_member,
  };
}

const columns = ['a.*', 'h.external_ref'];

export async function householdStatus(db: Knex, householdId: string): Promise<HouseholdStatus | null> {
  const row: Row | undefined = await db('household_assessments as a').join('households as h', 'h.id', 'a.household_id').where('a.household_id', householdId).first(columns);
  return row ? toStatus(row) : null;
}

export interface RankingFilter {
  targetGroups?: string[] | null;
  circles?: number[] | null;
  needTags?: string[] | null;
  programmes?: string[] | null;
  disabledMember?: boolean | null;
  /** Per-capita income below this multiple of the low-income standard. */
  maxIncomeToLowIncomeRatio?: number | null;
}

export interface RankedPage {
  items: { rank: number; cursor: string; status: HouseholdStatus }[];
  hasNextPage: boolean;
}

interface Cursor {
  index: number;
  id: string;
  rank: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.index, c.id, c.rank])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const [index, id, rank] = JSON.parse(Buffer.from(text, 'base64url').toString()) as [number, string, number];
    if (typeof index === 'number' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && Number.isInteger(rank)) return { index, id, rank };
  } catch {
    // fall through to the error below
  }
  throw new HubError('BAD_USER_INPUT', 'after: not a cursor returned by rankedHouseholds', { field: 'after' });
}

/**
 * Households of a region, neediest first (hardship index, then id for a stable order), filtered
 * by target group, circle, need tag, programme and conditions, keyset-paginated.
 */
export async function rankHouseholds(db: Knex, regionCode: string, filter: RankingFilter, first: number, after: string | null): Promise<RankedPage> {
  if (first < 1 || first > 200) throw new HubError('BAD_USER_INPUT', 'first: must be 1 to 200', { field: 'first' });
  const q = db('household_assessments as a').join('households as h', 'h.id', 'a.household_id').where(regionFilter(regionCode, 'a.region_code'));
  if (filter.targetGroups?.length) q.whereRaw('a.target_groups && ?::text[]', [filter.targetGroups]);
  if (filter.needTags?.length) q.whereRaw('a.need_tags && ?::text[]', [filter.needTags]);
  if (filter.programmes?.length) q.whereRaw('a.eligible_programmes && ?::text[]', [filter.programmes]);
  if (filter.circles?.length) q.whereIn('a.circle', filter.circles);
  if (filter.disabledMember != null) q.where('a.disabled_member', filter.disabledMember);
  if (filter.maxIncomeToLowIncomeRatio != null) {
    if (!(filter.maxIncomeToLowIncomeRatio > 0)) throw new HubError('BAD_USER_INPUT', 'filter.maxIncomeToLowIncomeRatio: must be positive', { field: 'filter.maxIncomeToLowIncomeRatio' });
    q.whereRaw('a.per_capita_income < a.low_income_standard * ?', [filter.maxIncomeToLowIncomeRatio]);
  }
  let rank = 0;
  if (after) {
    const c = decodeCursor(after);
    rank = c.rank;
    q.whereRaw('(a.hardship_index, a.household_id) < (?, ?::uuid)', [c.index, c.id]);
  }
  const rows: Row[] = await q.orderBy([{ column: 'a.hardship_index', order: 'desc' }, { column: 'a.household_id', order: 'desc' }]).limit(first + 1).select(columns);
  const items = rows.slice(0, first).map((r) => {
    rank += 1;
    const status = toStatus(r);
    return { rank, cursor: encodeCursor({ index: status.hardshipIndex, id: status.householdId, rank }), status };
  });
  return { items, hasNextPage: rows.length > first };
}

import type { Knex } from 'knex';
import { eligibleProgrammes, storedAssessment, type Assessment } from '../assessment/index.js';
import { localDate } from '../regions/index.js';
import { readReportBody } from '../reports/index.js';
import { applyRecordedAssistance, assistanceRecordsQuery, type AssistanceRow } from './assistance.js';

/** A household's latest assessment, as assistance systems read and rank it. */
export interface HouseholdStatus {
  householdId: string;
  regionCode: string;
  externalRef: string;
  reportId: string;
  assessedAt: string;
  circle: number | null;
  /** The report's index adjusted for the assistance recorded since (`recordAssistance`). */
  hardshipIndex: number;
  /** The index as the report computed it. */
  assessedHardshipIndex: number;
  perCapitaIncome: number;
  lowIncomeStandard: number;
  targetGroups: string[];
  needTags: string[];
  eligibleProgrammes: string[];
  /** Attribute codes of assistance already received, and `recorded.<PROGRAMME>` for each programme recorded as given. */
  assistanceReceived: string[];
  disabledMember: boolean;
  /** Four-colour urgency (RED, YELLOW, BLUE, GREEN), null when no colour rule holds. */
  urgency: string | null;
  specialGroups: string[];
  /** Programmes recorded again within the policy's repeat window (a reminder, 避免重复救助). */
  repeatAssistance: string[];
  /** False: vetoed or eligible for nothing; listed with `exclusion`, never ranked for selection. */
  ranked: boolean;
  exclusion: string | null;
}

/**
 * Why a household is not ranked for selection, or null: a veto clause fired, or every programme
 * concluded it is not eligible. A PROVISIONAL conclusion (a source has not answered) keeps it
 * ranked: a slow bank must not hide a needy household. It stays visible with this reason.
 */
export function exclusionOf(a: Pick<Assessment, 'vetoes' | 'eligibility'>): string | null {
  if (a.vetoes.length > 0) return a.vetoes.map((v) => `Veto ${v.code}: ${v.en}`).join('; ');
  const undecided = (a.eligibility as readonly { conclusion?: string }[]).some((e) => e.conclusion === 'PROVISIONAL');
  if (eligibleProgrammes(a.eligibility).length === 0 && !undecided) return 'Eligible for no programme';
  return null;
}

/**
 * `exclusionOf` in Chinese, for the caseworker: each veto clause as the policy words it (一票否决 or
 * 暂缓申请 N 个月), or 不符合任何救助项目条件. Null when the household is ranked.
 */
export function exclusionZhOf(a: Pick<Assessment, 'vetoes' | 'eligibility'>): string | null {
  if (exclusionOf(a) === null) return null;
  if (a.vetoes.length > 0) return a.vetoes.map((v) => (v.outcome === 'DEFER' ? `暂缓申请 ${v.deferMonths} 个月（${v.code}）：${v.zh}` : `一票否决（${v.code}）：${v.zh}`)).join('；');
  return '不符合任何救助项目条件';
}

/** The status's exclusion in Chinese, from the assessment of the report it comes from (null when ranked). */
export async function statusExclusionZh(db: Knex, s: Pick<HouseholdStatus, 'reportId' | 'exclusion'>): Promise<string | null> {
  if (s.exclusion === null) return null;
  const assessment = (await readReportBody(db, s.reportId))?.assessment;
  return assessment ? exclusionZhOf(storedAssessment(assessment)) : null;
}

/**
 * Records a completed report's assessment as the household's current status (inside the report's
 * transaction), then applies the assistance recorded for the household (`applyRecordedAssistance`).
 */
export async function recordAssessment(trx: Knex.Transaction, householdId: string, reportId: string, regionCode: string, assessedAt: string, a: Assessment): Promise<void> {
  const exclusion = exclusionOf(a);
  const row = {
    household_id: householdId,
    report_id: reportId,
    region_code: regionCode,
    assessed_at: assessedAt,
    circle: a.circle,
    hardship_index: a.hardship.index,
    assessed_hardship_index: a.hardship.index,
    per_capita_income: a.income.perCapita.value,
    low_income_standard: a.standards.lowIncome,
    target_groups: a.targetGroups,
    need_tags: a.needTags,
    eligible_programmes: eligibleProgrammes(a.eligibility),
    assistance_received: [...new Set(a.currentAssistance.map((c) => c.attribute))],
    disabled_member: a.targetGroups.includes('PERSONS_WITH_DISABILITIES'),
    urgency: a.urgency?.colour ?? null,
    special_groups: (a.specialGroups ?? []).map((g) => g.code),
    repeat_assistance: [],
    ranked: exclusion === null,
    exclusion,
  };
  // A later report replaces the status; an older one arriving late (a slow bank) does not. The
  // same statement reads the household's recorded assistance when the status was replaced.
  const replaced = trx('household_assessments')
    .insert(row)
    .onConflict('household_id')
    .merge()
    .where('household_assessments.assessed_at', '<=', assessedAt)
    .returning('report_id');
  const records: AssistanceRow[] = await assistanceRecordsQuery(trx, householdId, trx.queryBuilder().with('replaced', replaced)).whereExists(trx.select(trx.raw('1')).from('replaced'));
  // Recorded assistance is scored for the region's day, not the UTC one.
  await applyRecordedAssistance(trx, householdId, localDate(new Date().toISOString(), regionCode), a, records);
}

export interface StatusRow {
  household_id: string;
  region_code: string;
  external_ref: string;
  report_id: string;
  assessed_at: Date;
  circle: number | null;
  hardship_index: string;
  assessed_hardship_index: string | null;
  per_capita_income: string;
  low_income_standard: string;
  target_groups: string[];
  need_tags: string[];
  eligible_programmes: string[];
  assistance_received: string[];
  disabled_member: boolean;
  urgency: string | null;
  special_groups: string[];
  repeat_assistance: string[];
  ranked: boolean;
  exclusion: string | null;
}

export function toStatus(r: StatusRow): HouseholdStatus {
  return {
    householdId: r.household_id,
    regionCode: r.region_code,
    externalRef: r.external_ref,
    reportId: r.report_id,
    assessedAt: r.assessed_at.toISOString(),
    circle: r.circle,
    hardshipIndex: Number(r.hardship_index),
    assessedHardshipIndex: Number(r.assessed_hardship_index ?? r.hardship_index),
    perCapitaIncome: Number(r.per_capita_income),
    lowIncomeStandard: Number(r.low_income_standard),
    targetGroups: r.target_groups,
    needTags: r.need_tags,
    eligibleProgrammes: r.eligible_programmes,
    assistanceReceived: r.assistance_received,
    disabledMember: r.disabled_member,
    urgency: r.urgency,
    specialGroups: r.special_groups,
    repeatAssistance: r.repeat_assistance,
    ranked: r.ranked,
    exclusion: r.exclusion,
  };
}

export const STATUS_COLUMNS = ['a.*', 'h.external_ref'];

export async function householdStatus(db: Knex, householdId: string): Promise<HouseholdStatus | null> {
  const row: StatusRow | undefined = await db('household_assessments as a').join('households as h', 'h.id', 'a.household_id').where('a.household_id', householdId).first(STATUS_COLUMNS);
  return row ? toStatus(row) : null;
}

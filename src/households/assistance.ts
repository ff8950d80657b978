import type { Knex } from 'knex';
import { rescoreHardship, type Assessment } from '../assessment/index.js';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { requireJurisdiction } from '../policy/index.js';
import { assessmentRules, policyFromVersions } from '../regional-policy/index.js';
import { localDate } from '../regions/index.js';
import { readReportBody } from '../reports/index.js';
import { isRealDay } from '../validation/index.js';

/**
 * Kinds of assistance a record may name: the basic living guarantee, the special assistance
 * schemes and temporary assistance of the seven-group system (001: "包括基本生活保障和医疗救助、教育救助、
 * 住房救助、就业救助、受灾人员救助等专项救助以及临时救助"), urgent (救急难) and charity help.
 */
export const ASSISTANCE_PROGRAMMES = ['MINIMUM_LIVING', 'EXTREME_POVERTY', 'TEMPORARY', 'MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISASTER', 'URGENT', 'CHARITY', 'OTHER'] as const;
export type AssistanceProgramme = (typeof ASSISTANCE_PROGRAMMES)[number];

export interface AssistanceRecord {
  id: string;
  householdId: string;
  programme: AssistanceProgramme;
  amount: number;
  /** The day it was given (YYYY-MM-DD). */
  date: string;
  department: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AssistanceInput {
  householdId: string;
  programme: string;
  amount: number;
  date: string;
  department: string;
}

function bad(field: string, message: string): never {
  throw new HubError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

/** A real calendar day (2026-02-30 is not). */
function realDate(text: string): boolean {
  return isRealDay(text);
}

/** Every argument checked before anything is written; the refusal names the field. `today`: the region's local day. */
function validate(input: AssistanceInput, today: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.householdId)) bad('householdId', 'not a household id');
  if (!(ASSISTANCE_PROGRAMMES as readonly string[]).includes(input.programme)) bad('programme', `must be one of ${ASSISTANCE_PROGRAMMES.join(', ')}`);
  if (!Number.isFinite(input.amount) || input.amount < 0) bad('amount', 'must be a non-negative amount of CNY');
  if (input.amount > 1e9 || Math.round(input.amount * 100) !== Number((input.amount * 100).toFixed(6))) bad('amount', 'must be at most 1,000,000,000 with at most 2 decimals');
  if (!realDate(input.date)) bad('date', `must be a real date YYYY-MM-DD, got ${JSON.stringify(input.date)}`);
  if (input.date > today) bad('date', `${input.date} is in the future`);
  const department = input.department.trim();
  if (department.length === 0) bad('department', 'must not be empty');
  if (department.length > 100) bad('department', 'must be at most 100 characters');
}

/** A recorded assistance row as the records query selects it. */
export interface AssistanceRow {
  id: string;
  household_id: string;
  programme: AssistanceProgramme;
  amount: string;
  given_on: string;
  department: string;
  recorded_by: string;
  recorded_at: Date;
}

function toRecord(r: AssistanceRow): AssistanceRecord {
  return { id: r.id, householdId: r.household_id, programme: r.programme, amount: Number(r.amount), date: r.given_on, department: r.department, recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString() };
}

/** The household's recorded assistance, oldest first. */
export async function assistanceRecords(db: Knex, householdId: string): Promise<AssistanceRecord[]> {
  return ((await assistanceRecordsQuery(db, householdId)) as AssistanceRow[]).map(toRecord);
}

/** The query of a household's recorded assistance, oldest first; `start` may carry CTEs it ends a statement with (recordAssessment). */
export function assistanceRecordsQuery(db: Knex, householdId: string, start: Knex.QueryBuilder = db.queryBuilder()): Knex.QueryBuilder {
  return start.from('assistance_records').where({ household_id: householdId }).orderBy([{ column: 'given_on' }, { column: 'recorded_at' }]).select('id', 'household_id', 'programme', 'amount', db.raw("to_char(given_on, 'YYYY-MM-DD') AS given_on"), 'department', 'recorded_by', 'recorded_at');
}

const DAY = 86_400_000;
const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * Programmes already given within the `windowDays` days up to `on` (000: "對已救助過的對象,系統會自動提醒,
 * 避免重復救助"): one record is enough, so the next department is reminded before it gives the same
 * help again, not after.
 */
export function repeatedProgrammes(records: readonly Pick<AssistanceRecord, 'programme' | 'date'>[], windowDays: number, on: string): string[] {
  const recent = records.filter((r) => daysFrom(r.date, on) >= 0 && daysFrom(r.date, on) < windowDays);
  return [...new Set(recent.map((r) => r.programme))].sort();
}

/** Whether `record` repeats another record of the same programme given within `windowDays` of it (either side). */
export function repeatsAnother(records: readonly Pick<AssistanceRecord, 'id' | 'programme' | 'date'>[], record: Pick<AssistanceRecord, 'id' | 'programme' | 'date'>, windowDays: number): boolean {
  return records.some((r) => r.id !== record.id && r.programme === record.programme && Math.abs(daysFrom(r.date, record.date)) < windowDays);
}

/**
 * Recomputes the household's status from its latest assessment and its recorded assistance, without
 * re-verifying: the hardship items that read recorded assistance are scored anew for `on` under the
 * report's own policy versions, and the repeat reminders are set (003: "被救助家庭的困難程度得分和排名也隨之
 * 進行自動調整"). `a`: the assessment, when the caller holds it; else read from the status's report.
 */
export async function refreshAssistance(trx: Knex.Transaction, householdId: string, on: string, a?: Assessment, known?: AssistanceRecord[]): Promise<{ records: AssistanceRecord[]; windowDays: number } | null> {
  const status: { report_id: string; assessed_hardship_index: string | null; hardship_index: string } | undefined = await trx('household_assessments').where({ household_id: householdId }).first('report_id', 'assessed_hardship_index', 'hardship_index');
  if (!status) return null;
  const records = known ?? (await assistanceRecords(trx, householdId));
  const recorded = [...new Set(records.map((r) => `recorded.${r.programme}`))].sort();
  const base = Number(status.assessed_hardship_index ?? status.hardship_index);
  if (records.length === 0) {
    await trx('household_assessments').where({ household_id: householdId }).update({ hardship_index: base, repeat_assistance: [] });
    return null;
  }
  const assessment = a ?? (await storedAssessment(trx, status.report_id));
  if (!assessment) return null;
  const rules = assessmentRules((await policyFromVersions(trx, assessment.policy)).parameters);
  const hardship = rescoreHardship(assessment.hardship, rules.hardshipIndex, records, on);
  const current: { assistance_received: string[] } = await trx('household_assessments').where({ household_id: householdId }).first('assistance_received');
  await trx('household_assessments')
    .where({ household_id: householdId })
    .update({
      hardship_index: hardship.index,
      repeat_assistance: repeatedProgrammes(records, rules.repeatAssistance.windowDays, on),
      assistance_received: [...current.assistance_received.filter((c) => !c.startsWith('recorded.')), ...recorded],
    });
  return { records, windowDays: rules.repeatAssistance.windowDays };
}

/**
 * After a new assessment became the household's status (its own index, no reminders: already
 * right for a household with no recorded assistance, most of them), applies recorded assistance.
 */
export async function applyRecordedAssistance(trx: Knex.Transaction, householdId: string, on: string, a: Assessment, rows: readonly AssistanceRow[]): Promise<void> {
  if (rows.length > 0) await refreshAssistance(trx, householdId, on, a, rows.map(toRecord));
}

async function storedAssessment(trx: Knex.Transaction, reportId: string): Promise<Assessment | null> {
  return (await readReportBody(trx, reportId))?.assessment ?? null;
}

/**
 * Records assistance given to a household (救后录入) and recomputes its status: hardship index,
 * rank, repeat reminders. Within the caller's jurisdiction; audited as `assistance.record`.
 */
export async function recordAssistance(db: Knex, caller: Caller, input: AssistanceInput, now: Date = new Date()): Promise<{ record: AssistanceRecord; repeat: boolean }> {
  // "Today" is the household's region's day: between 00:00 and 08:00 Beijing time the UTC day is still yesterday.
  const regionOf = async (): Promise<{ id: string; region_code: string } | undefined> =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.householdId) ? db('households').where({ id: input.householdId }).first('id', 'region_code') : undefined;
  const household = await regionOf();
  // An unknown household is checked against the hub's own zone (every region is Asia/Shanghai today).
  validate(input, localDate(now.toISOString(), household?.region_code ?? ''));
  if (!household) bad('householdId', 'no such household');
  requireJurisdiction(caller, household.region_code, 'householdId');
  const today = localDate(now.toISOString(), household.region_code);
  return inTransaction(db, async (trx) => {
    const [row]: AssistanceRow[] = await trx('assistance_records')
      .insert({ household_id: household.id, programme: input.programme, amount: input.amount, given_on: input.date, department: input.department.trim(), recorded_by: caller.sub })
      .returning(['id', 'household_id', 'programme', 'amount', trx.raw("to_char(given_on, 'YYYY-MM-DD') AS given_on"), 'department', 'recorded_by', 'recorded_at']);
    const record = toRecord(row!);
    const refreshed = await refreshAssistance(trx, household.id, today);
    // A repeat: another record of the programme within the window of this one (the status lists every programme given within the window before today).
    const repeat = refreshed ? repeatsAnother(refreshed.records, record, refreshed.windowDays) : false;
    await appendAuditEvents(trx, [
      {
        action: 'assistance.record',
        outcome: 'ALLOWED',
        actor: caller,
        regionCode: household.region_code,
        details: { household: household.id, assistanceRecord: record.id, programme: record.programme, amount: record.amount, date: record.date, department: record.department, repeat },
      },
    ]);
    return { record, repeat };
  });
}

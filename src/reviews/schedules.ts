import { CronExpressionParser } from 'cron-parser';
import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { MAX_FILE_HOUSEHOLDS, submitBatch, type BatchHousehold, type ChunkEnqueuer } from '../batches/index.js';
import { PURPOSES, type Purpose } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import { regionFilter, requireJurisdiction } from '../policy/index.js';
import { timeZoneOf } from '../regions/index.js';
import { openReportBody, type ReportBody } from '../reports/index.js';
import { inTransaction } from '../db/index.js';
import { requireUuid } from '../validation/index.js';

/** What scheduling needs of BullMQ's job schedulers (one per region and purpose). */
export interface ReviewScheduler {
  /** Fires `data` on `cron` read in `timeZone` (IANA name); the same id again replaces it. */
  upsert(scheduleId: string, cron: string, data: ReviewJob, timeZone: string): Promise<void>;
  /** Stops the schedule's firings (paused or deleted); nothing to remove is not an error. */
  remove(scheduleId: string): Promise<void>;
}

export interface ReviewJob {
  scheduleId: string;
  regionCode: string;
  purpose: string;
}

export interface ReviewSchedule {
  id: string;
  regionCode: string;
  cron: string;
  purpose: string;
  createdBy: string;
  createdAt: string;
  active: boolean;
  /** IANA time zone the cron is read in. */
  timeZone: string;
}

interface Row {
  id: string;
  region_code: string;
  cron: string;
  purpose: string;
  created_by: string;
  created_at: Date;
  active: boolean;
  time_zone: string;
}

const toSchedule = (r: Row): ReviewSchedule => ({ id: r.id, regionCode: r.region_code, cron: r.cron, purpose: r.purpose, createdBy: r.created_by, createdAt: r.created_at.toISOString(), active: r.active, timeZone: r.time_zone });

/** Default shortest time between two runs of a schedule (REVIEW_MIN_INTERVAL_S): hourly. */
export const DEFAULT_REVIEW_MIN_INTERVAL_MS = 3_600_000;
// Firings looked at: enough to meet every gap of a daily or hourly pattern's cycle.
const FIRINGS_CHECKED = 500;

const human = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1_000} s`);

/**
 * Refuses a cron that would run more often than `minIntervalMs`: each run re-verifies every
 * household of the region, calling every agency again, so a pattern like "* * * * *" would be a
 * flood of lawful-looking traffic. The shortest gap between the next firings is checked with
 * BullMQ's own parser (cron-parser), so what is checked is what will run.
 */
export function checkReviewInterval(cron: string, minIntervalMs: number): void {
  let gap = Infinity;
  try {
    const firings = CronExpressionParser.parse(cron, { currentDate: new Date('2026-01-01T00:00:00Z'), tz: 'UTC' });
    let previous = firings.next().getTime();
    for (let i = 0; i < FIRINGS_CHECKED && firings.hasNext(); i++) {
      const next = firings.next().getTime();
      gap = Math.min(gap, next - previous);
      previous = next;
    }
  } catch (err) {
    throw new HubError('BAD_USER_INPUT', `cron: ${(err as Error).message}`, { field: 'cron' });
  }
  if (gap < minIntervalMs) {
    throw new HubError('BAD_USER_INPUT', `cron: runs every ${human(gap)} at times; re-checks may run at most once every ${human(minIntervalMs)} (REVIEW_MIN_INTERVAL_S)`, { field: 'cron' });
  }
}

/**
 * An IANA time zone name the runtime knows (what BullMQ's cron parser accepts), else
 * BAD_USER_INPUT naming `timeZone`.
 */
function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new HubError('BAD_USER_INPUT', `timeZone: ${JSON.stringify(timeZone)} is not a time zone name (IANA, e.g. Asia/Shanghai)`, { field: 'timeZone' });
  }
}

const jobOf = (r: Row): ReviewJob => ({ scheduleId: r.id, regionCode: r.region_code, purpose: r.purpose });

/**
 * Re-verifies a region's households on a schedule (cron, BullMQ job schedulers). Setting a
 * schedule again for the same region and purpose replaces its cron. Admins, within jurisdiction.
 * A cron firing more often than `minIntervalMs` (default hourly) is refused naming `cron`.
 */
export async function scheduleReview(db: Knex, scheduler: ReviewScheduler, caller: Caller, input: { regionCode: string; cron: string; purpose: string; timeZone?: string | null }, options: { minIntervalMs?: number } = {}): Promise<ReviewSchedule> {
  const timeZone = checkTimeZone(input.timeZone ?? timeZoneOf(input.regionCode));
  if (!PURPOSES.includes(input.purpose as Purpose)) throw new HubError('BAD_USER_INPUT', `purpose: unknown purpose ${JSON.stringify(input.purpose)}`, { field: 'purpose' });
  if (input.cron.trim().split(/\s+/).length < 5) throw new HubError('BAD_USER_INPUT', 'cron: a cron pattern has 5 or 6 fields, e.g. "0 2 1 * *" (02:00 on the 1st of each month)', { field: 'cron' });
  checkReviewInterval(input.cron.trim(), options.minIntervalMs ?? DEFAULT_REVIEW_MIN_INTERVAL_MS);
  return inTransaction(db, async (trx) => {
    const [row]: Row[] = await trx('review_schedules')
      .insert({ region_code: input.regionCode, cron: input.cron.trim(), purpose: input.purpose, created_by: caller.sub, active: true, time_zone: timeZone })
      .onConflict(['region_code', 'purpose'])
      .merge(['cron', 'created_by', 'active', 'time_zone'])
      .returning('*');
    // Upserting a job scheduler is idempotent: a transaction run again after a lost race repeats it harmlessly.
    try {
      await scheduler.upsert(row!.id, row!.cron, jobOf(row!), row!.time_zone);
    } catch (err) {
      throw new HubError('BAD_USER_INPUT', `cron: ${(err as Error).message}`, { field: 'cron' });
    }
    await appendAuditEvents(trx, [{ action: 'review.schedule', outcome: 'ALLOWED', actor: caller, purpose: input.purpose, regionCode: input.regionCode, details: { schedule: row!.id, cron: row!.cron, timeZone: row!.time_zone } }]);
    return toSchedule(row!);
  });
}

/** The schedule `id` names, locked for the change, inside the caller's jurisdiction. */
async function scheduleToChange(trx: Knex.Transaction, caller: Caller, id: string): Promise<Row> {
  const row: Row | undefined = await trx('review_schedules').where({ id: requireUuid(id, 'id') }).forUpdate().first();
  if (!row) throw new HubError('BAD_USER_INPUT', `id: no review schedule ${id}`, { field: 'id' });
  requireJurisdiction(caller, row.region_code, 'id');
  return row;
}

/**
 * Pauses (`active` false: its firings removed from BullMQ, a run already queued does nothing) or
 * resumes a schedule. Admins, within jurisdiction; audited as review.pause / review.resume.
 */
export async function setReviewScheduleActive(db: Knex, scheduler: ReviewScheduler, caller: Caller, id: string, active: boolean): Promise<ReviewSchedule> {
  return inTransaction(db, async (trx) => {
    const before = await scheduleToChange(trx, caller, id);
    const [row]: Row[] = await trx('review_schedules').where({ id: before.id }).update({ active }).returning('*');
    // Both are idempotent: a transaction run again repeats them harmlessly.
    if (active) await scheduler.upsert(row!.id, row!.cron, jobOf(row!), row!.time_zone);
    else await scheduler.remove(row!.id);
    await appendAuditEvents(trx, [{ action: active ? 'review.resume' : 'review.pause', outcome: 'ALLOWED', actor: caller, purpose: row!.purpose, regionCode: row!.region_code, details: { schedule: row!.id } }]);
    return toSchedule(row!);
  });
}

/** Deletes a schedule and its firings. Admins, within jurisdiction; audited as review.delete. */
export async function deleteReviewSchedule(db: Knex, scheduler: ReviewScheduler, caller: Caller, id: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await scheduleToChange(trx, caller, id);
    await trx('review_schedules').where({ id: row.id }).delete();
    await scheduler.remove(row.id);
    await appendAuditEvents(trx, [{ action: 'review.delete', outcome: 'ALLOWED', actor: caller, purpose: row.purpose, regionCode: row.region_code, details: { schedule: row.id, cron: row.cron } }]);
    return true;
  });
}

export async function listReviewSchedules(db: Knex, jurisdiction: string): Promise<ReviewSchedule[]> {
  const rows: Row[] = await db('review_schedules').where(regionFilter(jurisdiction, 'region_code')).orderBy('region_code').select('*');
  return rows.map(toSchedule);
}

/** Puts every active schedule back into BullMQ (idempotent: after Redis lost them, or at start). */
export async function restoreSchedules(db: Knex, scheduler: ReviewScheduler): Promise<number> {
  const rows: Row[] = await db('review_schedules').where({ active: true }).select('*');
  for (const r of rows) await scheduler.upsert(r.id, r.cron, jobOf(r), r.time_zone);
  return rows.length;
}

/** The household as its latest report knows it: what a re-check submits again. */
function fromReport(body: ReportBody, runDay: string): BatchHousehold {
  return {
    applicationRef: `REVIEW-${runDay}-${body.household.externalRef}`.slice(0, 64),
    household: {
      regionCode: body.household.regionCode,
      externalRef: body.household.externalRef,
      members: body.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredMonthlyIncome: m.declaredMonthlyIncome, ...(m.declaredIncome ? { declaredIncome: m.declaredIncome } : {}) })),
      declaredAssets: body.household.declaredAssets,
      supporters: body.supporters.map((s) => ({ idNumber: s.idNumber, name: s.name, relation: s.relation })),
    },
  };
}

/**
 * One scheduled run: every household of the region with a current status is verified again as a
 * batch (under the schedule's authority), and each new report is compared with the previous one.
 */
export async function runReview(db: Knex, queue: ChunkEnqueuer, job: ReviewJob, chunkSize: number): Promise<string | null> {
  const schedule: Row | undefined = await db('review_schedules').where({ id: job.scheduleId, active: true }).first();
  if (!schedule) return null;
  const caller: Caller = { sub: `review-schedule:${schedule.id}`, org: schedule.region_code, roles: ['verifier'], issuer: 'schedule', tokenId: null };
  const runDay = new Date().toISOString().slice(0, 10);
  const inRegion = () => db('household_assessments as a').where(regionFilter(schedule.region_code, 'a.region_code'));
  // A region with no household yet has nothing to re-check; any other refusal fails the run visibly.
  if (!(await inRegion().first('a.household_id'))) return null;
  async function* households(): AsyncGenerator<BatchHousehold> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { household_id: string; id: string; revision: number; body_sealed: Buffer }[] = await inRegion()
        .join('reports as r', 'r.id', 'a.report_id')
        .where('a.household_id', '>', after)
        .orderBy('a.household_id')
        .limit(500)
        .whereNotNull('r.body_sealed')
        .select('a.household_id', 'r.id', 'r.revision', 'r.body_sealed');
      if (rows.length === 0) return;
      for (const r of rows) yield fromReport(openReportBody(db, r), runDay);
      after = rows.at(-1)!.household_id;
    }
  }
  return submitBatch(db, queue, caller, households(), { purpose: schedule.purpose, chunkSize, limit: MAX_FILE_HOUSEHOLDS });
}

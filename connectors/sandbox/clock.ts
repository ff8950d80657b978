import { elsewhere } from './declaration.js';
import { HttpProblem } from './http.js';
import { EMPLOYERS, REFERENCE_YEAR, round, type PersonTraits, type Population, type SandboxPerson } from './people.js';
import { createRandom } from './random.js';

/**
 * The sandbox's clock: `POST /sandbox/advance { months }` moves it, and the generated population
 * lives through those months: persons take or lose jobs, buy vehicles, die, move away, and incomes
 * drift. Each month's changes are drawn from a stream keyed by the seed, the month and the person,
 * so the same seed and the same total of months give the same population however the months were
 * advanced (6 + 6 = 12). Fixture households (their records are the file) do not change.
 */

/** Chances a month, per person who could (documented in docs/SANDBOX.md). */
export const MONTHLY_RATES = {
  /** An employee (not on the public payroll) loses the job. */
  jobLoss: 0.01,
  /** A person of working age (18-59, not a student) without a job takes one. */
  jobGain: 0.02,
  /** An adult under 75 buys a vehicle (low-income households: a third as often). */
  vehiclePurchase: 0.003,
  /** A person of 70 or more dies (50-69: `deathUnder70`). */
  death: 0.004,
  deathUnder70: 0.0005,
  /** A member other than the head, 18-45, moves the hukou to another city. */
  moveOut: 0.003,
  /** Wages, pensions and business income move by up to this share, up or down, every month. */
  drift: 0.03,
} as const;

export const CHANGE_KINDS = ['DIED', 'JOB_LOST', 'JOB_TAKEN', 'VEHICLE_BOUGHT', 'MOVED_OUT'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface PopulationChange {
  /** The clock's month (1 = the first month after the reference date). */
  month: number;
  householdId: string;
  idNumber: string;
  change: ChangeKind;
}

export interface Clock {
  /** Months the clock has been advanced. */
  months: number;
  /** Every change so far, in order. */
  changes: PopulationChange[];
  /**
   * What each person changed by the clock was when the household declared (month 0): the traits
   * `live` may change, kept on the person's first change, so the truth can say what moved since.
   */
  atDeclaration?: Map<string, DeclaredTraits>;
}

/** The traits the clock changes. */
export const CHANGING_TRAITS = ['employed', 'employer', 'wageMonthly', 'pensionMonthly', 'businessIncomeYear', 'pensionContributionMonthly', 'vehicleCount', 'vehicleValue', 'deceased', 'deathDate', 'incomeItems', 'hukouRegion'] as const;
export type DeclaredTraits = Pick<PersonTraits, (typeof CHANGING_TRAITS)[number]>;

function keepDeclared(clock: Clock, p: SandboxPerson): void {
  clock.atDeclaration ??= new Map();
  if (clock.atDeclaration.has(p.idNumber)) return;
  const t = p.traits;
  clock.atDeclaration.set(p.idNumber, Object.fromEntries(CHANGING_TRAITS.map((k) => [k, k === 'incomeItems' ? { ...t.incomeItems } : t[k]])) as DeclaredTraits);
}

export const MAX_ADVANCE_MONTHS = 60;

/** The date `months` after `date` (YYYY-MM-DD), the day kept within the month. */
export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/** The population's date after `months`: the reference date (30 June 2026) moved on. */
export function populationDate(months: number): string {
  return addMonths(`${REFERENCE_YEAR}-06-30`, months);
}

/** The `months` of a `POST /sandbox/advance` body: an integer from 1 to 60; anything else 400 naming the field. */
export function parseAdvance(body: unknown): number {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpProblem(400, 'BAD_REQUEST', 'body must be a JSON object { months }', 'months');
  for (const key of Object.keys(body)) if (key !== 'months') throw new HttpProblem(400, 'BAD_REQUEST', `unknown field ${key}`, key);
  const months = (body as { months?: unknown }).months;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > MAX_ADVANCE_MONTHS) {
    throw new HttpProblem(400, 'BAD_REQUEST', `months must be an integer from 1 to ${MAX_ADVANCE_MONTHS}`, 'months');
  }
  return months;
}

function live(p: SandboxPerson, month: number, seed: number, lowIncome: boolean): ChangeKind | null {
  const t = p.traits;
  if (t.deceased || t.imprisoned) return null;
  const r = createRandom(seed, `month:${month}:${p.idNumber}`);
  const age = REFERENCE_YEAR - Number(p.birthDate.slice(0, 4)) + Math.floor(month / 12);
  const drift = () => 1 + (r.next() * 2 - 1) * MONTHLY_RATES.drift;
  if (t.wageMonthly > 0) t.wageMonthly = round(t.wageMonthly * drift(), 10);
  if (t.pensionMonthly > 0) t.pensionMonthly = round(t.pensionMonthly * drift(), 10);
  if (t.businessIncomeYear > 0) t.businessIncomeYear = round(t.businessIncomeYear * drift(), 100);
  if (t.employed) t.pensionContributionMonthly = round(t.wageMonthly * 0.08, 1);
  if (r.chance(age >= 70 ? MONTHLY_RATES.death : age >= 50 ? MONTHLY_RATES.deathUnder70 : 0)) {
    const date = addMonths(`${REFERENCE_YEAR}-06-01`, month);
    Object.assign(t, { deceased: true, deathDate: `${date.slice(0, 8)}${String(r.int(1, 28)).padStart(2, '0')}`, employed: false, employer: null, wageMonthly: 0, pensionMonthly: 0, pensionContributionMonthly: 0, incomeItems: {} });
    return 'DIED';
  }
  if (t.employed && !t.onPublicPayroll && r.chance(MONTHLY_RATES.jobLoss)) {
    Object.assign(t, { employed: false, employer: null, wageMonthly: 0, pensionContributionMonthly: 0 });
    return 'JOB_LOST';
  }
  if (!t.employed && age >= 18 && age < 60 && !t.student && r.chance(MONTHLY_RATES.jobGain)) {
    const wage = round(lowIncome ? r.int(1200, 3000) : r.int(2600, 7000), 10);
    Object.assign(t, { employed: true, employer: r.pick(EMPLOYERS), wageMonthly: wage, pensionContributionMonthly: round(wage * 0.08, 1) });
    return 'JOB_TAKEN';
  }
  if (age >= 18 && age < 75 && r.chance(MONTHLY_RATES.vehiclePurchase / (lowIncome ? 3 : 1))) {
    Object.assign(t, { vehicleCount: t.vehicleCount + 1, vehicleValue: t.vehicleValue + round(r.int(40_000, 180_000), 1000) });
    return 'VEHICLE_BOUGHT';
  }
  if (p.relation !== 'HEAD' && age >= 18 && age <= 45 && t.hukouRegion === null && r.chance(MONTHLY_RATES.moveOut)) {
    t.hukouRegion = elsewhere(r, p.regionCode);
    return 'MOVED_OUT';
  }
  return null;
}

/** Moves the clock `months` on, changing the generated population month by month. Returns the changes made. */
export function advance(population: Population, clock: Clock, months: number): PopulationChange[] {
  const made: PopulationChange[] = [];
  for (let i = 0; i < months; i++) {
    const month = clock.months + 1;
    for (const h of population.households) {
      if (h.fixture) continue;
      for (const p of h.members) {
        if (!p.traits.deceased && !p.traits.imprisoned) keepDeclared(clock, p);
        const change = live(p, month, population.seed, h.lowIncome);
        if (change) made.push({ month, householdId: h.id, idNumber: p.idNumber, change });
      }
    }
    clock.months = month;
  }
  clock.changes.push(...made);
  return made;
}

/** Changes counted by kind. */
export function countChanges(changes: readonly PopulationChange[]): Record<ChangeKind, number> {
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const c of changes) counts[c.change] += 1;
  return counts;
}

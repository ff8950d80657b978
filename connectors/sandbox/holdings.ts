import { isTransferItem } from './income-items.js';
import type { Clock } from './clock.js';
import type { HiddenItem } from './declaration.js';
import type { PersonTraits, SandboxHousehold, SandboxPerson } from './people.js';

/**
 * What a generated person really earns and holds, by the kinds a household declares, in the hub's
 * units: income CNY a month, assets CNY (land mu, vehicles, properties and businesses a count).
 * Read off the traits the agencies answer from (values.ts), so it is what they would say.
 */

export const INCOME_KINDS = ['wage', 'business', 'pension', 'property', 'transfer', 'other'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];
export type IncomeByKind = Record<IncomeKind, number>;

export const ASSET_KINDS = ['deposits', 'wealthProducts', 'funds', 'securities', 'housingFund', 'insuranceCashValue', 'businessCapital', 'land', 'vehicles', 'properties', 'businesses'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export type AssetsByKind = Record<AssetKind, number>;

/** Deposits earn this much a year at the agencies (the tax office reports it as interest income). */
export const SANDBOX_INTEREST_RATE = 0.015;

export interface Holdings {
  income: IncomeByKind;
  /** The part of `income.property` that is bank interest, CNY a month. */
  interestMonthly: number;
  assets: AssetsByKind;
  /** Deposits by bank source id. */
  depositsByBank: Record<string, number>;
}

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);
const cents = (v: number): number => Math.round(v * 100) / 100;

/** Yearly interest as the tax office reports it (`income.interest`). */
export function interestYear(t: PersonTraits): number {
  return Math.round(sum(Object.values(t.deposits)) * SANDBOX_INTEREST_RATE);
}

/** A bank reports wealth products and funds at the customer's main bank: none without an account. */
function banked(t: PersonTraits): boolean {
  return Object.keys(t.deposits).length > 0;
}

export function personHoldings(p: SandboxPerson): Holdings {
  const t = p.traits;
  const items = Object.entries(t.incomeItems);
  const interestMonthly = cents(interestYear(t) / 12);
  return {
    income: {
      wage: t.wageMonthly,
      business: cents(t.businessIncomeYear / 12),
      pension: t.pensionMonthly,
      property: cents(t.rentIncomeYear / 12 + interestMonthly),
      transfer: t.assistanceMonthly + t.unemploymentMonthly + sum(items.filter(([c]) => isTransferItem(c)).map(([, v]) => v)),
      other: cents(sum(items.filter(([c]) => !isTransferItem(c)).map(([, v]) => v)) + (t.registers?.landCompensation12m ?? 0) / 12),
    },
    interestMonthly,
    assets: {
      deposits: sum(Object.values(t.deposits)),
      wealthProducts: banked(t) ? t.wealthProduct : 0,
      funds: banked(t) ? t.fund : 0,
      securities: t.securities,
      housingFund: t.housingFund,
      insuranceCashValue: t.insuranceCashValue,
      businessCapital: t.businessCapital,
      land: t.landMu,
      vehicles: t.vehicleCount,
      properties: t.propertyCount + (t.registers?.commercialProperties ?? 0),
      businesses: t.businessCount,
    },
    depositsByBank: { ...t.deposits },
  };
}

/** The household's assets: its members' added up. */
export function householdAssets(members: readonly Holdings[]): { assets: AssetsByKind; depositsByBank: Record<string, number> } {
  const assets = Object.fromEntries(ASSET_KINDS.map((k) => [k, cents(sum(members.map((h) => h.assets[k])))])) as AssetsByKind;
  const depositsByBank: Record<string, number> = {};
  for (const h of members) for (const [bank, v] of Object.entries(h.depositsByBank)) depositsByBank[bank] = (depositsByBank[bank] ?? 0) + v;
  return { assets, depositsByBank };
}

/** The person as they were when the household declared: the traits the clock has changed since put back. */
function atDeclaration(p: SandboxPerson, clock: Clock | undefined): SandboxPerson {
  const then = clock?.atDeclaration?.get(p.idNumber);
  return then ? { ...p, traits: { ...p.traits, ...then } } : p;
}

/** A hidden item's amount now: what the agencies would show of it after the clock's changes (0: gone, a job lost, a member dead). */
function amountNow(x: HiddenItem, now: PersonTraits, then: PersonTraits): number {
  const alive = !now.deceased || then.deceased;
  switch (x.item) {
    case 'EMPLOYMENT':
      return now.employed ? now.wageMonthly : 0;
    case 'WAGE_PART':
      return now.employed && then.wageMonthly > 0 ? cents((x.amount * now.wageMonthly) / then.wageMonthly) : 0;
    case 'BUSINESS_INCOME':
      return cents(now.businessIncomeYear / 12);
    case 'PENSION':
      return now.pensionMonthly;
    case 'TRANSFER_INCOME':
      return Math.min(x.amount, now.incomeItems['ca_assistance.temporary_assistance_12m'] ?? 0);
    case 'OTHER_INCOME':
      return Math.min(x.amount, now.incomeItems['tax.labour_service_income_12m'] ?? 0);
    case 'IMPRISONED':
    case 'PUBLIC_PAYROLL':
    case 'MOVED_OUT':
      return alive ? 1 : 0;
    default:
      return x.amount;
  }
}

const changed = <K extends string>(then: Record<K, number>, now: Record<K, number>) =>
  Object.fromEntries((Object.keys(now) as K[]).filter((k) => Math.abs(now[k] - then[k]) >= 0.01).map((k) => [k, { atDeclaration: then[k], now: now[k] }]));

/**
 * What changed in the household since it declared (the clock's months): the events (jobs, vehicles,
 * deaths, moves) and, per member, every income or asset kind that moved, income drift included.
 * Empty before the clock moves.
 */
function sinceDeclaration(h: SandboxHousehold, clock: Clock | undefined) {
  const members = h.members.map((m) => {
    const then = personHoldings(atDeclaration(m, clock));
    const now = personHoldings(m);
    const status = { deceased: m.traits.deceased, hukouRegion: m.traits.hukouRegion ?? m.regionCode, employed: m.traits.employed };
    const before = atDeclaration(m, clock).traits;
    const statusThen = { deceased: before.deceased, hukouRegion: before.hukouRegion ?? m.regionCode, employed: before.employed };
    const statusChanged = Object.fromEntries((Object.keys(status) as (keyof typeof status)[]).filter((k) => status[k] !== statusThen[k]).map((k) => [k, { atDeclaration: statusThen[k], now: status[k] }]));
    return { idNumber: m.idNumber, income: changed(then.income, now.income), assets: changed(then.assets, now.assets), status: statusChanged };
  });
  return {
    months: clock?.months ?? 0,
    events: (clock?.changes ?? []).filter((c) => c.householdId === h.id).map(({ month, idNumber, change }) => ({ month, idNumber, change })),
    members: members.filter((m) => Object.keys(m.income).length + Object.keys(m.assets).length + Object.keys(m.status).length > 0),
  };
}

/**
 * What `GET /sandbox/truth/:householdId` answers of a generated household: holdings per member and
 * in total now (after the clock's months), what it hides (amounts now and at the declaration), what
 * it forgot, and what changed since it declared.
 */
export function householdTruth(h: SandboxHousehold, clock?: Clock) {
  const members = h.members.map((m) => ({ m, held: personHoldings(m) }));
  const { assets, depositsByBank } = householdAssets(members.map((x) => x.held));
  const income = Object.fromEntries(INCOME_KINDS.map((k) => [k, cents(sum(members.map((x) => x.held.income[k])))])) as IncomeByKind;
  const person = (id: string) => h.members.find((m) => m.idNumber === id)!;
  const listed = (x: HiddenItem) => {
    const p = person(x.member);
    const now = amountNow(x, p.traits, atDeclaration(p, clock).traits);
    return { kind: x.item, member: x.member, amount: now, unit: x.unit, amountAtDeclaration: x.amount, present: now > 0 };
  };
  return {
    householdId: h.id,
    regionCode: h.regionCode,
    applicant: h.applicant,
    lowIncome: h.lowIncome,
    members: members.map(({ m, held }) => ({
      idNumber: m.idNumber,
      name: m.name,
      relation: m.relation,
      status: { deceased: m.traits.deceased, deathDate: m.traits.deathDate, imprisoned: m.traits.imprisoned, publicPayroll: m.traits.onPublicPayroll, employed: m.traits.employed, hukouRegion: m.traits.hukouRegion ?? m.regionCode },
      income: held.income,
      interestMonthly: held.interestMonthly,
      assets: held.assets,
      depositsByBank: held.depositsByBank,
    })),
    total: { income, assets, depositsByBank },
    hidden: h.hidden.map(listed),
    forgotten: h.forgotten.map(listed),
    statusCases: h.hidden.filter((x) => x.unit === 'status').map((x) => ({ kind: x.item, member: x.member })),
    sinceDeclaration: sinceDeclaration(h, clock),
    declaration: h.declaration,
  };
}

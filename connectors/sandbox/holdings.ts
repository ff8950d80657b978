import { isTransferItem } from './income-items.js';
import type { PersonTraits, SandboxHousehold, SandboxPerson } from './population.js';

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

/** What `GET /sandbox/truth/:householdId` answers of a generated household: holdings per member and in total, and what it hides. */
export function householdTruth(h: SandboxHousehold) {
  const members = h.members.map((m) => ({ m, held: personHoldings(m) }));
  const { assets, depositsByBank } = householdAssets(members.map((x) => x.held));
  const income = Object.fromEntries(INCOME_KINDS.map((k) => [k, cents(sum(members.map((x) => x.held.income[k])))])) as IncomeByKind;
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
    hidden: h.hidden.map((x) => ({ kind: x.item, member: x.member, amount: x.amount, unit: x.unit })),
    statusCases: h.hidden.filter((x) => x.unit === 'status').map((x) => ({ kind: x.item, member: x.member })),
    declaration: h.declaration,
  };
}

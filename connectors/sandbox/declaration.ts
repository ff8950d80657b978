import { regions } from '../../src/regions/index.js';
import { householdAssets, INCOME_KINDS, personHoldings, type AssetKind, type IncomeKind } from './holdings.js';
import { isTransferItem } from './income-items.js';
import type { Random } from './random.js';
import { EMPLOYERS, LUXURY_VEHICLE_VALUE, REFERENCE_YEAR, round, type Declaration, type DeclaredIncome, type SandboxPerson, type UndeclaredItem } from './people.js';

// What a generated household declares, and the items it leaves out planted on a member (population.ts draws the rest).

/**
 * How often each item is picked when an applicant hides something (relative weights; a hiding
 * applicant leaves out 1 to 3 items, only those one of its members could hold). docs/SANDBOX.md
 * gives the resulting share of applicants per item.
 */
export const HIDING_WEIGHTS: Readonly<Record<UndeclaredItem, number>> = {
  EMPLOYMENT: 14,
  WAGE_PART: 6,
  BUSINESS: 5,
  BUSINESS_INCOME: 3,
  PENSION: 7,
  PROPERTY_INCOME: 4,
  TRANSFER_INCOME: 5,
  OTHER_INCOME: 5,
  DEPOSIT: 14,
  DEPOSIT_PART: 6,
  WEALTH_PRODUCT: 5,
  FUND: 4,
  SECURITIES: 3,
  HOUSING_FUND: 4,
  INSURANCE: 4,
  VEHICLE: 10,
  PROPERTY: 7,
  LAND: 4,
  DECEASED: 2,
  IMPRISONED: 1.5,
  PUBLIC_PAYROLL: 1.5,
  MOVED_OUT: 3,
};

/** Member-status items: planted first, so that no other item goes to a member who has died or is in prison. */
export const STATUS_ITEMS: readonly UndeclaredItem[] = ['DECEASED', 'IMPRISONED', 'PUBLIC_PAYROLL', 'MOVED_OUT'];

/** What a hidden item leaves out of the declaration: an amount of one kind (a member's income, or a household asset). */
export interface Omission {
  income?: IncomeKind;
  asset?: AssetKind;
  /** A deposit: the bank it is held at. */
  bank?: string;
  amount: number;
}

/** An item the household hides, as the truth lists it: `amount` in its unit (a status: 1). */
export interface HiddenItem {
  item: UndeclaredItem;
  /** ID number of the member who holds it. */
  member: string;
  amount: number;
  unit: 'CNY/month' | 'CNY' | 'count' | 'mu' | 'status';
  omits: Omission[];
}

function ageOf(p: SandboxPerson): number {
  return REFERENCE_YEAR - Number(p.birthDate.slice(0, 4));
}

/** Could this member hold the item in life? A living adult, of an age and status that fit it. */
export function canHold(item: UndeclaredItem, p: SandboxPerson): boolean {
  const age = ageOf(p);
  const t = p.traits;
  if (t.deceased || t.imprisoned || age < 18) return false;
  switch (item) {
    case 'EMPLOYMENT':
      return age < 60 && !t.student && !t.onPublicPayroll;
    case 'WAGE_PART':
      return t.employed && !t.onPublicPayroll && t.wageMonthly >= 2000;
    case 'DEPOSIT_PART':
      return Object.keys(t.deposits).length > 0;
    case 'BUSINESS':
    case 'BUSINESS_INCOME':
    case 'OTHER_INCOME':
      return age < 70 && !t.student;
    case 'PENSION':
      return age >= 50 && !t.employed;
    case 'PROPERTY_INCOME':
    case 'PROPERTY':
      return age >= 25;
    case 'SECURITIES':
      return age < 80;
    case 'HOUSING_FUND':
      return age >= 22 && age < 60;
    case 'VEHICLE':
      return age < 75;
    case 'LAND':
      return p.hukouType === 'RURAL' && p.relation === 'HEAD';
    case 'DECEASED':
      return p.relation !== 'HEAD' && age >= 50;
    case 'IMPRISONED':
      return age < 60 && !t.student;
    case 'PUBLIC_PAYROLL':
      return age >= 22 && age < 60 && !t.student;
    case 'MOVED_OUT':
      return p.relation !== 'HEAD' && age < 46;
    default:
      return true;
  }
}

/** A county in another city than `county`: where a member who moved out is registered. */
export function elsewhere(r: Random, county: string): string {
  const others = regions.filter((x) => x.level === 'county' && x.code.slice(0, 4) !== county.slice(0, 4));
  return r.pick(others).code;
}

const income = (kind: IncomeKind, amount: number): Omission => ({ income: kind, amount });
const asset = (kind: AssetKind, amount: number): Omission => ({ asset: kind, amount });

/** Makes sure a bank holds an account of the person, so that it reports their wealth products and funds. */
function bank(r: Random, m: SandboxPerson, banks: readonly string[]): void {
  if (Object.keys(m.traits.deposits).length === 0) m.traits.deposits[r.pick(banks.slice(0, 6))] = round(r.int(1_000, 8_000), 100);
}

/**
 * Gives one member who could hold it the item the household will not declare, so there is
 * something to find, and says what the declaration leaves out. `p`: the household's planting
 * stream (what a planted business is).
 */
export function plantUndeclared(r: Random, p: Random, item: UndeclaredItem, members: SandboxPerson[], banks: readonly string[]): HiddenItem {
  const holders = members.filter((x) => canHold(item, x));
  const who = holders.length > 0 ? r.pick(holders) : members[0]!;
  const m = who.traits;
  const hidden = (amount: number, unit: HiddenItem['unit'], omits: Omission[]): HiddenItem => ({ item, member: who.idNumber, amount, unit, omits });
  switch (item) {
    case 'EMPLOYMENT':
      if (!m.employed) Object.assign(m, { employed: true, employer: r.pick(EMPLOYERS), wageMonthly: round(r.int(2200, 6000), 10) });
      m.pensionContributionMonthly = round(m.wageMonthly * 0.08, 1);
      return hidden(m.wageMonthly, 'CNY/month', [income('wage', m.wageMonthly)]);
    case 'BUSINESS':
    case 'BUSINESS_INCOME': {
      if (m.businessCount === 0) {
        // A shop or a workshop (individual, small capital) more often than a company (legal representative).
        const company = item === 'BUSINESS' && p.chance(0.3);
        const capital = company ? p.int(50_000, 800_000) : p.int(5_000, 50_000);
        Object.assign(m, { businessCount: 1, businessCapital: round(capital, 1000), businessIncomeYear: round(r.int(24_000, 200_000), 100) });
        if (m.registers) m.registers.legalRepresentative = company;
      }
      const monthly = m.businessIncomeYear / 12;
      if (item === 'BUSINESS_INCOME') return hidden(monthly, 'CNY/month', [income('business', monthly)]);
      return hidden(m.businessCapital, 'CNY', [asset('businesses', m.businessCount), asset('businessCapital', m.businessCapital), income('business', monthly)]);
    }
    case 'PENSION':
      if (m.pensionMonthly === 0) m.pensionMonthly = round(r.int(1200, 3800), 10);
      return hidden(m.pensionMonthly, 'CNY/month', [income('pension', m.pensionMonthly)]);
    case 'PROPERTY_INCOME':
      // A flat let out: the flat is declared, the rent is not.
      if (m.propertyCount === 0) Object.assign(m, { propertyCount: 1, propertyArea: r.int(40, 90), propertyValue: round(r.int(150_000, 600_000), 1000) });
      m.rentIncomeYear += round(r.int(12_000, 48_000), 100);
      return hidden(m.rentIncomeYear / 12, 'CNY/month', [income('property', m.rentIncomeYear / 12)]);
    case 'TRANSFER_INCOME': {
      const amount = r.int(50, 150) * 10;
      m.incomeItems['ca_assistance.temporary_assistance_12m'] = (m.incomeItems['ca_assistance.temporary_assistance_12m'] ?? 0) + amount;
      return hidden(amount, 'CNY/month', [income('transfer', amount)]);
    }
    case 'OTHER_INCOME': {
      const amount = r.int(80, 400) * 10;
      m.incomeItems['tax.labour_service_income_12m'] = (m.incomeItems['tax.labour_service_income_12m'] ?? 0) + amount;
      return hidden(amount, 'CNY/month', [income('other', amount)]);
    }
    case 'WAGE_PART': {
      // The wage declared in part: 40-75% of it.
      const amount = round(m.wageMonthly * (1 - r.int(40, 75) / 100), 10);
      return hidden(amount, 'CNY/month', [income('wage', amount)]);
    }
    case 'DEPOSIT_PART': {
      // Savings of 40,000-300,000 at the member's main bank, declared in part (30-70% of them), bank line and total.
      const at = Object.keys(m.deposits).sort((a, b) => m.deposits[b]! - m.deposits[a]!)[0]!;
      const saved = round(r.int(40_000, 300_000), 100);
      const amount = round(saved * (1 - r.int(30, 70) / 100), 100);
      m.deposits[at] = (m.deposits[at] ?? 0) + saved;
      return hidden(amount, 'CNY', [{ asset: 'deposits', bank: at, amount }]);
    }
    case 'DEPOSIT': {
      const at = r.pick(banks);
      const amount = round(r.int(30_000, 400_000), 100);
      m.deposits[at] = (m.deposits[at] ?? 0) + amount;
      return hidden(amount, 'CNY', [{ asset: 'deposits', bank: at, amount }]);
    }
    case 'WEALTH_PRODUCT':
    case 'FUND': {
      bank(r, who, banks);
      const amount = item === 'FUND' ? round(r.int(10_000, 150_000), 1000) : round(r.int(20_000, 300_000), 1000);
      if (item === 'FUND') m.fund += amount;
      else m.wealthProduct += amount;
      return hidden(amount, 'CNY', [asset(item === 'FUND' ? 'funds' : 'wealthProducts', amount)]);
    }
    case 'SECURITIES':
    case 'HOUSING_FUND':
    case 'INSURANCE': {
      const amount = round(item === 'SECURITIES' ? r.int(20_000, 300_000) : item === 'HOUSING_FUND' ? r.int(10_000, 120_000) : r.int(10_000, 150_000), 100);
      const kind = item === 'SECURITIES' ? 'securities' : item === 'HOUSING_FUND' ? 'housingFund' : 'insuranceCashValue';
      m[kind] += amount;
      return hidden(amount, 'CNY', [asset(kind, amount)]);
    }
    case 'VEHICLE':
      if (m.vehicleCount === 0) Object.assign(m, { vehicleCount: 1, vehicleValue: round(r.int(30_000, 220_000), 1000) });
      m.luxuryVehicle = m.vehicleValue >= LUXURY_VEHICLE_VALUE;
      return hidden(1, 'count', [asset('vehicles', 1)]);
    case 'PROPERTY':
      Object.assign(m, { propertyCount: m.propertyCount + 1, propertyArea: m.propertyArea + r.int(50, 120), propertyValue: m.propertyValue + round(r.int(200_000, 900_000), 1000) });
      return hidden(1, 'count', [asset('properties', 1)]);
    case 'LAND':
      if (m.landMu === 0) m.landMu = r.int(2, 10);
      return hidden(m.landMu, 'mu', [asset('land', m.landMu)]);
    default:
      plantStatus(r, item, who);
      return hidden(1, 'status', []);
  }
}

/** A member-status case: recorded dead, in prison, on the public payroll, or registered in another city. */
function plantStatus(r: Random, item: UndeclaredItem, who: SandboxPerson): void {
  const m = who.traits;
  const jobless = { employed: false, employer: null, wageMonthly: 0, pensionContributionMonthly: 0, incomeItems: {} };
  switch (item) {
    case 'DECEASED': {
      const year = REFERENCE_YEAR - r.int(0, 1);
      Object.assign(m, jobless, { deceased: true, pensionMonthly: 0, deathDate: `${year}-${String(r.int(1, year === REFERENCE_YEAR ? 6 : 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}` });
      break;
    }
    case 'IMPRISONED':
      Object.assign(m, jobless, { imprisoned: true });
      break;
    case 'PUBLIC_PAYROLL':
      if (!m.employed) Object.assign(m, { employed: true, wageMonthly: round(r.int(3500, 8000), 10) });
      Object.assign(m, { onPublicPayroll: true, employer: r.pick(['区教育局', '街道办事处', '市人民医院', '县自然资源局']), pensionContributionMonthly: round(m.wageMonthly * 0.08, 1) });
      break;
    case 'MOVED_OUT':
      m.hukouRegion = elsewhere(r, who.regionCode);
      break;
  }
}

const hundred = (v: number): number => Math.max(0, Math.round(v / 100) * 100);
const thousand = (v: number): number => Math.max(0, Math.round(v / 1000) * 1000);

/** Interest below this a month is forgotten by honest households (declared when above). */
export const FORGOTTEN_INTEREST_MONTHLY = 100;

/**
 * What the household declares: honest figures as people give them (each income kind rounded to
 * the nearest 100, small bank interest left out, money held rounded to the nearest 1,000, counts
 * exact), less what it hides. `byBank`: the household also lists its deposits bank by bank.
 */
export function declare(members: SandboxPerson[], hidden: readonly HiddenItem[], byBank: boolean, forgotten: readonly HiddenItem[] = []): Declaration {
  const holdings = members.map(personHoldings);
  const omits = [...hidden, ...forgotten].flatMap((h) => h.omits.map((o) => ({ ...o, member: h.member })));
  const hidesDeposits = hidden.some((h) => h.item === 'DEPOSIT' || h.item === 'DEPOSIT_PART');
  const declaredMembers = members.map((m, i) => {
    const h = holdings[i]!;
    const left = (kind: IncomeKind) => omits.filter((o) => o.income === kind && o.member === m.idNumber).reduce((s, o) => s + o.amount, 0);
    // Interest is forgotten when small, and never given by a household hiding deposits.
    const forgotten = h.interestMonthly < FORGOTTEN_INTEREST_MONTHLY || hidesDeposits ? h.interestMonthly : 0;
    const declaredIncome = Object.fromEntries(INCOME_KINDS.map((k) => [k, hundred(h.income[k] - left(k) - (k === 'property' ? forgotten : 0))])) as Record<IncomeKind, number> satisfies DeclaredIncome;
    const unemployment = hundred(m.traits.unemploymentMonthly);
    // The total as clients from before income by kind send it: the kinds it always meant.
    const monthlyIncome = declaredIncome.wage + declaredIncome.business + declaredIncome.pension + declaredIncome.property + unemployment;
    return { idNumber: m.idNumber, name: m.name, relation: m.relation, monthlyIncome, declaredIncome };
  });
  const { assets, depositsByBank } = householdAssets(holdings);
  const leftAsset = (kind: AssetKind, at?: string) => omits.filter((o) => o.asset === kind && (at === undefined || o.bank === at)).reduce((s, o) => s + o.amount, 0);
  const held = (kind: AssetKind) => assets[kind] - leftAsset(kind);
  const banksDeclared = Object.entries(depositsByBank)
    .map(([b, v]) => ({ bank: b, amount: thousand(v - leftAsset('deposits', b)) }))
    .filter((d) => d.amount > 0)
    .sort((a, b) => a.bank.localeCompare(b.bank));
  const declaredAssets = {
    // The total is at least what the banks listed add up to (each rounded on its own).
    deposits: Math.max(thousand(held('deposits')), byBank ? banksDeclared.reduce((a, d) => a + d.amount, 0) : 0),
    depositsByBank: byBank ? banksDeclared : null,
    wealthProducts: thousand(held('wealthProducts')),
    funds: thousand(held('funds')),
    securities: thousand(held('securities')),
    housingFund: thousand(held('housingFund')),
    insuranceCashValue: thousand(held('insuranceCashValue')),
    businessCapital: thousand(held('businessCapital')),
    land: Math.max(0, Math.round(held('land') * 10) / 10),
    vehicles: Math.max(0, held('vehicles')),
    properties: Math.max(0, held('properties')),
    businesses: Math.max(0, held('businesses')),
  };
  const { deposits, vehicles, properties, businesses } = declaredAssets;
  return { members: declaredMembers, assets: { deposits, vehicles, properties, businesses }, declaredAssets };
}

/** Chances an honest slip leaves out a small item (field noise, docs/SANDBOX.md). */
export const FORGETTING = {
  /** A dormant account with a few hundred yuan (up to 500) at a member's second or later bank: within the deposits tolerance, as people really forget. */
  smallDeposit: 0.15,
  smallDepositMax: 500,
  /** A small allowance (up to 100 a month: elderly allowance, a subsidy) left out of transfers. */
  smallAllowance: 0.2,
  smallAllowanceMax: 100,
} as const;

/**
 * What a household, honest or not, forgets to declare: a small deposit at a second bank, a small
 * allowance. Listed as items like the hidden ones (`SandboxHousehold.forgotten`) but not hidden:
 * the declaration leaves them out by mistake.
 */
export function forgetful(r: Random, members: readonly SandboxPerson[]): HiddenItem[] {
  const out: HiddenItem[] = [];
  for (const m of members) {
    const t = m.traits;
    if (t.deceased) continue;
    const banksHeld = Object.entries(t.deposits).sort((a, b) => b[1] - a[1]);
    const small = banksHeld.slice(1).filter(([, v]) => v > 0 && v <= FORGETTING.smallDepositMax);
    if (small.length > 0 && r.chance(FORGETTING.smallDeposit)) {
      const [at, amount] = small[small.length - 1]!;
      out.push({ item: 'DEPOSIT', member: m.idNumber, amount, unit: 'CNY', omits: [{ asset: 'deposits', bank: at, amount }] });
    }
    const allowances = Object.entries(t.incomeItems).filter(([c, v]) => isTransferItem(c) && v > 0 && v <= FORGETTING.smallAllowanceMax);
    if (allowances.length > 0 && r.chance(FORGETTING.smallAllowance)) {
      const amount = allowances[0]![1];
      out.push({ item: 'TRANSFER_INCOME', member: m.idNumber, amount, unit: 'CNY/month', omits: [income('transfer', amount)] });
    }
  }
  return out;
}

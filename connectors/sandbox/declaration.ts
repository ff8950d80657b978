import type { Random } from './random.js';
import { EMPLOYERS, LUXURY_VEHICLE_VALUE, REFERENCE_YEAR, round, type Declaration, type PersonTraits, type SandboxPerson, type UndeclaredItem } from './population.js';

// What a generated household declares, and the items it leaves out planted on a member (population.ts draws the rest).

function ageOf(p: SandboxPerson): number {
  return REFERENCE_YEAR - Number(p.birthDate.slice(0, 4));
}

/** Could this member hold the item in life? A living adult; a job or a business of working age, a car before 75, a pension from 50. */
export function canHold(item: UndeclaredItem, p: SandboxPerson): boolean {
  const age = ageOf(p);
  if (p.traits.deceased || age < 18) return false;
  switch (item) {
    case 'EMPLOYMENT':
      return age < 65 && !p.traits.student;
    case 'BUSINESS':
      return age < 70;
    case 'VEHICLE':
      return age < 75;
    case 'PENSION':
      return age >= 50;
    default:
      return true;
  }
}

/**
 * Gives one member who could hold it the item the household will not declare, so there is
 * something to find. `p`: the household's planting stream (what a planted business is).
 */
export function plantUndeclared(r: Random, p: Random, item: UndeclaredItem, members: SandboxPerson[], banks: readonly string[]): void {
  const holders = members.filter((x) => canHold(item, x));
  const m = (holders.length > 0 ? r.pick(holders) : members[0]!).traits;
  switch (item) {
    case 'VEHICLE':
      if (m.vehicleCount === 0) Object.assign(m, { vehicleCount: 1, vehicleValue: round(r.int(30_000, 220_000), 1000) });
      m.luxuryVehicle = m.vehicleValue >= LUXURY_VEHICLE_VALUE;
      break;
    case 'DEPOSIT': {
      const bank = r.pick(banks);
      m.deposits[bank] = (m.deposits[bank] ?? 0) + round(r.int(30_000, 400_000), 100);
      break;
    }
    case 'BUSINESS': {
      // A shop or a workshop (individual, small capital) more often than a company (legal representative).
      const company = p.chance(0.3);
      const capital = company ? p.int(50_000, 800_000) : p.int(5_000, 50_000);
      Object.assign(m, { businessCount: 1, businessCapital: round(capital, 1000), businessIncomeYear: round(r.int(24_000, 200_000), 100) });
      if (m.registers) m.registers.legalRepresentative = company;
      break;
    }
    case 'PENSION':
      if (m.pensionMonthly === 0) m.pensionMonthly = round(r.int(1200, 3800), 10);
      break;
    case 'EMPLOYMENT':
      if (!m.employed) Object.assign(m, { employed: true, employer: r.pick(EMPLOYERS), wageMonthly: round(r.int(2200, 6000), 10) });
      break;
    case 'PROPERTY':
      Object.assign(m, { propertyCount: m.propertyCount + 1, propertyArea: m.propertyArea + r.int(50, 120), propertyValue: m.propertyValue + round(r.int(200_000, 900_000), 1000) });
      break;
  }
}

/** Deposits earn this much a year at the agencies (the tax office reports it as interest income). */
export const SANDBOX_INTEREST_RATE = 0.015;

/**
 * What a member declares earning per month: every kind of income the agencies know of (wages,
 * pension, unemployment benefit, business, rent and interest), less what the household hides.
 */
function declaredMonthlyIncome(t: PersonTraits, hides: (item: UndeclaredItem) => boolean): number {
  const interestYear = Object.values(t.deposits).reduce((a, b) => a + b, 0) * SANDBOX_INTEREST_RATE;
  const otherYear = (hides('BUSINESS') ? 0 : t.businessIncomeYear) + t.rentIncomeYear + (hides('DEPOSIT') ? 0 : interestYear);
  return (hides('EMPLOYMENT') ? 0 : t.wageMonthly) + (hides('PENSION') ? 0 : t.pensionMonthly) + t.unemploymentMonthly + Math.round(otherYear / 12);
}

export function declare(members: SandboxPerson[], undeclared: readonly UndeclaredItem[]): Declaration {
  const hides = (item: UndeclaredItem) => undeclared.includes(item);
  const sum = (f: (t: PersonTraits) => number) => members.reduce((s, m) => s + f(m.traits), 0);
  const deposits = sum((t) => Object.values(t.deposits).reduce((a, b) => a + b, 0) + t.wealthProduct + t.fund);
  return {
    members: members.map((m) => ({
      idNumber: m.idNumber,
      name: m.name,
      relation: m.relation,
      monthlyIncome: declaredMonthlyIncome(m.traits, hides),
    })),
    assets: {
      // An applicant hiding deposits owns up to a small sum; honest ones round down to the hundred.
      deposits: hides('DEPOSIT') ? Math.min(deposits, 2_000) : Math.floor(deposits / 100) * 100,
      vehicles: hides('VEHICLE') ? 0 : sum((t) => t.vehicleCount),
      properties: Math.max(0, sum((t) => t.propertyCount + (t.registers?.commercialProperties ?? 0)) - (hides('PROPERTY') ? 1 : 0)),
      businesses: hides('BUSINESS') ? 0 : sum((t) => t.businessCount),
    },
  };
}

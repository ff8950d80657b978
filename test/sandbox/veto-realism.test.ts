import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { catalog, type Attribute, type AttributeValue } from '../../src/catalog/index.js';
import { policyParametersSchema, type HouseholdMeasure, type VetoClause } from '../../src/regional-policy/index.js';

/**
 * The veto clauses (一票否决) of every seed policy, evaluated over what the sandbox's agencies would
 * answer about a generated population: nothing is assessed, each clause's condition is read off the
 * values directly, as src/assessment/assets.ts reads them (a member's attribute; a household measure
 * as the sum over members of each member's highest report, or of all reports for securities).
 *
 * Measured with seed 20260630 and 3,000 households: 8.9% of households trip some clause, 6.0% but
 * for an item the household hides (the rest is a planted second home, company, car, securities,
 * insurance or public-payroll member); low-income households 0.0% but for planted items (13.6% with
 * them). Per clause at most 2.4% (SECOND_HOME); HIGH_POWER_USE never. (Before hidden items spread
 * over every kind, 2026-11-27: 9.5%, 6.0%, 15.8%, SECOND_HOME 3.4%.) Before the registers were modelled (generic
 * random values): 99.0% of households, and 98.0% of low-income ones without planted items.
 */
const SEED = 20260630;
const HOUSEHOLDS = 3_000;
const cat = catalog();
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const population = buildPopulation({ seed: SEED, households: HOUSEHOLDS, banks });

function seedClauses(): VetoClause[] {
  const dir = new URL('../../src/regional-policy/data/', import.meta.url);
  const byKey = new Map<string, VetoClause>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { parameters: { vetoes?: unknown } };
    if (doc.parameters.vetoes === undefined) continue;
    for (const clause of policyParametersSchema.shape.vetoes.parse(doc.parameters.vetoes)) byKey.set(`${clause.code}:${JSON.stringify(clause.when)}`, clause);
  }
  return [...byKey.values()];
}
const clauses = seedClauses();

/** The categories and combination of each household measure, as src/assessment/assets.ts computes them. */
const MEASURES: Record<HouseholdMeasure, { categories: string[]; type: Attribute['type']; combine: 'highest' | 'total' } | null> = {
  propertyCount: { categories: ['asset.property_count'], type: 'INTEGER', combine: 'highest' },
  vehicleCount: { categories: ['asset.vehicle_count'], type: 'INTEGER', combine: 'highest' },
  vehicleValue: { categories: ['asset.vehicle_value'], type: 'MONEY', combine: 'highest' },
  businessCount: { categories: ['asset.business'], type: 'INTEGER', combine: 'highest' },
  businessCapital: { categories: ['asset.business_capital'], type: 'MONEY', combine: 'highest' },
  securities: { categories: ['asset.securities'], type: 'MONEY', combine: 'total' },
  // Per capita over co-resident members: not a seed veto; left out rather than approximated.
  depositsPerCapita: null,
};

/** The values a member's agencies would answer for the attributes accepted (found records only). */
function answers(m: SandboxPerson, attributes: readonly Attribute[]): AttributeValue[] {
  return attributes.flatMap((a) => {
    const source = cat.source(a.source)!;
    return holdsRecord(source, m, SEED) ? [attributeValue(a, source, m, SEED)] : [];
  });
}

function compare(actual: AttributeValue, op: VetoClause['when']['op'], expected: unknown): boolean {
  if (op === 'eq') return actual === expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  return op === 'gt' ? actual > expected : op === 'gte' ? actual >= expected : op === 'lt' ? actual < expected : actual <= expected;
}

function clauseTest(clause: VetoClause): (h: SandboxHousehold) => boolean {
  const when = clause.when;
  if (when.kind === 'household-measure') {
    const measure = MEASURES[when.measure];
    if (!measure) throw new Error(`measure ${when.measure} is not evaluated by this test`);
    const attributes = cat.attributes.filter((a) => measure.categories.includes(a.category) && a.type === measure.type);
    return (h) => {
      const value = h.members.reduce((sum, m) => {
        const values = answers(m, attributes).filter((v): v is number => typeof v === 'number');
        return sum + (values.length === 0 ? 0 : measure.combine === 'highest' ? Math.max(...values) : values.reduce((a, b) => a + b, 0));
      }, 0);
      return compare(Math.round(value), when.op, when.value);
    };
  }
  const attributes = cat.attributes.filter((a) => (when.kind === 'member-attribute' ? a.code === when.attribute : a.category === when.category));
  if (attributes.length === 0) throw new Error(`${clause.code}: no catalogue attribute matches`);
  return (h) => h.members.some((m) => answers(m, attributes).some((v) => compare(v, when.op, when.value)));
}

/** The clauses an item the household hides (planted on a member) may trip. */
const PLANTED: Record<string, readonly string[]> = {
  VEHICLE: ['LUXURY_VEHICLE', 'COMMERCIAL_VEHICLE'],
  PROPERTY: ['SECOND_HOME', 'COMMERCIAL_PROPERTY'],
  BUSINESS: ['BUSINESS_CAPITAL', 'LEGAL_REPRESENTATIVE'],
  BUSINESS_INCOME: ['BUSINESS_CAPITAL', 'LEGAL_REPRESENTATIVE'],
  SECURITIES: ['SECURITIES_HOLDING'],
  INSURANCE: ['INSURANCE_CASH_VALUE'],
  PUBLIC_PAYROLL: ['PUBLIC_PAYROLL'],
  // Rent is planted with a flat to let: beside the home, a second one.
  PROPERTY_INCOME: ['SECOND_HOME'],
};

const tests = clauses.map((c) => ({ code: c.code, fires: clauseTest(c) }));
const results = population.households.map((h) => {
  const fired = [...new Set(tests.filter((t) => t.fires(h)).map((t) => t.code))];
  const unplanted = fired.filter((code) => !h.undeclared.some((item) => PLANTED[item]?.includes(code)));
  return { h, fired, unplanted };
});
const share = (xs: readonly unknown[], of: readonly unknown[]) => xs.length / of.length;
const lowIncome = results.filter((r) => r.h.lowIncome);
const age = (m: SandboxPerson) => 2026 - Number(m.birthDate.slice(0, 4));
const value = (m: SandboxPerson, code: string): AttributeValue => {
  const a = cat.attribute(code)!;
  return attributeValue(a, cat.source(a.source)!, m, SEED);
};

describe('sandbox: the veto clauses of the seed policies over the generated population', () => {
  it('reads the 15 clauses of the seed policies, each on attributes the catalogue has', () => {
    expect(clauses.map((c) => c.code)).toEqual(expect.arrayContaining(['COMMERCIAL_VEHICLE', 'HOME_PURCHASE', 'HIGH_POWER_USE', 'SECURITIES_HOLDING', 'DISHONEST_DEBTOR']));
    expect(new Set(clauses.map((c) => c.code)).size).toBe(15);
  });

  it('trips some clause for at most 10% of all households (8.9% measured, planted items included)', () => {
    expect(share(results.filter((r) => r.fired.length > 0), results)).toBeLessThan(0.1);
    // Each clause alone stays rare (at most 2.4% measured: SECOND_HOME).
    for (const t of tests) expect(share(results.filter((r) => r.fired.includes(t.code)), results), t.code).toBeLessThan(0.05);
  });

  it('trips a clause for at most 3% of low-income households but for what they hide (0.0% measured)', () => {
    expect(lowIncome.length).toBeGreaterThan(HOUSEHOLDS * 0.13);
    expect(share(lowIncome.filter((r) => r.unplanted.length > 0), lowIncome)).toBeLessThanOrEqual(0.03);
  });

  it('still shows what a low-income household hides: a planted business or second home can trip a clause', () => {
    const planted = lowIncome.filter((r) => r.h.undeclared.some((item) => item === 'BUSINESS' || item === 'PROPERTY'));
    expect(planted.filter((r) => r.fired.length > 0).length).toBeGreaterThan(0);
  });

  it('keeps power use plausible: 50-400 kWh a month for most households, above 1,000 hardly ever', () => {
    const kwh = population.households.map((h) => h.members.map((m) => value(m, 'util_power.consumption_monthly') as number).reduce((a, b) => a + b, 0));
    expect(share(kwh.filter((k) => k >= 50 && k <= 400), kwh)).toBeGreaterThan(0.85);
    expect(share(kwh.filter((k) => k > 1000), kwh)).toBeLessThan(0.005);
    const low = population.households.flatMap((h, i) => (h.lowIncome ? [kwh[i]!] : []));
    expect(Math.max(...low)).toBeLessThan(500);
  });

  it('gives no child a business, a commercial vehicle, a court listing or property, and nobody past 65 a job or pension contributions', () => {
    for (const m of population.households.flatMap((h) => h.members)) {
      if (age(m) < 18) {
        for (const code of ['samr_business.legal_representative', 'court.dishonest_debtor', 'court.consumption_restricted']) expect(value(m, code), code).toBe(false);
        for (const code of ['ps_vehicle.commercial_vehicle_count', 're_property.commercial_count', 'hc_housing.presale_contracts', 're_property.sold_12m_amount', 'samr_business.registered_capital']) expect(value(m, code), code).toBe(0);
        expect(m.traits.businessCount).toBe(0);
      }
      if (age(m) >= 65) {
        expect(m.traits.employed).toBe(false);
        expect(value(m, 'hrss_insurance.pension_contribution_monthly')).toBe(0);
        expect(value(m, 'hrss_employment.flexible_employment')).toBe(false);
      }
      if (age(m) >= 70) expect(m.traits.businessCount).toBe(0);
    }
  });

  it('answers the same values on every call (deterministic from the seed)', () => {
    const again = buildPopulation({ seed: SEED, households: 200, banks });
    for (const [i, h] of again.households.entries()) {
      for (const [j, m] of h.members.entries()) {
        for (const code of ['ps_vehicle.commercial_vehicle_count', 'util_power.consumption_monthly', 'court.dishonest_debtor', 'ins_association.cash_value']) {
          expect(value(m, code)).toEqual(value(population.households[i]!.members[j]!, code));
        }
      }
    }
  });
});

import type { Attribute, AttributeValue, Catalog, Category } from '../catalog/index.js';
import type { HouseholdMeasure, PolicyParameters, VetoClause } from '../regional-policy/index.js';
import type { AssessedPerson, Assessment, Figure } from './model.js';
import { figure, highest, numeric, readingOf, readingsIn, total, type Amount } from './read.js';

/**
 * Per member, a holding reported by one register (vehicles, properties, business capital) is the
 * highest report; holdings kept in separate places (deposits at each bank) add up. Members add up.
 */
function householdSum(catalog: Catalog, members: readonly AssessedPerson[], categories: readonly Category[], type: Attribute['type'], combine: 'highest' | 'total'): Amount & { persons: string[] } {
  let value = 0;
  const attributes: string[] = [];
  const persons: string[] = [];
  for (const m of members) {
    const values = numeric(readingsIn(catalog, m, categories, type));
    const amount = combine === 'highest' ? highest(values) : total(values);
    if (!amount) continue;
    value += amount.value;
    attributes.push(...amount.attributes);
    if (amount.value > 0) persons.push(m.personId);
  }
  return { value, attributes, persons };
}

const LIQUID: readonly Category[] = ['asset.deposit', 'asset.wealth_product', 'asset.fund', 'asset.securities'];

/**
 * The household measures of the asset test and of veto clauses, unrounded: over what the household
 * holds (`householdHoldings`: every member's assets, a deceased or imprisoned member's included),
 * deposits per capita divided by the co-resident members only.
 */
export function householdMeasures(catalog: Catalog, holdings: readonly AssessedPerson[], coResidentCount: number): Record<HouseholdMeasure, Figure> {
  const make = (rule: string, unit: Figure['unit'], categories: readonly Category[], type: Attribute['type'], combine: 'highest' | 'total', divisor = 1): Figure => {
    const s = householdSum(catalog, holdings, categories, type, combine);
    return figure(divisor > 0 ? s.value / divisor : 0, unit, rule, s.attributes, s.persons);
  };
  return {
    depositsPerCapita: make('assets.deposits-per-capita.all-holdings', 'CNY', LIQUID, 'MONEY', 'total', coResidentCount),
    vehicleCount: make('assets.vehicles', 'count', ['asset.vehicle_count'], 'INTEGER', 'highest'),
    vehicleValue: make('assets.vehicle-value', 'CNY', ['asset.vehicle_value'], 'MONEY', 'highest'),
    propertyCount: make('assets.properties', 'count', ['asset.property_count'], 'INTEGER', 'highest'),
    businessCapital: make('assets.business-capital', 'CNY', ['asset.business_capital'], 'MONEY', 'highest'),
    businessCount: make('assets.business-count', 'count', ['asset.business'], 'INTEGER', 'highest'),
    securities: make('assets.securities', 'CNY', ['asset.securities'], 'MONEY', 'total'),
  };
}

const LIMIT_MEASURE: Record<keyof PolicyParameters['assetLimits'], HouseholdMeasure> = {
  depositsPerCapita: 'depositsPerCapita',
  vehicles: 'vehicleCount',
  properties: 'propertyCount',
  businessCapital: 'businessCapital',
};

/** Each asset limit the (rounded) measures exceed. */
export function assetTest(limits: PolicyParameters['assetLimits'], measures: Record<HouseholdMeasure, Figure>): Assessment['assets']['exceeded'] {
  return (Object.keys(LIMIT_MEASURE) as (keyof typeof LIMIT_MEASURE)[]).flatMap((limit) => {
    const f = measures[LIMIT_MEASURE[limit]];
    return f.value > limits[limit] ? [{ limit, allowed: limits[limit], figure: f }] : [];
  });
}

function compare(actual: AttributeValue, op: VetoClause['when']['op'], expected: number | boolean | string): boolean {
  if (op === 'eq') return actual === expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  switch (op) {
    case 'gt':
      return actual > expected;
    case 'gte':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
  }
}

/**
 * The veto clauses that fire. A member clause fires on any counted member whose record matches;
 * its figure counts the members and names the attributes that matched. A household clause's
 * figure is the measure itself.
 */
export function vetoes(catalog: Catalog, clauses: readonly VetoClause[], members: readonly AssessedPerson[], measures: Record<HouseholdMeasure, Figure>): Assessment['vetoes'] {
  const fired: Assessment['vetoes'] = [];
  for (const clause of clauses) {
    const when = clause.when;
    let f: Figure | null = null;
    if (when.kind === 'household-measure') {
      const m = measures[when.measure];
      if (compare(m.value, when.op, when.value)) f = figure(m.value, m.unit, `veto.household-measure.${when.measure}`, m.attributes, m.persons);
    } else {
      const codes: string[] = [];
      const persons: string[] = [];
      for (const m of members) {
        const hits = (when.kind === 'member-attribute' ? readingOf(catalog, m, when.attribute) : readingsIn(catalog, m, when.category)).filter((r) => compare(r.value, when.op, when.value));
        if (hits.length === 0) continue;
        codes.push(...hits.map((r) => r.attribute.code));
        persons.push(m.personId);
      }
      if (persons.length > 0) f = figure(persons.length, 'count', `veto.${when.kind}`, codes, persons);
    }
    // A clause from before outcomes existed rejects, as every clause did then.
    const outcome = clause.outcome ?? 'REJECT';
    if (f) fired.push({ code: clause.code, zh: clause.zh, en: clause.en, outcome, deferMonths: outcome === 'DEFER' ? (clause.deferMonths ?? null) : null, figure: f });
  }
  return fired;
}

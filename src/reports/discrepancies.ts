import type { Attribute, Catalog, Category, PersonRecord } from '../catalog/index.js';
import type { DeclaredAssets, Discrepancy, ReportMember } from './report.js';

/** Income categories a household declares as monthly income. Transfers (assistance) are not. */
const DECLARED_INCOME: readonly Category[] = ['income.wage', 'income.pension', 'income.unemployment', 'income.business', 'income.property', 'income.interest'];

// Tolerance before a higher verified income counts: rounding and month-to-month variation.
const INCOME_TOLERANCE_SHARE = 0.1;
const INCOME_TOLERANCE_CNY = 100;

/**
 * Attribute codes the comparison with the declaration reads. A verification that asks for
 * discrepancies fetches these (within what its purpose allows).
 */
export function comparisonAttributes(catalog: Catalog): string[] {
  return catalog.attributes.filter((a) => isCompared(a)).map((a) => a.code);
}

function isCompared(a: Attribute): boolean {
  if (DECLARED_INCOME.includes(a.category)) return a.type === 'MONEY';
  if (a.category === 'asset.deposit' || a.category === 'asset.vehicle_count' || a.category === 'asset.property_count') return true;
  if (a.category === 'asset.business') return a.type === 'INTEGER';
  return a.category === 'activity.employment' && a.type === 'BOOLEAN';
}

function monthly(a: Attribute, value: number): number {
  return a.unit?.endsWith('/year') ? value / 12 : value;
}

interface Reading {
  value: number;
  codes: string[];
}

/**
 * One figure per member for a category. Several agencies report the same income (the employer's
 * wage to HR, to tax, to the payroll office), so incomes take the highest report, never the sum;
 * deposits are held separately at each bank, so they add up.
 */
function read(catalog: Catalog, records: Record<string, PersonRecord>, category: Category, combine: 'max' | 'sum'): Reading | null {
  let reading: Reading | null = null;
  for (const [sourceId, record] of Object.entries(records)) {
    if (!record.found) continue;
    for (const a of catalog.attributesOf(sourceId)) {
      if (a.category !== category || !isCompared(a)) continue;
      const raw = record.values[a.code];
      if (typeof raw !== 'number') continue;
      const value = a.type === 'MONEY' && category.startsWith('income.') ? monthly(a, raw) : raw;
      if (reading === null) reading = { value, codes: [a.code] };
      else if (combine === 'sum') reading = { value: reading.value + value, codes: [...reading.codes, a.code] };
      else if (value > reading.value) reading = { value, codes: [a.code] };
    }
  }
  return reading;
}

function employed(catalog: Catalog, records: Record<string, PersonRecord>): string | null {
  for (const [sourceId, record] of Object.entries(records)) {
    if (!record.found) continue;
    const a = catalog.attributesOf(sourceId).find((x) => x.category === 'activity.employment' && x.type === 'BOOLEAN');
    if (a && record.values[a.code] === true) return a.code;
  }
  return null;
}

function compareHousehold(kind: Discrepancy['kind'], declared: number | null, reading: Reading | null): Discrepancy | null {
  if (!reading || reading.value <= (declared ?? 0)) return null;
  return { kind, severity: (declared ?? 0) === 0 ? 'HIGH' : 'MEDIUM', personId: null, declared, verified: Math.round(reading.value * 100) / 100, attributes: reading.codes };
}

function sumReadings(readings: (Reading | null)[]): Reading | null {
  const present = readings.filter((r): r is Reading => r !== null);
  if (present.length === 0) return null;
  return { value: present.reduce((s, r) => s + r.value, 0), codes: [...new Set(present.flatMap((r) => r.codes))] };
}

/** Every declared item the agencies contradict, member by member and for the household's assets. */
export function findDiscrepancies(catalog: Catalog, members: readonly ReportMember[], assets: DeclaredAssets | null): Discrepancy[] {
  const found: Discrepancy[] = [];
  for (const m of members) {
    const income = sumReadings(DECLARED_INCOME.map((c) => read(catalog, m.records, c, 'max')));
    const declared = m.declaredMonthlyIncome ?? 0;
    if (income && income.value > declared * (1 + INCOME_TOLERANCE_SHARE) + INCOME_TOLERANCE_CNY) {
      found.push({ kind: 'INCOME_ABOVE_DECLARED', severity: declared === 0 ? 'HIGH' : 'MEDIUM', personId: m.personId, declared: m.declaredMonthlyIncome, verified: Math.round(income.value * 100) / 100, attributes: income.codes });
    }
    const job = employed(catalog, m.records);
    if (job && declared === 0) {
      found.push({ kind: 'UNREPORTED_EMPLOYMENT', severity: 'HIGH', personId: m.personId, declared: m.declaredMonthlyIncome, verified: 1, attributes: [job] });
    }
  }
  const household = (category: Category, combine: 'max' | 'sum') => sumReadings(members.map((m) => read(catalog, m.records, category, combine)));
  const checks: [Discrepancy['kind'], number | null, Reading | null][] = [
    ['UNDECLARED_VEHICLE', assets?.vehicles ?? null, household('asset.vehicle_count', 'max')],
    ['DEPOSITS_ABOVE_DECLARED', assets?.deposits ?? null, household('asset.deposit', 'sum')],
    ['UNDECLARED_PROPERTY', assets?.properties ?? null, household('asset.property_count', 'max')],
    ['UNDECLARED_BUSINESS', assets?.businesses ?? null, household('asset.business', 'max')],
  ];
  for (const [kind, declared, reading] of checks) {
    const d = compareHousehold(kind, declared, reading);
    if (d) found.push(d);
  }
  return found;
}

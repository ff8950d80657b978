import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/catalog/index.js';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { findDiscrepancies, type ReportMember } from '../../src/reports/index.js';

const SEED = 20181001;
const cat = catalog();
const population = buildPopulation({ seed: SEED, households: 6_000, banks: cat.sources.filter((s) => s.family === 'bank').map((s) => s.id) });

/** What every agency would answer about a household's members, without HTTP. */
function membersOf(h: SandboxHousehold): ReportMember[] {
  return h.members.map((m) => {
    const records: Record<string, PersonRecord> = {};
    for (const source of cat.sources) {
      records[source.id] = holdsRecord(source, m, SEED)
        ? { found: true, asOf: '2026-06-30', values: Object.fromEntries(cat.attributesOf(source.id).map((a) => [a.code, attributeValue(a, source, m, SEED)])) }
        : { found: false };
    }
    const declared = h.declaration.members.find((d) => d.idNumber === m.idNumber)!;
    return { personId: m.idNumber, idNumber: m.idNumber, name: m.name, relation: m.relation, birthDate: m.birthDate, sex: m.sex, declaredMonthlyIncome: declared.monthlyIncome, records };
  });
}

describe('discrepancies between declaration and agencies', () => {
  const applicants = population.households.filter((h) => h.applicant).slice(0, 600);
  const flagged = applicants.map((h) => ({ h, found: findDiscrepancies(cat, membersOf(h), h.declaration.assets) }));

  it('flags about the share of applicants the sandbox planted undeclared items on (~70%)', () => {
    const planted = flagged.filter(({ h }) => h.undeclared.length > 0).length / flagged.length;
    const share = flagged.filter(({ found }) => found.length > 0).length / flagged.length;
    expect(planted).toBeGreaterThan(0.6);
    expect(Math.abs(share - planted)).toBeLessThan(0.05);
  });

  it('finds something on nearly every household that hides an item, and almost never on an honest one', () => {
    const hiding = flagged.filter(({ h }) => h.undeclared.length > 0);
    const honest = flagged.filter(({ h }) => h.undeclared.length === 0);
    expect(hiding.filter(({ found }) => found.length > 0).length / hiding.length).toBeGreaterThan(0.95);
    expect(honest.filter(({ found }) => found.length > 0).length / honest.length).toBeLessThan(0.03);
  });

  it('names the hidden item: an undeclared vehicle is UNDECLARED_VEHICLE from the vehicle register', () => {
    const hiding = flagged.filter(({ h }) => h.undeclared.includes('VEHICLE'));
    expect(hiding.length).toBeGreaterThan(10);
    for (const { found } of hiding) {
      const vehicle = found.find((d) => d.kind === 'UNDECLARED_VEHICLE');
      expect(vehicle).toMatchObject({ severity: 'HIGH', declared: 0, attributes: ['ps_vehicle.vehicle_count'] });
    }
  });
});
